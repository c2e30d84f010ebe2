/** Every fault kind, rule matching (operationId, method, path, skip, probability) and creation counting. */
import { startSimulator, type Simulator } from '../../simulator';
import { validateSchema } from '../helpers/vendorSpec';
import { fetchToken, json, send, SimClient } from './client';
import { bookJob, jobRequest } from './fixtures';

describe('fault injection', () => {
	let simulator: Simulator;
	let client: SimClient;

	beforeAll(async () => {
		simulator = await startSimulator({ seed: 21, rateLimitPerSecond: null });
		client = new SimClient(simulator);
		await client.accessToken();
	});
	afterEach(() => simulator.faults.clear());
	afterAll(() => simulator.close());

	it('answers any status with an RFC 7807 body, `times` times, and counts it', async () => {
		const handle = simulator.faults.add({ operationId: 'Jobs_GetList', times: 2, fault: { type: 'status', status: 503 } });
		const firedBefore = simulator.stats.faultsFired;
		const statuses: number[] = [];
		for (let index = 0; index < 3; index++) {
			const result = await client.call('Jobs_GetList');
			statuses.push(result.status);
			if (result.status === 503) expect(validateSchema('ApiErrorResponse', result.body)).toEqual([]);
		}
		expect(statuses).toEqual([503, 503, 200]);
		expect(handle.fired).toBe(2);
		expect(handle.remaining).toBe(0);
		expect(simulator.stats.faultsFired - firedBefore).toBe(2);
		for (const status of [500, 502, 504]) {
			simulator.faults.add({ operationId: 'Jobs_GetList', fault: { type: 'status', status, title: `Injected ${status}` } });
			const result = await client.call('Jobs_GetList');
			expect(result.status).toBe(status);
			expect(json(result)).toMatchObject({ status, title: `Injected ${status}` });
		}
	});

	it('answers 429 with Retry-After in seconds, as an HTTP date, or without it', async () => {
		simulator.faults.add({ operationId: 'Jobs_GetList', fault: { type: 'rateLimit', retryAfterSeconds: 3 } });
		const seconds = await client.call('Jobs_GetList');
		expect(seconds.status).toBe(429);
		expect(seconds.headers.get('retry-after')).toBe('3');

		simulator.faults.add({ operationId: 'Jobs_GetList', fault: { type: 'rateLimit', retryAfterSeconds: 5, retryAfterFormat: 'http-date' } });
		const dated = await client.call('Jobs_GetList');
		expect(dated.status).toBe(429);
		const waitMs = Date.parse(dated.headers.get('retry-after') ?? '') - Date.now();
		expect(waitMs).toBeGreaterThan(2_000);
		expect(waitMs).toBeLessThanOrEqual(6_000);

		simulator.faults.add({ operationId: 'Jobs_GetList', fault: { type: 'status', status: 429, retryAfterFormat: 'absent' } });
		const bare = await client.call('Jobs_GetList');
		expect(bare.status).toBe(429);
		expect(bare.headers.get('retry-after')).toBeNull();
		expect((await client.call('Jobs_GetList')).status).toBe(200);
	});

	it('slows a response down (client timeouts) and then serves it normally', async () => {
		simulator.faults.add({ operationId: 'JobTypes_GetList', fault: { type: 'delay', ms: 400 } });
		const token = await client.accessToken();
		const headers = { Authorization: `Bearer ${token}`, 'ST-App-Key': simulator.tenant.appKey };
		await expect(fetch(client.url('JobTypes_GetList'), { headers, signal: AbortSignal.timeout(100) })).rejects.toMatchObject({ name: 'TimeoutError' });
		simulator.faults.add({ operationId: 'JobTypes_GetList', fault: { type: 'delay', ms: 300 } });
		const started = Date.now();
		const slow = await client.call('JobTypes_GetList');
		expect(slow.status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(290);
	});

	it('drops the connection mid-body after applying the request (so a blind retry would create twice)', async () => {
		const before = simulator.stats.creations.Jobs_Create ?? 0;
		const jobsBefore = simulator.store.data.jobs.size;
		simulator.faults.add({ operationId: 'Jobs_Create', fault: { type: 'drop' } });
		// The socket closes before the answer is complete: fetch's own wording for that.
		await expect(client.call('Jobs_Create', { body: jobRequest(simulator.store) })).rejects.toThrow(new TypeError('fetch failed'));
		expect(simulator.stats.creations.Jobs_Create).toBe(before + 1);
		expect(simulator.store.data.jobs.size).toBe(jobsBefore + 1);
	});

	it('answers 200 with malformed JSON without applying the request', async () => {
		const before = simulator.stats.creations.Jobs_CreateNote ?? 0;
		const job = bookJob(simulator.store);
		simulator.faults.add({ method: 'POST', path: '/notes', fault: { type: 'malformedJson' } });
		const result = await client.call('Jobs_CreateNote', { pathParams: { id: job.id }, body: { text: 'Hello' } });
		expect(result.status).toBe(200);
		expect(() => JSON.parse(result.text)).toThrow(SyntaxError);
		expect(simulator.stats.creations.Jobs_CreateNote ?? 0).toBe(before);
		expect(simulator.store.jobs.notes(job.id)).toHaveLength(0);
		const applied = await client.call('Jobs_CreateNote', { pathParams: { id: job.id }, body: { text: 'Hello' } });
		expect(applied.status).toBe(200);
		expect(simulator.stats.creations.Jobs_CreateNote).toBe(before + 1);
	});

	it('expires every issued token so the next API call gets 401', async () => {
		const own = new SimClient(simulator);
		expect((await own.call('JobTypes_GetList')).status).toBe(200);
		simulator.faults.add({ operationId: 'JobTypes_GetList', fault: { type: 'expireTokens' } });
		expect((await own.call('JobTypes_GetList')).status).toBe(401);
		expect((await own.call('JobTypes_GetList')).status).toBe(401);
		own.forgetToken();
		expect((await own.call('JobTypes_GetList')).status).toBe(200);
		client.forgetToken();
	});

	it('takes the token endpoint down with 503s or reset connections, leaving API calls alone', async () => {
		await client.accessToken();
		simulator.faults.add({ times: 2, fault: { type: 'tokenEndpointDown' } });
		await expect(fetchToken(simulator)).rejects.toThrow(/No token/);
		expect((await client.call('JobTypes_GetList')).status).toBe(200);
		await expect(fetchToken(simulator)).rejects.toThrow(/No token/);
		await expect(fetchToken(simulator)).resolves.toEqual(expect.any(String));

		simulator.faults.add({ fault: { type: 'tokenEndpointDown', mode: 'destroy' } });
		await expect(fetchToken(simulator)).rejects.toThrow(/fetch failed|socket|terminated/i);
		await expect(fetchToken(simulator)).resolves.toEqual(expect.any(String));
	});

	it('rejects the next export call that carries a continuation token (400 invalid token)', async () => {
		const first = json(await client.call('Export_Jobs'));
		simulator.faults.add({ fault: { type: 'invalidContinuationToken' } });
		// Calls without a token (or with a date) do not trigger it.
		expect((await client.call('Export_Jobs')).status).toBe(200);
		expect((await client.call('Export_Jobs', { query: { from: '2020-01-01' } })).status).toBe(200);
		const rejected = await client.call('Export_Jobs', { query: { from: first.continueFrom as string } });
		expect(rejected.status).toBe(400);
		expect(json(rejected).title).toMatch(/continuation token is invalid/i);
		expect((await client.call('Export_Jobs', { query: { from: first.continueFrom as string } })).status).toBe(200);
	});

	it('matches generic rules to API calls only; the token endpoint needs operationId "Token"', async () => {
		simulator.faults.add({ fault: { type: 'status', status: 500 } });
		await expect(fetchToken(simulator)).resolves.toEqual(expect.any(String));
		expect((await client.call('JobTypes_GetList')).status).toBe(500);
		simulator.faults.add({ operationId: 'Token', fault: { type: 'status', status: 502 } });
		const token = await send(simulator.tokenUrl, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials' }) });
		expect(token.status).toBe(502);
	});

	it('supports skip, method/path filters and seeded probabilities', async () => {
		simulator.faults.add({ path: '/project-statuses', method: 'GET', skip: 2, fault: { type: 'status', status: 500 } });
		const statuses = [];
		for (let index = 0; index < 4; index++) statuses.push((await client.call('ProjectStatuses_GetList')).status);
		expect(statuses).toEqual([200, 200, 500, 200]);
		expect((await client.call('ProjectTypes_GetList')).status).toBe(200);

		const handle = simulator.faults.add({ operationId: 'ProjectTypes_GetList', probability: 0.5, fault: { type: 'status', status: 503 } });
		let failures = 0;
		for (let index = 0; index < 40; index++) if ((await client.call('ProjectTypes_GetList')).status === 503) failures++;
		expect(failures).toBe(handle.fired);
		expect(failures).toBeGreaterThan(5);
		expect(failures).toBeLessThan(35);
		handle.remove();
		expect((await client.call('ProjectTypes_GetList')).status).toBe(200);
	});

	it('refuses malformed rules', () => {
		expect(() => simulator.faults.add({ fault: { type: 'status', status: 200 } })).toThrow(/4xx\/5xx/);
		expect(() => simulator.faults.add({ probability: 2, fault: { type: 'drop' } })).toThrow(/probability/);
	});

	it('counts creations per operation so tests can prove a POST was applied once', async () => {
		const before = simulator.stats.creations.Projects_Create ?? 0;
		const result = await client.call('Projects_Create', { body: { locationId: 1_150_002 } });
		expect(result.status).toBe(200);
		expect(simulator.stats.creations.Projects_Create).toBe(before + 1);
		expect((await client.call('Projects_Get', { pathParams: { id: json(result).id as number } })).status).toBe(200);
		expect(simulator.stats.creations.Projects_Get).toBeUndefined();
	});
});
