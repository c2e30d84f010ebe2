/**
 * Export-feed semantics: change order, continuation tokens, date `from` (inclusive), hasMore,
 * includeRecentChanges duplicates, the visibility delay, invalid tokens, and that store writes reach
 * the feeds exactly like API writes.
 */
import { startSimulator, type Simulator } from '../../simulator';
import { validateResponse, validateSchema } from '../helpers/vendorSpec';
import { type Json, json, SimClient } from './client';
import { drain, page, type Row } from './feedWalk';
import { at, bookJob } from './fixtures';

const ids = (records: Row[], key = 'id') => records.map((record) => record[key]);

describe('export feeds', () => {
	let simulator: Simulator;
	let client: SimClient;

	beforeEach(async () => {
		simulator = await startSimulator({ seed: 11, sample: { jobs: 23, projects: 3 }, exportPageSize: 5, rateLimitPerSecond: null, recentWindowMs: 10_000 });
		client = new SimClient(simulator);
	});
	afterEach(() => simulator.close());

	it('pages through the whole feed in change order with hasMore/continueFrom, each record once', async () => {
		const { records, calls, token } = await drain(client, 'Export_Jobs');
		expect(records).toHaveLength(23);
		expect(calls).toBe(5);
		expect(new Set(ids(records)).size).toBe(23);
		const times = records.map((record) => Date.parse(record.modifiedOn as string));
		expect([...times].sort((a, b) => a - b)).toEqual(times);
		expect(records.every((record) => record.active === true)).toBe(true);
		// Caught up: an empty page that still hands back a usable token for the same position.
		const idle = await page(client, 'Export_Jobs', { from: token });
		expect(idle).toMatchObject({ hasMore: false, data: [] });
		expect((await page(client, 'Export_Jobs', { from: idle.continueFrom })).data).toEqual([]);
	});

	it('moves an updated record to the end; a stored token resumes with just the changes (API and store writes alike)', async () => {
		const { records, token } = await drain(client, 'Export_Jobs');
		const [first, second] = ids(records) as number[];
		simulator.store.jobs.update(first, { priority: 'Urgent' });
		const patched = await client.call('Jobs_Update', { pathParams: { id: second }, body: { summary: 'Changed over the API' } });
		expect(patched.status).toBe(200);
		const resumed = await drain(client, 'Export_Jobs', { from: token });
		expect(ids(resumed.records)).toEqual([first, second]);
		expect(resumed.records[0].priority).toBe('Urgent');
		expect(resumed.records[1].summary).toBe('Changed over the API');
		// From the beginning the updated jobs now come last, not at their old place.
		const all = await drain(client, 'Export_Jobs');
		expect(ids(all.records).slice(-2)).toEqual([first, second]);
		expect(all.records).toHaveLength(23);
	});

	it('treats a date `from` as inclusive on modifiedOn and accepts date-only strings', async () => {
		const { records } = await drain(client, 'Export_Jobs');
		const pivot = records[10];
		const fromPivot = await drain(client, 'Export_Jobs', { from: pivot.modifiedOn as string });
		expect(fromPivot.records[0].id).toBe(pivot.id);
		expect(ids(fromPivot.records)).toEqual(ids(records.slice(10)));
		const justAfter = new Date(Date.parse(pivot.modifiedOn as string) + 1).toISOString();
		expect(ids((await drain(client, 'Export_Jobs', { from: justAfter })).records)).toEqual(ids(records.slice(11)));
		expect((await drain(client, 'Export_Jobs', { from: '2000-01-01' })).records).toHaveLength(23);
		expect((await drain(client, 'Export_Jobs', { from: '2999-01-01' })).records).toHaveLength(0);
	});

	it('repeats recent changes with includeRecentChanges=true (the duplicates the real API warns about) until they age', async () => {
		const { token } = await drain(client, 'Export_Jobs');
		const job = bookJob(simulator.store);
		const first = await page(client, 'Export_Jobs', { from: token, includeRecentChanges: true });
		expect(ids(first.data)).toEqual([job.id]);
		const second = await page(client, 'Export_Jobs', { from: first.continueFrom, includeRecentChanges: true });
		expect(ids(second.data)).toEqual([job.id]);
		expect(second.data[0].modifiedOn).toBe(first.data[0].modifiedOn);
		simulator.clock.advance(10_001);
		const third = await page(client, 'Export_Jobs', { from: second.continueFrom, includeRecentChanges: true });
		expect(ids(third.data)).toEqual([job.id]);
		const fourth = await page(client, 'Export_Jobs', { from: third.continueFrom, includeRecentChanges: true });
		expect(fourth.data).toEqual([]);
	});

	it('never backs up while hasMore is true, so paging with includeRecentChanges always progresses', async () => {
		const { token } = await drain(client, 'Export_Jobs');
		for (let index = 0; index < 12; index++) bookJob(simulator.store);
		const seen = await drain(client, 'Export_Jobs', { from: token, includeRecentChanges: true });
		expect(seen.records).toHaveLength(12);
		expect(seen.calls).toBe(3);
	});

	it('hides changes younger than the visibility delay unless includeRecentChanges=true, without losing them', async () => {
		simulator.configure({ visibilityDelayMs: 60_000, recentWindowMs: 60_000 });
		const { token } = await drain(client, 'Export_Jobs');
		const job = bookJob(simulator.store);
		const hidden = await page(client, 'Export_Jobs', { from: token });
		expect(hidden.data).toEqual([]);
		expect(ids((await page(client, 'Export_Jobs', { from: token, includeRecentChanges: true })).data)).toEqual([job.id]);
		simulator.clock.advance(60_001);
		const visible = await page(client, 'Export_Jobs', { from: hidden.continueFrom });
		expect(ids(visible.data)).toEqual([job.id]);
	});

	it('rejects tampered, foreign-feed, foreign-tenant and stale tokens with 400 "continuation token is invalid"', async () => {
		const jobsToken = (await page(client, 'Export_Jobs')).continueFrom;
		const other = simulator.addTenant({ sample: true });
		const otherToken = (await page(new SimClient(simulator, other), 'Export_Jobs')).continueFrom;
		const tampered = `${jobsToken.slice(0, -2)}${jobsToken.endsWith('AA') ? 'BB' : 'AA'}`;
		const cases: Array<[string, string]> = [
			['Export_Jobs', tampered],
			['Export_Jobs', 'not-a-token'],
			['Export_Projects', jobsToken],
			['Export_Jobs', otherToken],
		];
		for (const [operationId, from] of cases) {
			const result = await client.call(operationId, { query: { from } });
			expect(result.status).toBe(400);
			expect(validateResponse(operationId, 400, result.body)).toEqual([]);
			expect(json(result).title).toMatch(/continuation token is invalid/i);
		}
		simulator.reset();
		const stale = await client.call('Export_Jobs', { query: { from: jobsToken } });
		expect(stale.status).toBe(400);
		expect(validateSchema('ApiErrorResponse', stale.body)).toEqual([]);
		const badDate = await client.call('Export_Jobs', { query: { from: '2020-13-45' } });
		expect(badDate.status).toBe(400);
	});

	it('delivers job history as one record per job that moves to the end when an event is added', async () => {
		const { records, token } = await drain(client, 'Export_JobHistory');
		expect(records).toHaveLength(23);
		expect(records.every((record) => Array.isArray(record.history) && (record.history as Row[]).length >= 2)).toBe(true);
		// A job whose first appointment can still be rescheduled (the sample has plenty).
		const movable = records.find((record) => {
			const job = simulator.store.jobs.require(record.jobId as number);
			return simulator.store.appointments.get(job.appointmentIds[0])?.status === 'Scheduled';
		});
		if (!movable) throw new Error('No reschedulable job in the sample');
		const jobId = movable.jobId as number;
		const before = (movable.history as Row[]).length;
		const appointment = simulator.store.jobs.require(jobId).appointmentIds[0];
		const moved = await client.call('Appointments_Reschedule', { pathParams: { id: appointment }, body: { start: at(5), end: at(6) } });
		expect(moved.status).toBe(200);
		const resumed = await drain(client, 'Export_JobHistory', { from: token });
		expect(ids(resumed.records, 'jobId')).toEqual([jobId]);
		expect((resumed.records[0].history as Row[]).length).toBe(before + 1);
		expect((resumed.records[0].history as Row[]).at(-1)).toMatchObject({ eventType: 'Job Rescheduled' });
	});

	it('logs cancellations in job-canceled-logs (active) and their removal (inactive), plus history and job changes', async () => {
		const tokens = {
			logs: (await drain(client, 'Export_JobCancelReasons')).token,
			jobs: (await drain(client, 'Export_Jobs')).token,
			history: (await drain(client, 'Export_JobHistory')).token,
		};
		const job = bookJob(simulator.store);
		const reasonId = simulator.store.data.cancelReasons.toArray().find((reason) => reason.active)?.id ?? 0;
		const cancel = await client.call('Jobs_Cancel', { pathParams: { id: job.id }, body: { reasonId, memo: 'Moved away' } });
		expect(cancel.status).toBe(200);
		const logs = await drain(client, 'Export_JobCancelReasons', { from: tokens.logs });
		expect(logs.records).toEqual([expect.objectContaining({ jobId: job.id, reasonId, memo: 'Moved away', active: true })]);
		expect((await client.call('Jobs_RemoveCancellation', { pathParams: { id: job.id } })).status).toBe(200);
		const removed = await drain(client, 'Export_JobCancelReasons', { from: logs.token });
		expect(removed.records).toEqual([expect.objectContaining({ id: logs.records[0].id, active: false })]);
		const jobs = await drain(client, 'Export_Jobs', { from: tokens.jobs });
		expect(ids(jobs.records)).toEqual([job.id]);
		expect(jobs.records[0].jobStatus).toBe('Scheduled');
		const history = await drain(client, 'Export_JobHistory', { from: tokens.history });
		const events = (history.records[0].history as Row[]).map((event) => event.eventType);
		expect(events).toEqual(expect.arrayContaining(['Job Booked', 'Job Canceled', 'Job Cancellation Removed']));
	});

	it('delivers job and project notes with their owner ids', async () => {
		const jobNotes = await drain(client, 'Export_JobNotes');
		const projectNotes = await drain(client, 'Export_ProjectNotes');
		const job = bookJob(simulator.store);
		const project = simulator.store.projects.create({ locationId: 1_150_001 });
		simulator.store.jobs.addNote(job.id, { text: 'Bring a ladder' });
		await client.call('Projects_CreateNote', { pathParams: { id: project.id }, body: { text: 'Permit filed' } });
		expect((await drain(client, 'Export_JobNotes', { from: jobNotes.token })).records).toEqual([
			expect.objectContaining({ jobId: job.id, text: 'Bring a ladder', active: true }),
		]);
		expect((await drain(client, 'Export_ProjectNotes', { from: projectNotes.token })).records).toEqual([
			expect.objectContaining({ projectId: project.id, text: 'Permit filed', active: true }),
		]);
	});

	it('filters appointments by active (default all) and delivers deletions as inactive records', async () => {
		const everything = await drain(client, 'Export_Appointments');
		const job = bookJob(simulator.store);
		const deleted = job.appointmentIds[1];
		expect((await client.call('Appointments_Delete', { pathParams: { id: deleted } })).status).toBe(200);
		const changes = await drain(client, 'Export_Appointments', { from: everything.token });
		expect(changes.records.map((record) => [record.id, record.active])).toEqual([
			[job.appointmentIds[0], true],
			[deleted, false],
		]);
		const inactive = await drain(client, 'Export_Appointments', { active: 'False' });
		expect(ids(inactive.records)).toEqual([deleted]);
		const active = await drain(client, 'Export_Appointments', { active: 'True' });
		expect(ids(active.records)).not.toContain(deleted);
		expect(active.records.length + inactive.records.length).toBe((await drain(client, 'Export_Appointments')).records.length);
	});

	it('uses the export page size chosen by the server (runtime configurable)', async () => {
		simulator.configure({ exportPageSize: 10 });
		const first = await page(client, 'Export_Jobs');
		expect(first.data).toHaveLength(10);
		expect(first.hasMore).toBe(true);
		const body: Json = first as unknown as Json;
		expect(Object.keys(body).sort()).toEqual(['continueFrom', 'data', 'hasMore']);
	});
});
