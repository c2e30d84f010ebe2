/**
 * Sentinel secrets: a tenant whose app key is a sentinel, whose client secret is the simulator's
 * (a distinctive `cs1.` string), plus every access token the simulator issues during the file, run
 * through every operation of the catalog and through the failures users meet (rejected secret or
 * app key, missing scope, 4xx/5xx answers, dropped connections, broken JSON, timeouts, token endpoint
 * down, invalid continuation tokens), the trigger, the loaders and the credential test. None of
 * them may appear in an output item, an error (message, description, the whole error as JSON), the
 * run data, the trigger's static data, or anything logged through n8n's logger or the console.
 */
import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { LoggerProxy } from 'n8n-workflow';

import { allOperations } from '../../nodes/ServiceTitan/catalog';
import { FAST_RETRIES, useRetrySettings } from '../helpers/retrySettings';
import type { TenantCredentials } from '../../simulator';
import { TOKEN_OPERATION_ID } from '../../simulator';
import type { RunResult } from '../helpers/n8n';
import { callLoader, runNode, testCredential } from '../helpers/n8n';
import { credentialFor, useSimulator } from '../helpers/nodeSim';
import { rl } from '../helpers/nodeRun';
import { cursorOf, trigger } from '../trigger/support';
import { parametersFor, VALID_ID } from './catalogCases';

const env = useSimulator({ exportPageSize: 20 });

const SENTINEL_APP_KEY = 'SENTINEL-APP-KEY-3f9c2a7e51d84b06';
const WRONG_SECRET = 'SENTINEL-WRONG-SECRET-9d1e77c0a3';
const WRONG_APP_KEY = 'SENTINEL-WRONG-APP-KEY-5b2f80e6c4';
let tenant: TenantCredentials;

/** Everything a user or an operator could see: collected per test, checked at its end. */
let surfaces: Array<{ where: string; text: string }> = [];
const captured: string[] = [];

function text(value: unknown): string {
	if (typeof value === 'string') return value;
	try {
		const seen = new WeakSet<object>();
		return JSON.stringify(value, (_key, entry: unknown) => {
			if (typeof entry === 'bigint') return entry.toString();
			if (entry && typeof entry === 'object') {
				if (seen.has(entry)) return '[circular]';
				seen.add(entry);
			}
			return entry;
		});
	} catch {
		return String(value);
	}
}

function observe(where: string, ...values: unknown[]): void {
	for (const value of values) surfaces.push({ where, text: text(value) });
}

/** A run's items, its error (fields and as a whole) and its run data. */
function observeRun(where: string, result: RunResult): void {
	observe(`${where}: items`, result.items);
	if (result.error) observe(`${where}: error`, result.error.message, result.error.description, result.error);
	observe(`${where}: run data`, result.run);
}

/** The sentinels, and every access token the simulator has issued so far (as seen on the wire). */
function secrets(): string[] {
	const tokens = new Set<string>();
	for (const request of env.sim.requestLog) {
		const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
		if (token) tokens.add(token);
	}
	return [SENTINEL_APP_KEY, tenant.clientSecret, WRONG_SECRET, WRONG_APP_KEY, ...tokens];
}

const spies: jest.SpyInstance[] = [];

beforeAll(() => {
	tenant = env.sim.addTenant({ sample: { jobs: 30, projects: 5 }, appKey: SENTINEL_APP_KEY });
	expect(tenant.clientSecret).toMatch(/^cs1\.[0-9a-f]{40}$/);
	// Everything n8n's logger and the console receive, whatever the log level lets through.
	const capture =
		(channel: string) =>
		(...args: unknown[]) => {
			captured.push(`${channel}: ${args.map(text).join(' ')}`);
		};
	for (const level of ['error', 'warn', 'info', 'debug'] as const) {
		spies.push(jest.spyOn(Container.get(Logger), level).mockImplementation(capture(`logger.${level}`)));
		spies.push(jest.spyOn(LoggerProxy, level).mockImplementation(capture(`LoggerProxy.${level}`)));
	}
	for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
		spies.push(jest.spyOn(console, method).mockImplementation(capture(`console.${method}`)));
	}
});

afterAll(() => {
	for (const spy of spies) spy.mockRestore();
});

beforeEach(() => {
	surfaces = [];
	env.useCredential({}, tenant);
});

afterEach(() => {
	useRetrySettings(FAST_RETRIES);
	const all = [...surfaces, ...captured.map((entry) => ({ where: 'log', text: entry }))];
	expect(all.length).toBeGreaterThan(0);
	for (const secret of secrets()) {
		const leaks = all.filter((surface) => surface.text.includes(secret)).map((surface) => surface.where);
		expect({ secret: `${secret.slice(0, 8)}…`, leaks }).toEqual({ secret: `${secret.slice(0, 8)}…`, leaks: [] });
	}
});

const getJob = (id: number): INodeParameters => ({ resource: 'job', operation: 'get', jobId: rl(id) });
const firstJobId = () => env.sim.tenantStore(tenant.tenantId).data.jobs.toArray()[0].id;

it('every operation of the catalog, with valid parameters, succeeding or failing', async () => {
	for (const { resource, operation } of allOperations()) {
		const parameters = { ...parametersFor({ resource, operation }), options: { requestsPerSecond: 100_000 } };
		observeRun(`${resource.value}.${operation.value}`, await runNode({ parameters }));
		observeRun(`${resource.value}.${operation.value} (continue on fail)`, await runNode({ parameters, continueOnFail: true }));
	}
	// The token really went out (and is therefore among the secrets checked).
	expect(secrets().length).toBeGreaterThan(4);
});

