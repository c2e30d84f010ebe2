/**
 * Export feeds: one append-only change log per feed, in the order ServiceTitan *processed* the changes.
 * Every create or update appends the record's slot with its processing time; an update therefore
 * "moves the record to the end" and its older entries stop counting (an entry is live only while it
 * is the record's latest). A change can be processed late (`append(…, latenessMs)`): it joins the log
 * only once the clock passes its processing time, after changes made later than it, so the feed is
 * not in `modifiedOn` order. Seeded records enter the log as compact ranges, so a backlog of a million
 * seeded changes costs a few numbers, not a million entries.
 *
 * Positions (`seq`) index the log; a continuation token is a signed (HMAC) position for one feed of
 * one tenant, so tampered, foreign or stale tokens are rejected.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { floor } from './random';

export const FEED_NAMES = [
	'jobs',
	'projects',
	'appointments',
	'job-canceled-logs',
	'job-notes',
	'project-notes',
	'job-history',
] as const;
export type FeedName = (typeof FEED_NAMES)[number];

interface RangeSegment {
	kind: 'range';
	seqStart: number;
	count: number;
	firstSlot: number;
	startMs: number;
	stepMs: number;
	/** Consecutive slots that share one timestamp (e.g. the two appointment slots of a seeded job). */
	perGroup: number;
}

interface ListSegment {
	kind: 'list';
	seqStart: number;
	slots: number[];
	times: number[];
}

type Segment = RangeSegment | ListSegment;

export interface FeedEntry {
	seq: number;
	slot: number;
	ms: number;
}

export interface FeedRead {
	entries: FeedEntry[];
	/** Position just after what was consumed (returned, skipped as stale, or filtered out). */
	nextSeq: number;
	hasMore: boolean;
}

/** Timestamp of the k-th seeded record of a range (shared with the generators so both agree). */
export function rangeTime(startMs: number, stepMs: number, index: number, perGroup = 1): number {
	return floor(startMs + floor(index / perGroup) * stepMs);
}

/** A change processed late: it joins the log when the clock reaches `due`, unless the record changed again. */
interface PendingEntry {
	slot: number;
	version: number;
	due: number;
}

export class FeedLog {
	private segments: Segment[] = [];
	/** slot → position of its latest entry, only for records changed after seeding. */
	private latestSeq = new Map<number, number>();
	/** slot → number of changes appended for it (late or not), so a superseded late change is dropped. */
	private versions = new Map<number, number>();
	/** Late changes not processed yet, soonest first. */
	private pending: PendingEntry[] = [];
	private total = 0;
	private newestMs = 0;

	get length(): number {
		return this.total;
	}

	/** Time of the newest entry; new entries never go below it, keeping the log time-ordered. */
	get lastMs(): number {
		return this.newestMs;
	}

	appendRange(firstSlot: number, count: number, startMs: number, stepMs: number, perGroup = 1): void {
		if (count <= 0) return;
		this.segments.push({ kind: 'range', seqStart: this.total, count, firstSlot, startMs, stepMs, perGroup });
		this.total += count;
		this.newestMs = Math.max(this.newestMs, rangeTime(startMs, stepMs, count - 1, perGroup));
	}

	/**
	 * Appends a change made at `ms`. With `latenessMs` > 0 it is processed that much later: it enters
	 * the log at `flush` time once the clock passes `ms + latenessMs` (dropped if the record changed
	 * again in between: the feed shows a record's latest version only).
	 */
	append(slot: number, ms: number, latenessMs = 0): void {
		const version = (this.versions.get(slot) ?? 0) + 1;
		this.versions.set(slot, version);
		if (latenessMs > 0) {
			const due = ms + latenessMs;
			let index = this.pending.length;
			while (index > 0 && this.pending[index - 1].due > due) index--;
			this.pending.splice(index, 0, { slot, version, due });
			return;
		}
		this.flush(ms);
		this.place(slot, ms);
	}

	/** Moves the late changes whose processing time has come into the log, in processing order. */
	flush(now: number): void {
		while (this.pending.length > 0 && this.pending[0].due <= now) {
			const entry = this.pending.shift() as PendingEntry;
			if (this.versions.get(entry.slot) === entry.version) this.place(entry.slot, entry.due);
		}
	}

	/** Late changes still waiting to be processed. */
	get pendingCount(): number {
		return this.pending.length;
	}

	private place(slot: number, ms: number): number {
		const time = Math.max(ms, this.newestMs);
		let last = this.segments[this.segments.length - 1];
		if (!last || last.kind !== 'list') {
			last = { kind: 'list', seqStart: this.total, slots: [], times: [] };
			this.segments.push(last);
		}
		last.slots.push(slot);
		last.times.push(time);
		this.latestSeq.set(slot, this.total);
		this.newestMs = time;
		return this.total++;
	}

	private segmentIndexOf(seq: number): number {
		let low = 0;
		let high = this.segments.length - 1;
		while (low < high) {
			const middle = (low + high + 1) >> 1;
			if (this.segments[middle].seqStart <= seq) low = middle;
			else high = middle - 1;
		}
		return low;
	}

	private timeIn(segment: Segment, offset: number): number {
		return segment.kind === 'range'
			? rangeTime(segment.startMs, segment.stepMs, offset, segment.perGroup)
			: segment.times[offset];
	}

	private slotIn(segment: Segment, offset: number): number {
		return segment.kind === 'range' ? segment.firstSlot + offset : segment.slots[offset];
	}

	private lengthOf(segment: Segment): number {
		return segment.kind === 'range' ? segment.count : segment.slots.length;
	}

