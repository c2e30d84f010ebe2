/**
 * The package in n8n's queue mode, end to end: PostgreSQL and Redis from Debian, n8n 2.40.7 main
 * (`n8n start`, EXECUTIONS_MODE=queue) and two `n8n worker` processes sharing one encryption key and
 * one database, the package installed into each process's own `~/.n8n/nodes` with npm (n8n's manual
 * install), the simulator in this process.
 *
 * Two published workflows watch the same jobs feed: ServiceTitan Trigger → a ServiceTitan action
 * (Job Get in one, Job Get Booked Log in the other) → an HTTP Request node reporting each item to a
 * collector here. Both poll at seconds 0, 20 and 40 of every minute (three Custom poll times: n8n 2.40
 * refuses one cron that fires more than once a minute), so each poll starts two executions at once;
 * with `--concurrency=1` per worker they run on the two workers side by side. Over several polls
 * with jobs changed in the simulator in between, the test checks:
 * - every change the simulator recorded is emitted exactly once per workflow, nothing else;
 * - every execution was enqueued by main and run by a worker (the workers' own log lines);
 * - the trigger's stored position (static data read from Postgres about once a second during the
 *   whole run) never goes backwards and ends where the simulator's feed ends;
 * - tokens: one token request for the whole run until the simulator revokes every token while both
 *   workers are mid-execution; then one more per worker that met the revoked token, and no more.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import { EXAMPLE_CREDENTIAL, serviceTitanCredential, type Workflow } from '../../scripts/lib/examples';
import { ensureN8n, killStartedProcesses, packPackage, REPO_ROOT, tempFolder } from '../../scripts/lib/n8n';
import { QueueCluster } from '../../scripts/lib/queueCluster';
import { type Simulator, startSimulator } from '../../simulator';
import { isoUtc } from '../../simulator/clock';

const N8N_VERSION = '2.40.7';
const LOG_DIR = process.env.ST_QUEUE_LOG_DIR ?? path.join(REPO_ROOT, '.tmp', 'queue-logs');
const TRIGGER = 'ServiceTitan Trigger';
/** Seconds 0, 20 and 40 of every minute: each cron alone is minute-granular, as n8n 2.40 requires. */
const POLL_TIMES = { item: [0, 20, 40].map((second) => ({ mode: 'custom', cronExpression: `${second} * * * * *` })) };
/** A poll cycle is 20 s; a batch of changes shows up within one cycle plus the executions. */
const CYCLE_WAIT_MS = 90_000;

interface WatchedWorkflow {
	id: string;
	/** The action's operation, as the simulator logs it. */
	operationId: string;
	operation: string;
}
const WORKFLOWS: WatchedWorkflow[] = [
	{ id: 'stQueueJobGet', operationId: 'Jobs_Get', operation: 'get' },
	{ id: 'stQueueBookedLog', operationId: 'Jobs_GetBookedLog', operation: 'getBookedLog' },
];

interface Reported {
	workflowId: string;
	executionId: string;
	/** `id|modifiedOn` of the change the trigger emitted. */
	change: string;
	/** The `id` of the action's answer for that item: the job's, or its booked log's. */
	actionId: number;
}

