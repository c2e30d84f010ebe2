/** The cursor's state machine (state.ts) and the de-duplication window (dedupe.ts), without n8n or HTTP. */
import type { IDataObject } from 'n8n-workflow';

import { FEED_LAG_MS, JobMarks, KEY_HORIZON_MS, TimedKeys } from '../../nodes/ServiceTitan/trigger/dedupe';
import type { CursorState } from '../../nodes/ServiceTitan/trigger/state';
import { arm, ERROR_REPEAT_MS, isBefore, isRepeatedFailure, laterOf, loadState, rearmFrom, saveState } from '../../nodes/ServiceTitan/trigger/state';

const SCOPE = 'jobs|https://api.servicetitan.io|1234|now|';
const NOW = new Date('2030-05-01T10:00:00.000Z');

const fresh = (): CursorState => loadState({}, SCOPE);

describe('loadState / saveState', () => {
	it('starts unarmed without stored data, and for another scope, an old version or garbage', () => {
		const expected = { version: 1, scope: SCOPE, armed: false, pageDone: [], seen: [], jobs: {}, caughtUp: false, floorMs: undefined };
		expect(loadState({}, SCOPE)).toEqual(expected);
		const stored: IDataObject = {};
		saveState(stored, { ...arm(fresh(), 'now', undefined, NOW), pageDone: ['a'] });
		expect(loadState(stored, SCOPE.replace('jobs', 'appointments'))).toEqual({ ...expected, scope: SCOPE.replace('jobs', 'appointments') });
		expect(loadState({ cursor: { version: 0, scope: SCOPE, armed: true } }, SCOPE)).toEqual(expected);
		expect(loadState({ cursor: 'not an object' }, SCOPE)).toEqual(expected);
		expect(loadState({ cursor: { version: 1, scope: SCOPE, armed: 'yes', seen: 'x', jobs: 3, pageDone: 'y' } }, SCOPE)).toEqual(expected);
	});

	it('round-trips through JSON, leaves out what is unset, and replaces the stored object (so n8n sees the change)', () => {
		const stored: IDataObject = {};
		const state: CursorState = { ...arm(fresh(), 'date', '2030-01-01T00:00:00.000Z', NOW), lastChangeAt: '2030-01-02T00:00:00.000Z', pageDone: ['k1', 'k2'], seen: [[5, '1~']], jobs: { '7': [5, 9, 5] }, caughtUp: true, floorMs: 3 };
		saveState(stored, state);
		const first = stored.cursor;
		expect(JSON.parse(JSON.stringify(stored))).toEqual({
			cursor: { version: 1, scope: SCOPE, armed: true, from: '2030-01-01T00:00:00.000Z', anchor: '2030-01-01T00:00:00.000Z', lastChangeAt: '2030-01-02T00:00:00.000Z', pageDone: ['k1', 'k2'], seen: [[5, '1~']], jobs: { '7': [5, 9, 5] }, caughtUp: true, floorMs: 3 },
		});
		expect(loadState(JSON.parse(JSON.stringify(stored)) as IDataObject, SCOPE)).toEqual(state);
		state.pageDone.push('k3');
		expect((stored.cursor as CursorState).pageDone).toEqual(['k1', 'k2']);
		saveState(stored, { ...state, error: { signature: '500|x', at: 1 } });
		expect(stored.cursor).not.toBe(first);
		expect(Object.keys(stored.cursor as object)).toContain('error');
	});
});

