/**
 * The trigger's position in a feed, through n8n's PollContext against the simulator: arming, draining
 * a backlog under the cap and the time budget, restarts from stored static data, date starts, scope
 * changes and the bounded de-duplication window. Export pages hold 5 records, so most walks span pages.
 */
import { useSimulator } from '../helpers/nodeSim';
import { bookJob } from '../simulator/fixtures';
import {
	afterChanges,
	armedTrigger,
	bookJobs,
	cursorOf,
	expectExactlyOnce,
	freshTenant,
	idsOf,
	pair,
	pairsOf,
	pollUntilQuiet,
	serialised,
	trigger,
	updateJobs,
} from './support';

const PAGE = 5;
const env = useSimulator({ exportPageSize: PAGE });

const seededJobPairs = (store: ReturnType<typeof freshTenant>['store']) => store.data.jobs.toArray().map(pair);

describe('first activation ("New changes from now on")', () => {
	it('records the position and emits nothing, then emits only what changed after it', async () => {
		const { store } = freshTenant(env);
		const before = bookJobs(store, 3);
		await afterChanges();
		const harness = trigger();

		expect(await harness.poll()).toBeNull();
		expect(cursorOf(harness.staticData)).toMatchObject({ armed: true });
		expect(await harness.poll()).toBeNull();

		const after = bookJobs(store, 2);
		const changed = updateJobs(store, idsOf(before).slice(0, 1));
		expectExactlyOnce(pairsOf(await harness.poll()), [...after, ...changed]);
		expect(await harness.poll()).toBeNull();
	});

	it('arming twice with the stored state keeps the first position: changes between the two polls are emitted', async () => {
		const { store, harness } = await armedTrigger(env);
		const armed = serialised(cursorOf(harness.staticData));
		const between = bookJobs(store, 2);
		expectExactlyOnce(pairsOf(await harness.poll()), between);
		expect(cursorOf(harness.staticData)).toMatchObject({ anchor: armed.anchor });
	});

	it('the same first poll repeated on the pre-poll static data arms again without emitting, then continues exactly', async () => {
		const { store } = freshTenant(env);
		bookJobs(store, 2);
		await afterChanges();
		// n8n did not keep what the activation tick stored: the next tick starts from the same (empty) data.
		expect(await trigger({}, { staticData: {} }).poll()).toBeNull();
		const harness = trigger({}, { staticData: {} });
		expect(await harness.poll()).toBeNull();
		const made = bookJobs(store, 3);
		const { all } = await pollUntilQuiet(harness);
		expectExactlyOnce(all, made);
	});

	it('a date start repeated on the pre-poll static data emits the same first batch, then continues without repeats', async () => {
		const { store } = freshTenant(env, { jobs: 12 });
		const everything = seededJobPairs(store);
		const startDate = everything[0].split('|')[1];
		const parameters = { start: 'date', startDate, options: { maxRecordsPerPoll: 4 } };

		const lost = await trigger(parameters, { staticData: {} }).poll();
		const harness = trigger(parameters, { staticData: {} });
		const first = await harness.poll();
		expect(pairsOf(first)).toEqual(pairsOf(lost));
		const { all } = await pollUntilQuiet(harness);
		expectExactlyOnce([...pairsOf(first), ...all], everything);
	});
});

describe('exactly once across many polls', () => {
	it('emits each created and each updated record version once, whatever happens between polls', async () => {
		const { store, harness } = await armedTrigger(env);
		const emitted: string[] = [];
		const expected: string[] = [];
		let previous: number[] = [];
		for (let round = 0; round < 6; round++) {
			const booked = bookJobs(store, 2 + round);
			const touched = new Map<number, string>();
			for (const entry of booked) touched.set(idsOf([entry])[0], entry);
			// An earlier job changes again, and one booked this round changes before any poll saw it.
			for (const entry of updateJobs(store, [...previous.slice(0, 1), idsOf(booked)[0]])) touched.set(idsOf([entry])[0], entry);
			expected.push(...touched.values());
			emitted.push(...pairsOf(await harness.poll()));
			expect(await harness.poll()).toBeNull();
			previous = idsOf(booked);
		}
		expectExactlyOnce(emitted, expected);
	});
});

