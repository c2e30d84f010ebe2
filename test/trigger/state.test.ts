/** The cursor's state machine (state.ts) and the de-duplication window (dedupe.ts), without n8n or HTTP. */
import type { IDataObject } from 'n8n-workflow';

import { RecentChanges, windowSize } from '../../nodes/ServiceTitan/trigger/dedupe';
import type { CursorState } from '../../nodes/ServiceTitan/trigger/state';
import { arm, ERROR_REPEAT_MS, isBefore, isRepeatedFailure, laterOf, loadState, rearmFrom, saveState } from '../../nodes/ServiceTitan/trigger/state';

const SCOPE = 'jobs|https://api.servicetitan.io|1234|now|';
const NOW = new Date('2030-05-01T10:00:00.000Z');

const fresh = (): CursorState => loadState({}, SCOPE);

describe('loadState / saveState', () => {
	it('starts unarmed without stored data, and for another scope, an old version or garbage', () => {
		const expected = { version: 1, scope: SCOPE, armed: false, recent: [] };
		expect(loadState({}, SCOPE)).toEqual(expected);
		const stored: IDataObject = {};
		saveState(stored, { ...arm(fresh(), 'now', undefined, NOW), recent: ['a'] });
		expect(loadState(stored, SCOPE.replace('jobs', 'appointments'))).toEqual({ ...expected, scope: SCOPE.replace('jobs', 'appointments') });
		expect(loadState({ cursor: { version: 0, scope: SCOPE, armed: true } }, SCOPE)).toEqual(expected);
		expect(loadState({ cursor: 'not an object' }, SCOPE)).toEqual(expected);
		expect(loadState({ cursor: { version: 1, scope: SCOPE, armed: 'yes', recent: 'x' } }, SCOPE)).toEqual(expected);
	});

	it('round-trips through JSON, leaves out what is unset, and replaces the stored object (so n8n sees the change)', () => {
		const stored: IDataObject = {};
		const state: CursorState = { ...arm(fresh(), 'date', '2030-01-01T00:00:00.000Z', NOW), lastChangeAt: '2030-01-02T00:00:00.000Z', recent: ['k1', 'k2'] };
		saveState(stored, state);
		const first = stored.cursor;
		expect(JSON.parse(JSON.stringify(stored))).toEqual({
			cursor: { version: 1, scope: SCOPE, armed: true, from: '2030-01-01T00:00:00.000Z', anchor: '2030-01-01T00:00:00.000Z', lastChangeAt: '2030-01-02T00:00:00.000Z', recent: ['k1', 'k2'] },
		});
		expect(loadState(JSON.parse(JSON.stringify(stored)) as IDataObject, SCOPE)).toEqual(state);
		state.recent.push('k3');
		expect((stored.cursor as CursorState).recent).toEqual(['k1', 'k2']);
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
		const first = { ...arm(fresh(), 'now', undefined, NOW), from: 'token-1', lastChangeAt: '2030-05-01T10:05:00.000Z', recent: ['k'] };
		expect(arm(first, 'now', undefined, new Date(NOW.getTime() + 60_000))).toBe(first);
		expect(arm(first, 'beginning', undefined, NOW)).toBe(first);
	});
});

describe('rearmFrom', () => {
	it('prefers the last change read, falls back to the anchor, and to the beginning only without either', () => {
		const armed = arm(fresh(), 'now', undefined, NOW);
		expect(rearmFrom({ ...armed, from: 'token', lastChangeAt: '2030-05-01T11:00:00.000Z' })).toBe('2030-05-01T11:00:00.000Z');
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

describe('RecentChanges', () => {
	it('remembers keys, ignores repeats, and forgets the oldest beyond its limit', () => {
		const window = new RecentChanges([], 3);
		for (const key of ['a', 'b', 'a', 'c']) window.add(key);
		expect(['a', 'b', 'c'].map((key) => window.has(key))).toEqual([true, true, true]);
		expect(window.toJSON()).toHaveLength(3);
		window.add('d');
		expect(['a', 'b', 'c', 'd'].map((key) => window.has(key))).toEqual([false, true, true, true]);
		expect(window.toJSON()).toHaveLength(3);
	});

	it('stores short digests, not the keys, and restores from them (trimming to a smaller limit)', () => {
		const window = new RecentChanges([], 10);
		const keys = Array.from({ length: 6 }, (_, index) => `${10_000_000 + index}|2030-05-01T10:00:00.${String(index).padStart(3, '0')}Z`);
		for (const key of keys) window.add(key);
		const stored = window.toJSON();
		expect(stored.every((digest) => digest.length === 16 && !keys.includes(digest))).toBe(true);
		const restored = new RecentChanges(JSON.parse(JSON.stringify(stored)) as string[], 4);
		expect(keys.map((key) => restored.has(key))).toEqual([false, false, true, true, true, true]);
		expect(restored.toJSON()).toHaveLength(4);
	});

	it('stays at its limit after many additions', () => {
		const limit = windowSize(50);
		expect(limit).toBe(10_100);
		let stored: string[] = [];
		for (let poll = 0; poll < 30; poll++) {
			const window = new RecentChanges(stored, limit);
			for (let index = 0; index < 1_000; index++) window.add(`${poll}|${index}`);
			stored = window.toJSON();
			expect(stored.length).toBe(Math.min(limit, (poll + 1) * 1_000));
		}
		expect(new Set(stored).size).toBe(limit);
	});
});
