/**
 * When the feed misbehaves: a refused continuation token, failures that repeat, rate limits and
 * server errors in the middle of a walk. The simulator injects the faults; the trigger runs in n8n's
 * PollContext with the transport's real retries (shortened).
 */
import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';

import { useSimulator } from '../helpers/nodeSim';
import { afterChanges, armedTrigger, bookJobs, cursorOf, expectExactlyOnce, idsOf, pairsOf, pollUntilQuiet, serialised, updateJobs } from './support';

const env = useSimulator({ exportPageSize: 5 });
const EXPORT_JOBS = '/export/jobs';

let warn: jest.SpyInstance;
beforeEach(() => {
	warn = jest.spyOn(Container.get(Logger), 'warn');
});
afterEach(() => warn.mockRestore());

/** Armed, with one change read, so the stored position is a continuation token. */
async function holdingToken() {
	const armed = await armedTrigger(env);
	bookJobs(armed.store, 1);
	expect(await armed.harness.poll()).not.toBeNull();
	expect(cursorOf(armed.harness.staticData).from).not.toMatch(/^\d{4}-/);
	return armed;
}

/**
 * Where a refused token re-reads from: ServiceTitan's 15-minute lag (AUTH_AND_LIMITS.md §4) before
 * the newest change read, not before the chosen start.
 */
function rearmPoint(newest: string, anchor: string): string {
	const back = Date.parse(newest) - 15 * 60_000;
	return back > Date.parse(anchor) ? new Date(back).toISOString() : anchor;
}

const exportReads = () => env.apiRequests().filter((request) => request.path.endsWith(EXPORT_JOBS));
const fromOf = (request: { query: Record<string, string[]> }) => request.query.from?.[0];

describe('an invalid or expired continuation token', () => {
	it('re-arms from the last modifiedOn read (not the beginning, not now), warns once, and loses or repeats nothing', async () => {
		const { store, harness } = await armedTrigger(env);
		const first = bookJobs(store, 7);
		expectExactlyOnce(pairsOf(await harness.poll()), first);
		const stored = cursorOf(harness.staticData);
		expect(stored.lastChangeAt).toBe(first[6].split('|')[1]);
		await afterChanges();
		const next = [...bookJobs(store, 4), ...updateJobs(store, idsOf(first).slice(0, 2))];

		env.sim.faults.add({ path: EXPORT_JOBS, fault: { type: 'invalidContinuationToken' } });
		const before = exportReads().length;
		expectExactlyOnce(pairsOf(await harness.poll()), next);

		const reads = exportReads().slice(before);
		expect(fromOf(reads[0])).toBe(stored.from);
		expect(reads[0].status).toBe(400);
		expect(fromOf(reads[1])).toBe(rearmPoint(stored.lastChangeAt as string, stored.anchor as string));
		expect(warn).toHaveBeenCalledTimes(1);
		expect(String(warn.mock.calls[0][0])).toMatch(/continuation token/i);
		expect(await harness.poll()).toBeNull();
	});

	it('when a token issued during this walk is refused, re-arms from the newest change of this walk', async () => {
		const { store, harness } = await armedTrigger(env);
		const made = bookJobs(store, 13);
		// The first page is read from the armed date; the second page's token is refused.
		env.sim.faults.add({ path: EXPORT_JOBS, fault: { type: 'invalidContinuationToken' } });
		expectExactlyOnce(pairsOf(await harness.poll()), made);
		const reads = exportReads();
		expect(reads.map((request) => request.status)).toEqual([200, 400, 200, 200, 200]);
		expect(fromOf(reads[2])).toBe(rearmPoint(made[4].split('|')[1], cursorOf(harness.staticData).anchor as string));
		expect(warn).toHaveBeenCalledTimes(1);
	});

	it('with nothing read yet, re-arms from the armed position', async () => {
		const { store, harness } = await armedTrigger(env);
		const anchor = cursorOf(harness.staticData).anchor;
		// A token that leads nowhere new: the feed was caught up with nothing in it.
		expect(await harness.poll()).toBeNull();
		expect(cursorOf(harness.staticData).from).not.toBe(anchor);
		const cursorOfBefore = cursorOf(harness.staticData).from;
		const made = bookJobs(store, 3);
		env.sim.faults.add({ path: EXPORT_JOBS, fault: { type: 'invalidContinuationToken' } });
		expectExactlyOnce(pairsOf(await harness.poll()), made);
		expect(exportReads().map(fromOf).slice(-2)).toEqual([cursorOfBefore, anchor]);
	});

	it('a token refused again after re-arming fails the poll and leaves the position where it was', async () => {
		const { store, harness } = await holdingToken();
		const made = bookJobs(store, 8);
		const before = serialised(cursorOf(harness.staticData));
		env.sim.faults.add({ path: EXPORT_JOBS, times: 2, fault: { type: 'invalidContinuationToken' } });
		await expect(harness.poll()).rejects.toThrow(/token/i);
		const after = serialised(cursorOf(harness.staticData));
		expect({ ...after, error: undefined }).toEqual({ ...before, error: undefined });
		expectExactlyOnce(pairsOf(await harness.poll()), made);
	});
});

