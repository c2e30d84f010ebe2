/**
 * Soak: the trigger over many polls (1,000 by default; SOAK_POLLS=… for a longer run, SOAK_SEED=…
 * for another random sequence) against a tenant where jobs keep being created and updated at random
 * while random faults hit the export feed: rate limits, 5xx, slow answers past the timeout,
 * connections dropped mid-body, broken JSON, revoked tokens, a token endpoint that is down, refused
 * continuation tokens, sometimes more of them than the retries absorb, so whole polls fail.
 *
 * Every poll that fails leaves the position exactly where it was. At the end (faults off, the feed
 * drained) the (id, modifiedOn) pairs emitted are exactly the changes made, each once.
 *
 * A change is only ever made to a job whose latest version has already been emitted (or is a new
 * job): the export feed shows a record at its latest version only, so two unread versions of one
 * job would legitimately come out as one. With that rule every version made must come out.
 */
import type { INodeParameters } from 'n8n-workflow';

import { FAST_RETRIES, useRetrySettings } from '../helpers/retrySettings';
import type { Fault, FaultRule, TenantStore } from '../../simulator';
import { TOKEN_OPERATION_ID } from '../../simulator';
import { SeededRandom } from '../../simulator/random';
import { useSimulator } from '../helpers/nodeSim';
import { bookJob } from '../simulator/fixtures';
import { afterChanges, cursorOf, freshTenant, pair, pairsOf, serialised, trigger } from '../trigger/support';

const POLLS = Math.max(1, Number(process.env.SOAK_POLLS ?? 1000));
const SEED = Number(process.env.SOAK_SEED ?? 20261129);
/** The second run (the feed repeating recent records) is shorter by default, to keep CI quick. */
const RECENT_POLLS = Math.max(1, Math.ceil(POLLS / 10));
const PAGE = 7;
const CAP = 12;
const TIMEOUT_MS = 40;
/** Retries as the transport makes them, with waits of a few milliseconds so a thousand polls stay quick. */
const SOAK_RETRIES = { ...FAST_RETRIES, baseDelayMs: 1, maxDelayMs: 8 };

const env = useSimulator({ exportPageSize: PAGE, requestLogLimit: 200 });
jest.setTimeout(Math.max(120_000, POLLS * 300));

const EXPORT_JOBS = '/export/jobs';

/** Faults for one poll, aimed at its `skip`-th feed request; `times` above the retries fails the poll. */
function randomFaults(random: SeededRandom): FaultRule[] {
	const times = random.int(1, 7);
	// Mostly the poll's first feed request; sometimes one further into a walk over several pages.
	const skip = random.next() < 0.75 ? 0 : random.int(1, 3);
	const onFeed = (fault: Fault, count = times): FaultRule => ({ path: EXPORT_JOBS, skip, times: count, fault });
	switch (random.int(0, 10)) {
		case 0:
			return [onFeed({ type: 'rateLimit', retryAfterSeconds: 0, retryAfterFormat: random.pick(['seconds', 'http-date', 'absent'] as const) })];
		case 1:
		case 2:
			return [onFeed({ type: 'status', status: random.pick([500, 502, 503, 504]), retryAfterFormat: 'absent' })];
		case 3:
			return [onFeed({ type: 'delay', ms: TIMEOUT_MS * 3 }, random.int(1, 2))];
		case 4:
			return [onFeed({ type: 'drop' })];
		case 5:
			return [onFeed({ type: 'malformedJson' })];
		case 6:
			return [onFeed({ type: 'expireTokens' }, 1)];
		case 7:
			return [
				onFeed({ type: 'expireTokens' }, 1),
				{ operationId: TOKEN_OPERATION_ID, times, fault: { type: 'tokenEndpointDown', mode: random.pick(['status', 'destroy'] as const) } },
			];
		case 8:
			return [onFeed({ type: 'invalidContinuationToken' }, random.int(1, 2))];
		default:
			// A poll that meets several kinds in a row.
			return [onFeed({ type: 'status', status: 503, retryAfterFormat: 'absent' }, 2), onFeed({ type: 'drop' }, 1), onFeed({ type: 'malformedJson' }, 1)];
	}
}

/** The cursor without the failure note (which a failed poll may set). */
function position(staticData: Parameters<typeof cursorOf>[0]) {
	const { error, ...rest } = serialised(cursorOf(staticData));
	return { rest, failed: error !== undefined };
}

interface SoakResult {
	made: string[];
	emitted: string[];
	failedPolls: number;
	faultsFired: number;
}