	/** First position whose change time is at or after `ms` (the log is time-ordered). */
	firstSeqAtOrAfter(ms: number): number {
		let low = 0;
		let high = this.total;
		while (low < high) {
			const middle = Math.floor((low + high) / 2);
			const segment = this.segments[this.segmentIndexOf(middle)];
			if (this.timeIn(segment, middle - segment.seqStart) < ms) low = middle + 1;
			else high = middle;
		}
		return low;
	}

	/** An entry counts only while it is its record's latest change. */
	private isLive(seq: number, slot: number): boolean {
		const latest = this.latestSeq.get(slot);
		return latest === undefined || latest === seq;
	}

	/**
	 * Reads up to `limit` live entries from `fromSeq`, stopping at the first entry newer than
	 * `cutoffMs` (the visibility frontier). `accept` filters records (gaps, `active`).
	 */
	read(fromSeq: number, limit: number, cutoffMs: number, accept: (slot: number) => boolean): FeedRead {
		const entries: FeedEntry[] = [];
		let seq = Math.max(0, Math.min(fromSeq, this.total));
		if (seq >= this.total) return { entries, nextSeq: seq, hasMore: false };
		for (let index = this.segmentIndexOf(seq); index < this.segments.length; index++) {
			const segment = this.segments[index];
			const length = this.lengthOf(segment);
			for (let offset = seq - segment.seqStart; offset < length; offset++, seq++) {
				const ms = this.timeIn(segment, offset);
				if (ms > cutoffMs) return { entries, nextSeq: seq, hasMore: false };
				const slot = this.slotIn(segment, offset);
				if (!this.isLive(seq, slot) || !accept(slot)) continue;
				if (entries.length === limit) return { entries, nextSeq: entries[limit - 1].seq + 1, hasMore: true };
				entries.push({ seq, slot, ms });
			}
		}
		return { entries, nextSeq: seq, hasMore: false };
	}
}

export interface TokenPosition {
	feed: FeedName;
	tenantId: string;
	/** Bumped when a tenant's data is reset, so tokens into the old logs are refused. */
	epoch: number;
	seq: number;
}

/** Opaque continuation tokens: base64url(JSON position) + "." + truncated HMAC-SHA256. */
export class ContinuationTokens {
	constructor(private readonly secret: string) {}

	private sign(payload: string): string {
		return createHmac('sha256', this.secret).update(payload).digest('base64url').slice(0, 22);
	}

	issue(position: TokenPosition): string {
		const payload = Buffer.from(
			JSON.stringify({ f: position.feed, t: position.tenantId, e: position.epoch, p: position.seq }),
		).toString('base64url');
		return `${payload}.${this.sign(payload)}`;
	}

	/** The position, or undefined when the token is malformed or its signature does not match. */
	parse(token: string): TokenPosition | undefined {
		const [payload, signature, extra] = token.split('.');
		if (!payload || !signature || extra !== undefined) return undefined;
		const expected = Buffer.from(this.sign(payload));
		const given = Buffer.from(signature);
		if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
		try {
			const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
			const { f, t, e, p } = decoded;
			if (typeof f !== 'string' || typeof t !== 'string' || typeof e !== 'number' || typeof p !== 'number') {
				return undefined;
			}
			if (!(FEED_NAMES as readonly string[]).includes(f)) return undefined;
			return { feed: f as FeedName, tenantId: t, epoch: e, seq: p };
		} catch {
			return undefined;
		}
	}
}

/**
 * What a caught-up read with includeRecentChanges re-sends next time: the recent changes of its own
 * last page (`page`), or every change processed within the recent window, however many pages that is
 * (`window`: ServiceTitan's worst case, e.g. after a bulk update of 20,000 jobs).
 */
export type RecentTail = 'page' | 'window';

export interface ExportWindow {
	/** Hide changes younger than this without includeRecentChanges (real API: 15 minutes). */
	visibilityDelayMs: number;
	/** With includeRecentChanges, changes younger than this are re-delivered on the next call. */
	recentWindowMs: number;
	/** Default `page`. */
	recentTail?: RecentTail;
	pageSize: number;
}

/**
 * One export page. Without includeRecentChanges only changes older than the visibility delay are
 * visible. With it everything is visible at once, but when the page reaches the end of the feed the
 * returned position backs up to the first change younger than `recentWindowMs` (of this page, or of
 * the whole feed with `recentTail: 'window'`), so the next call repeats those records (the
 * duplicates ServiceTitan warns about). While `hasMore` is true the position never backs up, so
 * paging always progresses.
 */
export function readExportPage(
	feed: FeedLog,
	fromSeq: number,
	includeRecentChanges: boolean,
	now: number,
	window: ExportWindow,
	accept: (slot: number) => boolean,
): FeedRead {
	feed.flush(now);
	const cutoff = includeRecentChanges ? Number.POSITIVE_INFINITY : now - window.visibilityDelayMs;
	const page = feed.read(fromSeq, window.pageSize, cutoff, accept);
	if (includeRecentChanges && !page.hasMore && window.recentTail === 'window') {
		const tailStart = feed.firstSeqAtOrAfter(now - window.recentWindowMs + 1);
		if (tailStart < page.nextSeq) return { ...page, nextSeq: tailStart };
	} else if (includeRecentChanges && !page.hasMore) {
		const firstRecent = page.entries.find((entry) => entry.ms > now - window.recentWindowMs);
		if (firstRecent) return { ...page, nextSeq: firstRecent.seq };
	}
	return page;
}
