/**
 * The in-process measurements: the action node and the trigger run through the test harness
 * (n8n-core's WorkflowExecute and PollContext, the real transport) against the simulator process;
 * each figure is measured next to its baseline in the same run, several rounds, medians kept.
 */
import type { INodeParameters } from 'n8n-workflow';

import { MAX_PAGE_SIZE } from '../nodes/ServiceTitan/transport';
import { pollTrigger, runNode } from '../test/helpers/n8n';
import type { RemoteSimulator, Traffic } from './lib';
import { median, peakHeapDuring, PlainClient, RATE_LIMIT, retainedHeap, sleep, timed, trafficBetween } from './lib';

export type Log = (line: string) => void;

/** One figure next to its baseline. `target` is the ratio the issue asks for (figure / baseline ≤ target). */
export interface Row {
	scenario: string;
	figure: string;
	baseline: string;
	ratio?: number;
	target?: number;
	notes: string;
	/** What the figure means: met or missed, and why (goes to docs/benchmarks.md). */
	analysis?: string;
}

/** A run that did not do what it measured (wrong record count, errors): the benchmark itself is broken. */
export class BrokenRun extends Error {}

function check(condition: boolean, message: string): void {
	if (!condition) throw new BrokenRun(message);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const ratioText = (ratio: number) => `${ratio.toFixed(2)}×`;

/** Runs the node once and returns its items and what the simulator saw for `operationId`. */
async function measuredRun(sim: RemoteSimulator, operationId: string, spec: Parameters<typeof runNode>[0]) {
	const before = await sim.stats();
	const { ms, value } = await timed(() => runNode(spec));
	const traffic = trafficBetween(before, await sim.stats(), operationId);
	check(value.error === undefined, `the node failed: ${value.error?.message} ${value.error?.description ?? ''}`);
	return { ms, items: value.items, traffic };
}

/**
 * Node and baseline alternate (node first in odd rounds) so neither always meets a warmer or a
 * busier machine; one unmeasured warm-up of each first (JIT, token, sockets).
 */
async function alternate(rounds: number, node: () => Promise<number>, baseline: () => Promise<number>, log: Log, label: string) {
	await node();
	await baseline();
	const nodeMs: number[] = [];
	const baselineMs: number[] = [];
	for (let round = 1; round <= rounds; round++) {
		const order = round % 2 === 1 ? [node, baseline] : [baseline, node];
		for (const run of order) (run === node ? nodeMs : baselineMs).push(await run());
		log(`  ${label} round ${round}: node ${seconds(nodeMs[nodeMs.length - 1])}, baseline ${seconds(baselineMs[baselineMs.length - 1])}`);
	}
	return { nodeMs, baselineMs };
}

// Bulk read ---------------------------------------------------------------------------------------

export async function bulkRead(sim: RemoteSimulator, jobs: number, rounds: number, log: Log): Promise<Row[]> {
	log(`Bulk read: Job Get Many, Return All over ${jobs.toLocaleString('en-US')} jobs`);
	await sim.reset(jobs);
	const expectedRequests = Math.ceil(jobs / MAX_PAGE_SIZE);
	const client = new PlainClient(sim);
	const rows: Row[] = [];

	const baseline = async () => {
		const { ms, value } = await timed(async () => {
			const records: unknown[] = [];
			let requests = 0;
			for (let page = 1; ; page++) {
				const body = await client.get<{ data: unknown[]; hasMore: boolean }>('/jobs', { page, pageSize: MAX_PAGE_SIZE });
				requests++;
				for (const record of body.data) records.push(record);
				if (!body.hasMore) break;
			}
			return { records: records.length, requests };
		});
		check(value.records === jobs && value.requests === expectedRequests, `baseline read ${value.records} jobs in ${value.requests} requests`);
		return ms;
	};

	for (const simplify of [true, false]) {
		const traffic: Traffic[] = [];
		const node = async () => {
			const run = await measuredRun(sim, 'Jobs_GetList', { parameters: { resource: 'job', operation: 'getAll', returnAll: true, simplify } });
			check(run.items.length === jobs, `the node returned ${run.items.length} of ${jobs} jobs`);
			check(new Set(run.items.map((item) => item.json.id)).size === jobs, 'the node returned a job twice');
			traffic.push(run.traffic);
			return run.ms;
		};
		const { nodeMs, baselineMs } = await alternate(rounds, node, baseline, log, simplify ? 'Simplify on' : 'Simplify off');
		const requests = traffic.map((entry) => entry.requests);
		check(requests.every((count) => count === expectedRequests), `the node made ${requests.join('/')} requests; ceil(N/5000) = ${expectedRequests}`);
		const ratio = median(nodeMs) / median(baselineMs);
		rows.push({
			scenario: `Bulk read, ${jobs.toLocaleString('en-US')} jobs (Simplify ${simplify ? 'on, the default' : 'off'})`,
			figure: `${seconds(median(nodeMs))}, ${requests[0]} requests, ${Math.max(...traffic.map((entry) => entry.rateLimited))} × 429`,
			baseline: `fetch + JSON.parse: ${seconds(median(baselineMs))}, ${expectedRequests} requests`,
			ratio,
			target: 1.2,
			notes: `requests = ceil(N/5000) = ${expectedRequests}: ${requests.every((count) => count === expectedRequests) ? 'yes' : 'no'}; rounds ${nodeMs.map((ms) => (ms / 1000).toFixed(1)).join(', ')} s vs ${baselineMs.map((ms) => (ms / 1000).toFixed(1)).join(', ')} s`,
			analysis: simplify
				? `Bulk read: ${ratioText(ratio)} the baseline (target ≤ 1.2×: ${ratio <= 1.2 ? 'met' : 'missed'}), with exactly ceil(N/5000) = ${expectedRequests} requests. ` +
					'Both sides wait for the same 20 answers (100 ms latency plus the server building ~5 MB of JSON per page); the node adds, per page, ' +
					"n8n's request helper (axios, a new connection per request, the credential's headers), Simplify and n8n items. Pacing never waits: the 20 requests are sequential."
				: undefined,
		});
	}
	return rows;
}

// Export walk -------------------------------------------------------------------------------------

export async function exportWalk(sim: RemoteSimulator, records: number, pageSize: number, rounds: number, log: Log): Promise<Row[]> {
	log(`Export walk: Export Jobs, all from the beginning, over ${records.toLocaleString('en-US')} records (pages of ${pageSize})`);
	await sim.reset(records);
	await sim.configure({ exportPageSize: pageSize });
	const client = new PlainClient(sim);
	const expectedRequests = Math.ceil(records / pageSize);
	const traffic: Traffic[] = [];

	const baseline = async () => {
		const { ms, value } = await timed(async () => {
			const all: unknown[] = [];
			let requests = 0;
			let from: string | undefined;
			for (;;) {
				const body = await client.get<{ data: unknown[]; hasMore: boolean; continueFrom: string }>('/export/jobs', from === undefined ? {} : { from });
				requests++;
				for (const record of body.data) all.push(record);
				from = body.continueFrom;
				if (!body.hasMore) break;
			}
			return { records: all.length, requests };
		});
		check(value.records === records, `baseline exported ${value.records} of ${records}`);
		return ms;
	};
	const node = async () => {
		const parameters: INodeParameters = { resource: 'export', operation: 'jobs', exportMode: 'all', exportStart: 'beginning', maxItems: records * 2 };
		const run = await measuredRun(sim, 'Export_Jobs', { parameters });
		check(run.items.length === records, `the node exported ${run.items.length} of ${records}`);
		traffic.push(run.traffic);
		return run.ms;
	};
	const { nodeMs, baselineMs } = await alternate(rounds, node, baseline, log, 'Export walk');
	const ratio = median(nodeMs) / median(baselineMs);
	return [
		{
			scenario: `Export walk, ${records.toLocaleString('en-US')} records from the beginning`,
			figure: `${seconds(median(nodeMs))}, ${traffic[0].requests} requests, ${Math.max(...traffic.map((entry) => entry.rateLimited))} × 429`,
			baseline: `fetch + JSON.parse: ${seconds(median(baselineMs))}, ${expectedRequests} requests`,
			ratio,
			target: 1.2,
			notes: `server pages of ${pageSize}; rounds ${nodeMs.map((ms) => (ms / 1000).toFixed(1)).join(', ')} s vs ${baselineMs.map((ms) => (ms / 1000).toFixed(1)).join(', ')} s`,
			analysis:
				`Export walk: ${ratioText(ratio)} the baseline (target ≤ 1.2×: ${ratio <= 1.2 ? 'met' : 'missed'}), ${traffic[0].requests} requests for ${records.toLocaleString('en-US')} records in server pages of ${pageSize}. ` +
				'A feed walk is sequential by nature (each page names the next), so both sides are bound by the same round trips; the node adds what it adds to the bulk read.',
		},
	];
}

// Many items --------------------------------------------------------------------------------------

/** Appointments whose special instructions may still be changed (not done or canceled). */
export async function changeableAppointments(sim: RemoteSimulator, count: number): Promise<number[]> {
	const client = new PlainClient(sim);
	const ids: number[] = [];
	for (let page = 1; ids.length < count; page++) {
		const body = await client.get<{ data: Array<{ id: number; status: string }>; hasMore: boolean }>('/appointments', { page, pageSize: MAX_PAGE_SIZE });
		for (const appointment of body.data) if (appointment.status === 'Scheduled' || appointment.status === 'Dispatched') ids.push(appointment.id);
		if (!body.hasMore) break;
	}
	check(ids.length >= count, `only ${ids.length} changeable appointments`);
	return ids.slice(0, count);
}

async function updateAppointments(sim: RemoteSimulator, ids: number[], tag: string, options: INodeParameters) {
	const parameters: INodeParameters = {
		resource: 'appointment',
		operation: 'updateSpecialInstructions',
		appointmentId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
		specialInstructions: `={{ "${tag} " + $json.n }}`,
		options,
	};
	// The rate limiter counts a sliding second: start each run with a fresh window.
	await sleep(1100);
	await sim.clearRequests();
	const startedAt = Date.now();
	const run = await measuredRun(sim, 'Appointments_UpdateSpecialInstructions', { parameters, input: ids.map((id, n) => ({ id, n })) });
	const log = await sim.requests('Appointments_UpdateSpecialInstructions');
	const arrivals = log.map((entry) => Date.parse(entry.at) - entry.durationMs);
	// Until the first request reached the server: n8n reading and checking every item; then the paced requests.
	const firstRequestMs = Math.min(...arrivals) - startedAt;
	const requestSpanMs = Math.max(...arrivals) - Math.min(...arrivals);
	check(run.items.length === ids.length, `${run.items.length} output items for ${ids.length} input items`);
	const misplaced = run.items.filter((item, index) => {
		const paired = item.pairedItem as { item?: number } | undefined;
		return paired?.item !== index || item.json.id !== ids[index] || item.json.specialInstructions !== `${tag} ${index}`;
	});
	check(misplaced.length === 0, `${misplaced.length} items out of order, wrongly paired or not updated`);
	return { ...run, firstRequestMs, requestSpanMs };
}

export async function manyItems(sim: RemoteSimulator, count: number, rounds: number, sequentialCount: number, log: Log): Promise<Row[]> {
	log(`Many items: ${count.toLocaleString('en-US')} input items, each updating one appointment's special instructions`);
	await sim.reset(Math.ceil(count * 4));
	const ids = await changeableAppointments(sim, count);
	const boundMs = (count / RATE_LIMIT) * 1000;
	const rows: Row[] = [];

	await updateAppointments(sim, ids.slice(0, 50), 'warm-up', {});
	const times: number[] = [];
	const traffic: Traffic[] = [];
	const firstRequest: number[] = [];
	const spans: number[] = [];
	for (let round = 1; round <= rounds; round++) {
		const run = await updateAppointments(sim, ids, `Gate code ${round}:`, {});
		times.push(run.ms);
		traffic.push(run.traffic);
		firstRequest.push(run.firstRequestMs);
		spans.push(run.requestSpanMs);
		log(`  round ${round}: ${seconds(run.ms)}, ${run.traffic.requests} requests, ${run.traffic.rateLimited} × 429, first request after ${seconds(run.firstRequestMs)}`);
	}
	const ratio = median(times) / boundMs;
	const worst429 = Math.max(...traffic.map((entry) => entry.rateLimited / Math.max(1, entry.requests)));
	rows.push({
		scenario: `Many items, ${count.toLocaleString('en-US')} appointment updates (defaults: 10 concurrent, 55 requests/s)`,
		figure: `${seconds(median(times))}; 0 failed; order and pairedItem exact; ${Math.max(...traffic.map((entry) => entry.rateLimited))} × 429 (${(worst429 * 100).toFixed(1)} %)`,
		baseline: `rate-limit bound ${count} / ${RATE_LIMIT} per s = ${seconds(boundMs)}`,
		ratio,
		target: 1.2,
		notes: `429s ≤ 5 % of requests: ${worst429 <= 0.05 ? 'yes' : 'no'}; first request after ${seconds(median(firstRequest))}, requests spread over ${seconds(median(spans))}; rounds ${times.map((ms) => (ms / 1000).toFixed(1)).join(', ')} s`,
		analysis:
			`Many items: ${ratioText(ratio)} the rate-limit bound (target ≤ 1.2×: ${ratio <= 1.2 ? 'met' : 'missed'}), no failed item, ${(worst429 * 100).toFixed(1)} % 429s. ` +
			`The node paces each tenant at 55 requests/s by default (under the 60/s limit, so that timing jitter on the way does not turn into 429s): ${count} requests cannot take less than ${seconds((count / 55) * 1000)}, ` +
			`and they were spread over ${seconds(median(spans))}. Before the first one, ${seconds(median(firstRequest))} went to n8n reading and checking every item's parameters (the engine validates all items before sending anything). ` +
			'Options → Requests per Second can be raised towards 60 where nothing else uses the tenant.',
	});

	if (sequentialCount > 0) {
		log(`  sequential contrast: ${sequentialCount} items with Max Concurrent Requests = 1`);
		const run = await updateAppointments(sim, ids.slice(0, sequentialCount), 'One at a time', { maxConcurrency: 1 });
		const extrapolated = (run.ms / sequentialCount) * count;
		rows.push({
			scenario: `Many items, one at a time (maxConcurrency 1), ${sequentialCount} items measured`,
			figure: `${seconds(run.ms)} for ${sequentialCount}; extrapolated to ${count.toLocaleString('en-US')}: ≈ ${seconds(extrapolated)}`,
			baseline: `rate-limit bound ${seconds(boundMs)}`,
			ratio: extrapolated / boundMs,
			notes: `contrast only, extrapolated linearly from ${sequentialCount} items (one round); ${run.traffic.rateLimited} × 429`,
			analysis: `One at a time, each request waits for the previous answer (≈ ${Math.round(run.ms / sequentialCount)} ms each at 100 ms latency): ≈ ${seconds(extrapolated)} for ${count.toLocaleString('en-US')} items, ${(extrapolated / boundMs).toFixed(1)}× the bound.`,
		});
	}
	return rows;
}

// Trigger memory ----------------------------------------------------------------------------------

export async function triggerMemory(sim: RemoteSimulator, backlogs: number[], caps: number[], pageSize: number, rounds: number, log: Log): Promise<Row[]> {
	log(`Trigger memory: one poll of the Jobs feed, "Everything from the beginning", backlogs ${backlogs.map((count) => count.toLocaleString('en-US')).join(' and ')}`);
	await sim.configure({ exportPageSize: pageSize });
	const results = new Map<string, { peak: number; ms: number; emitted: number; requests: number }>();
	for (const backlog of backlogs) {
		await sim.reset(backlog);
		for (const cap of caps) {
			const peaks: number[] = [];
			const times: number[] = [];
			let emitted = 0;
			let requests = 0;
			for (let round = 0; round <= rounds; round++) {
				const harness = pollTrigger({ parameters: { feed: 'jobs', start: 'beginning', options: { maxRecordsPerPoll: cap } }, staticData: {} });
				const before = await sim.stats();
				const { peakBytes, ms, value } = await peakHeapDuring(() => harness.poll());
				const count = value?.[0]?.length ?? 0;
				check(count === Math.min(cap, backlog), `the poll emitted ${count}, expected ${Math.min(cap, backlog)}`);
				requests = trafficBetween(before, await sim.stats(), 'Export_Jobs').requests;
				emitted = count;
				// Round 0 warms up (JIT); it is not counted.
				if (round > 0) {
					peaks.push(peakBytes);
					times.push(ms);
				}
			}
			results.set(`${backlog}|${cap}`, { peak: median(peaks), ms: median(times), emitted, requests });
			log(`  backlog ${backlog.toLocaleString('en-US')}, cap ${cap.toLocaleString('en-US')}: peak +${(median(peaks) / 2 ** 20).toFixed(1)} MB, ${seconds(median(times))}, ${requests} requests`);
		}
	}
	retainedHeap();
	const rows: Row[] = [];
	const [small, large] = backlogs;
	for (const cap of caps) {
		const base = results.get(`${small}|${cap}`);
		const big = results.get(`${large}|${cap}`);
		if (!base || !big) continue;
		const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
		const rate = (entry: { emitted: number; ms: number }) => Math.round(entry.emitted / (entry.ms / 1000)).toLocaleString('en-US');
		rows.push({
			scenario: `Trigger, one poll, cap ${cap.toLocaleString('en-US')}${cap === 1000 ? ' (default)' : ''}: backlog ${large.toLocaleString('en-US')}`,
			figure: `peak heap +${mb(big.peak)}; ${rate(big)} records/s (${big.emitted.toLocaleString('en-US')} in ${seconds(big.ms)}, ${big.requests} requests)`,
			baseline: `backlog ${small.toLocaleString('en-US')}: +${mb(base.peak)}; ${rate(base)} records/s`,
			ratio: big.peak / base.peak,
			target: 1.1,
			notes: 'ratio = peak heap with the large backlog / with the small one (sampled every ms above the retained heap; medians)',
			analysis:
				`Trigger memory, cap ${cap.toLocaleString('en-US')}: peak heap with ${large.toLocaleString('en-US')} waiting changes is ${(big.peak / base.peak).toFixed(2)}× that with ${small.toLocaleString('en-US')} ` +
				`(target within 10 %: ${Math.abs(big.peak / base.peak - 1) <= 0.1 ? 'met' : 'missed'}). A poll holds one server page and at most the cap of changes; the backlog stays on the server. ` +
				`Drained ${rate(big)} records/s with the large backlog` +
				(cap < pageSize
					? `; with a cap below the server's page (${pageSize}) a poll stops inside a page and the next poll reads that page again (the position only moves past what was emitted), so draining a backlog takes ${Math.ceil(pageSize / cap)} polls per page.`
					: '.'),
		});
	}
	return rows;
}

export { ratioText, seconds };