function startCollector(): Promise<{ server: Server; url: string; items: Reported[] }> {
	const items: Reported[] = [];
	const server = createServer((req, res) => {
		let body = '';
		req.on('data', (chunk: Buffer) => (body += chunk.toString()));
		req.on('end', () => {
			items.push(JSON.parse(body) as Reported);
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end('{"ok":true}');
		});
	});
	return new Promise((resolve) =>
		server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/reported`, items })),
	);
}

function watchingWorkflow(watched: WatchedWorkflow, collectorUrl: string): Workflow {
	const credentials = { serviceTitanApi: { ...EXAMPLE_CREDENTIAL } };
	return {
		id: watched.id,
		name: `Queue mode: jobs feed → ${watched.operationId}`,
		nodes: [
			{
				id: `${watched.id}-1`,
				name: TRIGGER,
				type: 'n8n-nodes-servicetitan.serviceTitanTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: { pollTimes: POLL_TIMES, feed: 'jobs', start: 'now', simplify: false },
				credentials,
			},
			{
				id: `${watched.id}-2`,
				name: 'ServiceTitan',
				type: 'n8n-nodes-servicetitan.serviceTitan',
				typeVersion: 1,
				position: [220, 0],
				parameters: { resource: 'job', operation: watched.operation, jobId: { __rl: true, mode: 'id', value: '={{ $json.id }}' }, options: { maxConcurrency: 2 } },
				credentials,
			},
			{
				id: `${watched.id}-3`,
				name: 'Report',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [440, 0],
				parameters: {
					method: 'POST',
					url: collectorUrl,
					sendBody: true,
					specifyBody: 'json',
					jsonBody: `={{ JSON.stringify({ workflowId: $workflow.id, executionId: $execution.id, change: $('${TRIGGER}').item.json.id + '|' + $('${TRIGGER}').item.json.modifiedOn, actionId: $json.id }) }}`,
					options: {},
				},
			},
		],
		connections: {
			[TRIGGER]: { main: [[{ node: 'ServiceTitan', type: 'main', index: 0 }]] },
			ServiceTitan: { main: [[{ node: 'Report', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

/** The feed position a stored cursor reads from: the simulator's token payload `p`; -1 for a date (armed, nothing read yet). */
function positionOf(staticData: unknown): number | undefined {
	const cursor = ((staticData as Record<string, { cursor?: { from?: string } }> | null)?.[`node:${TRIGGER}`])?.cursor;
	if (!cursor) return undefined;
	const from = cursor.from;
	if (from === undefined || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(from)) return -1;
	const payload = JSON.parse(Buffer.from(from.split('.')[0], 'base64url').toString('utf8')) as { p: number };
	return payload.p;
}

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs: number, describe: () => string = () => ''): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${describe()}`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

describe(`n8n ${N8N_VERSION} in queue mode: main + 2 workers, PostgreSQL, Redis`, () => {
	let sim: Simulator;
	let cluster: QueueCluster | undefined;
	let collector: Awaited<ReturnType<typeof startCollector>>;
	const packFolder = tempFolder('st-queue-pack-');
	/** Every change made, per batch, as `id|modifiedOn` (what the simulator recorded). */
	const batches: string[][] = [];
	/** Positions read from Postgres over the run, per workflow, in order. */
	const positions = new Map<string, number[]>(WORKFLOWS.map((workflow) => [workflow.id, []]));
	let sampling = true;
	let sampler: Promise<void> | undefined;
	const timings: string[] = [];
	const started = Date.now();
	const mark = (what: string) => timings.push(`${what} at ${((Date.now() - started) / 1000).toFixed(1)}s`);

	const readPositions = async (): Promise<Map<string, number | undefined>> => {
		const rows = await (cluster as QueueCluster).postgres.sql(`SELECT id, "staticData" FROM workflow_entity WHERE id IN (${WORKFLOWS.map((workflow) => `'${workflow.id}'`).join(', ')})`);
		const result = new Map<string, number | undefined>();
		for (const line of rows.trim().split('\n').filter(Boolean)) {
			const [id, json] = line.split('\t');
			result.set(id, json ? positionOf(JSON.parse(json)) : undefined);
		}
		return result;
	};
	const samplePositions = async () => {
		for (const [id, position] of await readPositions()) if (position !== undefined) positions.get(id)?.push(position);
	};

	const changeJobs = (ids: number[], label: string): string[] => {
		const changed = ids.map((id) => {
			const record = sim.store.jobs.update(id, { summary: `<p>${label}</p>` });
			return `${record.id}|${isoUtc(record.modifiedOn)}`;
		});
		batches.push(changed);
		return changed;
	};
	const reportedFor = (workflowId: string) => collector.items.filter((item) => item.workflowId === workflowId);
	const madeSoFar = () => batches.flat();
	const waitForBatch = async (what: string) => {
		const expected = madeSoFar().length;
		await waitFor(
			`${what}: ${expected} changes reported by each workflow`,
			() => WORKFLOWS.every((workflow) => reportedFor(workflow.id).length >= expected),
			CYCLE_WAIT_MS,
			() => `reported: ${WORKFLOWS.map((workflow) => `${workflow.id} ${reportedFor(workflow.id).length}`).join(', ')}\n--- main (tail)\n${cluster?.main?.logs.slice(-3000) ?? ''}\n--- workers (tail)\n${cluster?.workers.map((worker) => `${worker.name}: ${worker.logs.slice(-1500)}`).join('\n') ?? ''}`,
		);
		mark(what);
	};
	const feedReads = () => sim.requestLog.filter((request) => request.operationId === 'Export_Jobs').length;
	const tokenRequests = () => sim.stats.snapshot().tokenRequests;
	const jobIds = () => sim.store.data.jobs.toArray().map((job) => job.id);
	const expectedActionId = (workflow: WatchedWorkflow, jobId: number) => {
		const job = sim.store.data.jobs.get(jobId);
		return workflow.operation === 'get' ? job?.id : job?.bookedLog.id;
	};

	beforeAll(async () => {
		const log = (line: string) => console.log(`[queue setup] ${line}`);
		// 100 ms per answer, as a distant API; the default limit (60 requests/s) holds.
		sim = await startSimulator({ port: 0, sample: { jobs: 60, projects: 0 }, latencyMs: 100, requestLogLimit: 20_000 });
		collector = await startCollector();
		const install = await ensureN8n(N8N_VERSION, log);
		// scripts/queue.sh builds once and sets ST_QUEUE_SKIP_BUILD=1.
		const tarball = await packPackage(packFolder.path, { build: process.env.ST_QUEUE_SKIP_BUILD !== '1' });
		cluster = await QueueCluster.prepare({ install, tarball, workers: 2, workerConcurrency: 1, progress: log });
		mark('Postgres, Redis and the package in three user folders');
		const target = { ...sim.tenant, apiBaseUrl: sim.url, tokenUrl: sim.tokenUrl };
		// The first CLI command migrates the database; the workers start while the workflows are imported.
		await cluster.cli.importCredentials([serviceTitanCredential(target)]);
		mark('database migrated, credential imported');
		const workersReady = cluster.startWorkers();
		await cluster.cli.importWorkflows(WORKFLOWS.map((workflow) => watchingWorkflow(workflow, collector.url)));
		await Promise.all(WORKFLOWS.map((workflow) => cluster?.cli.publishWorkflow(workflow.id)));
		mark('workflows imported and published');
		// A running main only sees a publish after a restart: it starts last.
		await Promise.all([workersReady, cluster.startMain()]);
		mark('main and two workers ready');
		log(`main PID ${cluster.main?.pid}, workers ${cluster.workers.map((worker) => `${worker.name} PID ${worker.pid}`).join(', ')}`);
		sampler = (async () => {
			while (sampling) {
				await samplePositions();
				await new Promise((resolve) => setTimeout(resolve, 1000));
			}
		})();
	}, 600_000);

	afterAll(async () => {
		sampling = false;
		await sampler?.catch(() => undefined);
		const logs = cluster?.logs() ?? {};
		await cluster?.stop();
		killStartedProcesses();
		mkdirSync(LOG_DIR, { recursive: true });
		for (const [name, text] of Object.entries(logs)) writeFileSync(path.join(LOG_DIR, `${name}.log`), text);
		await new Promise<void>((resolve) => (collector ? collector.server.close(() => resolve()) : resolve()));
		await sim?.close();
		packFolder.dispose();
		console.log(`[queue] timeline: ${timings.join('; ')}`);
	}, 180_000);

	it('arms both triggers at activation without reading the feed or asking for a token', async () => {
		// The activation poll of "From now on" records the moment and reads nothing.
		await waitFor('both cursors armed in Postgres', async () => [...(await readPositions()).values()].filter((position) => position === -1).length === 2, 60_000);
		expect(feedReads()).toBe(0);
		expect(tokenRequests()).toBe(0);
	});

	it('emits changes made between polls once per workflow, run on the workers, one token for all', async () => {
		const ids = jobIds();
		changeJobs(ids.slice(0, 3), 'batch 1');
		await waitForBatch('batch 1 reported');
		// Job 1 changes again (a new modifiedOn: a new change) with three others.
		changeJobs([ids[0], ...ids.slice(3, 6)], 'batch 2');
		await waitForBatch('batch 2 reported');

		for (const workflow of WORKFLOWS) {
			const reported = reportedFor(workflow.id);
			expect(reported.map((item) => item.change).sort()).toEqual(madeSoFar().sort());
			// The action read that job: its own id, or the id of the booked log the simulator keeps for it.
			const wrong = reported.filter((item) => item.actionId !== expectedActionId(workflow, Number(item.change.split('|')[0])));
			expect(wrong).toEqual([]);
		}
		// Main polled and fetched the one token; the workers used the one stored in the credential.
		expect(tokenRequests()).toBe(1);
	});

	it('starts nothing on a poll with no changes, and the stored positions stay where the feed ends', async () => {
		const reads = feedReads();
		const reportedBefore = collector.items.length;
		// One full poll cycle: both workflows read the feed once more.
		await waitFor('one more poll of both workflows', () => feedReads() >= reads + 2, CYCLE_WAIT_MS);
		await new Promise((resolve) => setTimeout(resolve, 3_000));
		mark('an idle poll');
		expect(collector.items.length).toBe(reportedBefore);
		const stored = await readPositions();
		for (const workflow of WORKFLOWS) expect(stored.get(workflow.id)).toBe(sim.store.data.feeds.jobs.length);
	});

	it('a token revoked while both workers run costs one token request per worker, and every change still arrives once', async () => {
		const ids = jobIds();
		const logStart = sim.requestLog.length;
		const tokensBefore = tokenRequests();
		// Revoke every token once both executions are under way (a few action requests each).
		let revokedAt = -1;
		const watcher = setInterval(() => {
			const since = sim.requestLog.slice(logStart);
			const started = WORKFLOWS.every((workflow) => since.filter((request) => request.operationId === workflow.operationId && request.status === 200).length >= 3);
			if (started && revokedAt < 0) {
				revokedAt = sim.requestLog.length;
				sim.expireTokens();
			}
		}, 5);
		try {
			changeJobs(ids.slice(10, 50), 'batch 3');
			await waitForBatch('batch 3 reported (token revoked mid-run)');
		} finally {
			clearInterval(watcher);
		}
		expect(revokedAt).toBeGreaterThanOrEqual(logStart);

		// Which worker ran each workflow's batch-3 execution, and which of them met the revoked token.
		const byWorker = (cluster as QueueCluster).executionsByWorker();
		const batch3 = new Set(batches[2]);
		const executionOf = (workflowId: string) => {
			const executions = new Set(reportedFor(workflowId).filter((item) => batch3.has(item.change)).map((item) => item.executionId));
			expect(executions.size).toBe(1);
			return [...executions][0];
		};
		const refusedAfterRevoke = sim.requestLog.slice(revokedAt).filter((request) => request.status === 401);
		const workersThatMetIt = new Set(
			WORKFLOWS.filter((workflow) => refusedAfterRevoke.some((request) => request.operationId === workflow.operationId)).map((workflow) => byWorker.get(executionOf(workflow.id))),
		);
		// Both executions were running on two different workers when the tokens went.
		expect(new Set(WORKFLOWS.map((workflow) => byWorker.get(executionOf(workflow.id)))).size).toBe(2);
		expect(workersThatMetIt.size).toBe(2);
		// One token request per worker that met it: no storm of one per item (40 items each).
		expect(tokenRequests() - tokensBefore).toBe(workersThatMetIt.size);
		for (const workflow of WORKFLOWS) expect(reportedFor(workflow.id).map((item) => item.change).sort()).toEqual(madeSoFar().sort());
	});

	it('ran every execution on a worker, enqueued by main, and never moved a stored position backwards', async () => {
		const done = cluster as QueueCluster;
		const byWorker = done.executionsByWorker();
		const executions = [...new Set(collector.items.map((item) => item.executionId))];
		// Three batches, two workflows: one execution per workflow per batch.
		expect(executions).toHaveLength(6);
		for (const id of executions) {
			expect(byWorker.get(id)).toMatch(/^worker-[12]$/);
			expect(done.main?.logs).toContain(`Enqueued execution ${id} `);
		}
		expect(new Set(executions.map((id) => byWorker.get(id))).size).toBe(2);
		await waitFor('the workers to log every execution finished', () => done.workers.every((worker) => worker.finishedExecutions().length === worker.startedExecutions().length), 30_000);
		for (const worker of done.workers) expect(worker.finishedExecutions().sort()).toEqual(worker.startedExecutions().sort());

		await samplePositions();
		const feedEnd = sim.store.data.feeds.jobs.length;
		for (const workflow of WORKFLOWS) {
			const seen = positions.get(workflow.id) ?? [];
			const backwards = seen.filter((position, index) => index > 0 && position < seen[index - 1]);
			expect(backwards).toEqual([]);
			expect(seen[seen.length - 1]).toBe(feedEnd);
			// Exactly once across the whole run, per workflow.
			const changes = reportedFor(workflow.id).map((item) => item.change);
			expect(new Set(changes).size).toBe(changes.length);
			expect(changes.sort()).toEqual(madeSoFar().sort());
		}
		console.log(
			`[queue] changes made ${madeSoFar().length} in ${batches.length} batches; emitted per workflow ${WORKFLOWS.map((workflow) => `${workflow.id} ${reportedFor(workflow.id).length}`).join(', ')}; ` +
				`executions ${executions.length} (${done.workers.map((worker) => `${worker.name} ${worker.startedExecutions().length}`).join(', ')}); token requests ${tokenRequests()}; ` +
				`positions sampled ${[...positions.values()].map((list) => list.length).join('/')}`,
		);
	});
});
