/**
 * `npm run bench`: the benchmarks of issue 6 against the ServiceTitan simulator running as its own
 * process (100 ms latency, 60 requests/second per tenant, 429 with Retry-After above it). Prints a
 * table and writes docs/benchmarks.md (and bench/results/<time>.json).
 *
 *   npm run bench                         everything, 3 rounds (about 15-20 minutes)
 *   npm run bench -- --rounds 5           more rounds
 *   npm run bench -- --quick              smaller N and 1 round, to check the benchmark itself
 *   npm run bench -- --only bulk,export   some of: bulk, export, items, processes, trigger, n8n, queue
 *   npm run bench -- --no-n8n             without the real-n8n comparison
 *   npm run bench -- --no-queue           without the queue-mode phase (n8n main + 2 workers, PostgreSQL, Redis)
 *
 * Exits non-zero only when a measurement is broken (wrong counts, failed runs), never for a missed target.
 */
import './env';

import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';

import { Container } from '@n8n/di';
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';

import { DEFAULT_N8N_VERSION, killStartedProcesses } from '../scripts/lib/n8n';
import { LATENCY_MS, RATE_LIMIT, RemoteSimulator, SERVER_TIME_PER_RECORD_MS, useSimulatorCredential } from './lib';
import { parallelProcesses } from './processes';
import { queueModePhase } from './queueMode';
import { realN8nComparison } from './realN8n';
import { consoleTable, machine, markdown } from './report';
import type { Row } from './scenarios';
import { BrokenRun, bulkRead, exportWalk, manyItems, triggerMemory } from './scenarios';

const ROOT = join(__dirname, '..');
const PHASES = ['bulk', 'export', 'items', 'processes', 'trigger', 'n8n', 'queue'] as const;
type Phase = (typeof PHASES)[number];

function options() {
	const { values } = parseArgs({
		options: {
			rounds: { type: 'string' },
			quick: { type: 'boolean' },
			only: { type: 'string' },
			'no-n8n': { type: 'boolean' },
			'no-queue': { type: 'boolean' },
			'n8n-version': { type: 'string' },
			output: { type: 'string' },
		},
	});
	const quick = values.quick === true;
	const only = values.only ? (values.only.split(',').map((phase) => phase.trim()) as Phase[]) : [...PHASES];
	for (const phase of only) if (!PHASES.includes(phase)) throw new Error(`--only takes ${PHASES.join(', ')}; got ${phase}`);
	return {
		quick,
		rounds: Number(values.rounds ?? (quick ? 1 : 3)),
		phases: new Set(only.filter((phase) => !(phase === 'n8n' && values['no-n8n']) && !(phase === 'queue' && values['no-queue']))),
		n8nVersion: values['n8n-version'] ?? DEFAULT_N8N_VERSION,
		output: values.output ?? join(ROOT, 'docs', 'benchmarks.md'),
		bulkJobs: quick ? 20_000 : 100_000,
		exportRecords: quick ? 40_000 : 200_000,
		items: quick ? 300 : 3_000,
		perProcess: quick ? 150 : 600,
		sequentialItems: quick ? 30 : 300,
		backlogs: quick ? [20_000, 200_000] : [100_000, 1_000_000],
	};
}

const EXPORT_PAGE_SIZE = 5000;
const TRIGGER_CAPS = [1000, 20_000];

