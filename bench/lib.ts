/**
 * What the benchmarks share: the simulator as its own process (so its event loop never competes
 * with the code measured), a plain `fetch` + `JSON.parse` client for the baselines, the n8n
 * credential pointing at the simulator, statistics and heap readings.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import type { SimulatorSettings, StatsSnapshot } from '../simulator';
import { startSimulatorProcess, type SimulatorInfo, type SimulatorProcess } from '../scripts/lib/simulatorProcess';
import { credentialsHelper } from '../scripts/lib/harness';

/** Lines of the parent/child protocol of bench/processRunner.ts start with this (nothing a library prints does). */
export const LINE_PREFIX = '@@bench ';

/** The simulator the issue asks for: 100 ms per request, 60 requests/second per tenant (429 + Retry-After above). */
export const LATENCY_MS = 100;
export const RATE_LIMIT = 60;
/**
 * Server time per record, modelled as waiting (5000 records: 150 ms on top of the latency), with
 * paged answers of unchanged data sent from the simulator's cache: the real API serves pages on many
 * machines at once, while one simulator process on two shared cores would make its own rendering
 * the bottleneck of any concurrent read. Both the node and the baselines wait for it alike.
 */
export const SERVER_TIME_PER_RECORD_MS = 0.03;

export class RemoteSimulator {
	private constructor(private readonly process: SimulatorProcess) {}

	static async start(): Promise<RemoteSimulator> {
		const args = ['--port', '0', '--no-sample', '--latency', String(LATENCY_MS), '--rate-limit', String(RATE_LIMIT), '--server-time-per-record', String(SERVER_TIME_PER_RECORD_MS), '--request-log', '20000'];
		return new RemoteSimulator(await startSimulatorProcess(args));
	}

	get info(): SimulatorInfo {
		return this.process.info;
	}

	get pid(): number {
		return this.process.pid;
	}

	/** Fresh data for the ready-made tenant: the sample catalogues plus `jobs` seeded jobs (and their appointments). */
	async reset(jobs: number): Promise<void> {
		await this.process.control('POST', 'reset', { sample: { jobs, projects: 0 } });
	}

	async configure(patch: Partial<SimulatorSettings>): Promise<void> {
		await this.process.control('PATCH', 'config', patch);
	}

	stats(): Promise<StatsSnapshot> {
		return this.process.control<StatsSnapshot>('GET', 'stats');
	}

	async requests(operationId: string): Promise<Array<{ at: string; durationMs: number; status: number }>> {
		return await this.process.control('GET', `requests?operationId=${encodeURIComponent(operationId)}`);
	}

	async clearRequests(): Promise<void> {
		await this.process.control('DELETE', 'requests');
	}

	stop(): Promise<void> {
		return this.process.stop();
	}

	/** `${url}/jpm/v2/tenant/{tenant}${path}`. */
	apiUrl(path: string): string {
		return `${this.info.url}/jpm/v2/tenant/${this.info.tenantId}${path}`;
	}
}

/** What one measured run changed in the simulator's counters. */
export interface Traffic {
	requests: number;
	rateLimited: number;
	statuses: Record<string, number>;
}

export function trafficBetween(before: StatsSnapshot, after: StatsSnapshot, operationId: string): Traffic {
	const statuses: Record<string, number> = {};
	for (const [status, count] of Object.entries(after.statuses)) {
		const delta = count - (before.statuses[status] ?? 0);
		if (delta > 0) statuses[status] = delta;
	}
	return {
		requests: (after.requests[operationId] ?? 0) - (before.requests[operationId] ?? 0),
		rateLimited: after.rateLimited - before.rateLimited,
		statuses,
	};
}

/** Points the n8n harness's credential at the simulator's ready-made tenant. */
export function useSimulatorCredential(sim: RemoteSimulator): void {
	const { url, tokenUrl, tenantId, clientId, clientSecret, appKey } = sim.info;
	credentialsHelper.setCredentials({ environment: 'custom', apiBaseUrl: url, tokenUrl, tenantId, clientId, clientSecret, appKey, accessToken: '' });
}

/** The baseline client: a token, then `fetch` + `JSON.parse` and nothing else (no retries, no pacing). */
export class PlainClient {
	private token?: string;

	constructor(private readonly sim: RemoteSimulator) {}

	async authenticate(): Promise<void> {
		const { tokenUrl, clientId, clientSecret } = this.sim.info;
		const response = await fetch(tokenUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }),
		});
		if (!response.ok) throw new Error(`token request answered ${response.status}`);
		this.token = ((await response.json()) as { access_token: string }).access_token;
	}

	/** GET `path?query` and parse the JSON body; fails on anything but 200. */
	async get<T>(path: string, query: Record<string, string | number>): Promise<T> {
		if (!this.token) await this.authenticate();
		const search = new URLSearchParams(Object.entries(query).map(([key, value]) => [key, String(value)]));
		const response = await fetch(`${this.sim.apiUrl(path)}?${search.toString()}`, {
			headers: { authorization: `Bearer ${this.token}`, 'st-app-key': this.sim.info.appKey },
		});
		const text = await response.text();
		if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${text.slice(0, 200)}`);
		return JSON.parse(text) as T;
	}
}

// Statistics ------------------------------------------------------------------------------------

export function median(values: number[]): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
	const started = performance.now();
	const value = await run();
	return { ms: performance.now() - started, value };
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

// Heap ------------------------------------------------------------------------------------------

setFlagsFromString('--expose_gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Heap in use after a full collection: what is retained, not garbage. */
export function retainedHeap(): number {
	collectGarbage();
	collectGarbage();
	return process.memoryUsage().heapUsed;
}

/**
 * Runs `work` while sampling the heap every millisecond; returns the highest heap seen above the
 * retained heap before it started (a sampled peak: a spike shorter than a sample can be missed).
 */
export async function peakHeapDuring<T>(work: () => Promise<T>): Promise<{ peakBytes: number; ms: number; value: T }> {
	const baseline = retainedHeap();
	let peak = baseline;
	const sample = () => {
		peak = Math.max(peak, process.memoryUsage().heapUsed);
	};
	const timer = setInterval(sample, 1);
	try {
		const { ms, value } = await timed(work);
		sample();
		return { peakBytes: peak - baseline, ms, value };
	} finally {
		clearInterval(timer);
	}
}
