import { testCredential } from '../helpers/n8n';
import { credentialFor, useSimulator } from '../helpers/nodeSim';

const env = useSimulator();

function lastApiRequest() {
	const requests = env.apiRequests();
	return requests[requests.length - 1];
}

describe("the credential's own test", () => {
	it('passes with a connected tenant, sending both headers with a fresh token', async () => {
		const tokensBefore = env.sim.stats.snapshot().tokensIssued;
		const result = await testCredential(credentialFor(env.sim));
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		const request = lastApiRequest();
		expect(request.operationId).toBe('JobTypes_GetList');
		expect(request.query.pageSize).toEqual(['1']);
		expect(request.headers.authorization).toMatch(/^Bearer \S+$/);
		expect(request.headers['st-app-key']).toBe(env.sim.tenant.appKey);
		expect(env.sim.stats.snapshot().tokensIssued).toBe(tokensBefore + 1);
	});

	it('fails with a clear message for a wrong client secret, without echoing it', async () => {
		const secret = 'wrong-secret-value-0001';
		const result = await testCredential({ ...credentialFor(env.sim), clientSecret: secret });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/Client ID or Client Secret/);
		expect(result.message).not.toContain(secret);
		expect(env.apiRequests()).toHaveLength(0);
	});

	it('fails with a clear message for a wrong app key', async () => {
		const result = await testCredential({ ...credentialFor(env.sim), appKey: 'not-the-app-key' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/App Key/);
	});

	it('fails with a clear message for a tenant the app is not connected to', async () => {
		const other = env.sim.addTenant();
		const result = await testCredential({ ...credentialFor(env.sim), tenantId: other.tenantId });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/Tenant ID.*connected/);
	});

	it('fails with a clear message when the app lacks the job types scope', async () => {
		const limited = env.sim.addClient({ tenantId: env.sim.tenant.tenantId, scopes: ['tn.jpm.jobs:r'] });
		const result = await testCredential(credentialFor(env.sim, limited));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/tn\.jpm\.jobtypes:r/);
	});

	it('fails when nothing answers at the API address', async () => {
		const result = await testCredential({ ...credentialFor(env.sim), apiBaseUrl: `${env.sim.url}/nowhere` });
		expect(result.status).toBe('Error');
	});

	it('reports an unreachable token endpoint', async () => {
		env.sim.faults.add({ operationId: 'Token', times: 10, fault: { type: 'tokenEndpointDown', mode: 'status' } });
		// A client of its own: a token fetched for the default one in the last minute would be reused.
		const result = await testCredential(credentialFor(env.sim, env.sim.addClient({ tenantId: env.sim.tenant.tenantId })));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/token endpoint/i);
	});
});
