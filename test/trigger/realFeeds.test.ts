/**
 * The trigger against the simulator's worst plausible feeds (simulator/README.md, "Feed behaviour
 * switches"), one behaviour switched on per test. The expected emitted set is computed from what the
 * simulator recorded as changed (`store.data.changes`), never from the trigger's own constants.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import type { TenantStore } from '../../simulator';
import type { ChangeRecord } from '../../simulator/store';
import { isoUtc } from '../../simulator/clock';
import { useRetrySettings } from '../helpers/retrySettings';
import { useSimulator } from '../helpers/nodeSim';
import { bookJob } from '../simulator/fixtures';
import { afterChanges, armedTrigger, cursorOf, expectExactlyOnce, freshTenant, itemsOf, pairsOf, pollUntilQuiet, trigger } from './support';

const PAGE = 50;
const env = useSimulator({ exportPageSize: PAGE });

afterEach(() => {
	env.sim.clock.thaw();
	env.sim.configure({ exportPageSize: PAGE, lateArrivals: null, recentTail: 'page', recentWindowMs: null, latencyMs: 0 });
});

/** The journal from `since` on, for one feed. */
function journal(store: TenantStore, feed: ChangeRecord['feed'], since: number): ChangeRecord[] {
	return store.data.changes.slice(since).filter((change) => change.feed === feed);
}

/**
 * What the jobs feed must emit for changes made in bursts the trigger read between: each job's latest
 * version of each burst (a feed shows a record at its latest version only).
 */
function latestVersions(changes: ChangeRecord[]): string[] {
	const latest = new Map<number, number>();
	for (const change of changes) latest.set(change.id, Math.max(latest.get(change.id) ?? 0, change.at));
	return [...latest].map(([id, at]) => `${id}|${isoUtc(at)}`);
}

const eventKeysOf = (result: INodeExecutionData[][] | null) => itemsOf(result).map((json) => `${String(json.jobId)}|${String(json.id)}`);

