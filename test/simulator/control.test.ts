/**
 * The simulator as a separate process (CLI) driven through the `/_sim/...` control endpoints, and
 * the request log.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { startSimulator, type Simulator } from '../../simulator';
import { validateSchema } from '../helpers/vendorSpec';
import { json, send, SimClient } from './client';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

interface Started {
	child: ChildProcessWithoutNullStreams;
	info: { url: string; tokenUrl: string; tenantId: string; clientId: string; clientSecret: string; appKey: string };
}

/** Starts `simulator/cli.ts` and reads the JSON line it prints. */
function startCli(args: string[]): Promise<Started> {
	const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'simulator/cli.ts', ...args], { cwd: REPO_ROOT });
	return new Promise((resolve, reject) => {
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.once('exit', (code) => reject(new Error(`CLI exited with ${code}: ${stderr}`)));
		createInterface({ input: child.stdout }).once('line', (line) => resolve({ child, info: JSON.parse(line) as Started['info'] }));
	});
}

function exitCode(child: ChildProcessWithoutNullStreams): Promise<number | null> {
	return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function control(url: string, method: string, endpoint: string, body?: unknown) {
	return send(`${url}/_sim/${endpoint}`, {
		method,
		headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
}

describe('CLI and control endpoints', () => {
	let started: Started;

	beforeAll(async () => {
		started = await startCli(['--port', '0', '--seed', '9', '--jobs', '30', '--projects', '2', '--rate-limit', 'off', '--latency', '40']);
	});
	afterAll(async () => {
		if (started.child.exitCode === null) {
			const exited = exitCode(started.child);
			started.child.kill('SIGTERM');
			await exited;
		}
	});

	it('prints url, token URL and credentials as one JSON line; they work against the API', async () => {
		const { info } = started;
		expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(info.tokenUrl).toBe(`${info.url}/connect/token`);
		expect(info).toEqual({
			url: expect.any(String),
			tokenUrl: expect.any(String),
			tenantId: expect.stringMatching(/^\d+$/),
			clientId: expect.any(String),
			clientSecret: expect.any(String),
			appKey: expect.any(String),
		});
		const token = json(
			await send(info.tokenUrl, {
				method: 'POST',
				body: new URLSearchParams({ grant_type: 'client_credentials', client_id: info.clientId, client_secret: info.clientSecret }),
			}),
		).access_token as string;
		const requestedAt = Date.now();
		const jobs = await send(`${info.url}/jpm/v2/tenant/${info.tenantId}/jobs?includeTotal=true`, {
			headers: { Authorization: `Bearer ${token}`, 'ST-App-Key': info.appKey },
		});
		expect(Date.now() - requestedAt).toBeGreaterThanOrEqual(38);
		expect(jobs.status).toBe(200);
		expect(json(jobs).totalCount).toBe(30);
	});

	it('seeds, makes random changes, reports stats and feeds, and resets over HTTP', async () => {
		const { url, tenantId } = started.info;
		const info = json(await control(url, 'GET', 'info'));
		expect(info).toMatchObject({ url, tenants: [tenantId] });
		expect(json(await control(url, 'POST', 'seed', { jobs: 1000 }))).toMatchObject({ jobs: 1000, totalJobs: 1030 });
		const changes = json(await control(url, 'POST', 'changes', { count: 25 }));
		expect(Object.values(changes).reduce((sum: number, value) => sum + (value as number), 0)).toBe(25);
		const feeds = json(await control(url, 'GET', `feeds?tenantId=${tenantId}`));
		expect((feeds.feeds as Record<string, number>).jobs).toBeGreaterThanOrEqual(1030);
		const stats = json(await control(url, 'GET', 'stats'));
		expect(stats).toMatchObject({ tokensIssued: 1, requests: { Jobs_GetList: 1, Token: 1 } });
		await control(url, 'POST', 'reset', { sample: false });
		expect(json(await control(url, 'GET', 'stats')).totalRequests).toBe(0);
		expect((json(await control(url, 'GET', 'feeds')).tables as Record<string, number>).jobs).toBe(0);
		expect((await control(url, 'POST', 'changes', { count: 1, kinds: ['teleport'] })).status).toBe(400);
	});

	it('adds, lists and clears fault rules, which then act on API calls', async () => {
		const { url, tenantId, clientId, clientSecret, appKey } = started.info;
		const added = json(await control(url, 'POST', 'faults', { operationId: 'JobTypes_GetList', times: 1, fault: { type: 'status', status: 502 } }));
		expect(added.id).toEqual(expect.any(Number));
		expect((await control(url, 'POST', 'faults', { fault: { type: 'explode' } })).status).toBe(400);
		const token = json(
			await send(`${url}/connect/token`, {
				method: 'POST',
				body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }),
			}),
		).access_token as string;
		const headers = { Authorization: `Bearer ${token}`, 'ST-App-Key': appKey };
		const failed = await send(`${url}/jpm/v2/tenant/${tenantId}/job-types`, { headers });
		expect(failed.status).toBe(502);
		expect(validateSchema('ApiErrorResponse', failed.body)).toEqual([]);
		expect(json(await control(url, 'GET', 'faults'))).toEqual([expect.objectContaining({ id: added.id, fired: 1, remaining: 0 })]);
		expect((await send(`${url}/jpm/v2/tenant/${tenantId}/job-types`, { headers })).status).toBe(200);
		await control(url, 'POST', 'faults', { operationId: 'JobTypes_GetList', times: 5, fault: { type: 'status', status: 500 } });
		await control(url, 'DELETE', 'faults');
		expect((await send(`${url}/jpm/v2/tenant/${tenantId}/job-types`, { headers })).status).toBe(200);

		await control(url, 'POST', 'tokens/expire');
		expect((await send(`${url}/jpm/v2/tenant/${tenantId}/job-types`, { headers })).status).toBe(401);
	});

	it('adds tenants and clients, advances the clock, and changes settings at run time', async () => {
		const { url } = started.info;
		const tenant = json(await control(url, 'POST', 'tenants', { sample: { jobs: 3 } }));
		expect(tenant).toMatchObject({ tenantId: expect.stringMatching(/^\d+$/), clientId: expect.any(String) });
		const limited = json(await control(url, 'POST', 'clients', { tenantId: tenant.tenantId, scopes: ['tn.jpm.jobs:r'] }));
		expect(limited.tenantId).toBe(tenant.tenantId);
		const scope = json(
			await send(`${url}/connect/token`, {
				method: 'POST',
				body: new URLSearchParams({ grant_type: 'client_credentials', client_id: limited.clientId as string, client_secret: limited.clientSecret as string }),
			}),
		).scope;
		expect(scope).toBe('tn.jpm.jobs:r');
		const before = Date.parse(json(await control(url, 'GET', 'info')).now as string);
		const after = Date.parse(json(await control(url, 'POST', 'clock/advance', { ms: 3_600_000 })).now as string);
		expect(after - before).toBeGreaterThanOrEqual(3_600_000);
		expect(json(await control(url, 'PATCH', 'config', { latencyMs: 0, exportPageSize: 3 }))).toMatchObject({ latencyMs: 0, exportPageSize: 3 });
		expect((await control(url, 'GET', 'nowhere')).status).toBe(404);
	});

	it('stops cleanly on SIGTERM and SIGINT', async () => {
		const exited = exitCode(started.child);
		started.child.kill('SIGTERM');
		expect(await exited).toBe(0);
		const second = await startCli(['--port', '0', '--no-sample']);
		const secondExit = exitCode(second.child);
		second.child.kill('SIGINT');
		expect(await secondExit).toBe(0);
	});
});

describe('request log', () => {
	let simulator: Simulator;

	beforeAll(async () => {
		simulator = await startSimulator({ seed: 2, requestLogLimit: 3, rateLimitPerSecond: null });
	});
	afterAll(() => simulator.close());

	it('records method, path, raw and multi-valued query, headers, parsed body, operationId and status; capped', async () => {
		const client = new SimClient(simulator);
		await client.call('BudgetCodes_MatchCompanyBudgetCodes', { query: { codes: ['15.100-L', '15.100-M'] } });
		const entry = simulator.requestLog.at(-1);
		expect(entry).toMatchObject({
			method: 'GET',
			path: `/jpm/v2/tenant/${simulator.tenant.tenantId}/work-breakdown-structure/budget-codes/match`,
			rawQuery: 'codes=15.100-L&codes=15.100-M',
			query: { codes: ['15.100-L', '15.100-M'] },
			operationId: 'BudgetCodes_MatchCompanyBudgetCodes',
			tenantId: simulator.tenant.tenantId,
			status: 200,
		});
		expect(entry?.headers['st-app-key']).toBe(simulator.tenant.appKey);
		const token = simulator.requestLog.find((candidate) => candidate.operationId === 'Token');
		expect(token?.body).toMatchObject({ grant_type: 'client_credentials', client_secret: '***' });

		await client.call('Jobs_CreateNote', { pathParams: { id: simulator.store.data.jobs.idOf(0) }, body: { text: 'Logged' } });
		expect(simulator.requestLog.at(-1)).toMatchObject({ method: 'POST', body: { text: 'Logged' }, operationId: 'Jobs_CreateNote' });
		for (let index = 0; index < 5; index++) await client.call('ProjectTypes_GetList');
		expect(simulator.requestLog).toHaveLength(3);

		simulator.configure({ requestLogLimit: 0 });
		simulator.requestLog.length = 0;
		await client.call('ProjectTypes_GetList');
		expect(simulator.requestLog).toHaveLength(0);
	});
});
