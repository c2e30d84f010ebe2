/**
 * The queue-mode phase: n8n's distributed engine against the one limit ServiceTitan keeps per app
 * and tenant. n8n 2.40.7 main (EXECUTIONS_MODE=queue) and two workers (`--concurrency=1`, so two
 * executions started together run on the two workers side by side), PostgreSQL and Redis on
 * 127.0.0.1 (scripts/lib/queueCluster.ts), the package npm-installed into each process's user folder.
 *
 * One published workflow: Webhook (answers when the last node is done, with every item) → Split Out
 * of the posted items → ServiceTitan Appointment → Update Special Instructions, Continue On Fail, so
 * a failed item comes back as an item with `error` instead of ending the run.
 *
 *   figure:   two webhook calls at once, 600 appointments each (one execution per worker)
 *   baseline: the same 1,200 updates as one call (one execution, one worker), same run, same cluster
 *   bound:    1,200 requests / 60 per second = 20 s (target: figure ≤ 1.15× the bound)
 *
 * Run with the node's defaults, and again with "Processes Sharing the Limit" = 2 where the node has
 * that option.
 */
import { ServiceTitan } from '../nodes/ServiceTitan/ServiceTitan.node';
import { ensureN8n, N8nRest, packPackage, tempFolder } from '../scripts/lib/n8n';
import { QueueCluster } from '../scripts/lib/queueCluster';
import type { RemoteSimulator } from './lib';
import { median, RATE_LIMIT, sleep, timed } from './lib';
import type { Log, Row } from './scenarios';
import { BrokenRun, changeableAppointments, seconds } from './scenarios';

const CREDENTIAL = { id: 'stBenchQueueCred1', name: 'ServiceTitan (queue benchmark)' };
const OWNER = { email: 'bench-queue@n8n-nodes-servicetitan.dev', password: 'Bench-Queue-Password-1' };
const WORKFLOW_ID = 'stBenchQueueUpdates';
const WEBHOOK_PATH = 'st-bench-queue-updates';
const PER_WORKER = 600;
const WORKERS = 2;
const TARGET = 1.15;
const MAX_429_SHARE = 0.05;

/** Whether this build of the node has the option (issue 12's per-process share of the limit). */
function hasOption(name: string): boolean {
	const options = new ServiceTitan().description.properties.filter((property) => property.name === 'options');
	return options.some((property) => (property.options ?? []).some((option) => 'name' in option && option.name === name));
}

