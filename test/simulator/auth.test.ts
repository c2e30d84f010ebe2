/** Token endpoint, bearer tokens, app keys, tenants and scopes; and the per-tenant rate limit. */
import { startSimulator, type Simulator } from '../../simulator';
import { validateSchema } from '../helpers/vendorSpec';
import { fetchToken, json, send, SimClient } from './client';

async function tokenRequest(simulator: Simulator, form: Record<string, string>, headers: Record<string, string> = {}) {
	return send(simulator.tokenUrl, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
		body: new URLSearchParams(form),
	});
}

describe('auth', () => {
	let simulator: Simulator;
	let client: SimClient;

	beforeAll(async () => {
		simulator = await startSimulator({ seed: 3, rateLimitPerSecond: null, tokenLifetimeSeconds: 120 });
		client = new SimClient(simulator);
	});
	afterAll(() => simulator.close());

	it('issues client-credentials tokens with the configured lifetime and the client scopes, and counts them', async () => {
		const before = simulator.stats.tokensIssued;
		const { clientId, clientSecret } = simulator.tenant;
		const result = await tokenRequest(simulator, { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });
		expect(result.status).toBe(200);
		const body = json(result);
		expect(body).toEqual({ access_token: expect.any(String), expires_in: 120, token_type: 'Bearer', scope: expect.stringContaining('tn.jpm.jobs:r') });
		expect((body.access_token as string).length).toBeGreaterThanOrEqual(32);
		expect(body.scope).toContain('tn.jpm.jobhistory:r');
		expect(simulator.stats.tokensIssued).toBe(before + 1);
		const second = json(await tokenRequest(simulator, { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }));
		expect(second.access_token).not.toBe(body.access_token);
	});

	it('accepts client credentials as HTTP Basic auth', async () => {
		const { clientId, clientSecret } = simulator.tenant;
		const basic = Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
		const result = await tokenRequest(simulator, { grant_type: 'client_credentials' }, { Authorization: `Basic ${basic}` });
		expect(result.status).toBe(200);
	});

	it('answers 400 invalid_client for a wrong secret or unknown client, 400 unsupported_grant_type otherwise', async () => {
		const { clientId } = simulator.tenant;
		expect(await tokenRequest(simulator, { grant_type: 'client_credentials', client_id: clientId, client_secret: 'nope' })).toMatchObject({
			status: 400,
			body: { error: 'invalid_client' },
		});
		expect(await tokenRequest(simulator, { grant_type: 'client_credentials', client_id: 'cid.unknown', client_secret: 'x' })).toMatchObject({
			status: 400,
			body: { error: 'invalid_client' },
		});
		expect(await tokenRequest(simulator, { grant_type: 'password', client_id: clientId, client_secret: 'x' })).toMatchObject({
			status: 400,
			body: { error: 'unsupported_grant_type' },
		});
	});

	it('rejects API calls without a token, with a made-up token, and after expiry (simulated clock)', async () => {
		const headers = { 'ST-App-Key': simulator.tenant.appKey };
		const url = client.url('JobTypes_GetList');
		const missing = await send(url, { headers });
		expect(missing.status).toBe(401);
		expect(validateSchema('ApiErrorResponse', missing.body)).toEqual([]);
		expect((await send(url, { headers: { ...headers, Authorization: 'Bearer made-up' } })).status).toBe(401);

		const token = await fetchToken(simulator);
		const authorised = { ...headers, Authorization: `Bearer ${token}` };
		expect((await send(url, { headers: authorised })).status).toBe(200);
		simulator.clock.advance(119_000);
		expect((await send(url, { headers: authorised })).status).toBe(200);
		simulator.clock.advance(2_000);
		const expired = await send(url, { headers: authorised });
		expect(expired.status).toBe(401);
		expect(json(expired).title).toMatch(/expired/i);
		expect(expired.headers.get('www-authenticate')).toMatch(/invalid_token/);
	});

	it('expireTokens() revokes every issued token', async () => {
		const fresh = new SimClient(simulator);
		expect((await fresh.call('JobTypes_GetList')).status).toBe(200);
		simulator.expireTokens();
		expect((await fresh.call('JobTypes_GetList')).status).toBe(401);
		fresh.forgetToken();
		expect((await fresh.call('JobTypes_GetList')).status).toBe(200);
	});

	it('needs a registered ST-App-Key: missing or unknown → 401 saying the app key is invalid', async () => {
		const token = await fetchToken(simulator);
		const url = client.url('JobTypes_GetList');
		const variants: Array<Record<string, string>> = [{ Authorization: `Bearer ${token}` }, { Authorization: `Bearer ${token}`, 'ST-App-Key': 'ak1.nope' }];
		for (const headers of variants) {
			const result = await send(url, { headers });
			expect(result.status).toBe(401);
			expect(json(result).title).toMatch(/app key is invalid/i);
			expect(validateSchema('ApiErrorResponse', result.body)).toEqual([]);
		}
	});

	it('answers 403 "not connected to tenant N" for a token of another tenant', async () => {
		const other = simulator.addTenant({ sample: true });
		const otherClient = new SimClient(simulator, other);
		expect((await otherClient.call('Jobs_GetList')).status).toBe(200);
		const foreign = await otherClient.call('Jobs_GetList', { pathParams: { tenant: simulator.tenant.tenantId } });
		expect(foreign.status).toBe(403);
		expect(json(foreign).title).toBe(`The application is not connected to tenant ${simulator.tenant.tenantId}.`);
	});

	it('keeps tenants apart: the same app connected to two tenants sees each tenant only with that tenant’s client', async () => {
		const second = simulator.addTenant({ appKey: simulator.tenant.appKey });
		expect(second.appKey).toBe(simulator.tenant.appKey);
		const secondClient = new SimClient(simulator, second);
		const own = await secondClient.call('Jobs_GetList', { query: { includeTotal: true } });
		expect(json(own).totalCount).toBe(0);
		expect((await secondClient.call('Jobs_GetList', { pathParams: { tenant: simulator.tenant.tenantId } })).status).toBe(403);
	});

	it('answers 403 naming the missing scope for a client without it', async () => {
		const readOnly = simulator.addClient({ tenantId: simulator.tenant.tenantId, scopes: ['tn.jpm.jobs:r'] });
		const limited = new SimClient(simulator, readOnly);
		expect((await limited.call('Jobs_GetList')).status).toBe(200);
		const write = await limited.call('Jobs_CreateNote', { pathParams: { id: 1 }, body: { text: 'x' } });
		expect(write.status).toBe(403);
		expect(json(write).title).toContain('tn.jpm.jobs:w');
		const history = await limited.call('Export_JobHistory');
		expect(history.status).toBe(403);
		expect(json(history).title).toContain('tn.jpm.jobhistory:r');
	});

	it('gives every error a fresh traceId', async () => {
		const first = json(await client.call('Jobs_Get', { pathParams: { id: 1 } }));
		const second = json(await client.call('Jobs_Get', { pathParams: { id: 1 } }));
		expect(first.traceId).not.toBe(second.traceId);
	});
});