async function soak(polls: number, parameters: INodeParameters, random: SeededRandom): Promise<SoakResult> {
	const { store } = freshTenant(env, { jobs: 30 });
	const jobs = store.data.jobs.toArray().map((job) => job.id);
	await afterChanges();
	const harness = trigger({ feed: 'jobs', start: 'now', ...parameters, options: { maxRecordsPerPoll: CAP, ...(parameters.options as object) } });
	expect(await harness.poll()).toBeNull();
	useRetrySettings(SOAK_RETRIES);

	const made: string[] = [];
	const emitted: string[] = [];
	// Jobs whose latest version is still to be emitted (only these are left alone).
	const unread = new Map<number, string>();
	let failedPolls = 0;
	const firedBefore = env.sim.stats.faultsFired;

	const change = (target: TenantStore) => {
		const settled = jobs.filter((id) => !unread.has(id));
		const record = settled.length > 0 && random.next() < 0.6 ? target.jobs.update(random.pick(settled), { summary: `<p>${random.int(1, 1e9)}</p>` }) : bookJob(target);
		if (!jobs.includes(record.id)) jobs.push(record.id);
		made.push(pair(record));
		unread.set(record.id, pair(record));
	};

	for (let poll = 0; poll < polls; poll++) {
		// A job changed again must get a later modifiedOn than its emitted version.
		await afterChanges();
		// Mostly a few changes between polls, now and then a burst that takes several pages and polls.
		const changes = random.next() < 0.05 ? random.int(10, 40) : random.int(0, 3);
		for (let count = changes; count > 0; count--) change(store);
		if (poll % 50 < 2) {
			// An outage over two polls: the first failure is thrown, the same one again is only logged.
			env.sim.faults.add({ path: EXPORT_JOBS, times: 100, fault: { type: 'status', status: 503, retryAfterFormat: 'absent' } });
		} else if (random.next() < 0.3) {
			useRetrySettings({ ...SOAK_RETRIES, timeoutMs: TIMEOUT_MS });
			for (const rule of randomFaults(random)) env.sim.faults.add(rule);
		}
		const before = position(harness.staticData);
		let threw = false;
		const result = await harness.poll().catch(() => {
			threw = true;
			return null;
		});
		const after = position(harness.staticData);
		// A failure either throws or (the same failure again, within the hour) is logged and skipped.
		if (threw || after.failed) {
			failedPolls++;
			expect({ poll, position: after.rest }).toEqual({ poll, position: before.rest });
		} else {
			for (const entry of pairsOf(result)) {
				emitted.push(entry);
				const id = Number(entry.split('|')[0]);
				if (unread.get(id) === entry) unread.delete(id);
			}
		}
		env.sim.faults.clear();
		useRetrySettings(SOAK_RETRIES);
	}

	useRetrySettings(FAST_RETRIES);
	// The API is healthy again: the rest of the backlog comes out.
	for (let poll = 0; poll < 200 && unread.size > 0; poll++) {
		for (const entry of pairsOf(await harness.poll())) {
			emitted.push(entry);
			unread.delete(Number(entry.split('|')[0]));
		}
	}
	expect(await harness.poll()).toBeNull();
	if (process.env.SOAK_VERBOSE) console.log(JSON.stringify({ made: made.length, emitted: emitted.length, failedPolls, fired: env.sim.stats.faultsFired - firedBefore, statuses: env.sim.stats.statuses }));
	return { made, emitted, failedPolls, faultsFired: env.sim.stats.faultsFired - firedBefore };
}

function expectExactly({ made, emitted, failedPolls, faultsFired }: SoakResult, polls: number): void {
	const duplicates = emitted.filter((entry, index) => emitted.indexOf(entry) !== index);
	const missing = made.filter((entry) => !emitted.includes(entry));
	const unexpected = emitted.filter((entry) => !made.includes(entry));
	expect({ duplicates, missing, unexpected }).toEqual({ duplicates: [], missing: [], unexpected: [] });
	expect(emitted).toHaveLength(made.length);
	// The run really was a soak: many changes, many faults, and failed polls among them.
	expect(made.length).toBeGreaterThan(polls);
	expect(faultsFired).toBeGreaterThan(polls / 5);
	expect(failedPolls).toBeGreaterThanOrEqual(2 * Math.ceil(polls / 50));
}

describe(`the trigger over ${POLLS} polls of random changes and random faults (seed ${SEED})`, () => {
	it('emits every change exactly once', async () => {
		expectExactly(await soak(POLLS, {}, new SeededRandom(SEED)), POLLS);
	});

	it(`with "include recent changes" (the feed repeats recent records) over ${RECENT_POLLS} polls, emits every change exactly once`, async () => {
		expectExactly(await soak(RECENT_POLLS, { options: { includeRecentChanges: true } }, new SeededRandom(SEED + 1)), RECENT_POLLS);
	});
});