describe('a backlog larger than Max Records per Poll', () => {
	it.each([
		['a cap larger than the export page', 7],
		['a cap smaller than the export page (stops mid-page)', 3],
		['a cap of one record', 1],
	])('drains across polls with nothing lost or repeated: %s', async (_name, cap) => {
		const { store, harness } = await armedTrigger(env, { options: { maxRecordsPerPoll: cap } });
		const backlog = bookJobs(store, 23);

		const emitted: string[] = [];
		let expected = [...backlog];
		for (let count = 0; count < 100; count++) {
			const result = await harness.poll();
			if (result === null) break;
			const pairs = pairsOf(result);
			expect(pairs.length).toBeLessThanOrEqual(cap);
			emitted.push(...pairs);
			if (count === 1) {
				// Mid-drain: one already emitted job and one still waiting change again.
				const [done] = idsOf(pairs);
				const waiting = idsOf(backlog).find((id) => !idsOf(emitted).includes(id)) as number;
				expected = expected.filter((entry) => idsOf([entry])[0] !== waiting).concat(updateJobs(store, [done, waiting]));
			}
		}
		expectExactlyOnce(emitted, expected);
	});

	it('"Everything from the beginning" backfills the feed in capped polls, then follows new changes', async () => {
		const { store } = freshTenant(env, { jobs: 17 });
		const everything = seededJobPairs(store);
		const harness = trigger({ start: 'beginning', options: { maxRecordsPerPoll: 4 } });
		const { all, perPoll } = await pollUntilQuiet(harness);
		expect(perPoll.map((pairs) => pairs.length)).toEqual([4, 4, 4, 4, 1]);
		expectExactlyOnce(all, everything);
		const later = bookJobs(store, 2);
		expectExactlyOnce(pairsOf(await harness.poll()), later);
	});
});

describe('a restart between polls', () => {
	it('resumes exactly from the static data n8n saved (JSON), mid-page included', async () => {
		const parameters = { options: { maxRecordsPerPoll: 3 } };
		const { store, harness: first } = await armedTrigger(env, parameters);
		let saved = serialised(first.staticData);
		const backlog = bookJobs(store, 11);
		const emitted: string[] = [];
		let extra: string[] = [];
		for (let count = 0; count < 20; count++) {
			const harness = trigger(parameters, { staticData: saved });
			const result = await harness.poll();
			saved = serialised(harness.staticData);
			if (result === null) break;
			emitted.push(...pairsOf(result));
			if (count === 0) extra = bookJobs(store, 2);
		}
		expectExactlyOnce(emitted, [...backlog, ...extra]);
	});
});

describe('"Changes since a date"', () => {
	it.each([
		['in one poll', 1000],
		['over capped polls that re-read the first page', 1],
	])('includes the record changed exactly at the start date once: %s', async (_name, cap) => {
		const { store } = freshTenant(env, { jobs: 15 });
		const everything = seededJobPairs(store);
		const boundary = everything[6];
		const startDate = boundary.split('|')[1];
		const expected = everything.filter((entry) => entry.split('|')[1] >= startDate);
		expect(expected[0]).toBe(boundary);
		const harness = trigger({ start: 'date', startDate, options: { maxRecordsPerPoll: cap } });
		const { all } = await pollUntilQuiet(harness);
		expectExactlyOnce(all, expected);
		const later = bookJobs(store, 1);
		expectExactlyOnce(pairsOf(await harness.poll()), later);
	});
});

