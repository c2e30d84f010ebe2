/**
 * Soak: two triggers (the jobs feed and the job-history feed, both with "Include Recent Changes") on
 * one tenant while SOAK_CHANGES changes (default 50,000; more for a longer run; SOAK_SEED for another
 * random sequence) are made with every feed behaviour on: late arrivals, bulk updates sharing one
 * modifiedOn, the whole recent window re-sent on every read, page sizes from 50 to 5,000 changing
 * between polls, long-lived jobs whose history keeps growing (whole history re-sent each time), idle
 * jobs coming back after more than the trigger's "Forget Idle Jobs After" day, and random faults:
 * 429 storms, Retry-After of minutes, 5xx, slow answers past the poll budget, dropped connections,
 * broken JSON, revoked tokens, continuation tokens refused with 400/404/410/422.
 *
 * Every poll that fails leaves the position where it was. At the end (faults off, the feed drained)
 * the changes emitted are exactly the changes the simulator recorded, each once: every history event,
 * and every version of a job (a job is only changed again once its latest version was emitted: the
 * feed shows a record at its latest version only, so two unread versions would come out as one).
 */
import type { IDataObject } from 'n8n-workflow';

import type { Fault, FaultRule, TenantStore } from '../../simulator';
import { isoUtc } from '../../simulator/clock';
import { SeededRandom } from '../../simulator/random';
import { useSimulator } from '../helpers/nodeSim';
import { FAST_RETRIES, useRetrySettings } from '../helpers/retrySettings';
import { bookJob } from '../simulator/fixtures';
import { afterChanges, cursorOf, freshTenant, itemsOf, pairsOf, serialised, trigger } from '../trigger/support';

const CHANGES = Math.max(1000, Number(process.env.SOAK_CHANGES ?? 50_000));
const SEED = Number(process.env.SOAK_SEED ?? 20261202);
const CAP = 400;
const BUDGET_MS = 1500;
const STEP_MS = 5000;
const DAY_MS = 86_400_000;
const SOAK_RETRIES = { ...FAST_RETRIES, baseDelayMs: 1, maxDelayMs: 8, timeoutMs: 1000 };

const env = useSimulator({ exportPageSize: 500, requestLogLimit: 100 });
jest.setTimeout(Math.max(600_000, CHANGES * 20));

const FEEDS = { jobs: '/export/jobs', history: '/export/job-history' } as const;
type Watched = keyof typeof FEEDS;

function randomFaults(random: SeededRandom, path: string): FaultRule[] {
	const times = random.int(1, 7);
	const skip = random.next() < 0.7 ? 0 : random.int(1, 2);
	const on = (fault: Fault, count = times): FaultRule => ({ path, skip, times: count, fault });
	switch (random.int(0, 11)) {
		case 0:
			// A 429 storm the retries ride out.
			return [on({ type: 'rateLimit', retryAfterSeconds: 0, retryAfterFormat: random.pick(['seconds', 'http-date', 'absent'] as const) })];
		case 1:
			// Retry-After longer than the budget: the poll ends where it is; the tenant waits it out.
			return [on({ type: 'rateLimit', retryAfterSeconds: 2 }, 1)];
		case 2:
		case 3:
			return [on({ type: 'status', status: random.pick([500, 502, 503, 504]), retryAfterFormat: 'absent' })];
		case 4:
			// Slower than the whole budget: cut at what is left of it.
			return random.next() < 0.3 ? [on({ type: 'delay', ms: BUDGET_MS * 2 }, 1)] : [on({ type: 'drop' })];
		case 5:
			return [on({ type: 'malformedJson' })];
		case 6:
			return [on({ type: 'expireTokens' }, 1)];
		case 7:
		case 8:
			return [on({ type: 'invalidContinuationToken', status: random.pick([400, 404, 410, 422] as const) }, random.int(1, 2))];
		default:
			return [on({ type: 'status', status: 503, retryAfterFormat: 'absent' }, 2), on({ type: 'drop' }, 1), on({ type: 'malformedJson' }, 1)];
	}
}

function withoutError(staticData: IDataObject) {
	const { error, ...rest } = serialised(cursorOf(staticData));
	return { rest, failed: error !== undefined };
}