function workflow(withShare: boolean): object {
	return {
		id: WORKFLOW_ID,
		name: 'Benchmark: appointment updates posted to a webhook',
		nodes: [
			{
				id: `${WORKFLOW_ID}-hook`,
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: `${WORKFLOW_ID}-hook`,
				parameters: { httpMethod: 'POST', path: WEBHOOK_PATH, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
			},
			{
				id: `${WORKFLOW_ID}-split`,
				name: 'Split Out',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [220, 0],
				parameters: { fieldToSplitOut: 'body.items', options: {} },
			},
			{
				id: `${WORKFLOW_ID}-st`,
				name: 'ServiceTitan',
				type: 'n8n-nodes-servicetitan.serviceTitan',
				typeVersion: 1,
				position: [440, 0],
				onError: 'continueRegularOutput',
				parameters: {
					resource: 'appointment',
					operation: 'updateSpecialInstructions',
					appointmentId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
					specialInstructions: '={{ $json.text }}',
					// The webhook body gives the share, so one published workflow serves every variant.
					options: withShare ? { processesSharing: '={{ $("Webhook").first().json.body.processesSharing }}' } : {},
				},
				credentials: { serviceTitanApi: CREDENTIAL },
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
			'Split Out': { main: [[{ node: 'ServiceTitan', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

interface CallResult {
	items: number;
	failed: number;
	wrong: number;
}

async function callWebhook(url: string, items: Array<{ id: number; text: string }>, processesSharing: number): Promise<CallResult> {
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ items, processesSharing }) });
	const text = await response.text();
	if (!response.ok) throw new BrokenRun(`the webhook answered ${response.status}: ${text.slice(0, 300)}`);
	const output = JSON.parse(text) as Array<{ id?: number; specialInstructions?: string; error?: unknown }>;
	const expected = new Map(items.map((item) => [item.id, item.text]));
	return {
		items: output.length,
		failed: output.filter((item) => item.error !== undefined).length,
		wrong: output.filter((item) => item.error === undefined && expected.get(Number(item.id)) !== item.specialInstructions).length,
	};
}

interface Measured {
	ms: number;
	requests: number;
	rateLimited: number;
	tokens: number;
	failed: number;
	workers: number;
	/** From the first request's arrival at the simulator to the last one's: the paced part of the run. */
	spanMs: number;
}

export async function queueModePhase(sim: RemoteSimulator, version: string, rounds: number, log: Log): Promise<Row[]> {
	const total = PER_WORKER * WORKERS;
	const boundMs = (total / RATE_LIMIT) * 1000;
	log(`Queue mode: n8n ${version} main + ${WORKERS} workers (PostgreSQL, Redis), ${WORKERS} × ${PER_WORKER} appointment updates at once`);
	await sim.reset(Math.ceil(total * 4));
	const ids = await changeableAppointments(sim, total);
	const install = await ensureN8n(version, log);
	const folder = tempFolder('st-bench-queue-');
	let cluster: QueueCluster | undefined;
	try {
		const tarball = await packPackage(folder.path, { build: true });
		// Executions are saved (n8n's default): in queue mode main builds the webhook's answer from the saved run.
		cluster = await QueueCluster.prepare({ install, tarball, workers: WORKERS, workerConcurrency: 1, progress: (line) => log(`  ${line}`) });
		const { url, tokenUrl, tenantId, clientId, clientSecret, appKey } = sim.info;
		await cluster.cli.importCredentials([{ ...CREDENTIAL, type: 'serviceTitanApi', data: { environment: 'custom', apiBaseUrl: url, tokenUrl, tenantId, clientId, clientSecret, appKey } }]);
		const withShare = hasOption('processesSharing');
		await cluster.cli.importWorkflows([workflow(withShare) as { id: string }]);
		await cluster.cli.publishWorkflow(WORKFLOW_ID);
		log('  starting main and workers');
		await cluster.start();
		const running = cluster;
		const main = running.main;
		if (!main) throw new BrokenRun('the main process did not start');
		// The webhook is registered once the publication is activated, a moment after the editor answers.
		const rest = new N8nRest(main.url);
		await rest.ownerSetupOrLogin(OWNER);
		await main.waitForActivation(rest, WORKFLOW_ID);
		const hook = `${main.url}/webhook/${WEBHOOK_PATH}`;

		let round = 0;
		/** `calls` webhook calls at once, splitting `ids`; timed from the first call to the last answer. */
		const measure = async (calls: number, processesSharing: number): Promise<Measured> => {
			round += 1;
			const batches = Array.from({ length: calls }, (_, index) => ids.slice((index * total) / calls, ((index + 1) * total) / calls).map((id, n) => ({ id, text: `Queue round ${round}: ${n}` })));
			// The simulator's limit counts a sliding second: start from a quiet one.
			await sleep(1100);
			await sim.clearRequests();
			const before = await sim.stats();
			const executionsBefore = running.executionsByWorker();
			const { ms, value } = await timed(() => Promise.all(batches.map((batch) => callWebhook(hook, batch, processesSharing))));
			const after = await sim.stats();
			const items = value.reduce((sum, result) => sum + result.items, 0);
			const wrong = value.reduce((sum, result) => sum + result.wrong, 0);
			if (items !== total || wrong > 0) throw new BrokenRun(`${items} items came back for ${total} updates, ${wrong} without the text written`);
			const byWorker = running.executionsByWorker();
			const ran = [...byWorker].filter(([id]) => !executionsBefore.has(id));
			if (ran.length !== calls) throw new BrokenRun(`${calls} webhook calls, but the workers logged ${ran.length} executions`);
			const operation = 'Appointments_UpdateSpecialInstructions';
			const arrivals = (await sim.requests(operation)).map((entry) => Date.parse(entry.at) - entry.durationMs);
			return {
				spanMs: Math.max(...arrivals) - Math.min(...arrivals),
				ms,
				requests: (after.requests[operation] ?? 0) - (before.requests[operation] ?? 0),
				rateLimited: after.rateLimited - before.rateLimited,
				tokens: after.tokenRequests - before.tokenRequests,
				failed: value.reduce((sum, result) => sum + result.failed, 0),
				workers: new Set(ran.map(([, worker]) => worker)).size,
			};
		};

		const variants = [{ label: 'defaults', processesSharing: 1 }, ...(withShare ? [{ label: 'Processes Sharing the Limit = 2', processesSharing: 2 }] : [])];
		if (variants.length === 1) log('  this build has no "Processes Sharing the Limit" option: the defaults only');
		log('  warm-up (a token, sockets, each worker once)');
		await measure(WORKERS, 1);
		const rows: Row[] = [];
		for (const variant of variants) {
			const spread: Measured[] = [];
			const single: Measured[] = [];
			for (let index = 1; index <= rounds; index++) {
				const order: Array<[number, Measured[]]> = index % 2 === 1 ? [[WORKERS, spread], [1, single]] : [[1, single], [WORKERS, spread]];
				// Both workers' share applies only to the two-worker run; one worker alone may use the whole limit.
				for (const [calls, list] of order) list.push(await measure(calls, calls === 1 ? 1 : variant.processesSharing));
				const last = (list: Measured[]) => list[list.length - 1];
				log(
					`  ${variant.label}, round ${index}: ${WORKERS} workers ${seconds(last(spread).ms)} (${last(spread).rateLimited} × 429 of ${last(spread).requests}), ` +
						`1 worker ${seconds(last(single).ms)} (${last(single).rateLimited} × 429 of ${last(single).requests})`,
				);
			}
			const summary = (list: Measured[]) => ({
				ms: median(list.map((entry) => entry.ms)),
				share: Math.max(...list.map((entry) => entry.rateLimited / Math.max(1, entry.requests))),
				limited: Math.max(...list.map((entry) => entry.rateLimited)),
				requests: Math.max(...list.map((entry) => entry.requests)),
				failed: Math.max(...list.map((entry) => entry.failed)),
				tokens: list.reduce((sum, entry) => sum + entry.tokens, 0),
				workers: Math.min(...list.map((entry) => entry.workers)),
				spanMs: median(list.map((entry) => entry.spanMs)),
			});
			const two = summary(spread);
			const one = summary(single);
			const ratio = two.ms / boundMs;
			const pct = (share: number) => `${(share * 100).toFixed(1)} %`;
			rows.push({
				scenario: `Queue mode, ${WORKERS} workers × ${PER_WORKER} appointment updates at once (${variant.label})`,
				figure: `${seconds(two.ms)}; ${two.failed} failed; ${two.limited} × 429 of ${two.requests} requests (${pct(two.share)}); ${two.tokens} token requests in ${spread.length} round(s)`,
				baseline: `bound ${total} / ${RATE_LIMIT} per s = ${seconds(boundMs)}; same run, 1 worker × ${total}: ${seconds(one.ms)}, ${one.limited} × 429 (${pct(one.share)}), ${one.failed} failed`,
				ratio,
				target: TARGET,
				notes: `429s ≤ ${pct(MAX_429_SHARE)}: ${two.share <= MAX_429_SHARE ? 'yes' : 'no'}; 0 failed: ${two.failed === 0 ? 'yes' : 'no'}; executions on ${two.workers} distinct workers; requests spread over ${seconds(two.spanMs)} (${Math.round(two.requests / (two.spanMs / 1000))}/s) vs 1 worker ${seconds(one.spanMs)}; rounds ${spread.map((entry) => (entry.ms / 1000).toFixed(1)).join(', ')} s vs 1 worker ${single.map((entry) => (entry.ms / 1000).toFixed(1)).join(', ')} s`,
				analysis:
					`Queue mode (${variant.label}): two workers sharing the tenant took ${seconds(two.ms)}, ${ratio.toFixed(2)}× the ${seconds(boundMs)} bound (target ≤ ${TARGET}×: ${ratio <= TARGET ? 'met' : 'missed'}), ` +
					`${pct(two.share)} of requests answered 429 (target ≤ ${pct(MAX_429_SHARE)}: ${two.share <= MAX_429_SHARE ? 'met' : 'missed'}), ${two.failed} failed items, ${two.tokens} token requests over ${spread.length} round(s). ` +
					`The same ${total} updates through one worker took ${seconds(one.ms)} (${(one.ms / boundMs).toFixed(2)}× the bound, ${pct(one.share)} 429s). ` +
					`The requests themselves were spread over ${seconds(two.spanMs)} with two workers and ${seconds(one.spanMs)} with one; the rest of each run is n8n's own work (webhook, queue, reading and checking the items, saving the execution, answering). ` +
					'Each worker paces only itself: without a share of the limit, two workers together offer up to twice what one process may send, and the tenant answers the excess with 429.',
			});
		}
		return rows;
	} finally {
		await cluster?.stop();
		folder.dispose();
	}
}
