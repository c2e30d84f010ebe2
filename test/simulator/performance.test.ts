/**
 * Scale: seeding is O(1), 100k jobs page out in 20 requests of 5000 quickly, filtered "Return All"
 * filters once (not once per page), and a backlog of a million seeded changes is cheap in memory.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { readExportPage } from '../../simulator/exportFeeds';
import { startSimulator, type Simulator } from '../../simulator';
import { json, SimClient } from './client';

const MB = 1024 * 1024;

// A real GC before each reading, so heap deltas measure what is retained, not garbage.
setFlagsFromString('--expose_gc');
const collectGarbage = runInNewContext('gc') as () => void;

function heapUsed(): number {
	collectGarbage();
	return process.memoryUsage().heapUsed;
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

async function returnAll(client: SimClient, query: Record<string, string | number> = {}) {
	const ids: number[] = [];
	const records: Array<Record<string, unknown>> = [];
	let page = 1;
	for (;;) {
		const result = await client.call('Jobs_GetList', { query: { ...query, page, pageSize: 5000 } });
		expect(result.status).toBe(200);
		const body = json(result);
		for (const record of body.data ?? []) {
			ids.push(record.id as number);
			records.push({ id: record.id, modifiedOn: record.modifiedOn, jobStatus: record.jobStatus });
		}
		if (!body.hasMore) return { ids, records, requests: page };
		page++;
	}
}

describe('performance at benchmark scale', () => {
	let simulator: Simulator;
	let client: SimClient;

	beforeAll(async () => {
		simulator = await startSimulator({ seed: 5, sample: false, rateLimitPerSecond: null, requestLogLimit: 100 });
		client = new SimClient(simulator);
		await client.accessToken();
	});
	afterAll(() => simulator.close());

	it('seeds 100,000 jobs (with appointments, notes, history) in O(1) time and memory', () => {
		const before = heapUsed();
		const result = simulator.seed({ jobs: 100_000, projects: 20 });
		expect(result).toMatchObject({ jobs: 100_000, projects: 20, totalJobs: 100_000 });
		expect(result.elapsedMs).toBeLessThan(100);
		expect(heapUsed() - before).toBeLessThan(20 * MB);
		expect(simulator.store.data.feeds.jobs.length).toBe(100_000);
	});

	it('returns all 100,000 jobs with pageSize=5000 in 20 requests, each page served quickly', async () => {
		// Warm-up (JIT) on a few pages, then measure a full run.
		for (const page of [1, 2, 3]) await client.call('Jobs_GetList', { query: { page, pageSize: 5000 } });
		simulator.requestLog.length = 0;
		const table = simulator.store.data.jobs;
		const readsBefore = table.generatedReads;
		const { ids, requests } = await returnAll(client);
		// Unfiltered pages are addressed by arithmetic: each job is rebuilt once, nothing is scanned.
		expect(table.generatedReads - readsBefore).toBe(100_000);
		expect(requests).toBe(20);
		expect(ids).toHaveLength(100_000);
		expect(new Set(ids).size).toBe(100_000);
		expect([...ids].sort((a, b) => a - b)).toEqual(ids);
		const serverMs = simulator.requestLog.filter((entry) => entry.operationId === 'Jobs_GetList').map((entry) => entry.durationMs);
		expect(serverMs).toHaveLength(20);
		// Typically 50–90 ms per 5000-job page (4.9 MB of JSON) on an idle machine, but test machines
		// are shared and timings swing 5x: the exact work bound above guards the algorithm, this bound
		// only gross slowdowns (such as global lookups in Jest's vm context, which cost ~40x).
		expect(median(serverMs)).toBeLessThan(2000);
	});

	it('filters and sorts a 100k "Return All" once, not once per page (no quadratic paging)', async () => {
		const table = simulator.store.data.jobs;
		const before = table.generatedReads;
		const { records, requests } = await returnAll(client, { sort: '-ModifiedOn' });
		expect(requests).toBe(20);
		expect(records).toHaveLength(100_000);
		const times = records.map((record) => Date.parse(record.modifiedOn as string));
		expect([...times].sort((a, b) => b - a)).toEqual(times);
		// One filtering pass plus one rebuild per returned record; per-page refiltering would need 2,000,000.
		expect(table.generatedReads - before).toBeLessThanOrEqual(210_000);

		const scheduled = await returnAll(client, { jobStatus: 'Scheduled' });
		let expected = 0;
		for (let slot = 0; slot < table.size; slot++) if (table.at(slot)?.jobStatus === 'Scheduled') expected++;
		expect(scheduled.records).toHaveLength(expected);
		expect(scheduled.records.every((record) => record.jobStatus === 'Scheduled')).toBe(true);
	});

	it('exports a seeded backlog over HTTP with server-chosen pages, each record once', async () => {
		simulator.configure({ exportPageSize: 5000 });
		let from: string | undefined;
		let count = 0;
		let calls = 0;
		let lastId = 0;
		let outOfOrder = 0;
		for (;;) {
			const body = json(await client.call('Export_Jobs', { query: from ? { from } : {} }));
			for (const record of body.data ?? []) {
				// Seeded jobs entered the feed in id order; nothing changed since, so ids must ascend.
				if ((record.id as number) <= lastId) outOfOrder++;
				lastId = record.id as number;
				count++;
			}
			calls++;
			from = body.continueFrom as string;
			if (!body.hasMore) break;
		}
		expect(count).toBe(100_000);
		expect(outOfOrder).toBe(0);
		expect(calls).toBe(20);
	});

	it('holds a backlog of 1,000,000 seeded changes in a few MB and drains it page by page', () => {
		const before = heapUsed();
		simulator.seed({ jobs: 1_000_000 });
		expect(heapUsed() - before).toBeLessThan(10 * MB);
		const data = simulator.store.data;
		const feed = data.feeds.jobs;
		expect(feed.length).toBe(1_100_000);
		const window = { visibilityDelayMs: 0, recentWindowMs: 10_000, pageSize: 5000 };
		let seq = 100_000;
		let delivered = 0;
		let pages = 0;
		for (;;) {
			// Jobs have no gaps, so the feed's own bookkeeping is what is measured here (rebuilding
			// records is covered at 100k above and would only add time).
			const page = readExportPage(feed, seq, false, data.now(), window, (slot) => slot < data.jobs.size);
			delivered += page.entries.length;
			pages++;
			seq = page.nextSeq;
			if (!page.hasMore) break;
		}
		expect(delivered).toBe(1_000_000);
		expect(pages).toBe(200);
		expect(heapUsed() - before).toBeLessThan(20 * MB);
	});

	it('appends random changes after the backlog; a resumed feed sees each changed job once, at its latest change', async () => {
		const data = simulator.store.data;
		const end = await client.call('Export_Jobs', { query: { from: new Date(data.now() + 1).toISOString() } });
		const token = json(end).continueFrom as string;
		const made = simulator.makeChanges(2000, { kinds: ['job'] });
		expect(made.job).toBe(2000);
		const ids: number[] = [];
		let from = token;
		for (;;) {
			const body = json(await client.call('Export_Jobs', { query: { from } }));
			ids.push(...(body.data ?? []).map((record) => record.id as number));
			from = body.continueFrom as string;
			if (!body.hasMore) break;
		}
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids.length).toBeGreaterThan(1900);
		expect(ids.length).toBeLessThanOrEqual(2000);
	});
});
