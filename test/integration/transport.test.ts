import { credentialsHelper, runNode } from '../helpers/n8n';
import { useSimulator } from '../helpers/nodeSim';
import { FAST_RETRIES, useRetrySettings } from '../helpers/retrySettings';

const env = useSimulator();

const jobIds = () => env.sim.store.data.jobs.toArray().map((job) => job.id);
const getJob = (id: number | string) => ({ resource: 'job', operation: 'get', jobId: { __rl: true, mode: 'id', value: String(id) } });
const secrets = () => {
	const stored = credentialsHelper.storedCredentials();
	return [stored.clientSecret, stored.appKey, stored.accessToken].filter((value): value is string => typeof value === 'string' && value !== '');
};

afterEach(() => useRetrySettings(FAST_RETRIES));

describe('authentication', () => {
	it('sends the bearer token and the app key on every request, including every page of Return All', async () => {
		env.sim.seed({ jobs: 120 });
		const result = await runNode({
			parameters: { resource: 'job', operation: 'getAll', returnAll: true },
			input: [{}, {}],
		});
		expect(result.error).toBeUndefined();
		const requests = env.apiRequests();
		expect(requests.length).toBeGreaterThanOrEqual(2);
		for (const request of requests) {
			expect(request.headers.authorization).toMatch(/^Bearer \S+$/);
			expect(request.headers['st-app-key']).toBe(env.sim.tenant.appKey);
		}
	});

	it('fetches one token and reuses it across many requests and runs', async () => {
		// A client of its own: no token this process already holds for the tenant's default one.
		env.useCredential({}, env.sim.addClient({ tenantId: env.sim.tenant.tenantId, appKey: env.sim.tenant.appKey }));
		const before = env.sim.stats.snapshot().tokensIssued;
		const ids = jobIds().slice(0, 25);
		const first = await runNode({ parameters: { ...getJob('={{ $json.id }}') }, input: ids.map((id) => ({ id })) });
		expect(first.error).toBeUndefined();
		expect(first.items.map((item) => item.json.id)).toEqual(ids);
		const second = await runNode({ parameters: getJob(ids[0]) });
		expect(second.error).toBeUndefined();
		// Concurrent first requests may each ask the credential; they share one token request.
		expect(env.sim.stats.snapshot().tokensIssued - before).toBe(1);
		expect(new Set(env.apiRequests().map((request) => request.headers.authorization)).size).toBe(1);
	});

	it('renews an expired token once (401, one refresh, one retry) and keeps using the new one', async () => {
		const [id] = jobIds();
		expect((await runNode({ parameters: getJob(id) })).error).toBeUndefined();
		const oldToken = env.apiRequests()[0].headers.authorization;
		env.sim.expireTokens();
		const tokensBefore = env.sim.stats.snapshot().tokensIssued;
		const result = await runNode({ parameters: getJob(id), input: [{}, {}, {}] });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		expect(env.sim.stats.snapshot().tokensIssued - tokensBefore).toBe(1);
		const afterExpiry = env.apiRequests().slice(1);
		const rejected = afterExpiry.filter((request) => request.status === 401);
		expect(rejected.every((request) => request.headers.authorization === oldToken)).toBe(true);
		const accepted = afterExpiry.filter((request) => request.status === 200);
		expect(accepted).toHaveLength(3);
		expect(accepted.every((request) => request.headers.authorization !== oldToken)).toBe(true);
	});

	it('gives up with a clear error when the renewed token is refused too, without leaking secrets', async () => {
		env.useCredential({ appKey: 'an-app-key-the-tenant-never-connected' });
		const result = await runNode({ parameters: getJob(jobIds()[0]) });
		expect(result.error?.message).toMatch(/did not accept the credential/);
		expect(result.error?.description).toMatch(/App Key/);
		const text = JSON.stringify({ message: result.error?.message, description: result.error?.description, error: result.error });
		for (const secret of [...secrets(), 'an-app-key-the-tenant-never-connected']) expect(text).not.toContain(secret);
	});
});

