/**
 * Under `n8n start` (the editor's REST API and published workflows), against the simulator:
 * - the credential's own test (POST /rest/credentials/test, as the editor's "Test" button) passes
 *   with good values and fails, with our message, for a wrong secret or a wrong app key;
 * - a published ServiceTitan Trigger workflow emits jobs created through the API exactly once,
 *   also across an n8n restart (records created while n8n is down come with the activation poll,
 *   earlier ones never again). Each emitted item is posted by an HTTP Request node to a collector
 *   here; executions are counted through the REST API.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import { EXAMPLE_CREDENTIAL, serviceTitanCredential, type Workflow } from '../../scripts/lib/examples';
import { N8nRest, type N8nServer } from '../../scripts/lib/n8n';
import { bookJobThroughApi, PRISM, SERVICE_TITAN_TRIGGER, useE2e } from './harness';

// includeRecentChanges re-delivers changes of the last 10 minutes on every poll: the trigger must
// drop what it already emitted, including after a restart.
const env = useE2e({ simulator: { recentWindowMs: 10 * 60 * 1000 } });
const OWNER = { email: 'e2e@example.com', password: 'E2e-Password-1' };
const TRIGGER_WORKFLOW = 'stE2eTriggerJobs';
const BAD_SECRET = { id: 'stCredBadSecret', name: 'ServiceTitan (wrong secret)', overrides: { clientSecret: 'not-the-secret-e2e' } };
const BAD_APP_KEY = { id: 'stCredBadAppKey', name: 'ServiceTitan (wrong app key)', overrides: { appKey: 'ak1.wrong-app-key' } };

/** 2.8.x accepts a cron with seconds (every 10 s); later versions allow one minute at least. */
function shortestPollTimes(version: string): Record<string, unknown> {
	const [major, minor] = version.split('.').map(Number);
	return major === 2 && minor < 9 ? { item: [{ mode: 'custom', cronExpression: '0-59/10 * * * * *' }] } : { item: [{ mode: 'everyMinute' }] };
}
const POLL_WAIT_MS = (version: string) => (shortestPollTimes(version).item as Array<{ mode: string }>)[0].mode === 'custom' ? 60_000 : 150_000;

interface Emitted {
	jobId: number;
	modifiedOn: string;
	executionId: string;
}