describe('credentials the API refuses', () => {
	it('a wrong client secret', async () => {
		env.useCredential({ clientSecret: WRONG_SECRET }, tenant);
		const result = await runNode({ parameters: getJob(VALID_ID) });
		expect(result.error?.message).toMatch(/Client ID or Client Secret/);
		observeRun('wrong secret', result);
		observe('credential test', await testCredential({ ...credentialFor(env.sim, tenant), clientSecret: WRONG_SECRET }));
	});

	it('a wrong app key', async () => {
		env.useCredential({ appKey: WRONG_APP_KEY }, tenant);
		const result = await runNode({ parameters: getJob(VALID_ID) });
		expect(result.error?.httpCode).toBe('401');
		observeRun('wrong app key', result);
		observe('credential test', await testCredential({ ...credentialFor(env.sim, tenant), appKey: WRONG_APP_KEY }));
	});

	it('a client without the scope', async () => {
		const limited = env.sim.addClient({ tenantId: tenant.tenantId, scopes: ['tn.jpm.jobtypes:r'], appKey: SENTINEL_APP_KEY });
		env.useCredential({}, limited);
		const result = await runNode({ parameters: getJob(firstJobId()) });
		expect(result.error?.httpCode).toBe('403');
		observeRun('403', result);
	});

	it('the credential test that passes', async () => {
		observe('credential test', await testCredential(credentialFor(env.sim, tenant)));
	});
});

describe('failures on the way', () => {
	const FAULTS: Array<[string, () => void, INodeParameters]> = [
		['HTTP 500 on a read', () => env.sim.faults.add({ operationId: 'Jobs_Get', times: 10, fault: { type: 'status', status: 500 } }), getJob(VALID_ID)],
		['HTTP 503 on a create', () => env.sim.faults.add({ operationId: 'Jobs_CreateNote', fault: { type: 'status', status: 503 } }), { resource: 'job', operation: 'createNote', jobId: rl(VALID_ID), text: 'Hi' }],
		['a dropped connection', () => env.sim.faults.add({ operationId: 'Jobs_CreateNote', fault: { type: 'drop' } }), { resource: 'job', operation: 'createNote', jobId: rl(VALID_ID), text: 'Hi' }],
		['broken JSON', () => env.sim.faults.add({ operationId: 'Jobs_Get', times: 10, fault: { type: 'malformedJson' } }), getJob(VALID_ID)],
		['a slow answer', () => {
			useRetrySettings({ ...FAST_RETRIES, timeoutMs: 100, maxRetries: 1 });
			env.sim.faults.add({ operationId: 'Jobs_Get', times: 10, fault: { type: 'delay', ms: 300 } });
		}, getJob(VALID_ID)],
		['rate limited for good', () => env.sim.faults.add({ operationId: 'Jobs_Get', times: 10, fault: { type: 'rateLimit', retryAfterSeconds: 0 } }), getJob(VALID_ID)],
		['the token endpoint down (503)', () => env.sim.faults.add({ operationId: TOKEN_OPERATION_ID, times: 20, fault: { type: 'tokenEndpointDown', mode: 'status' } }), getJob(VALID_ID)],
		['the token endpoint down (reset)', () => env.sim.faults.add({ operationId: TOKEN_OPERATION_ID, times: 20, fault: { type: 'tokenEndpointDown', mode: 'destroy' } }), getJob(VALID_ID)],
		['a token revoked mid-run', () => env.sim.faults.add({ operationId: 'Jobs_Get', fault: { type: 'expireTokens' } }), getJob(VALID_ID)],
		['an invalid continuation token', () => env.sim.faults.add({ operationId: 'Export_Jobs', fault: { type: 'invalidContinuationToken' } }), { resource: 'export', operation: 'jobs', exportStart: 'token', exportContinueFrom: 'not-a-token' }],
		['a 404 with ServiceTitan problem details', () => undefined, getJob(987_654_321)],
	];

	it.each(FAULTS)('%s', async (_name, inject, parameters) => {
		inject();
		const result = await runNode({ parameters });
		observeRun('run', result);
		observeRun('run (continue on fail)', await runNode({ parameters, continueOnFail: true }));
	});
});

describe('the trigger and the loaders', () => {
	it('polls that emit, fail, re-arm after an invalid token, and fetch a test event', async () => {
		const harness = trigger({ start: 'beginning' });
		observe('first poll', await harness.poll());
		env.sim.tenantStore(tenant.tenantId).makeRandomChanges(10, ['job']);
		env.sim.faults.add({ path: '/export/jobs', times: 50, fault: { type: 'status', status: 503 } });
		for (let attempt = 0; attempt < 2; attempt++) {
			observe('failed poll', await harness.poll().catch((error: unknown) => ({ message: (error as Error).message, description: (error as { description?: string }).description, error })));
		}
		env.sim.faults.clear();
		env.sim.faults.add({ path: '/export/jobs', fault: { type: 'invalidContinuationToken' } });
		observe('re-armed poll', await harness.poll());
		observe('manual poll', await harness.poll('manual'));
		observe('static data', harness.staticData, cursorOf(harness.staticData));
	});

	it('dropdowns and list searches, working and failing', async () => {
		observe('loader', await callLoader('loadOptions', 'getJobTypes'));
		observe('search', await callLoader('listSearch', 'searchJobs', {}, ['']));
		env.useCredential({ clientSecret: WRONG_SECRET }, tenant);
		for (const [kind, method] of [['loadOptions', 'getJobCancelReasons'], ['listSearch', 'searchProjects']] as const) {
			const failure = await callLoader<IDataObject>(kind, method, {}, ['']).catch((error: unknown) => error);
			observe(`${method} failure`, failure, (failure as Error).message, (failure as { description?: string }).description);
		}
	});
});