describe('arm', () => {
	it('"now" anchors at the current moment, a date at the date, the beginning at nothing', () => {
		expect(arm(fresh(), 'now', undefined, NOW)).toMatchObject({ armed: true, from: NOW.toISOString(), anchor: NOW.toISOString() });
		expect(arm(fresh(), 'date', '2029-12-31T23:00:00.000Z', NOW)).toMatchObject({ armed: true, from: '2029-12-31T23:00:00.000Z', anchor: '2029-12-31T23:00:00.000Z' });
		const beginning = arm(fresh(), 'beginning', undefined, NOW);
		expect(beginning.armed).toBe(true);
		expect(beginning.from).toBeUndefined();
		expect(beginning.anchor).toBeUndefined();
	});

	it('is a no-op once armed: a second arm later keeps the first position and everything read since', () => {
		const first = { ...arm(fresh(), 'now', undefined, NOW), from: 'token-1', lastChangeAt: '2030-05-01T10:05:00.000Z', pageDone: ['k'] };
		expect(arm(first, 'now', undefined, new Date(NOW.getTime() + 60_000))).toBe(first);
		expect(arm(first, 'beginning', undefined, NOW)).toBe(first);
	});
});

describe('rearmFrom', () => {
	it("goes back the feed's 15-minute lag from the last change read, never before the anchor; falls back to the anchor, and to the beginning only without either", () => {
		const armed = arm(fresh(), 'now', undefined, NOW);
		// AUTH_AND_LIMITS.md §4: changes reach the feed up to 15 minutes after they were made.
		expect(rearmFrom({ ...armed, from: 'token', lastChangeAt: '2030-05-01T11:00:00.000Z' })).toBe('2030-05-01T10:45:00.000Z');
		expect(rearmFrom({ ...armed, from: 'token', lastChangeAt: '2030-05-01T10:05:00.000Z' })).toBe(NOW.toISOString());
		expect(rearmFrom({ ...armed, from: 'token' })).toBe(NOW.toISOString());
		expect(rearmFrom({ ...arm(fresh(), 'beginning', undefined, NOW), from: 'token' })).toBeUndefined();
	});
});

describe('isRepeatedFailure', () => {
	const failed = (signature: string, at: number): CursorState => ({ ...fresh(), error: { signature, at } });

	it('is true only for the same failure within the hour', () => {
		const at = NOW.getTime();
		expect(isRepeatedFailure(fresh(), '500|boom', at)).toBe(false);
		expect(isRepeatedFailure(failed('500|boom', at), '500|boom', at + 1)).toBe(true);
		expect(isRepeatedFailure(failed('500|boom', at), '500|boom', at + ERROR_REPEAT_MS - 1)).toBe(true);
		expect(isRepeatedFailure(failed('500|boom', at), '500|boom', at + ERROR_REPEAT_MS)).toBe(false);
		expect(isRepeatedFailure(failed('500|boom', at), '403|denied', at + 1)).toBe(false);
	});
});

describe('time helpers', () => {
	it('laterOf keeps the later readable time', () => {
		expect(laterOf(undefined, '2030-01-01T00:00:00Z')).toBe('2030-01-01T00:00:00Z');
		expect(laterOf('2030-01-01T00:00:00Z', undefined)).toBe('2030-01-01T00:00:00Z');
		expect(laterOf('2030-01-02T00:00:00Z', '2030-01-01T00:00:00Z')).toBe('2030-01-02T00:00:00Z');
		expect(laterOf('2030-01-01T00:00:00Z', '2030-01-02T00:00:00Z')).toBe('2030-01-02T00:00:00Z');
		expect(laterOf('2030-01-01T00:00:00Z', 'garbage')).toBe('2030-01-01T00:00:00Z');
		expect(laterOf('garbage', '2030-01-01T00:00:00Z')).toBe('2030-01-01T00:00:00Z');
	});

	it('isBefore is strict and false when a side is missing or unreadable', () => {
		expect(isBefore('2030-01-01T00:00:00.000Z', '2030-01-01T00:00:00.001Z')).toBe(true);
		expect(isBefore('2030-01-01T00:00:00.001Z', '2030-01-01T00:00:00.001Z')).toBe(false);
		expect(isBefore('2030-01-01T00:00:00.002Z', '2030-01-01T00:00:00.001Z')).toBe(false);
		expect(isBefore(undefined, '2030-01-01T00:00:00Z')).toBe(false);
		expect(isBefore('2030-01-01T00:00:00Z', undefined)).toBe(false);
		expect(isBefore('garbage', '2030-01-01T00:00:00Z')).toBe(false);
	});
});