function startCollector(): Promise<{ server: Server; url: string; items: Emitted[] }> {
	const items: Emitted[] = [];
	const server = createServer((req, res) => {
		let body = '';
		req.on('data', (chunk: Buffer) => (body += chunk.toString()));
		req.on('end', () => {
			items.push(JSON.parse(body) as Emitted);
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end('{"ok":true}');
		});
	});
	return new Promise((resolve) =>
		server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/emitted`, items })),
	);
}

function triggerWorkflow(version: string, collectorUrl: string): Workflow {
	return {
		id: TRIGGER_WORKFLOW,
		name: 'E2E: ServiceTitan Trigger on the jobs feed',
		nodes: [
			{
				id: 'e2e-trigger-1',
				name: 'ServiceTitan Trigger',
				type: SERVICE_TITAN_TRIGGER,
				typeVersion: 1,
				position: [0, 0],
				parameters: { pollTimes: shortestPollTimes(version), feed: 'jobs', start: 'now', options: { includeRecentChanges: true } },
				credentials: { serviceTitanApi: { ...EXAMPLE_CREDENTIAL } },
			},
			{
				id: 'e2e-trigger-2',
				name: 'Report item',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [240, 0],
				parameters: {
					method: 'POST',
					url: collectorUrl,
					sendBody: true,
					specifyBody: 'json',
					jsonBody: '={{ JSON.stringify({ jobId: $json.id, modifiedOn: $json.modifiedOn, executionId: $execution.id }) }}',
					options: {},
				},
			},
		],
		connections: { 'ServiceTitan Trigger': { main: [[{ node: 'Report item', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

const createJobThroughApi = async (): Promise<number> => (await bookJobThroughApi(env.sim, 'Booked by another client while n8n watches')).id;

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs: number, server?: N8nServer): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${server ? `\n--- n8n log (tail)\n${server.logs.slice(-4000)}` : ''}`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

const feedReads = () => env.sim.requestLog.filter((request) => request.operationId === 'Export_Jobs').length;

describe(`n8n ${process.env.N8N_E2E_VERSION ?? 'default'} server${PRISM ? ' behind Prism' : ''}: credential test and trigger`, () => {
	let collector: Awaited<ReturnType<typeof startCollector>>;
	let server: N8nServer;
	let rest: N8nRest;

	beforeAll(async () => {
		collector = await startCollector();
		await env.n8n.importCredentials(
			[BAD_SECRET, BAD_APP_KEY].map(({ id, name, overrides }) => serviceTitanCredential({ ...env.target, ...overrides }, { id, name })),
		);
		await env.n8n.importWorkflows([triggerWorkflow(env.state.version, collector.url)]);
		await env.n8n.publishWorkflow(TRIGGER_WORKFLOW);
		server = await env.n8n.start();
		rest = new N8nRest(server.url);
		await rest.ownerSetupOrLogin(OWNER);
	}, 400_000);

	afterAll(async () => {
		await server?.stop();
		if (process.env.N8N_E2E_LOG_DIR && server) {
			mkdirSync(process.env.N8N_E2E_LOG_DIR, { recursive: true });
			writeFileSync(path.join(process.env.N8N_E2E_LOG_DIR, `n8n-${env.state.version}${PRISM ? '-prism' : ''}-server.log`), server.allLogs);
		}
		await new Promise<void>((resolve) => (collector ? collector.server.close(() => resolve()) : resolve()));
	}, 120_000);

	afterEach(() => env.expectNoContractViolations());

	describe('the credential test (POST /rest/credentials/test)', () => {
		// What the editor does: save the credential, then test it. (Testing *unsaved* values of a
		// credential with preAuthentication makes n8n store them with the fresh token, so the wrong
		// values live in credentials of their own here, never in the one the trigger uses.)
		const testSaved = async (identity: { id: string; name: string }, overrides: Record<string, string> = {}) => {
			const credential = serviceTitanCredential({ ...env.target, ...overrides }, identity);
			return await rest.ok<{ status: string; message: string }>('POST', '/credentials/test', {
				credentials: { id: credential.id, name: credential.name, type: credential.type, data: credential.data },
			});
		};

		it('passes with good values, calling job types with both headers', async () => {
			const since = env.sim.requestLog.length;
			await expect(testSaved(EXAMPLE_CREDENTIAL)).resolves.toEqual(expect.objectContaining({ status: 'OK' }));
			const [probe] = env.apiRequests(since).filter((request) => request.operationId === 'JobTypes_GetList');
			expect(probe).toBeDefined();
			expect(probe.query.pageSize).toEqual(['1']);
			expect(probe.headers.authorization).toMatch(/^Bearer \S+$/);
			expect(probe.headers['st-app-key']).toBe(env.sim.tenant.appKey);
		});

		it('fails with a wrong client secret, naming the client ID or secret and never the secret', async () => {
			const result = await testSaved(BAD_SECRET, BAD_SECRET.overrides);
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/Client ID or Client Secret/);
			expect(result.message).not.toContain(BAD_SECRET.overrides.clientSecret);
		});

		it('fails with a wrong app key, pointing at the App Key', async () => {
			const result = await testSaved(BAD_APP_KEY, BAD_APP_KEY.overrides);
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/App Key/);
		});
	});

	describe('a published ServiceTitan Trigger workflow', () => {
		const batchA: number[] = [];
		const batchB: number[] = [];
		const pollWait = () => POLL_WAIT_MS(env.state.version);

		it('emits jobs created through the API once', async () => {
			await server.waitForActivation(rest, TRIGGER_WORKFLOW);
			// The activation poll anchored "from now on"; give it a moment before the first change.
			await new Promise((resolve) => setTimeout(resolve, 2_000));
			for (let index = 0; index < 3; index += 1) batchA.push(await createJobThroughApi());
			await waitFor('the three jobs to be emitted', () => collector.items.length >= 3, pollWait(), server);
			expect(collector.items.map((item) => item.jobId).sort()).toEqual([...batchA].sort());
		});

		it('after a restart, emits what changed while n8n was down, and nothing twice', async () => {
			await server.stop();
			for (let index = 0; index < 2; index += 1) batchB.push(await createJobThroughApi());
			const readsBefore = feedReads();
			await server.start(180_000);
			// Every activation polls once: that poll brings batch B.
			await waitFor('the jobs created while n8n was down', () => collector.items.length >= 5, pollWait(), server);
			// One more scheduled poll (the feed re-delivers recent changes): nothing new may come out.
			const readsAfterCatchUp = feedReads();
			expect(readsAfterCatchUp).toBeGreaterThan(readsBefore);
			await waitFor('one more scheduled poll', () => feedReads() > readsAfterCatchUp, pollWait(), server);
			await new Promise((resolve) => setTimeout(resolve, 2_000));

			const emitted = collector.items.map((item) => item.jobId);
			expect([...emitted].sort()).toEqual([...batchA, ...batchB].sort());
			expect(new Set(emitted).size).toBe(emitted.length);

			// Two executions with items (a poll with nothing new starts none), both successful.
			await rest.ownerSetupOrLogin(OWNER);
			const executions = await rest.ok<{ results: Array<{ workflowId: string; status: string; mode: string }> }>('GET', '/executions');
			const ours = executions.results.filter((execution) => execution.workflowId === TRIGGER_WORKFLOW);
			expect(ours).toHaveLength(2);
			for (const execution of ours) expect(execution).toMatchObject({ status: 'success', mode: 'trigger' });
			expect(new Set(collector.items.map((item) => item.executionId)).size).toBe(2);
		});
	});
});