async function main(): Promise<number> {
	const settings = options();
	const log = (line: string) => console.log(line);
	const host = machine();
	const startedAt = new Date();
	const rows: Row[] = [];
	const broken: string[] = [];

	log(`Starting the simulator (latency ${LATENCY_MS} ms, ${RATE_LIMIT} requests/s per tenant) as its own process`);
	const sim = await RemoteSimulator.start();
	useSimulatorCredential(sim);
	const phases: Array<[Phase, () => Promise<Row[]>]> = [
		['bulk', () => bulkRead(sim, settings.bulkJobs, settings.rounds, log)],
		['export', () => exportWalk(sim, settings.exportRecords, EXPORT_PAGE_SIZE, settings.rounds, log)],
		['items', () => manyItems(sim, settings.items, settings.rounds, settings.sequentialItems, log)],
		['processes', () => parallelProcesses(sim, 2, settings.perProcess, settings.rounds, log)],
		['trigger', () => triggerMemory(sim, settings.backlogs, TRIGGER_CAPS, EXPORT_PAGE_SIZE, settings.rounds, log)],
		['n8n', () => realN8nComparison(sim, settings.n8nVersion, settings.bulkJobs, settings.rounds, log)],
		['queue', () => queueModePhase(sim, settings.n8nVersion, settings.rounds, log)],
	];
	// Never silently: a run without the queue-mode figures says so, here and in docs/benchmarks.md.
	const queueSkipped = settings.phases.has('queue') ? undefined : 'Queue mode: SKIPPED in this run (--no-queue, or --only without queue): no queue-mode figures.';
	if (queueSkipped) log(queueSkipped);
	try {
		for (const [phase, run] of phases) {
			if (!settings.phases.has(phase)) continue;
			try {
				rows.push(...(await run()));
			} catch (error) {
				const message = error instanceof Error ? error.message : String(error);
				broken.push(`${phase}: ${message}`);
				log(`BROKEN ${phase}: ${error instanceof BrokenRun ? message : (error as Error).stack ?? message}`);
			}
		}
	} finally {
		await sim.stop();
		killStartedProcesses();
	}

	host.loadAfter = loadavg();
	const durationMs = Date.now() - startedAt.getTime();
	log('');
	log(consoleTable(rows));
	for (const line of broken) log(`BROKEN: ${line}`);
	if (queueSkipped) log(queueSkipped);

	const howMeasured = [
		`Simulator: \`simulator/cli.ts\` as its own process (\`--latency ${LATENCY_MS} --rate-limit ${RATE_LIMIT} --server-time-per-record ${SERVER_TIME_PER_RECORD_MS}\`), driven through its \`/_sim\` control endpoints (reset with N seeded jobs, stats, request log). Over the limit it answers 429 with \`Retry-After: 1\`.`,
		`Server time is modelled as waiting, not as the simulator's own work: every answer waits ${LATENCY_MS} ms plus ${SERVER_TIME_PER_RECORD_MS} ms per record it carries (a page of 5000: ${LATENCY_MS + SERVER_TIME_PER_RECORD_MS * 5000} ms), and a paged read of unchanged data is sent from a cache of its encoded body (filled by each phase's warm-up). The real API serves pages on many machines at once; one simulator process on two shared cores rendering 5 MB pages would otherwise be what a concurrent read measures. Node and baselines wait for the same modelled time.`,
		'This package: the action node and the trigger run in the benchmark process through the in-process harness the tests use too (`scripts/lib/harness.ts`: n8n-core\'s `WorkflowExecute` and `PollContext`, the real transport with its default pacing and retries, the real credential with a token fetched once).',
		'Baselines: the same requests with Node\'s `fetch` and `JSON.parse` and nothing else (records kept in an array, one request after the other, no retries, no pacing), timed from the first request to the last record; the many-items baseline is the rate-limit bound itself (N / 60 per second).',
		`Rounds: one unmeasured warm-up of each side, then ${settings.rounds} measured round(s); node and baseline alternate (node first in odd rounds); medians quoted, every round listed in the notes.`,
		`Bulk read: Job Get Many, Return All (page size 5000, default Max Concurrent Requests 10) over ${settings.bulkJobs.toLocaleString('en-US')} seeded jobs, against a sequential plain-fetch loop over the same pages; requests counted by the simulator, the node's order checked record by record against the loop's.`,
		`Export walk: Export Jobs, "all" from the beginning, Max Items above the total, over ${settings.exportRecords.toLocaleString('en-US')} seeded records; the simulator serves export pages of ${EXPORT_PAGE_SIZE} (ServiceTitan chooses its export page size; the simulator's own default is 500, which would make both sides ten times as many round trips).`,
		`Many items: ${settings.items.toLocaleString('en-US')} input items, Appointment → Update Special Instructions with the ID and text from expressions, default options (10 concurrent, Requests per Second 60, Processes Sharing the Limit 1); every output item checked for order, pairedItem and the text written; 429s counted by the simulator. Sequential contrast: Max Concurrent Requests = 1 on ${settings.sequentialItems} items, extrapolated.`,
		`Several processes: 2 separate Node processes (\`bench/processRunner.ts\`), each running the action node through the harness with its own pace and token, each updating ${settings.perProcess} appointments at the same moment (Continue On Fail on, so a failed item is counted, not fatal); total time from the first start to the last end; once with the defaults, once with Processes Sharing the Limit = 2; one unmeasured warm-up round each. A stand-in for queue-mode workers: the queue-mode phase runs real n8n workers.`,
		`Trigger memory: one poll of the Jobs feed with "Everything from the beginning" over backlogs of ${settings.backlogs.map((count) => count.toLocaleString('en-US')).join(' and ')} seeded changes, caps ${TRIGGER_CAPS.map((cap) => cap.toLocaleString('en-US')).join(' and ')}; the heap is read every millisecond during the poll, above the heap retained (after a full GC) before it. Records/second = records emitted / poll time.`,
		queueSkipped ??
			`Queue mode: n8n ${settings.n8nVersion} main (EXECUTIONS_MODE=queue) and 2 workers (\`--concurrency=1\`), PostgreSQL and Redis from Debian on 127.0.0.1, the package npm-installed into each process's \`~/.n8n/nodes\` (\`scripts/lib/queueCluster.ts\`); a published Webhook → Split Out → Appointment Update Special Instructions workflow (Continue On Fail); two calls of 600 items at once (one execution per worker) against one call of 1,200 (one worker), alternating, after a warm-up; 429s and token requests counted by the simulator.`,
		`Real n8n: n8n ${settings.n8nVersion} from the cache (\`scripts/install-n8n.sh\`), the package built, packed and installed as a community package (\`scripts/lib/n8n.ts\`), both workflows published and called by webhook under \`n8n start\`, answering with the item count; executions not saved.`,
	];
	const report = markdown({ rows, machine: host, startedAt, durationMs, settings: howMeasured, analysis: rows.flatMap((row) => (row.analysis ? [row.analysis] : [])), broken });
	mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
	writeFileSync(join(ROOT, 'bench', 'results', `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`), JSON.stringify({ startedAt, durationMs, machine: host, rows, broken }, null, 2));
	mkdirSync(dirname(settings.output), { recursive: true });
	writeFileSync(settings.output, report);
	log(`\nWrote ${settings.output} (${(durationMs / 60_000).toFixed(1)} min)`);
	return broken.length > 0 ? 1 : 0;
}

main().then(
	(code) => {
		if (Container.has(SSHClientsManager)) Container.get(SSHClientsManager).onShutdown();
		process.exit(code);
	},
	(error: unknown) => {
		console.error(error);
		killStartedProcesses();
		process.exit(1);
	},
);
