import { credentialsHelper, runNode } from '../helpers/n8n';
import { useSimulator } from '../helpers/nodeSim';
import { validateRequest } from '../helpers/vendorSpec';

const env = useSimulator();

describe('Job through the node against the simulator', () => {
	it('gets a job by ID with both auth headers and a request the vendor document accepts', async () => {
		const job = env.sim.store.data.jobs.toArray()[0];
		const result = await runNode({
			parameters: { resource: 'job', operation: 'get', jobId: { __rl: true, mode: 'id', value: String(job.id) }, simplify: false },
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.id).toBe(job.id);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		const [request] = env.apiRequests();
		expect(request.operationId).toBe('Jobs_Get');
		expect(request.headers.authorization).toMatch(/^Bearer .+/);
		expect(request.headers['st-app-key']).toBe(env.sim.tenant.appKey);
		expect(validateRequest('Jobs_Get', { pathParams: { tenant: env.sim.tenant.tenantId, id: String(job.id) }, query: request.query, body: request.body })).toEqual([]);
		expect(credentialsHelper.tokenFetches).toBe(1);
	});
});
