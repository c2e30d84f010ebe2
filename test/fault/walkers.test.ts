/**
 * Every walker × every fault the simulator injects. A walker is one way the package reads or writes
 * in bulk: a list's Return All, an export walk (the action node's "all" mode), a trigger poll, and a
 * single create (a POST). Each fault hits the walk in the middle (the second request of the walk;
 * the POST itself for the create). The result is either exactly the right records (compared as
 * ordered ID lists: none lost, none repeated) or a clear error; a trigger that failed has not moved
 * its position; a POST is never applied twice (the simulator counts creations).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { FAST_RETRIES, useRetrySettings } from '../helpers/retrySettings';
import type { FaultRule } from '../../simulator';
import { TOKEN_OPERATION_ID } from '../../simulator';
import type { RunResult } from '../helpers/n8n';
import { runNode } from '../helpers/n8n';
import { useSimulator } from '../helpers/nodeSim';
import { jobCreateParameters } from '../helpers/nodeRun';
import type { Tenant } from '../trigger/support';
import { afterChanges, bookJobs, cursorOf, freshTenant, idsOf, pairsOf, serialised, trigger, updateJobs } from '../trigger/support';

const EXPORT_PAGE = 50;
const env = useSimulator({ exportPageSize: EXPORT_PAGE });

/**
 * The client gives up on an answer after this long in the "slow answer" case; the answer comes later.
 * Long enough for an unfaulted page of 5000 jobs on a busy 2-core machine, which the case also reads.
 */
const SHORT_TIMEOUT_MS = 800;
const SLOW_ANSWER_MS = 2000;

type WalkerName = 'list' | 'export' | 'trigger' | 'create';
type Outcome = 'records' | 'error';

interface FaultCase {
	name: string;
	/** The rules, aimed at the walker's operation and skipping the requests before mid-walk. */
	rules: (operationId: string, skip: number) => FaultRule[];
	outcome: Record<WalkerName, Outcome>;
	/** What a clear error says (for the walkers whose outcome is 'error'). */
	error?: RegExp;
	/** Times the POST was applied, when the create fails (it is 1 whenever it succeeds). */
	createApplied?: 0 | 1;
	timeoutMs?: number;
}

const GETS_SUCCEED = { list: 'records', export: 'records', trigger: 'records' } as const;

const rateLimitStorm = (format: 'seconds' | 'http-date' | 'absent'): FaultCase => ({
	name: `429 storm, Retry-After ${format === 'absent' ? 'absent' : `as ${format}`}`,
	// Retry-After 0 keeps the suite fast; that the waits are honoured is tested in test/integration.
	rules: (operationId, skip) => [{ operationId, skip, times: 3, fault: { type: 'rateLimit', retryAfterSeconds: 0, retryAfterFormat: format } }],
	outcome: { ...GETS_SUCCEED, create: 'records' },
});

const serverError = (status: 500 | 502 | 503 | 504): FaultCase => ({
	name: `HTTP ${status}`,
	rules: (operationId, skip) => [{ operationId, skip, times: 2, fault: { type: 'status', status, retryAfterFormat: 'absent' } }],
	outcome: { ...GETS_SUCCEED, create: 'error' },
	error: new RegExp(`HTTP ${status}`),
	createApplied: 0,
});