describe('rate limit', () => {
	let simulator: Simulator;

	beforeAll(async () => {
		simulator = await startSimulator({ seed: 4, rateLimitPerSecond: 5 });
	});
	afterAll(() => simulator.close());

	it('allows N calls per second per app and tenant, then 429 with Retry-After: 1 counted in stats', async () => {
		const client = new SimClient(simulator);
		await client.accessToken();
		const results = await Promise.all(Array.from({ length: 8 }, () => client.call('JobTypes_GetList')));
		const statuses = results.map((result) => result.status).sort();
		expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
		const limited = results.find((result) => result.status === 429);
		expect(limited?.headers.get('retry-after')).toBe('1');
		expect(validateSchema('ApiErrorResponse', limited?.body)).toEqual([]);
		expect(simulator.stats.rateLimited).toBe(3);

		// Another tenant (its own app) has its own budget.
		const other = new SimClient(simulator, simulator.addTenant());
		expect((await other.call('JobTypes_GetList')).status).toBe(200);

		// The window is one second (simulated clock).
		simulator.clock.advance(1_001);
		expect((await client.call('JobTypes_GetList')).status).toBe(200);
	});

	it('can be switched off at run time', async () => {
		simulator.configure({ rateLimitPerSecond: null });
		const client = new SimClient(simulator);
		await client.accessToken();
		const results = await Promise.all(Array.from({ length: 20 }, () => client.call('JobTypes_GetList')));
		expect(results.every((result) => result.status === 200)).toBe(true);
	});
});
