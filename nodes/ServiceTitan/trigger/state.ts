import type { IDataObject } from 'n8n-workflow';

import type { StoredKeys, StoredMarks } from './dedupe';
import { FEED_LAG_MS } from './dedupe';

/**
 * The trigger's cursor in the node's static data. It belongs to a scope (feed, API host, tenant,
 * start option): a cursor is only reused for the scope it was read for, so switching the feed or the
 * tenant restarts from the chosen start instead of replaying a foreign continuation token.
 */
export interface CursorState {
	version: 1;
	scope: string;
	/** Set when the start position was chosen. Arming again is a no-op, so a repeated first poll loses nothing. */
	armed: boolean;
	/** What the next poll reads from: a continuation token or a date. Absent = the start of the feed. */
	from?: string;
	/**
	 * Start position chosen at arming (a date, or absent for the beginning): no change made before it
	 * is emitted, and it is the re-arm point of last resort.
	 */
	anchor?: string;
	/** Latest change time read, to re-arm from after an invalid continuation token. */
	lastChangeAt?: string;
	/**
	 * The position inside a page: keys of the records of the page at `from` that were already read
	 * (a poll stopped there at Max Records per Poll). Empty when `from` starts a fresh page.
	 */
	pageDone: string[];
	/** Keys of the changes read within the feed's re-send horizon of `lastChangeAt` (dedupe.ts TimedKeys). */
	seen: StoredKeys;
	/** Job history: the latest emitted event per job (dedupe.ts JobMarks). */
	jobs: StoredMarks;
	/** Job history: events of a job without a mark dated before this count as emitted. */
	floorMs?: number;
	/** Set once a poll has read the feed to its end: marks of idle jobs may be dropped from then on. */
	caughtUp?: boolean;
	/** Last failure, so the same failure does not fire the error workflow on every poll. */
	error?: { signature: string; at: number };
}

const STATE_KEY = 'cursor';

export function loadState(staticData: IDataObject, scope: string): CursorState {
	const stored = staticData[STATE_KEY] as Partial<CursorState> | undefined;
	if (stored && stored.version === 1 && stored.scope === scope) {
		return {
			version: 1,
			scope,
			armed: stored.armed === true,
			from: stored.from,
			anchor: stored.anchor,
			lastChangeAt: stored.lastChangeAt,
			pageDone: Array.isArray(stored.pageDone) ? [...stored.pageDone] : [],
			seen: Array.isArray(stored.seen) ? stored.seen : [],
			jobs: stored.jobs && typeof stored.jobs === 'object' ? stored.jobs : {},
			floorMs: typeof stored.floorMs === 'number' ? stored.floorMs : undefined,
			caughtUp: stored.caughtUp === true,
			error: stored.error,
		};
	}
	return { version: 1, scope, armed: false, pageDone: [], seen: [], jobs: {}, caughtUp: false };
}

/** Replaces the whole stored object, which is what makes n8n notice the change and save it. */
export function saveState(staticData: IDataObject, state: CursorState): void {
	const copy: CursorState = { ...state, pageDone: [...state.pageDone] };
	if (copy.from === undefined) delete copy.from;
	if (copy.floorMs === undefined) delete copy.floorMs;
	if (!copy.caughtUp) delete copy.caughtUp;
	if (copy.anchor === undefined) delete copy.anchor;
	if (copy.lastChangeAt === undefined) delete copy.lastChangeAt;
	if (copy.error === undefined) delete copy.error;
	staticData[STATE_KEY] = copy as unknown as IDataObject;
}

export type StartOption = 'now' | 'date' | 'beginning';

/**
 * Chooses where an unarmed cursor starts. "Now" records the moment and emits nothing this poll;
 * a date starts there (inclusive); the beginning walks the whole feed, paced over polls.
 */
export function arm(state: CursorState, start: StartOption, startDate: string | undefined, now: Date): CursorState {
	if (state.armed) return state;
	const anchor = start === 'now' ? now.toISOString() : start === 'date' ? startDate : undefined;
	return { ...state, armed: true, from: anchor, anchor };
}

/**
 * After a refused token: re-read from the feed's lag before the newest change read (a change not
 * read yet can be at most that much older), never before the chosen start; de-duplication absorbs
 * the overlap. Without any change read yet, from the chosen start.
 */
