/**
 * The feed-behaviour switches (simulator/README.md, "Feed behaviour switches"): late arrivals, one
 * modifiedOn shared by a bulk update, the whole recent window re-sent at the tail, continuation
 * tokens refused with other statuses, and the journal of what changed.
 */
import { startSimulator, type Simulator } from '../../simulator';
import { isoUtc } from '../../simulator/clock';
import { SimClient } from './client';
import { drain, type Row } from './feedWalk';
import { bookJob } from './fixtures';

describe('feed behaviour switches', () => {
	let simulator: Simulator;
	let client: SimClient;

	beforeEach(async () => {
		simulator = await startSimulator({ seed: 5, sample: { jobs: 3 }, exportPageSize: 4, rateLimitPerSecond: null, recentWindowMs: 60_000 });
		client = new SimClient(simulator);
	});
	afterEach(() => simulator.close());

	it('late arrivals: a late change joins the feed once processed, after newer ones, so the feed is not in modifiedOn order', async () => {
		const { token } = await drain(client, 'Export_Jobs');
		simulator.configure({ lateArrivals: { share: 1, maxMs: 30_000 } });
		const late = bookJob(simulator.store);
		simulator.configure({ lateArrivals: null });
		simulator.clock.advance(5);
		const onTime = bookJob(simulator.store);
		const journal = simulator.store.data.changes.filter((change) => change.feed === 'jobs' && change.id === late.id);
		expect(journal).toHaveLength(1);
		expect(journal[0].latenessMs).toBeGreaterThanOrEqual(1);
		// Not processed yet: the newer job is there, the older one is not.
		const before = await drain(client, 'Export_Jobs', { from: token });
		expect(before.records.map((record) => record.id)).toEqual([onTime.id]);
		simulator.clock.advance(30_000);
		const after = await drain(client, 'Export_Jobs', { from: before.token });
		expect(after.records.map((record) => [record.id, record.modifiedOn])).toEqual([[late.id, isoUtc(late.modifiedOn)]]);
		expect(late.modifiedOn).toBeLessThan(onTime.modifiedOn);
	});

	it('a late change superseded by a newer version of the record is never delivered', async () => {
		const { token } = await drain(client, 'Export_Jobs');
		simulator.configure({ lateArrivals: { share: 1, maxMs: 30_000 } });
		const job = bookJob(simulator.store);
		simulator.configure({ lateArrivals: null });
		simulator.clock.advance(5);
		const updated = simulator.store.jobs.update(job.id, { summary: '<p>Again</p>' });
		simulator.clock.advance(30_000);
		const read = await drain(client, 'Export_Jobs', { from: token });
		expect(read.records.map((record) => [record.id, record.modifiedOn])).toEqual([[job.id, isoUtc(updated.modifiedOn)]]);
	});

	it('a frozen clock gives every change of a bulk update one modifiedOn', async () => {
		simulator.clock.freeze();
		const jobs = Array.from({ length: 6 }, () => bookJob(simulator.store));
		simulator.clock.thaw();
		expect(new Set(jobs.map((job) => job.modifiedOn)).size).toBe(1);
	});

	it("recentTail 'window': every read that catches up re-sends the whole recent window, across pages", async () => {
		const { token } = await drain(client, 'Export_Jobs');
		simulator.configure({ recentTail: 'window' });
		const booked = Array.from({ length: 10 }, () => bookJob(simulator.store).id);
		const first = await drain(client, 'Export_Jobs', { from: token, includeRecentChanges: true });
		expect(first.records.map((record) => record.id)).toEqual(booked);
		expect(first.calls).toBe(3);
		const again = await drain(client, 'Export_Jobs', { from: first.token, includeRecentChanges: true });
		expect(again.records.map((record) => record.id)).toEqual(booked);
		// The 'page' tail (the default) re-sends only the last page's recent records.
		simulator.configure({ recentTail: 'page' });
		const pageTail = await drain(client, 'Export_Jobs', { from: first.token, includeRecentChanges: true });
		expect(pageTail.records.map((record) => record.id)).toEqual(booked);
		const lastPage = await drain(client, 'Export_Jobs', { from: pageTail.token, includeRecentChanges: true });
		expect(lastPage.records.map((record) => record.id)).toEqual(booked.slice(8));
		simulator.clock.advance(60_001);
		simulator.configure({ recentTail: 'window' });
		const aged = await drain(client, 'Export_Jobs', { from: first.token, includeRecentChanges: true });
		expect(aged.records.map((record) => record.id)).toEqual(booked);
		expect((await drain(client, 'Export_Jobs', { from: aged.token, includeRecentChanges: true })).records).toEqual([]);
	});

	it.each([400, 404, 410, 422] as const)('refuses a continuation token with %i when the fault says so', async (status) => {
		const { token } = await drain(client, 'Export_Jobs');
		simulator.faults.add({ fault: { type: 'invalidContinuationToken', status } });
		const refused = await client.call('Export_Jobs', { query: { from: token } });
		expect(refused.status).toBe(status);
		expect((refused.body as Row).title).toBe('The continuation token is invalid.');
		expect((await client.call('Export_Jobs', { query: { from: token } })).status).toBe(200);
	});

	it('journals every change with its record, time and history event', () => {
		const before = simulator.store.data.changes.length;
		const job = bookJob(simulator.store);
		const history = simulator.store.jobs.history(job.id);
		const made = simulator.store.data.changes.slice(before);
		expect(made.filter((change) => change.feed === 'jobs').map((change) => [change.id, change.at])).toEqual([[job.id, job.modifiedOn]]);
		expect(made.filter((change) => change.feed === 'job-history').map((change) => change.eventId)).toEqual(history.map((event) => event.id));
	});
});
