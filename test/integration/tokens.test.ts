/**
 * Token requests are counted: ServiceTitan throttles its token endpoint, and every token a run asks
 * for needlessly is one the tenant's other integrations may be refused. One refresh per credential
 * at a time (concurrent items that all see a 401 share it), and a 401 that persists right after a
 * fresh token stops the refreshing: a wrong App Key costs one token, not one per item.
 */
import type { INodeParameters } from 'n8n-workflow';

import { credentialsHelper, runNode } from '../helpers/n8n';
import { rl } from '../helpers/nodeRun';
import { useSimulator } from '../helpers/nodeSim';

const env = useSimulator();
const jobIds = () => env.sim.store.data.jobs.toArray().map((job) => job.id);
const getJobs = (): INodeParameters => ({ resource: 'job', operation: 'get', jobId: rl('={{ $json.id }}'), options: { maxConcurrency: 10 } });
const input = (count: number) => jobIds().slice(0, count).map((id) => ({ id }));
/** Token requests the simulator received since `before` (a snapshot of its stats). */
const tokenRequestsSince = (before: { tokenRequests: number }) => env.sim.stats.snapshot().tokenRequests - before.tokenRequests;

describe('token requests per run', () => {
	it('ten items in parallel with no token stored share one token request', async () => {
		const before = env.sim.stats.snapshot();
		const result = await runNode({ parameters: getJobs(), input: input(10) });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(10);
		expect(tokenRequestsSince(before)).toBe(1);
	});

	it('items in parallel that all meet a token revoked mid-run share one refresh', async () => {
		expect((await runNode({ parameters: getJobs(), input: input(1) })).error).toBeUndefined();
		// Revoked while the run is under way: after the first item's request, before the others'. With
		// some latency the other items' requests are all on the way when the first refresh starts.
		env.sim.faults.add({ operationId: 'Jobs_Get', skip: 1, times: 1, fault: { type: 'expireTokens' } });
		env.sim.configure({ latencyMs: 40 });
		const before = env.sim.stats.snapshot();
		const result = await runNode({ parameters: getJobs(), input: input(11) }).finally(() => env.sim.configure({ latencyMs: 0 }));
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(11);
		expect(tokenRequestsSince(before)).toBe(1);
		expect(env.apiRequests().filter((request) => request.status === 401).length).toBeGreaterThanOrEqual(2);
	});

	it('a wrong App Key costs one token for the whole run, not one per item, and every item says why', async () => {
		// A credential of its own (a new client), so no token of the earlier tests is at hand.
		env.useCredential({ appKey: 'an-app-key-this-tenant-never-connected' }, env.sim.addClient({ tenantId: env.sim.tenant.tenantId }));
		const before = env.sim.stats.snapshot();
		const result = await runNode({ parameters: getJobs(), input: input(20), continueOnFail: true });
		expect(tokenRequestsSince(before)).toBe(1);
		expect(result.items).toHaveLength(20);
		for (const item of result.items) {
			expect(item.json.error).toBe('ServiceTitan did not accept the credential: The app key is invalid or missing: send a registered app key in the ST-App-Key header.');
			expect(item.json.description).toContain('ServiceTitan refused an access token it had just issued, so no further token was requested.');
		}
		// The API itself saw at most two requests per item (the first, and n8n's one retry after a refresh it was refused).
		expect(env.apiRequests().length).toBeLessThanOrEqual(2 * 20 + 1);
	});

	it('after the App Key is corrected, the same token works and no new one is needed', async () => {
		const client = env.sim.addClient({ tenantId: env.sim.tenant.tenantId, appKey: env.sim.tenant.appKey });
		env.useCredential({ appKey: 'an-app-key-this-tenant-never-connected' }, client);
		expect((await runNode({ parameters: getJobs(), input: input(1) })).error?.httpCode).toBe('401');
		const token = credentialsHelper.storedCredentials().accessToken;
		const before = env.sim.stats.snapshot();
		env.useCredential({ accessToken: token }, client);
		const result = await runNode({ parameters: getJobs(), input: input(5) });
		expect(result.error).toBeUndefined();
		expect(tokenRequestsSince(before)).toBe(0);
	});

	it('a token revoked after it worked is refreshed (once), then used', async () => {
		expect((await runNode({ parameters: getJobs(), input: input(2) })).error).toBeUndefined();
		env.sim.faults.add({ operationId: 'Jobs_Get', fault: { type: 'expireTokens' } });
		const before = env.sim.stats.snapshot();
		const result = await runNode({ parameters: getJobs(), input: input(6) });
		expect(result.error).toBeUndefined();
		expect(tokenRequestsSince(before)).toBe(1);
	});
});
