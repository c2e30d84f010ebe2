/**
 * The seven feeds, their filters and output shapes, "Fetch test event" and includeRecentChanges,
 * through n8n's PollContext against the simulator. Changes are made through the simulator's store,
 * i.e. as a ServiceTitan user would, between polls.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { TenantStore } from '../../simulator';
import { isoUtc } from '../../simulator/clock';
import { useSimulator } from '../helpers/nodeSim';
import { SimClient } from '../simulator/client';
import { bookJob } from '../simulator/fixtures';
import {
	afterChanges,
	armedTrigger,
	bookJobs,
	cursorOf,
	expectExactlyOnce,
	freshTenant,
	idsOf,
	itemsOf,
	pair,
	pairsOf,
	pollUntilQuiet,
	serialised,
	trigger,
	updateJobs,
} from './support';

const env = useSimulator({ exportPageSize: 5 });

type Stamped = { id: number; modifiedOn: number };

const appointmentPairs = (store: TenantStore, ids: number[]) => ids.map((id) => pair(store.data.appointments.get(id) as Stamped));
const eventKeys = (store: TenantStore, jobId: number, from = 0) => store.jobs.history(jobId).slice(from).map((event) => `${jobId}|${event.id}`);
const eventKeysOf = (result: INodeExecutionData[][] | null) => itemsOf(result).map((json) => `${String(json.jobId)}|${String(json.id)}`);
const logKey = (log: { id: number; active: boolean }) => `${log.id}|${String(log.active)}`;
const logKeysOf = (result: INodeExecutionData[][] | null) => itemsOf(result).map((json) => `${String(json.id)}|${String(json.active)}`);
const activeId = (records: Array<{ id: number; active: boolean }>, index = 0) => records.filter((record) => record.active)[index].id;
const createProject = (store: TenantStore, statusId: number | null = null) => store.projects.create({ locationId: 1_150_001, name: 'Remodel', statusId });

const armed = (parameters: INodeParameters = {}) => armedTrigger(env, parameters, { jobs: 4, projects: 1 });

describe('each feed emits its own changes once', () => {
	it('Jobs: booked and updated jobs, through the store and through the API', async () => {
		const { store, credentials, harness } = await armed({ feed: 'jobs' });
		const booked = bookJobs(store, 2);
		const response = await new SimClient(env.sim, credentials).call('Jobs_Update', { pathParams: { id: idsOf(booked)[0] }, body: { summary: 'Over the API' } });
		expect(response.status).toBe(200);
		const viaApi = pair(store.data.jobs.get(idsOf(booked)[0]) as Stamped);
		expectExactlyOnce(pairsOf(await harness.poll()), [viaApi, booked[1]]);
		expect(await harness.poll()).toBeNull();
	});

	it('Appointments: booked, rescheduled, held and deleted appointments', async () => {
		const { store, harness } = await armed({ feed: 'appointments' });
		const job = bookJob(store);
		expectExactlyOnce(pairsOf(await harness.poll()), appointmentPairs(store, job.appointmentIds));
		const [first, second] = job.appointmentIds;
		store.appointments.reschedule(first, { start: '2031-02-03T10:00:00Z', end: '2031-02-03T12:00:00Z' });
		store.appointments.delete(second);
		expectExactlyOnce(pairsOf(await harness.poll()), appointmentPairs(store, [first, second]));
		store.appointments.hold(first, { reasonId: activeId(store.data.holdReasons.toArray()), memo: 'Parts' });
		expectExactlyOnce(pairsOf(await harness.poll()), appointmentPairs(store, [first]));
		expect(await harness.poll()).toBeNull();
	});

	it('Projects: created and updated projects', async () => {
		const { store, harness } = await armed({ feed: 'projects' });
		const project = createProject(store);
		const other = createProject(store);
		expectExactlyOnce(pairsOf(await harness.poll()), [pair(project), pair(other)]);
		expectExactlyOnce(pairsOf(await harness.poll()), []);
		store.projects.update(project.id, { summary: 'Phase two' });
		expectExactlyOnce(pairsOf(await harness.poll()), [pair(project)]);
	});

	it('Job Notes and Project Notes: each new note', async () => {
		const jobNotes = await armed({ feed: 'jobNotes' });
		const job = bookJob(jobNotes.store);
		const notes = [jobNotes.store.jobs.addNote(job.id, { text: 'Gate code 1234' }), jobNotes.store.jobs.addNote(job.id, { text: 'Dog' })];
		expectExactlyOnce(pairsOf(await jobNotes.harness.poll()), notes.map(pair));

		const projectNotes = await armed({ feed: 'projectNotes' });
		const project = createProject(projectNotes.store);
		const note = projectNotes.store.projects.addNote(project.id, { text: 'Permit filed' });
		expectExactlyOnce(pairsOf(await projectNotes.harness.poll()), [pair(note)]);
		expect(await projectNotes.harness.poll()).toBeNull();
	});

	it('Job History: one item per new event, with its job ID; older events of the same job are not repeated', async () => {
		const { store, harness } = await armed({ feed: 'jobHistory' });
		const job = bookJob(store);
		expectExactlyOnce(eventKeysOf(await harness.poll()), eventKeys(store, job.id));
		const seen = store.jobs.history(job.id).length;
		store.appointments.hold(job.appointmentIds[0], { reasonId: activeId(store.data.holdReasons.toArray()), memo: 'Parts' });
		store.jobs.cancel(job.id, { reasonId: activeId(store.data.cancelReasons.toArray()), memo: 'Moved away' });
		const result = await harness.poll();
		expectExactlyOnce(eventKeysOf(result), eventKeys(store, job.id, seen));
		expect(itemsOf(result).map((json) => json.eventType)).toEqual(['Job Put On Hold', 'Job Canceled']);
	});

	it('Job History: jobs that existed before activation emit only their events after it', async () => {
		const tenant = freshTenant(env, { jobs: 4 });
		const booked = bookJob(tenant.store);
		await afterChanges();
		const harness = trigger({ feed: 'jobHistory' });
		expect(await harness.poll()).toBeNull();
		const seeded = tenant.store.data.jobs.toArray().find((job) => job.jobStatus !== 'Completed' && job.id !== booked.id);
		if (!seeded) throw new Error('no seeded job that can change');
		const seen = [booked, seeded].map((job) => tenant.store.jobs.history(job.id).length);
		expect(seen[1]).toBeGreaterThan(0);
		tenant.store.appointments.hold(booked.appointmentIds[0], { reasonId: activeId(tenant.store.data.holdReasons.toArray()), memo: '' });
		if (seeded.jobStatus === 'Canceled') tenant.store.jobs.removeCancellation(seeded.id);
		else tenant.store.jobs.cancel(seeded.id, { reasonId: activeId(tenant.store.data.cancelReasons.toArray()), memo: '' });
		const made = bookJob(tenant.store);
		const expected = [...eventKeys(tenant.store, booked.id, seen[0]), ...eventKeys(tenant.store, seeded.id, seen[1]), ...eventKeys(tenant.store, made.id)];
		expect(expected).toHaveLength(4);
		expectExactlyOnce(eventKeysOf(await harness.poll()), expected);
	});

	it('Job History from a date: the events on or after the date, not the older events of the jobs read', async () => {
		const { store } = freshTenant(env, { jobs: 12 });
		const jobs = store.data.jobs.toArray();
		const startDate = isoUtc(jobs[5].modifiedOn);
		const expected = jobs.flatMap((job) =>
			store.jobs.history(job.id).filter((event) => isoUtc(event.date) >= startDate).map((event) => `${job.id}|${event.id}`),
		);
		const older = jobs.slice(5).flatMap((job) => store.jobs.history(job.id).filter((event) => isoUtc(event.date) < startDate));
		expect(older.length).toBeGreaterThan(0);
		const harness = trigger({ feed: 'jobHistory', start: 'date', startDate, options: { maxRecordsPerPoll: 3 } });
		expectExactlyOnce((await pollUntilQuiet(harness, eventKeysOf)).all, expected);
	});

	it('Job History grouped: one item per job holding only its new events', async () => {
		const { store, harness } = await armed({ feed: 'jobHistory', options: { oneItemPerEvent: false } });
		const [one, two] = [bookJob(store), bookJob(store)];
		const items = itemsOf(await harness.poll());
		expect(items.map((json) => json.jobId)).toEqual([one.id, two.id]);
		for (const [index, job] of [one, two].entries()) {
			expect((items[index].history as IDataObject[]).map((event) => event.id)).toEqual(store.jobs.history(job.id).map((event) => event.id));
		}
		const seen = store.jobs.history(one.id).length;
		store.jobs.cancel(one.id, { reasonId: activeId(store.data.cancelReasons.toArray()), memo: 'No longer needed' });
		const [again] = itemsOf(await harness.poll());
		expect(again).toEqual({
			jobId: one.id,
			history: store.jobs.history(one.id).slice(seen).map((event) => expect.objectContaining({ id: event.id, eventType: event.eventType, date: isoUtc(event.date) })),
		});
	});

	it('Job Cancellations: a cancellation, and its removal (the log turns inactive)', async () => {
		const { store, harness } = await armed({ feed: 'jobCanceledLogs' });
		const job = bookJob(store);
		expect(await harness.poll()).toBeNull();
		store.jobs.cancel(job.id, { reasonId: activeId(store.data.cancelReasons.toArray()), memo: 'Customer moved' });
		const [log] = store.jobs.canceledLogs(job.id);
		expectExactlyOnce(logKeysOf(await harness.poll()), [logKey(log)]);
		store.jobs.removeCancellation(job.id);
		const removed = store.jobs.canceledLogs(job.id)[0];
		expect(removed.active).toBe(false);
		expectExactlyOnce(logKeysOf(await harness.poll()), [logKey(removed)]);
		expect(await harness.poll()).toBeNull();
	});
	it('Job Cancellations: removing a cancellation made before activation is emitted (the log keeps its old createdOn)', async () => {
		const { store } = freshTenant(env);
		const job = bookJob(store);
		store.jobs.cancel(job.id, { reasonId: activeId(store.data.cancelReasons.toArray()), memo: '' });
		await afterChanges();
		const harness = trigger({ feed: 'jobCanceledLogs' });
		expect(await harness.poll()).toBeNull();
		store.jobs.removeCancellation(job.id);
		expectExactlyOnce(logKeysOf(await harness.poll()), store.jobs.canceledLogs(job.id).map(logKey));
		expect(store.jobs.canceledLogs(job.id).map((log) => log.active)).toEqual([false]);
	});
});

describe('filters, applied after reading', () => {
	it('job status: only jobs now in one of the chosen statuses', async () => {
		const { store, harness } = await armed({ feed: 'jobs', filters: { jobStatuses: ['Canceled', 'Hold'] } });
		const [one, two, three] = [bookJob(store), bookJob(store), bookJob(store)];
		expect(await harness.poll()).toBeNull();
		store.jobs.cancel(one.id, { reasonId: activeId(store.data.cancelReasons.toArray()), memo: '' });
		store.appointments.hold(two.appointmentIds[0], { reasonId: activeId(store.data.holdReasons.toArray()), memo: '' });
		store.jobs.update(three.id, { summary: 'still scheduled' });
		expectExactlyOnce(pairsOf(await harness.poll()), [pair(store.data.jobs.get(one.id) as Stamped), pair(store.data.jobs.get(two.id) as Stamped)]);
	});

	it('appointment status and active/inactive', async () => {
		const held = await armed({ feed: 'appointments', filters: { appointmentStatuses: ['Hold'] } });
		const job = bookJob(held.store);
		held.store.appointments.hold(job.appointmentIds[1], { reasonId: activeId(held.store.data.holdReasons.toArray()), memo: '' });
		expectExactlyOnce(pairsOf(await held.harness.poll()), appointmentPairs(held.store, [job.appointmentIds[1]]));

		const { store } = freshTenant(env);
		const inactive = trigger({ feed: 'appointments', filters: { active: 'inactive' } });
		const active = trigger({ feed: 'appointments', filters: { active: 'active' } });
		expect(await inactive.poll()).toBeNull();
		expect(await active.poll()).toBeNull();
		const booked = bookJob(store, {}, 3);
		store.appointments.delete(booked.appointmentIds[0]);
		expectExactlyOnce(pairsOf(await inactive.poll()), appointmentPairs(store, [booked.appointmentIds[0]]));
		expectExactlyOnce(pairsOf(await active.poll()), appointmentPairs(store, booked.appointmentIds.slice(1)));
	});

	it('job-history event types (case-insensitive)', async () => {
		const { store, harness } = await armed({ feed: 'jobHistory', filters: { eventTypes: ['job canceled', 'Job Put On Hold'] } });
		const [one, two] = [bookJob(store), bookJob(store)];
		store.jobs.cancel(one.id, { reasonId: activeId(store.data.cancelReasons.toArray()), memo: '' });
		store.appointments.hold(two.appointmentIds[0], { reasonId: activeId(store.data.holdReasons.toArray()), memo: '' });
		const expected = [one, two].flatMap((job) => eventKeys(store, job.id, 2));
		expect(expected).toHaveLength(2);
		expectExactlyOnce(eventKeysOf(await harness.poll()), expected);
	});

	it('cancel reasons', async () => {
		const tenant = freshTenant(env);
		const [wanted, other] = [activeId(tenant.store.data.cancelReasons.toArray(), 0), activeId(tenant.store.data.cancelReasons.toArray(), 1)];
		const harness = trigger({ feed: 'jobCanceledLogs', filters: { cancelReasonIds: [wanted] } });
		expect(await harness.poll()).toBeNull();
		const [one, two] = [bookJob(tenant.store), bookJob(tenant.store)];
		tenant.store.jobs.cancel(one.id, { reasonId: wanted, memo: '' });
		tenant.store.jobs.cancel(two.id, { reasonId: other, memo: '' });
		expectExactlyOnce(logKeysOf(await harness.poll()), tenant.store.jobs.canceledLogs(one.id).map(logKey));
	});

	it('project status', async () => {
		const tenant = freshTenant(env);
		const statuses = tenant.store.data.projectStatuses.toArray().map((status) => status.id);
		const harness = trigger({ feed: 'projects', filters: { projectStatusIds: [statuses[1], statuses[3]] } });
		expect(await harness.poll()).toBeNull();
		const made = statuses.map((statusId) => createProject(tenant.store, statusId));
		const unset = createProject(tenant.store);
		expect(unset.statusId).toBeNull();
		expectExactlyOnce(pairsOf(await harness.poll()), [pair(made[1]), pair(made[3])]);
	});
});

describe('output', () => {
	it('Simplify keeps the key fields of a job and drops the rest', async () => {
		const { store, harness } = await armed({ feed: 'jobs', simplify: true });
		const made = bookJobs(store, 2);
		const items = itemsOf(await harness.poll());
		expectExactlyOnce(items.map((json) => `${String(json.id)}|${String(json.modifiedOn)}`), made);
		expect(Object.keys(items[0]).sort()).toEqual(['active', 'completedOn', 'customerId', 'id', 'jobNumber', 'jobStatus', 'jobTypeId', 'locationId', 'modifiedOn', 'priority', 'projectId']);
	});
});

describe('"Fetch test event" (manual mode)', () => {
	it('returns the most recent changes and leaves the static data byte-identical', async () => {
		const { store, harness } = await armed({ feed: 'jobs' });
		bookJobs(store, 2);
		expect(await harness.poll()).not.toBeNull();
		const snapshot = JSON.stringify(harness.staticData);
		const made = bookJobs(store, 30);

		const sample = pairsOf(await harness.poll('manual'));
		expect(sample).toEqual(made.slice(-5));
		expect(JSON.stringify(harness.staticData)).toBe(snapshot);
		// Nothing was consumed: the real poll still emits all of it.
		expectExactlyOnce((await pollUntilQuiet(harness)).all, made);
	});

	it('on a trigger that never ran, samples without arming it', async () => {
		const { store } = freshTenant(env, { jobs: 3 });
		const staticData = {};
		const harness = trigger({ feed: 'jobs' }, { staticData });
		const sample = pairsOf(await harness.poll('manual'));
		expect(sample.length).toBeGreaterThan(0);
		expect(sample.every((entry) => store.data.jobs.toArray().map(pair).includes(entry))).toBe(true);
		expect(JSON.stringify(harness.staticData)).toBe('{}');
		expect(cursorOf(harness.staticData)).toEqual({});
	});
});

describe('includeRecentChanges', () => {
	it.each([
		['uncapped', 1000],
		['capped below the page size', 2],
	])('suppresses the duplicates ServiceTitan re-delivers: %s', async (_name, cap) => {
		const { store, credentials, harness } = await armed({ feed: 'jobs', options: { includeRecentChanges: true, maxRecordsPerPoll: cap } });
		const made = bookJobs(store, 7);
		const first = await pollUntilQuiet(harness);
		expectExactlyOnce(first.all, made);
		// The feed does hand those changes out again from the stored position …
		const stored = cursorOf(harness.staticData).from as string;
		const redelivered = await new SimClient(env.sim, credentials).call('Export_Jobs', { query: { from: stored, includeRecentChanges: true } });
		expect(((redelivered.body as { data: unknown[] }).data ?? []).length).toBeGreaterThan(0);
		// … yet polls stay quiet, and a new change is emitted once.
		expect(await harness.poll()).toBeNull();
		const changed = updateJobs(store, idsOf(made).slice(0, 1));
		expectExactlyOnce((await pollUntilQuiet(harness)).all, changed);
		expect(serialised(cursorOf(harness.staticData)).armed).toBe(true);
	});
});