describe('failures', () => {
	it('the first failure throws, the same failure again returns null with a warning, a new failure throws', async () => {
		const { store, harness } = await armedTrigger(env);
		const made = bookJobs(store, 3);

		const outage = env.sim.faults.add({ path: EXPORT_JOBS, probability: 1, fault: { type: 'status', status: 500 } });
		await expect(harness.poll()).rejects.toMatchObject({ httpCode: '500' });
		expect(await harness.poll()).toBeNull();
		expect(await harness.poll()).toBeNull();
		expect(warn).toHaveBeenCalledTimes(2);
		outage.remove();

		const other = env.sim.faults.add({ path: EXPORT_JOBS, probability: 1, fault: { type: 'status', status: 403 } });
		await expect(harness.poll()).rejects.toMatchObject({ httpCode: '403' });
		expect(await harness.poll()).toBeNull();
		other.remove();

		const later = bookJobs(store, 2);
		expectExactlyOnce(pairsOf(await harness.poll()), [...made, ...later]);
		expect(cursorOf(harness.staticData).error).toBeUndefined();
		// Recovered: the same failure as before is news again.
		env.sim.faults.add({ path: EXPORT_JOBS, times: 1000, fault: { type: 'status', status: 403 } });
		await expect(harness.poll()).rejects.toMatchObject({ httpCode: '403' });
	});

	it('a poll that fails in the middle of a walk has not moved the position: the next poll emits all of it once', async () => {
		const { store, harness } = await holdingToken();
		const made = bookJobs(store, 14);
		const before = serialised(cursorOf(harness.staticData));
		const readsBefore = exportReads().length;
		env.sim.faults.add({ path: EXPORT_JOBS, skip: 2, probability: 1, fault: { type: 'status', status: 500 } });
		await expect(harness.poll()).rejects.toMatchObject({ httpCode: '500' });
		expect(exportReads().slice(readsBefore).filter((request) => request.status === 200)).toHaveLength(2);
		const { error, ...after } = cursorOf(harness.staticData);
		expect(error).toBeDefined();
		expect(after).toEqual(before);
		env.sim.faults.clear();
		expectExactlyOnce(pairsOf(await harness.poll()), made);
	});
});

describe('rate limits and server errors during a walk', () => {
	it('429s, 5xx answers, an expired access token and dropped connections, retried by the transport, neither lose nor repeat records', async () => {
		const { store, harness } = await armedTrigger(env, { options: { maxRecordsPerPoll: 8 } });
		await afterChanges();
		const made = bookJobs(store, 31);
		env.sim.faults.add({ path: EXPORT_JOBS, skip: 1, times: 2, fault: { type: 'rateLimit', retryAfterSeconds: 0 } });
		env.sim.faults.add({ path: EXPORT_JOBS, skip: 2, times: 1, fault: { type: 'status', status: 502 } });
		env.sim.faults.add({ path: EXPORT_JOBS, skip: 4, times: 1, fault: { type: 'status', status: 503, retryAfterSeconds: 0 } });
		env.sim.faults.add({ path: EXPORT_JOBS, skip: 5, times: 1, fault: { type: 'expireTokens' } });
		env.sim.faults.add({ path: EXPORT_JOBS, probability: 0.25, fault: { type: 'drop' } });
		const { all } = await pollUntilQuiet(harness);
		expectExactlyOnce(all, made);
		const statuses = exportReads().map((request) => request.status);
		expect(statuses).toEqual(expect.arrayContaining([401, 429, 502, 503]));
	});
});
