/**
 * What the trigger remembers so each change is emitted once, bounded by time instead of by count
 * (see the README's "How the trigger works"):
 *
 * - `TimedKeys`: the exact keys (record ID + change time) of the changes read lately, kept only while
 *   their change time lies within KEY_HORIZON_MS of the newest change read. The feed sends a change
 *   again only within that span (the re-sent recent tail, the overlap re-read after a refused token).
 * - `JobMarks`: for job history, whose records re-send a job's whole history on every change, the
 *   latest emitted event of each job (its date) plus the IDs of the events emitted within the feed's
 *   lag of it. Marks of jobs idle for longer than the user's "Forget Idle Jobs After" are dropped; the
 *   events of a job without a mark that are older than the floor then count as emitted.
 *
 * No hashes, no probabilistic structure: a key is the change itself, so nothing new is ever taken
 * for a repeat.
 */

/**
 * ServiceTitan's export lag: a change is in its feed at most 15 minutes after it was made, and
 * includeRecentChanges re-sends the last 15 minutes (AUTH_AND_LIMITS.md §4).
 */
export const FEED_LAG_MS = 15 * 60 * 1000;

/**
 * How long a key is kept behind the newest change read: one lag for a change processed late, one
 * for the re-sent tail (a late change re-sent at the tail is up to two lags older than the newest).
 */
export const KEY_HORIZON_MS = 2 * FEED_LAG_MS;

/** Keys grouped by time, oldest first: `[[timeMs, "key key …"], …]` (a key's own time is written `~`). */
export type StoredKeys = Array<[number, string]>;

export class TimedKeys {
	/** key → the time it is kept by. */
	private readonly keys = new Map<string, number>();

	constructor(stored: unknown) {
		if (!Array.isArray(stored)) return;
		for (const group of stored) {
			if (!Array.isArray(group) || typeof group[0] !== 'number' || typeof group[1] !== 'string') continue;
			const [time, joined] = group as [number, string];
			for (const token of joined.split(' ')) {
				if (token !== '') this.keys.set(token.endsWith('~') ? `${token.slice(0, -1)}|${time}` : token, time);
			}
		}
	}

	has(key: string): boolean {
		return this.keys.has(key);
	}

	add(key: string, time: number): void {
		this.keys.set(key, time);
	}

	get size(): number {
		return this.keys.size;
	}

	/** Forgets the keys whose time is more than KEY_HORIZON_MS before `newestMs`. */
	prune(newestMs: number): void {
		const limit = newestMs - KEY_HORIZON_MS;
		for (const [key, time] of this.keys) if (time < limit) this.keys.delete(key);
	}

	toJSON(): StoredKeys {
		const groups = new Map<number, string[]>();
		for (const [key, time] of this.keys) {
			const suffix = `|${time}`;
			const token = key.endsWith(suffix) ? `${key.slice(0, -suffix.length)}~` : key;
			const group = groups.get(time);
			if (group) group.push(token);
			else groups.set(time, [token]);
		}
		return [...groups].sort(([a], [b]) => a - b).map(([time, tokens]) => [time, tokens.join(' ')]);
	}
}

/** One job's mark: the latest emitted event's date, and the IDs and dates of events emitted within the lag of it. */
interface JobMark {
	latestMs: number;
	events: Map<string, number>;
}

/** Stored per job ID: `[latestMs, eventId, eventMs, eventId, eventMs, …]`. */
export type StoredMarks = Record<string, Array<number | string>>;

export const DEFAULT_FORGET_IDLE_JOBS_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export class JobMarks {
	private readonly marks = new Map<string, JobMark>();

	constructor(
		stored: unknown,
		/** Events of a job without a mark dated before this count as emitted (set once marks are dropped). */
		public floorMs: number | undefined,
	) {
		if (!stored || typeof stored !== 'object') return;
		for (const [jobId, entry] of Object.entries(stored as StoredMarks)) {
			if (!Array.isArray(entry) || typeof entry[0] !== 'number') continue;
			const events = new Map<string, number>();
			for (let index = 1; index + 1 < entry.length; index += 2) events.set(String(entry[index]), Number(entry[index + 1]));
			this.marks.set(jobId, { latestMs: entry[0], events });
		}
	}

	/**
	 * Whether an event is already emitted (or counts as such): listed in its job's mark, older than
	 * the mark by more than the feed's lag (an event can come late only by that much), or, for a job
	 * without a mark, older than the floor.
	 */
	isEmitted(jobId: string, eventId: string, eventMs: number): boolean {
		const mark = this.marks.get(jobId);
		if (!mark) return this.floorMs !== undefined && eventMs < this.floorMs;
		return mark.events.has(eventId) || eventMs < mark.latestMs - FEED_LAG_MS;
	}

	note(jobId: string, eventId: string, eventMs: number): void {
		let mark = this.marks.get(jobId);
		if (!mark) {
			mark = { latestMs: eventMs, events: new Map() };
			this.marks.set(jobId, mark);
		}
		mark.events.set(eventId, eventMs);
		if (eventMs > mark.latestMs) {
			mark.latestMs = eventMs;
			for (const [id, ms] of mark.events) if (ms < eventMs - FEED_LAG_MS) mark.events.delete(id);
		}
	}

	get size(): number {
		return this.marks.size;
	}

	/**
	 * Drops the marks of jobs with no event within `forgetMs` of the newest change read and raises
	 * the floor to that point. Only once the trigger has caught up with the feed: while it is still
	 * reading a backlog, a job it has not reached yet has old events that were never emitted.
	 */
	forgetIdle(newestMs: number, forgetMs: number): void {
		const cutoff = newestMs - forgetMs;
		for (const [jobId, mark] of this.marks) if (mark.latestMs < cutoff) this.marks.delete(jobId);
		this.floorMs = Math.max(this.floorMs ?? cutoff, cutoff);
	}

	toJSON(): StoredMarks {
		const stored: StoredMarks = {};
		for (const [jobId, mark] of this.marks) {
			const entry: Array<number | string> = [mark.latestMs];
			for (const [id, ms] of mark.events) entry.push(/^\d{1,15}$/.test(id) ? Number(id) : id, ms);
			stored[jobId] = entry;
		}
		return stored;
	}
}

/** The user's "Forget Idle Jobs After (Days)" in milliseconds (at least a day: well above the feed's lag). */
export function forgetIdleMs(days: number | undefined): number {
	const value = typeof days === 'number' && Number.isFinite(days) ? days : DEFAULT_FORGET_IDLE_JOBS_DAYS;
	return Math.max(1, value) * DAY_MS;
}