describe('the scope of the stored cursor', () => {
	it('changing the feed restarts from the chosen start instead of reusing the jobs token', async () => {
		const { store, harness: jobs } = await armedTrigger(env);
		bookJobs(store, 2);
		expect(await jobs.poll()).not.toBeNull();
		const jobsToken = cursorOf(jobs.staticData).from as string;
		expect(jobsToken).not.toMatch(/^\d{4}-/);
		await afterChanges();

		const appointments = trigger({ feed: 'appointments' }, { staticData: serialised(jobs.staticData) });
		expect(await appointments.poll()).toBeNull();
		const job = bookJob(store);
		const expected = job.appointmentIds.map((id) => pair(store.data.appointments.get(id) as { id: number; modifiedOn: number }));
		expectExactlyOnce(pairsOf(await appointments.poll()), expected);
		const reads = env.apiRequests().filter((request) => request.path.endsWith('/export/appointments'));
		expect(reads[0].query.from?.[0]).toBe(cursorOf(appointments.staticData).anchor);
		expect(reads.filter((request) => request.query.from?.[0] === jobsToken)).toEqual([]);
	});

	it('changing the tenant restarts from the chosen start: everything of the new tenant, nothing of the old', async () => {
		const first = freshTenant(env, { jobs: 6 });
		const harness = trigger({ start: 'beginning' });
		expectExactlyOnce((await pollUntilQuiet(harness)).all, seededJobPairs(first.store));
		const firstToken = cursorOf(harness.staticData).from;
		bookJobs(first.store, 2);

		const second = freshTenant(env, { jobs: 9 });
		const moved = trigger({ start: 'beginning' }, { staticData: serialised(harness.staticData) });
		expectExactlyOnce((await pollUntilQuiet(moved)).all, seededJobPairs(second.store));
		expect(env.apiRequests().filter((request) => request.tenantId === second.credentials.tenantId && request.query.from?.[0] === firstToken)).toEqual([]);
	});
});

describe('the poll time budget', () => {
	it('stops before the cap when the budget is spent, and the next polls resume where it stopped', async () => {
		const { store } = freshTenant(env, { jobs: 30 });
		const everything = seededJobPairs(store);
		const harness = trigger({ start: 'beginning', options: { maxRecordsPerPoll: 1000 } }, { budgetMs: 1 });
		const { all, perPoll } = await pollUntilQuiet(harness);
		expect(perPoll[0].length).toBeGreaterThan(0);
		expect(perPoll[0].length).toBeLessThan(everything.length);
		expectExactlyOnce(all, everything);
	});
});

describe('memory', () => {
	/** Keys in the stored de-duplication state (see dedupe.ts StoredKeys). */
	const storedKeys = (staticData: Parameters<typeof cursorOf>[0]) =>
		(cursorOf(staticData).seen as Array<[number, string]>).reduce((sum, [, joined]) => sum + joined.split(' ').length, 0);

	it('keeps the keys of the changes within 30 minutes (two 15-minute feed lags) of the newest change read, however many are read', async () => {
		const { store } = freshTenant(env, { jobs: 10_100 });
		env.sim.configure({ exportPageSize: 2000 });
		try {
			// Nothing matches (export jobs are all active), so one poll reads the whole feed.
			const harness = trigger({ start: 'beginning', filters: { active: 'inactive' }, options: { maxRecordsPerPoll: 1 } });
			const within = () => {
				const times = store.data.jobs.toArray().map((job) => job.modifiedOn);
				const newest = Math.max(...times);
				return times.filter((time) => time >= newest - 30 * 60_000).length;
			};
			expect(await harness.poll()).toBeNull();
			expect(storedKeys(harness.staticData)).toBe(within());
			for (let round = 0; round < 3; round++) {
				env.sim.seed({ jobs: 500 }, store.tenantId);
				expect(await harness.poll()).toBeNull();
				expect(storedKeys(harness.staticData)).toBe(within());
			}
			expect(JSON.stringify(harness.staticData).length).toBeLessThan(400_000);
		} finally {
			env.sim.configure({ exportPageSize: PAGE });
		}
	});
});