const FAULTS: FaultCase[] = [
	rateLimitStorm('seconds'),
	rateLimitStorm('http-date'),
	rateLimitStorm('absent'),
	serverError(500),
	serverError(502),
	serverError(503),
	serverError(504),
	{
		name: 'slow answer past the timeout',
		rules: (operationId, skip) => [{ operationId, skip, times: 1, fault: { type: 'delay', ms: SLOW_ANSWER_MS } }],
		timeoutMs: SHORT_TIMEOUT_MS,
		outcome: { ...GETS_SUCCEED, create: 'error' },
		error: /did not answer in time/,
		// The server still acts on the request after the client gave up: applied once, never sent again.
		createApplied: 1,
	},
	{
		name: 'connection dropped mid-body',
		rules: (operationId, skip) => [{ operationId, skip, times: 1, fault: { type: 'drop' } }],
		outcome: { ...GETS_SUCCEED, create: 'error' },
		error: /connection to ServiceTitan failed/,
		createApplied: 1,
	},
	{
		name: 'malformed JSON',
		rules: (operationId, skip) => [{ operationId, skip, times: 1, fault: { type: 'malformedJson' } }],
		outcome: { ...GETS_SUCCEED, create: 'error' },
		error: /not valid JSON/,
		createApplied: 0,
	},
	{
		name: 'token expiry mid-walk',
		rules: (operationId, skip) => [{ operationId, skip, times: 1, fault: { type: 'expireTokens' } }],
		outcome: { ...GETS_SUCCEED, create: 'records' },
	},
	{
		name: 'token endpoint down, then back',
		rules: (operationId, skip) => [
			{ operationId, skip, times: 1, fault: { type: 'expireTokens' } },
			{ operationId: TOKEN_OPERATION_ID, times: 1, fault: { type: 'tokenEndpointDown', mode: 'status' } },
			{ operationId: TOKEN_OPERATION_ID, times: 1, fault: { type: 'tokenEndpointDown', mode: 'destroy' } },
		],
		outcome: { ...GETS_SUCCEED, create: 'records' },
	},
	{
		name: 'token endpoint down for good',
		rules: (operationId, skip) => [
			{ operationId, skip, times: 1, fault: { type: 'expireTokens' } },
			{ operationId: TOKEN_OPERATION_ID, times: 100, fault: { type: 'tokenEndpointDown', mode: 'destroy' } },
		],
		outcome: { list: 'error', export: 'error', trigger: 'error', create: 'error' },
		error: /Could not reach the ServiceTitan token endpoint/,
		// The API answered 401 (nothing applied) and no new token could be had.
		createApplied: 0,
	},
	{
		name: 'invalid continuation token',
		// Only requests carrying a continuation token can get it: the list and the create never do.
		rules: (operationId, skip) => [{ operationId, skip, times: 1, fault: { type: 'invalidContinuationToken' } }],
		// The action node reports it; the trigger re-arms from the last change it read.
		outcome: { list: 'records', export: 'error', trigger: 'records', create: 'records' },
		error: /continuation token is invalid/,
	},
	{
		name: 'a 503 that does not stop',
		rules: (operationId, skip) => [{ operationId, skip, times: 100, fault: { type: 'status', status: 503, retryAfterFormat: 'absent' } }],
		outcome: { list: 'error', export: 'error', trigger: 'error', create: 'error' },
		error: /HTTP 503/,
		createApplied: 0,
	},
];

afterEach(() => {
	env.sim.faults.clear();
	useRetrySettings(FAST_RETRIES);
});

function applyFault(fault: FaultCase, operationId: string, skip: number): void {
	if (fault.timeoutMs !== undefined) useRetrySettings({ ...FAST_RETRIES, timeoutMs: fault.timeoutMs });
	for (const rule of fault.rules(operationId, skip)) env.sim.faults.add(rule);
}

/**
 * A failure the user can act on: n8n's own error types, worded by the package, not a generic
 * fallback. (A failed run's error arrives as n8n stored it in the run data: a copy keeping `name`.)
 */
function expectClearError(error: unknown, pattern: RegExp | undefined): void {
	if (error instanceof Error) expect(error instanceof NodeApiError || error instanceof NodeOperationError).toBe(true);
	expect(['NodeApiError', 'NodeOperationError']).toContain((error as Error | undefined)?.name);
	const { message, description } = error as NodeApiError;
	expect(message).toMatch(pattern ?? /./);
	expect(message).not.toMatch(/^The request to ServiceTitan failed$/);
	expect(description).toEqual(expect.stringMatching(/Request: /));
}

function itemIds(result: RunResult): unknown[] {
	return result.items.map((item) => (item.json as IDataObject).id);
}

/** The page numbers of the successful list requests, in order: each page read exactly once. */
function pagesRead(operationId: string): number[] {
	return env
		.apiRequests()
		.filter((request) => request.operationId === operationId && request.status === 200 && !request.fault)
		.map((request) => Number(request.query.page?.[0]));
}

interface ReadWalker {
	name: string;
	walker: 'list' | 'export';
	operationId: string;
	jobs: number;
	parameters: INodeParameters;
	/** What else a successful walk must show. */
	alsoExpect?: () => void;
}

const READ_WALKERS: ReadWalker[] = [
	{
		name: 'list Return All (Job Get Many, two pages of 5000)',
		walker: 'list',
		operationId: 'Jobs_GetList',
		jobs: 5001,
		parameters: { resource: 'job', operation: 'getAll', returnAll: true },
		// Pages 1 and 2, in order. (On a loaded machine an unfaulted 5000-record page can itself outlast
		// the short timeout of the timeout case and be read again: legitimate, so repeats are allowed.)
		alsoExpect: () => expect([...new Set(pagesRead('Jobs_GetList'))]).toEqual([1, 2]),
	},
	{
		name: 'export walk (Export Jobs, "all" from the beginning, pages of 50)',
		walker: 'export',
		operationId: 'Export_Jobs',
		jobs: 130,
		parameters: { resource: 'export', operation: 'jobs', exportMode: 'all', exportStart: 'beginning', maxItems: 100_000, simplify: false },
	},
];

