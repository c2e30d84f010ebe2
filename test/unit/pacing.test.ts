/**
 * The pace's arithmetic with time passed in (no waiting, no wall clock): the share of the limit,
 * the sliding window, what a 429 does to the pace and how it recovers.
 */
import { PaceState, type PaceLimit } from '../../nodes/ServiceTitan/transport/pacing';

/** Sends `count` requests as early as the pace allows from `start`; returns their send times. */
function sendTimes(state: PaceState, limit: PaceLimit, count: number, start = 0): number[] {
	const times: number[] = [];
	let now = start;
	while (times.length < count) {
		now += state.waitMs(now, limit);
		times.push(state.take(now, limit).sentAt);
	}
	return times;
}

const countWithin = (times: number[], from: number, ms: number) => times.filter((time) => time >= from && time < from + ms).length;

describe('the share of the limit', () => {
	it.each([
		[60, 1, 60],
		[60, 2, 30],
		[60, 3, 20],
		[100, 4, 25],
	])('%d requests/s shared by %d processes: at most %d in any second from this one', (requestsPerSecond, processes, perSecond) => {
		const times = sendTimes(new PaceState(), { requestsPerSecond, processes }, perSecond * 3 + 1);
		for (const time of times) expect(countWithin(times, time, 1000)).toBeLessThanOrEqual(perSecond);
		// …and it does use its share: the first second holds all of it.
		expect(countWithin(times, 0, 1000)).toBe(perSecond);
	});

	it('a late wake-up does not burst: any second still holds at most the share', () => {
		const state = new PaceState();
		const limit = { requestsPerSecond: 60, processes: 1 };
		const times = sendTimes(state, limit, 30);
		// The process stalls for 300 ms, then everything that waited leaves as soon as it may.
		const resumed = sendTimes(state, limit, 90, times[times.length - 1] + 300);
		const all = [...times, ...resumed];
		for (const time of all) expect(countWithin(all, time, 1000)).toBeLessThanOrEqual(60);
	});
});

describe('429s', () => {
	const limit = { requestsPerSecond: 60, processes: 1 };

	it('a storm of 429s with nothing accepted at least halves the pace each round trip, and it climbs back to the share', () => {
		const state = new PaceState();
		let now = 0;
		const rates: number[] = [];
		for (let round = 0; round < 3; round++) {
			const ticket = state.take(now, limit);
			now += 100;
			state.noteRateLimited(ticket, 1000, now, limit);
			rates.push(state.rate(now, limit));
		}
		expect(state.cuts).toBe(3);
		expect(rates[0]).toBeLessThanOrEqual(60 / 2);
		expect(rates[1]).toBeLessThanOrEqual(rates[0] / 2);
		expect(rates[2]).toBeLessThanOrEqual(rates[1] / 2);
		// Gradual: a second later it is faster than right after the cut, but not back at the share.
		expect(state.rate(now + 2000, limit)).toBeGreaterThan(rates[2]);
		expect(state.rate(now + 2000, limit)).toBeLessThan(60);
		expect(state.rate(now + 60_000, limit)).toBe(60);
	});

	it('429s for requests sent before the cut are the same congestion: one cut', () => {
		const state = new PaceState();
		const tickets = Array.from({ length: 10 }, (_, index) => state.take(index, limit));
		tickets.forEach((ticket, index) => state.noteRateLimited(ticket, 1000, 100 + index, limit));
		expect(state.cuts).toBe(1);
	});

	it("a sparse 429 among accepted requests cuts little: to under what the server accepted in the last second", () => {
		const state = new PaceState();
		const times = sendTimes(state, limit, 59);
		for (const time of times) state.noteAnswered(time + 100);
		const ticket = state.take(1100, limit);
		state.noteRateLimited(ticket, 0, 1200, limit);
		const after = state.rate(1200, limit);
		expect(after).toBeLessThan(59);
		expect(after).toBeGreaterThan(60 / 2);
	});

	it("the pace starts climbing only once the server's Retry-After has passed", () => {
		const state = new PaceState();
		const ticket = state.take(0, limit);
		state.noteRateLimited(ticket, 1000, 100, limit);
		const cut = state.rate(100, limit);
		expect(state.rate(1100, limit)).toBe(cut);
		expect(state.rate(2100, limit)).toBeGreaterThan(cut);
	});

	it('a Retry-After within the one-second window does not stop the other requests', () => {
		const state = new PaceState();
		const ticket = state.take(0, limit);
		state.noteRateLimited(ticket, 1000, 100, limit);
		expect(state.waitMs(100, limit)).toBeLessThan(1000);
	});

	it('a Retry-After longer than the window holds every request of the process until then', () => {
		const state = new PaceState();
		const ticket = state.take(0, limit);
		state.noteRateLimited(ticket, 5000, 100, limit);
		expect(state.waitMs(100, limit)).toBe(5000);
		expect(state.waitMs(5100, limit)).toBe(0);
	});
});