export function rearmFrom(state: CursorState): string | undefined {
	const newest = state.lastChangeAt ? Date.parse(state.lastChangeAt) : NaN;
	if (Number.isNaN(newest)) return state.anchor;
	return laterOf(new Date(newest - FEED_LAG_MS).toISOString(), state.anchor);
}

export const ERROR_REPEAT_MS = 60 * 60 * 1000;

export type FailureRecord = NonNullable<CursorState['error']>;

/** Whether this failure repeats the stored one recently enough to be logged instead of thrown. */
export function isRepeatedFailure(state: Pick<CursorState, 'error'>, signature: string, now: number): boolean {
	return state.error !== undefined && state.error.signature === signature && now - state.error.at < ERROR_REPEAT_MS;
}

/**
 * The last reported failure per trigger (workflow, node, scope), kept in this n8n process as well as
 * in the cursor. On a host with n8n's durable scheduler a poll that throws commits nothing it wrote,
 * so the cursor cannot remember the report that the throw itself made; this memory bridges the next
 * poll, which returns null and so commits the record into the cursor (and from then on it survives a
 * restart). One entry per failing trigger, dropped on its next successful poll.
 */
const reportedFailures = new Map<string, FailureRecord>();

/** The more recent of the cursor's and this process's record of the last report for `key`. */
export function lastReportedFailure(key: string, state: Pick<CursorState, 'error'>): FailureRecord | undefined {
	const remembered = reportedFailures.get(key);
	if (!remembered) return state.error;
	if (!state.error) return remembered;
	return remembered.at >= state.error.at ? remembered : state.error;
}

export function rememberReportedFailure(key: string, record: FailureRecord): void {
	reportedFailures.set(key, record);
}

export function forgetReportedFailure(key: string): void {
	reportedFailures.delete(key);
}

/**
 * "From now on" arming hint, in the workflow's *global* static data (`serviceTitanTriggerArmedAt`,
 * node id → scope and moment). On a host with n8n's durable scheduler the activation poll is a test
 * poll whose node state (the cursor) is discarded, and a restart does not poll at activation at all,
 * but n8n saves the workflow's static data when activation ends and hands it to every later poll.
 * The first poll that can commit the cursor then arms at the moment of activation instead of at its
 * own "now", so a change made between activation and that poll is not lost.
 */
const HINTS_KEY = 'serviceTitanTriggerArmedAt';

interface ArmingHint {
	scope: string;
	at: string;
}

function hints(globalData: IDataObject): Record<string, ArmingHint> {
	const stored = globalData[HINTS_KEY];
	return stored && typeof stored === 'object' && !Array.isArray(stored) ? (stored as unknown as Record<string, ArmingHint>) : {};
}

/** The activation moment recorded for this node and scope, if any. */
export function armingHint(globalData: IDataObject, nodeId: string, scope: string): string | undefined {
	const hint = hints(globalData)[nodeId];
	return hint && hint.scope === scope && typeof hint.at === 'string' && !Number.isNaN(Date.parse(hint.at)) ? hint.at : undefined;
}

export function writeArmingHint(globalData: IDataObject, nodeId: string, scope: string, at: string): void {
	globalData[HINTS_KEY] = { ...hints(globalData), [nodeId]: { scope, at } } as unknown as IDataObject;
}

/** Once the cursor is armed the hint is not needed; n8n saves its removal with the next emitted batch. */
export function dropArmingHint(globalData: IDataObject, nodeId: string): void {
	const current = hints(globalData);
	if (!(nodeId in current)) return;
	const { [nodeId]: dropped, ...rest } = current;
	void dropped;
	if (Object.keys(rest).length === 0) delete globalData[HINTS_KEY];
	else globalData[HINTS_KEY] = rest as unknown as IDataObject;
}

/** Whether `at` is a time strictly before `limit` (false when either is missing or unreadable). */
export function isBefore(at: string | undefined, limit: string | undefined): boolean {
	if (!at || !limit) return false;
	const time = Date.parse(at);
	const bound = Date.parse(limit);
	return !Number.isNaN(time) && !Number.isNaN(bound) && time < bound;
}

export function laterOf(a: string | undefined, b: string | undefined): string | undefined {
	if (!a) return b;
	if (!b) return a;
	const ta = Date.parse(a);
	const tb = Date.parse(b);
	if (Number.isNaN(tb)) return a;
	if (Number.isNaN(ta)) return b;
	return tb > ta ? b : a;
}