describe('TimedKeys', () => {
	const MINUTE = 60_000;

	it("keeps exact keys while their time is within the horizon (two of the feed's 15-minute lags) of the newest change, and round-trips compactly", () => {
		expect(FEED_LAG_MS).toBe(15 * MINUTE);
		expect(KEY_HORIZON_MS).toBe(30 * MINUTE);
		const keys = new TimedKeys([]);
		const newest = 100 * MINUTE;
		keys.add(`10000001|${newest - 30 * MINUTE}`, newest - 30 * MINUTE);
		keys.add(`10000002|${newest - 30 * MINUTE - 1}`, newest - 30 * MINUTE - 1);
		keys.add('60000001|5|false', newest);
		keys.prune(newest);
		expect([keys.has(`10000001|${newest - 30 * MINUTE}`), keys.has(`10000002|${newest - 30 * MINUTE - 1}`), keys.has('60000001|5|false')]).toEqual([true, false, true]);
		const stored = JSON.parse(JSON.stringify(keys.toJSON())) as unknown;
		expect(stored).toEqual([
			[newest - 30 * MINUTE, '10000001~'],
			[newest, '60000001|5|false'],
		]);
		const restored = new TimedKeys(stored);
		expect(restored.size).toBe(2);
		expect(restored.has(`10000001|${newest - 30 * MINUTE}`)).toBe(true);
		expect(restored.has('60000001|5|false')).toBe(true);
		expect(restored.has('10000001|0')).toBe(false);
	});

	it('holds any number of keys within the horizon (no count limit) and none beyond it', () => {
		const keys = new TimedKeys([]);
		for (let index = 0; index < 50_000; index++) keys.add(`${index}|1000`, 1000);
		keys.prune(1000 + KEY_HORIZON_MS);
		expect(keys.size).toBe(50_000);
		keys.prune(1001 + KEY_HORIZON_MS);
		expect(keys.size).toBe(0);
	});
});

describe('JobMarks', () => {
	const DAY = 86_400_000;

	it("counts a job's events as emitted when listed, or older than its latest by more than the lag; a late event within the lag is new", () => {
		const marks = new JobMarks({}, undefined);
		expect(marks.isEmitted('7', '100', 1000)).toBe(false);
		marks.note('7', '100', 10 * FEED_LAG_MS);
		marks.note('7', '101', 11 * FEED_LAG_MS);
		expect(marks.isEmitted('7', '100', 10 * FEED_LAG_MS)).toBe(true);
		expect(marks.isEmitted('7', '101', 11 * FEED_LAG_MS)).toBe(true);
		// Came late, dated within the lag before the latest: new.
		expect(marks.isEmitted('7', '102', 10 * FEED_LAG_MS + 1)).toBe(false);
		// Dated more than the lag before the latest: it would have arrived already.
		expect(marks.isEmitted('7', '99', 10 * FEED_LAG_MS - 1)).toBe(true);
		expect(marks.isEmitted('8', '99', 1)).toBe(false);
	});

	it('forgets jobs idle longer than the chosen days, and then counts their older events as emitted (the floor)', () => {
		const marks = new JobMarks({}, undefined);
		marks.note('7', '100', 1 * DAY);
		marks.note('8', '200', 40 * DAY);
		marks.forgetIdle(40 * DAY, 30 * DAY);
		expect(marks.size).toBe(1);
		expect(marks.floorMs).toBe(10 * DAY);
		expect(marks.isEmitted('7', '100', 1 * DAY)).toBe(true);
		expect(marks.isEmitted('7', '150', 10 * DAY)).toBe(false);
		const restored = new JobMarks(JSON.parse(JSON.stringify(marks.toJSON())) as unknown, marks.floorMs);
		expect(restored.toJSON()).toEqual({ '8': [40 * DAY, 200, 40 * DAY] });
		expect(restored.isEmitted('8', '200', 40 * DAY)).toBe(true);
	});
});