describe(`the trigger over ${CHANGES} changes with every feed behaviour and random faults (seed ${SEED})`, () => {
	afterEach(() => {
		env.sim.clock.thaw();
		env.sim.configure({ exportPageSize: 500, lateArrivals: null, recentTail: 'page', recentWindowMs: null });
	});

	it('emits every change exactly once, with memory bounded by time', async () => {
		const started = Date.now();
		const random = new SeededRandom(SEED);
		env.sim.configure({ lateArrivals: { share: 0.3, maxMs: 20_000 }, recentTail: 'window', recentWindowMs: 10_000 });
		const { store } = freshTenant(env);
		await afterChanges();
		const options = { includeRecentChanges: true, maxRecordsPerPoll: CAP };
		const triggers = {
			jobs: trigger({ feed: 'jobs', options }, { budgetMs: BUDGET_MS }),
			history: trigger({ feed: 'jobHistory', options: { ...options, forgetIdleJobsDays: 1 } }, { budgetMs: BUDGET_MS }),
		};
		expect(await triggers.jobs.poll()).toBeNull();
		expect(await triggers.history.poll()).toBeNull();
		useRetrySettings(SOAK_RETRIES);
		const since = store.data.changes.length;

		const pool: number[] = [];
		const unread = new Map<number, string>();
		const emitted: Record<Watched, string[]> = { jobs: [], history: [] };
		let polls = 0;
		let failedPolls = 0;
		let peakStateBytes = 0;
		// Changes of the two watched feeds recorded so far (the journal also holds appointments, notes…).
		let counted = 0;
		let scanned = since;
		const changed = () => {
			for (; scanned < store.data.changes.length; scanned++) {
				const feed = store.data.changes[scanned].feed;
				if (feed === 'jobs' || feed === 'job-history') counted++;
			}
			return counted;
		};

		const book = (target: TenantStore) => {
			const job = bookJob(target);
			pool.push(job.id);
			unread.set(job.id, `${job.id}|${isoUtc(job.modifiedOn)}`);
		};
		for (let index = 0; index < 60; index++) book(store);

		const poll = async (watched: Watched) => {
			const harness = triggers[watched];
			const before = withoutError(harness.staticData);
			polls++;
			let threw = false;
			const result = await harness.poll().catch(() => {
				threw = true;
				return null;
			});
			const after = withoutError(harness.staticData);
			if (threw || after.failed) {
				failedPolls++;
				expect({ watched, position: after.rest }).toEqual({ watched, position: before.rest });
				return;
			}
			if (watched === 'jobs') {
				for (const entry of pairsOf(result)) {
					emitted.jobs.push(entry);
					const id = Number(entry.split('|')[0]);
					if (unread.get(id) === entry) unread.delete(id);
				}
			} else {
				emitted.history.push(...itemsOf(result).map((json) => `${String(json.jobId)}|${String(json.id)}`));
			}
			peakStateBytes = Math.max(peakStateBytes, JSON.stringify(triggers.jobs.staticData).length + JSON.stringify(triggers.history.staticData).length);
		};

		for (let step = 0; changed() < CHANGES; step++) {
			// A step's changes share one modifiedOn, as a bulk update's do.
			env.sim.clock.freeze();
			for (let count = random.int(40, 120); count > 0; count--) {
				const roll = random.next();
				if (roll < 0.08) book(store);
				else if (roll < 0.7) {
					// Long-lived jobs: most events go to the first 40, whose histories keep growing.
					const id = random.next() < 0.8 ? pool[random.int(0, Math.min(39, pool.length - 1))] : random.pick(pool);
					store.jobs.addEvent(id, random.pick(['Job Note Added', 'Job Rescheduled', 'Job Dispatched']), 1);
				} else {
					const settled = pool.filter((id) => !unread.has(id));
					if (settled.length === 0) continue;
					const job = store.jobs.update(random.pick(settled), { summary: `<p>${random.int(1, 1e9)}</p>` });
					unread.set(job.id, `${job.id}|${isoUtc(job.modifiedOn)}`);
				}
			}
			env.sim.clock.thaw();
			env.sim.configure({ exportPageSize: random.pick([50, 500, 5000]) });
			for (const watched of ['jobs', 'history'] as const) {
				if (random.next() < 0.3) for (const rule of randomFaults(random, FEEDS[watched])) env.sim.faults.add(rule);
				await poll(watched);
				env.sim.faults.clear();
			}
			// Time passes; now and then more than a day, so idle jobs' marks are forgotten.
			env.sim.clock.advance(step % 150 === 149 ? DAY_MS + STEP_MS : STEP_MS);
		}

		useRetrySettings(FAST_RETRIES);
		env.sim.clock.advance(60_000);
		// A Retry-After of the last polls has passed.
		await new Promise((resolve) => setTimeout(resolve, 2100));
		for (let round = 0; round < 500; round++) {
			const quiet = [];
			for (const watched of ['jobs', 'history'] as const) {
				const before = emitted[watched].length;
				await poll(watched);
				quiet.push(emitted[watched].length === before);
			}
			if (quiet.every(Boolean)) break;
		}

		const journal = store.data.changes.slice(since);
		const expected = {
			jobs: [...new Set(journal.filter((change) => change.feed === 'jobs').map((change) => `${change.id}|${isoUtc(change.at)}`))],
			history: journal.filter((change) => change.feed === 'job-history').map((change) => `${change.id}|${String(change.eventId)}`),
		};
		const figures = {
			changes: journal.filter((change) => change.feed === 'jobs' || change.feed === 'job-history').length,
			jobVersions: expected.jobs.length,
			historyEvents: expected.history.length,
			lateArrivals: journal.filter((change) => change.latenessMs > 0).length,
			longestHistory: Math.max(...pool.map((id) => store.jobs.history(id).length)),
			polls,
			failedPolls,
			emitted: emitted.jobs.length + emitted.history.length,
			duplicates: 0,
			missed: 0,
			peakStateBytes,
			durationMs: Date.now() - started,
		};
		const check = (watched: Watched) => {
			const seen = new Set<string>();
			const duplicates = emitted[watched].filter((entry) => (seen.has(entry) ? true : (seen.add(entry), false)));
			const wanted = new Set(expected[watched]);
			const missed = expected[watched].filter((entry) => !seen.has(entry));
			const unexpected = [...seen].filter((entry) => !wanted.has(entry));
			figures.duplicates += duplicates.length;
			figures.missed += missed.length;
			return { duplicates: duplicates.slice(0, 5), missed: missed.slice(0, 5), unexpected: unexpected.slice(0, 5) };
		};
		const results = { jobs: check('jobs'), history: check('history') };
		console.log(`[soak] ${JSON.stringify(figures)}`);
		expect(results).toEqual({
			jobs: { duplicates: [], missed: [], unexpected: [] },
			history: { duplicates: [], missed: [], unexpected: [] },
		});
		expect(emitted.jobs).toHaveLength(expected.jobs.length);
		expect(emitted.history).toHaveLength(expected.history.length);
		// The run really was a soak: it outran a count-bounded window, faults made polls fail.
		expect(figures.changes).toBeGreaterThanOrEqual(CHANGES);
		expect(failedPolls).toBeGreaterThan(0);
	});
});