describe.each(READ_WALKERS)('$name', ({ walker, operationId, jobs, parameters, alsoExpect }) => {
	let tenant: Tenant;
	let expected: unknown[];

	beforeAll(async () => {
		tenant = freshTenant(env, { jobs });
		const clean = await runNode({ parameters });
		expect(clean.error).toBeUndefined();
		expected = itemIds(clean);
		expect(expected).toHaveLength(jobs);
		expect(new Set(expected).size).toBe(jobs);
	});

	it.each(FAULTS)('$name', async (fault) => {
		tenant.use();
		applyFault(fault, operationId, 1);
		const result = await runNode({ parameters });
		if (fault.outcome[walker] === 'records') {
			expect(result.error).toBeUndefined();
			expect(itemIds(result)).toEqual(expected);
			alsoExpect?.();
		} else {
			expectClearError(result.error, fault.error);
			expect(result.items).toEqual([]);
		}
	});
});

describe('trigger poll (Jobs feed, a backlog of three pages after a stored continuation token)', () => {
	it.each(FAULTS)('$name', async (fault) => {
		const { store } = freshTenant(env);
		await afterChanges();
		const harness = trigger();
		expect(await harness.poll()).toBeNull();
		const first = bookJobs(store, 20);
		expect([...pairsOf(await harness.poll())].sort()).toEqual([...first].sort());
		await afterChanges();
		const made = [...bookJobs(store, 100), ...updateJobs(store, idsOf(first).slice(0, 10))];
		const position = serialised(cursorOf(harness.staticData));
		expect(position.from).not.toMatch(/^\d{4}-/);

		applyFault(fault, 'Export_Jobs', 1);
		if (fault.outcome.trigger === 'records') {
			const emitted = pairsOf(await harness.poll());
			expect(emitted).toHaveLength(new Set(emitted).size);
			expect([...emitted].sort()).toEqual([...made].sort());
		} else {
			const failure = await harness.poll().then(
				() => undefined,
				(error: unknown) => error,
			);
			expectClearError(failure, fault.error);
			// Only the failure note changed: the position is where it was.
			const { error: note, ...after } = cursorOf(harness.staticData);
			expect(note).toEqual(expect.objectContaining({ signature: expect.any(String) }));
			expect(after).toEqual(position);
			// Once the API is healthy again the next poll delivers exactly what was missed.
			env.sim.faults.clear();
			useRetrySettings(FAST_RETRIES);
			const emitted = pairsOf(await harness.poll());
			expect([...emitted].sort()).toEqual([...made].sort());
		}
		env.sim.faults.clear();
		expect(await harness.poll()).toBeNull();
	});
});

describe('single create (Job Create, a POST)', () => {
	let tenant: Tenant;
	beforeAll(() => {
		tenant = freshTenant(env, { jobs: 1 });
	});

	const params = (summary: string): INodeParameters => {
		const jobType = tenant.store.data.jobTypes.toArray().find((candidate) => candidate.active);
		if (!jobType) throw new Error('no active job type');
		return { resource: 'job', operation: 'create', ...jobCreateParameters(jobType, { additionalFields: { summary } }), simplify: false };
	};
	const jobsWith = (summary: string) => tenant.store.data.jobs.toArray().filter((job) => job.summary === summary);

	/** The faulted POST is logged once the server is done with it (a slow answer finishes after the client gave up). */
	async function serverDone(count: number): Promise<void> {
		const deadline = Date.now() + 10_000;
		while (env.apiRequests().filter((request) => request.operationId === 'Jobs_Create').length < count) {
			if (Date.now() > deadline) throw new Error('the simulator never finished the POST');
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
	}

	it.each(FAULTS)('$name', async (fault) => {
		tenant.use();
		const summary = `Created under fault: ${fault.name}`;
		const applied = () => (env.sim.stats.creations.Jobs_Create ?? 0) - creationsBefore;
		const creationsBefore = env.sim.stats.creations.Jobs_Create ?? 0;
		applyFault(fault, 'Jobs_Create', 0);
		const result = await runNode({ parameters: params(summary) });
		if (fault.outcome.create === 'records') {
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(1);
			expect(applied()).toBe(1);
			expect(jobsWith(summary).map((job) => job.id)).toEqual([result.items[0].json.id]);
		} else {
			expectClearError(result.error, fault.error);
			// A slow answer is finished (and the POST applied) only after the client gave up on it.
			if (fault.timeoutMs !== undefined) await serverDone(1);
			// Without a token the POST never reached the API, or was refused with 401 and not applied.
			if (!fault.name.startsWith('token endpoint')) {
				// One attempt only: a POST that may have been applied is never sent again, and the user is told to check.
				expect(env.apiRequests().filter((request) => request.operationId === 'Jobs_Create')).toHaveLength(1);
				expect(result.error?.description).toMatch(/Sent once and not retried: POST creates data|Sent once; this answer is final/);
				expect(result.error?.description).toMatch(/may have been applied: check in ServiceTitan before running it again|ServiceTitan did not apply the change/);
			}
			expect(applied()).toBe(fault.createApplied ?? 0);
			expect(jobsWith(summary)).toHaveLength(fault.createApplied ?? 0);
		}
	});
});
