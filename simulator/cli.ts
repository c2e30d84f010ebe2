/**
 * Runs the simulator as its own process (demo, e2e, benchmarks):
 *
 *   npm run simulator -- --port 4010 --sample --latency 0 --rate-limit 60
 *
 * Prints one JSON line with url, tokenUrl, tenantId, clientId, clientSecret and appKey, then serves
 * until SIGTERM/SIGINT. Drive it over HTTP with the `/_sim/...` control endpoints (GET /_sim/info).
 */
import { parseArgs } from 'node:util';
import { type Simulator, startSimulator, type SimulatorOptions } from './index';

const USAGE = `Usage: npm run simulator -- [options]
  --port N               port on 127.0.0.1 (default 4010, 0 = random)
  --seed N               seed for data and credentials (default 1)
  --sample | --no-sample sample data for the ready-made tenant (default --sample)
  --jobs N --projects N  seed this many jobs/projects instead of the small sample
  --latency MS           added to every response (default 0)
  --server-time-per-record MS
                         model server time as waiting: MS per record in each answer, paged reads of
                         unchanged data served from a cache of their encoded bodies (default: off)
  --rate-limit N|off     calls per second per app and tenant (default 60)
  --token-lifetime S     access token lifetime in seconds (default 900)
  --export-page-size N   records per export page (default 500)
  --visibility-delay MS  export visibility delay (default 0; ServiceTitan: 900000)
  --recent-window MS     includeRecentChanges re-delivery window (default: visibility delay or 10000)
  --request-log N        requests kept in the log (default 1000, 0 = off)`;

function integer(value: string | undefined, flag: string): number | undefined {
	if (value === undefined) return undefined;
	const parsed = Number(value);
	if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${flag} needs a non-negative integer, got '${value}'`);
	return parsed;
}

function milliseconds(value: string | undefined, flag: string): number | undefined {
	if (value === undefined) return undefined;
	const parsed = Number(value);
	if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`${flag} needs a non-negative number of milliseconds, got '${value}'`);
	return parsed;
}

function optionsFrom(argv: string[]): SimulatorOptions {
	const { values } = parseArgs({
		args: argv,
		options: {
			port: { type: 'string' },
			seed: { type: 'string' },
			sample: { type: 'boolean' },
			'no-sample': { type: 'boolean' },
			jobs: { type: 'string' },
			projects: { type: 'string' },
			latency: { type: 'string' },
			'server-time-per-record': { type: 'string' },
			'rate-limit': { type: 'string' },
			'token-lifetime': { type: 'string' },
			'export-page-size': { type: 'string' },
			'visibility-delay': { type: 'string' },
			'recent-window': { type: 'string' },
			'request-log': { type: 'string' },
			help: { type: 'boolean', short: 'h' },
		},
	});
	if (values.help) {
		console.log(USAGE);
		process.exit(0);
	}
	const jobs = integer(values.jobs, '--jobs');
	const projects = integer(values.projects, '--projects');
	const rateLimit = values['rate-limit'];
	return {
		port: integer(values.port, '--port') ?? 4010,
		seed: integer(values.seed, '--seed'),
		sample: values['no-sample'] ? false : jobs !== undefined || projects !== undefined ? { jobs, projects } : true,
		latencyMs: integer(values.latency, '--latency'),
		serverTimePerRecordMs: milliseconds(values['server-time-per-record'], '--server-time-per-record'),
		rateLimitPerSecond: rateLimit === 'off' ? null : integer(rateLimit, '--rate-limit'),
		tokenLifetimeSeconds: integer(values['token-lifetime'], '--token-lifetime'),
		exportPageSize: integer(values['export-page-size'], '--export-page-size'),
		visibilityDelayMs: integer(values['visibility-delay'], '--visibility-delay'),
		recentWindowMs: integer(values['recent-window'], '--recent-window'),
		requestLogLimit: integer(values['request-log'], '--request-log'),
	};
}

async function main(): Promise<void> {
	const options = optionsFrom(process.argv.slice(2));
	const running: { simulator?: Simulator } = {};
	let stopping = false;
	const stop = (signal: string) => {
		if (stopping) return;
		stopping = true;
		(running.simulator?.close() ?? Promise.resolve()).then(
			() => process.exit(0),
			(error: unknown) => {
				console.error(`Simulator did not stop cleanly after ${signal}:`, error);
				process.exit(1);
			},
		);
	};
	// Handlers go in before the JSON line is printed: a supervisor may signal as soon as it reads it.
	process.on('SIGTERM', () => stop('SIGTERM'));
	process.on('SIGINT', () => stop('SIGINT'));
	const simulator = await startSimulator(options);
	running.simulator = simulator;
	if (stopping) {
		await simulator.close();
		return;
	}
	const { tenantId, clientId, clientSecret, appKey } = simulator.tenant;
	console.log(JSON.stringify({ url: simulator.url, tokenUrl: simulator.tokenUrl, tenantId, clientId, clientSecret, appKey }));
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