describe('feeds as a busy tenant sees them', () => {
	it('late arrivals and bulk updates sharing one modifiedOn, with the whole recent window re-sent on every read: each change once', async () => {
		env.sim.configure({ lateArrivals: { share: 0.4, maxMs: 20_000 }, recentTail: 'window', recentWindowMs: 30_000 });
		const { store, harness } = await armedTrigger(env, { options: { includeRecentChanges: true } });
		const since = store.data.changes.length;
		const emitted: string[] = [];
		const expected: string[] = [];
		for (let burst = 0; burst < 5; burst++) {
			const mark = store.data.changes.length;
			env.sim.clock.freeze();
			for (let index = 0; index < 60; index++) bookJob(store);
			env.sim.clock.thaw();
			expected.push(...latestVersions(journal(store, 'jobs', mark)));
			emitted.push(...pairsOf(await harness.poll()));
			env.sim.clock.advance(10_000);
			emitted.push(...pairsOf(await harness.poll()));
		}
		env.sim.clock.advance(60_000);
		emitted.push(...(await pollUntilQuiet(harness)).all);
		const late = journal(store, 'jobs', since).filter((change) => change.latenessMs > 0);
		expect(late.length).toBeGreaterThan(0);
		expect(new Set(journal(store, 'jobs', since).map((change) => change.at)).size).toBeLessThanOrEqual(5 * 2);
		expectExactlyOnce(emitted, expected);
		// The re-sent window came back on the last polls too and was absorbed.
		expect(await harness.poll()).toBeNull();
	});

	it('job history re-sends each job\'s whole, growing history: every event once, over many capped polls', async () => {
		env.sim.configure({ exportPageSize: 5, recentTail: 'window', recentWindowMs: 30_000 });
		const { store, harness } = await armedTrigger(env, { feed: 'jobHistory', options: { includeRecentChanges: true, maxRecordsPerPoll: 7 } });
		const since = store.data.changes.length;
		const jobs = Array.from({ length: 8 }, () => bookJob(store));
		const emitted: string[] = [];
		for (let round = 0; round < 12; round++) {
			for (const job of jobs.filter((_, index) => (index + round) % 3 === 0)) {
				store.jobs.addEvent(job.id, 'Job Note Added', 1);
			}
			emitted.push(...eventKeysOf(await harness.poll()));
		}
		emitted.push(...(await pollUntilQuiet(harness, eventKeysOf)).all);
		const expected = journal(store, 'job-history', since).map((change) => `${change.id}|${String(change.eventId)}`);
		expectExactlyOnce(emitted, expected);
	});

	it('a poll capped inside a server-sized page of 5,000 resumes at the next unread record, also when a record read there changed meanwhile', async () => {
		env.sim.configure({ exportPageSize: 5000 });
		const { store, harness } = await armedTrigger(env, { options: { maxRecordsPerPoll: 300 } });
		const since = store.data.changes.length;
		const jobs = Array.from({ length: 1200 }, () => bookJob(store));
		const expected = latestVersions(journal(store, 'jobs', since));
		const first = pairsOf(await harness.poll());
		expect(first).toHaveLength(300);
		expect((cursorOf(harness.staticData).pageDone as string[]).length).toBe(300);
		// A job emitted from this page changes: the page shifts; its new version comes at the end.
		const mark = store.data.changes.length;
		store.jobs.update(jobs[0].id, { summary: '<p>Changed mid-page</p>' });
		expected.push(...latestVersions(journal(store, 'jobs', mark)));
		const rest = await pollUntilQuiet(harness);
		expect(rest.perPoll.map((poll) => poll.length)).toEqual([300, 300, 300, 1]);
		expectExactlyOnce([...first, ...rest.all], expected);
	});

	it('a backfill capped inside a page of 5,000 (records days apart, beyond any time-bounded memory) resumes at the next unread record', async () => {
		env.sim.configure({ exportPageSize: 5000 });
		const { store } = freshTenant(env, { jobs: 1200 });
		const seeded = store.data.jobs.toArray().map((job) => `${job.id}|${isoUtc(job.modifiedOn)}`);
		const times = store.data.jobs.toArray().map((job) => job.modifiedOn);
		// The seeded history spans far more than the feed's lag.
		expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(24 * 3_600_000);
		const harness = trigger({ start: 'beginning', options: { maxRecordsPerPoll: 300 } });
		const { all, perPoll } = await pollUntilQuiet(harness);
		expect(perPoll.map((poll) => poll.length)).toEqual([300, 300, 300, 300]);
		expectExactlyOnce(all, seeded);
	});

	it.each([400, 404, 410, 422] as const)(
		'a continuation token refused with %i: re-read from the lag before the newest change, late arrivals kept, nothing twice',
		async (status) => {
			env.sim.configure({ lateArrivals: { share: 0.5, maxMs: 20_000 } });
			const { store, harness } = await armedTrigger(env);
			const since = store.data.changes.length;
			for (let index = 0; index < 30; index++) bookJob(store);
			const emitted = pairsOf(await harness.poll());
			for (let index = 0; index < 20; index++) bookJob(store);
			const held = cursorOf(harness.staticData);
			env.sim.faults.add({ path: '/export/jobs', fault: { type: 'invalidContinuationToken', status } });
			emitted.push(...pairsOf(await harness.poll()));
			const reads = env.apiRequests().filter((request) => request.path.endsWith('/export/jobs'));
			const refused = reads.findIndex((request) => request.status === status);
			expect(reads[refused].query.from?.[0]).toBe(held.from);
			// ServiceTitan's lag (AUTH_AND_LIMITS.md §4) before the newest change read, not before the start.
			const back = Math.max(Date.parse(held.lastChangeAt as string) - 15 * 60_000, Date.parse(held.anchor as string));
			expect(reads[refused + 1].query.from?.[0]).toBe(new Date(back).toISOString());
			env.sim.clock.advance(30_000);
			emitted.push(...(await pollUntilQuiet(harness)).all);
			expectExactlyOnce(emitted, latestVersions(journal(store, 'jobs', since)));
		},
	);

	it('forgets job-history marks of jobs idle longer than the chosen days; their old events then count as emitted', async () => {
		const { store, harness } = await armedTrigger(env, { feed: 'jobHistory', options: { forgetIdleJobsDays: 1 } });
		const since = store.data.changes.length;
		const idle = bookJob(store);
		const emitted = eventKeysOf(await harness.poll());
		expect(Object.keys(cursorOf(harness.staticData).jobs as object)).toEqual([String(idle.id)]);
		env.sim.clock.advance(2 * 86_400_000);
		const busy = bookJob(store);
		emitted.push(...eventKeysOf(await harness.poll()));
		expect(Object.keys(cursorOf(harness.staticData).jobs as object)).toEqual([String(busy.id)]);
		// The idle job changes again: its whole history comes back, only the new event is emitted.
		store.jobs.addEvent(idle.id, 'Job Note Added', 1);
		emitted.push(...(await pollUntilQuiet(harness, eventKeysOf)).all);
		expectExactlyOnce(emitted, journal(store, 'job-history', since).map((change) => `${change.id}|${String(change.eventId)}`));
	});
});