describe('retries', () => {
	it.each(['seconds', 'http-date'] as const)('waits for Retry-After given as %s before retrying a 429', async (retryAfterFormat) => {
		env.sim.faults.add({ operationId: 'Jobs_Get', times: 1, fault: { type: 'rateLimit', retryAfterSeconds: 1, retryAfterFormat } });
		const result = await runNode({ parameters: getJob(jobIds()[0]) });
		expect(result.error).toBeUndefined();
		const [limited, retried] = env.apiRequests();
		expect(limited.status).toBe(429);
		expect(retried.status).toBe(200);
		// An HTTP date has whole-second precision, so it may ask for a little less than a second.
		expect(Date.parse(retried.at) - Date.parse(limited.at)).toBeGreaterThanOrEqual(retryAfterFormat === 'seconds' ? 950 : 1);
	});

	it('backs off and retries a 429 without Retry-After, and 502/503/504 on a GET', async () => {
		for (const status of [429, 502, 503, 504]) {
			env.sim.faults.add({ operationId: 'Jobs_Get', times: 1, fault: { type: 'status', status, retryAfterFormat: 'absent' } });
		}
		const result = await runNode({ parameters: getJob(jobIds()[0]) });
		expect(result.error).toBeUndefined();
		expect(env.apiRequests().map((request) => request.status)).toEqual([429, 502, 503, 504, 200]);
	});

	it('stops after the bounded number of retries with the status in the error', async () => {
		env.sim.faults.add({ operationId: 'Jobs_Get', times: 50, fault: { type: 'status', status: 503, retryAfterFormat: 'absent' } });
		const result = await runNode({ parameters: getJob(jobIds()[0]) });
		expect(result.error?.message).toMatch(/HTTP 503/);
		expect(env.apiRequests()).toHaveLength(6);
	});

	it('never re-sends a POST after a 5xx, and says so', async () => {
		const job = env.sim.store.data.jobs.toArray()[0];
		const creationsBefore = env.sim.stats.snapshot().creations.Jobs_CreateNote ?? 0;
		env.sim.faults.add({ operationId: 'Jobs_CreateNote', times: 1, fault: { type: 'status', status: 503 } });
		const result = await runNode({
			parameters: { resource: 'job', operation: 'createNote', jobId: { __rl: true, mode: 'id', value: String(job.id) }, text: 'Called the customer' },
		});
		expect(result.error?.message).toMatch(/HTTP 503/);
		expect(result.error?.description).toMatch(/Sent once and not retried: POST creates data/);
		expect(result.error?.description).toMatch(/may have been applied: check in ServiceTitan before running it again/);
		expect(env.apiRequests()).toHaveLength(1);
		expect((env.sim.stats.snapshot().creations.Jobs_CreateNote ?? 0) - creationsBefore).toBe(0);
	});

	it('retries a POST that was rate limited (the API did not act) and applies it once', async () => {
		const job = env.sim.store.data.jobs.toArray()[0];
		const creationsBefore = env.sim.stats.snapshot().creations.Jobs_CreateNote ?? 0;
		env.sim.faults.add({ operationId: 'Jobs_CreateNote', times: 1, fault: { type: 'rateLimit', retryAfterSeconds: 0 } });
		const result = await runNode({
			parameters: { resource: 'job', operation: 'createNote', jobId: { __rl: true, mode: 'id', value: String(job.id) }, text: 'Rescheduled' },
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.text).toBe('Rescheduled');
		expect((env.sim.stats.snapshot().creations.Jobs_CreateNote ?? 0) - creationsBefore).toBe(1);
	});

	it('times out a slow answer and retries a GET', async () => {
		useRetrySettings({ ...FAST_RETRIES, timeoutMs: 300 });
		env.sim.faults.add({ operationId: 'Jobs_Get', times: 1, fault: { type: 'delay', ms: 1500 } });
		const result = await runNode({ parameters: getJob(jobIds()[0]) });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
	});

	it('retries a GET whose connection dropped mid-body, and one whose JSON was cut off', async () => {
		env.sim.faults.add({ operationId: 'Jobs_Get', times: 1, fault: { type: 'drop' } });
		env.sim.faults.add({ operationId: 'Jobs_Get', times: 1, fault: { type: 'malformedJson' } });
		const [id] = jobIds();
		const result = await runNode({ parameters: getJob(id) });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.id).toBe(id);
	});

	it('fails clearly when every answer is broken JSON', async () => {
		env.sim.faults.add({ operationId: 'Jobs_Get', times: 20, fault: { type: 'malformedJson' } });
		const result = await runNode({ parameters: getJob(jobIds()[0]) });
		expect(result.error?.message).toMatch(/not valid JSON/);
	});
});

describe('ServiceTitan errors', () => {
	it('carry the title, the field errors and the trace ID, and no secret', async () => {
		const result = await runNode({
			parameters: {
				resource: 'appointment',
				operation: 'reschedule',
				appointmentId: {
					__rl: true,
					mode: 'id',
					value: String(env.sim.store.data.appointments.toArray().find((appointment) => appointment.status === 'Scheduled')?.id),
				},
				updateFields: { start: '2030-01-02T10:00:00Z', end: '2030-01-02T08:00:00Z' },
			},
		});
		expect(result.error).toBeDefined();
		const error = result.error!;
		expect(error.httpCode).toBe('400');
		expect(error.message).toMatch(/^ServiceTitan rejected the request: .+/);
		expect(error.description).toMatch(/Field errors: .+/);
		expect(error.description).toMatch(/trace ID: \S+/);
		const text = JSON.stringify({ message: error.message, description: error.description, error });
		for (const secret of secrets()) expect(text).not.toContain(secret);
	});

	it('name what to do for a 404', async () => {
		const result = await runNode({ parameters: getJob(987654321) });
		expect(result.error?.httpCode).toBe('404');
		expect(result.error?.message).toMatch(/^Not found in ServiceTitan/);
		expect(result.error?.description).toMatch(/Request: Get a job \(Job 987654321\)/);
	});

	it('name the missing scope for a 403', async () => {
		const limited = env.sim.addClient({ tenantId: env.sim.tenant.tenantId, scopes: ['tn.jpm.jobtypes:r'] });
		env.useCredential({}, limited);
		const result = await runNode({ parameters: getJob(jobIds()[0]) });
		expect(result.error?.httpCode).toBe('403');
		expect(result.error?.description).toMatch(/tn\.jpm\.jobs:r/);
	});
});