describe('overlapping polls and the time budget', () => {
	it("a second poll of the same trigger while one runs reads nothing (n8n's in-memory poller does not wait)", async () => {
		env.sim.configure({ latencyMs: 150 });
		const { store, harness } = await armedTrigger(env);
		const since = store.data.changes.length;
		for (let index = 0; index < 12; index++) bookJob(store);
		const before = env.apiRequests().length;
		const [first, second] = await Promise.all([harness.poll(), harness.poll()]);
		expect(second).toBeNull();
		expectExactlyOnce(pairsOf(first), latestVersions(journal(store, 'jobs', since)));
		// Only the first poll read the feed: the 12 changes are one page.
		expect(env.apiRequests().slice(before).filter((request) => request.path.endsWith('/export/jobs'))).toHaveLength(1);
		expect(await harness.poll()).toBeNull();
	});

	it('a Retry-After longer than the budget mid-walk ends the poll with what it read, without waiting; no request before it passes; then the next poll reads on', async () => {
		env.sim.configure({ exportPageSize: 5 });
		const { store } = freshTenant(env);
		await afterChanges();
		// The host's budget is 2 s; the server asks for 3 s.
		const harness = trigger({}, { budgetMs: 2000 });
		expect(await harness.poll()).toBeNull();
		const since = store.data.changes.length;
		for (let index = 0; index < 12; index++) bookJob(store);
		const expected = latestVersions(journal(store, 'jobs', since));
		const started = env.apiRequests().length;
		env.sim.faults.add({ path: '/export/jobs', skip: 1, fault: { type: 'rateLimit', retryAfterSeconds: 3 } });
		const first = pairsOf(await harness.poll());
		expect(first).toEqual(expected.slice(0, 5));
		const reads = () => env.apiRequests().slice(started).filter((request) => request.path.endsWith('/export/jobs')).map((request) => request.status);
		expect(reads()).toEqual([200, 429]);
		expect(await harness.poll()).toBeNull();
		expect(reads()).toEqual([200, 429]);
		await new Promise((resolve) => setTimeout(resolve, 3100));
		const rest = await pollUntilQuiet(harness);
		expectExactlyOnce([...first, ...rest.all], expected);
	});

	it('a slow answer is cut at what is left of the budget (not the 100 s request timeout); the next poll reads on', async () => {
		env.sim.configure({ exportPageSize: 5 });
		useRetrySettings({ timeoutMs: 100_000 });
		const { store } = freshTenant(env);
		await afterChanges();
		// The host's budget (getPollBudgetMs) is 2 s.
		const harness = trigger({}, { budgetMs: 2000 });
		expect(await harness.poll()).toBeNull();
		const since = store.data.changes.length;
		for (let index = 0; index < 12; index++) bookJob(store);
		const expected = latestVersions(journal(store, 'jobs', since));
		env.sim.faults.add({ path: '/export/jobs', skip: 1, fault: { type: 'delay', ms: 6000 } });
		const first = pairsOf(await harness.poll());
		expect(first).toEqual(expected.slice(0, 5));
		const rest = await pollUntilQuiet(harness);
		expectExactlyOnce([...first, ...rest.all], expected);
	});
});
