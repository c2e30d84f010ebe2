import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import type { ServiceTitanRequest, TransportOptions } from '../transport';
import { DeadlineReached, ensureNodeError, iterateExport } from '../transport';
import { JobMarks, TimedKeys } from './dedupe';
import type { Change, FeedSpec } from './feeds';
import { feedOperation, isContinuationToken } from './feeds';
import type { TriggerFilters } from './filters';
import { matches } from './filters';
import type { CursorState } from './state';
import { laterOf, rearmFrom } from './state';

export interface DrainSettings {
	includeRecentChanges: boolean;
	maxRecordsPerPoll: number;
	filters: TriggerFilters;
	/** Job history: marks of jobs with no event for this long are dropped (dedupe.ts JobMarks). */
	forgetIdleJobsMs?: number;
	transport?: TransportOptions;
}

export interface DrainResult {
	changes: Change[];
	state: CursorState;
	/** Why the read stopped before the feed's end, if it did. */
	stoppedBy?: 'cap' | 'budget';
}

/**
 * Statuses ServiceTitan (or a gateway in front of it) may answer a continuation token it no longer
 * accepts with: 400 is documented; 404, 410 and 422 mean the same for a token.
 */
const TOKEN_REFUSED_STATUSES = ['400', '404', '410', '422'];

function isRefusedToken(error: unknown, from: string | undefined): boolean {
	const httpCode = (error as { httpCode?: unknown } | undefined)?.httpCode;
	return isContinuationToken(from) && TOKEN_REFUSED_STATUSES.includes(String(httpCode));
}

/** The least time a poll's requests get, whatever the budget: one page can always be read. */
const MIN_REQUEST_MS = 1000;

export function exportRequest(feed: FeedSpec, includeRecentChanges: boolean): ServiceTitanRequest {
	const operation = feedOperation(feed);
	return {
		method: 'GET',
		path: operation.path,
		qs: { includeRecentChanges },
		label: operation.action,
		scope: operation.scope,
	};
}

/**
 * Reads the feed from the cursor: page after page while `hasMore`, until the cap of emitted changes
 * or the time budget (`deadline`, which the transport honours too: no request or retry wait runs
 * past it). A poll stopped inside a page keeps that page's token and the keys of the records it
 * read there, so the next poll resumes at the next unread record. Changes read again (the re-sent
 * recent tail, the overlap after a refused token) are skipped by their time-bounded keys; job-history
 * events by their job's mark; changes before the chosen start (the anchor) by their time. The
 * returned state is only committed by the caller once the changes are returned, so a failed poll
 * moves nothing.
 */
export async function drain(
	ctx: IPollFunctions,
	feed: FeedSpec,
	settings: DrainSettings,
	state: CursorState,
	deadline: number,
): Promise<DrainResult> {
	const seen = new TimedKeys(state.seen);
	const marks = new JobMarks(state.jobs, state.floorMs);
	const anchorMs = state.anchor ? Date.parse(state.anchor) : NaN;
	const request = exportRequest(feed, settings.includeRecentChanges);
	// Every poll may take at least one request (else a tiny budget would never read anything); the
	// page loop below still stops at the budget itself.
	const transport: TransportOptions = { ...settings.transport, deadline: Math.max(deadline, Date.now() + MIN_REQUEST_MS) };
	const changes: Change[] = [];
	let from = state.from;
	let pageDone = state.pageDone;
	let lastChangeAt = state.lastChangeAt;
	let caughtUp = state.caughtUp === true;
	let stoppedBy: DrainResult['stoppedBy'];
	let rearmed = false;

	/** Whether a change is new; notes it as read either way. */
	const isNew = (change: Change): boolean => {
		// Before the chosen start: not emitted (e.g. the older events of a job whose history just grew).
		if (change.atMs !== undefined && change.atMs < anchorMs) return false;
		if (change.jobId !== undefined) {
			if (change.atMs === undefined) {
				if (seen.has(`${change.jobId}|${change.key}`)) return false;
				seen.add(`${change.jobId}|${change.key}`, Date.parse(lastChangeAt ?? '') || 0);
				return true;
			}
			if (marks.isEmitted(change.jobId, change.key, change.atMs)) return false;
			marks.note(change.jobId, change.key, change.atMs);
			return true;
		}
		if (seen.has(change.key)) return false;
		// A change without its own time (a removed cancellation) is kept by the newest time read.
		seen.add(change.key, change.atMs ?? (Date.parse(lastChangeAt ?? '') || 0));
		return true;
	};

	walk: for (;;) {
		try {
			for await (const page of iterateExport<IDataObject>(ctx, request, from, transport)) {
				const done = page.from === from ? new Set(pageDone) : new Set<string>();
				const read: string[] = [];
				let stoppedInside = false;
				for (const record of page.data) {
					const recordKey = feed.recordKey(record);
					if (done.has(recordKey)) {
						read.push(recordKey);
						continue;
					}
					if (changes.length >= settings.maxRecordsPerPoll) {
						stoppedInside = true;
						break;
					}
					for (const change of feed.changes(record)) {
						if (!isNew(change)) continue;
						lastChangeAt = laterOf(lastChangeAt, change.at);
						if (matches(change, feed, settings.filters)) changes.push(change);
					}
					read.push(recordKey);
				}
				if (stoppedInside) {
					// Read this page again next time and skip what was read of it.
					from = page.from;
					pageDone = read;
				} else {
					from = page.continueFrom;
					pageDone = [];
					if (!page.hasMore) caughtUp = true;
				}
				if (stoppedInside || changes.length >= settings.maxRecordsPerPoll) {
					stoppedBy = page.hasMore || stoppedInside ? 'cap' : undefined;
					break walk;
				}
				if (Date.now() >= deadline) {
					stoppedBy = page.hasMore ? 'budget' : undefined;
					break walk;
				}
			}
			break;
		} catch (error) {
			if (error instanceof DeadlineReached) {
				// A request or a retry wait did not fit the budget: keep the position, read on next poll.
				ctx.logger.info('ServiceTitan Trigger: the poll\'s time budget ran out; the next poll reads on from here', { feed: feed.value });
				stoppedBy = 'budget';
				break;
			}
			if (rearmed || !isRefusedToken(error, from)) throw ensureNodeError(ctx.getNode(), error);
			rearmed = true;
			const restart = rearmFrom({ ...state, lastChangeAt });
			ctx.logger.warn('ServiceTitan refused the stored continuation token; re-reading the feed from the feed\'s lag before the last change seen', {
				feed: feed.value,
				status: String((error as { httpCode?: unknown }).httpCode),
				from: restart ?? 'the start position',
			});
			from = restart;
			pageDone = [];
		}
	}

	const newestMs = Date.parse(lastChangeAt ?? '');
	if (!Number.isNaN(newestMs)) {
		seen.prune(newestMs);
		if (caughtUp && settings.forgetIdleJobsMs !== undefined && feed.value === 'jobHistory') marks.forgetIdle(newestMs, settings.forgetIdleJobsMs);
	}
	return {
		changes,
		stoppedBy,
		state: { ...state, from, pageDone, lastChangeAt, seen: seen.toJSON(), jobs: marks.toJSON(), floorMs: marks.floorMs, caughtUp },
	};
}

/** How far back "Fetch test event" looks, shortest first, so what it shows is the latest. */
const SAMPLE_LOOKBACK_MS = [15 * 60 * 1000, 24 * 60 * 60 * 1000, 30 * 24 * 60 * 60 * 1000];
/** Pages read per look-back: a busier window than this shows changes from its start instead. */
const SAMPLE_PAGES = 10;

/**
 * "Fetch test event": the latest few changes, read without the cursor so the stored position
 * neither decides what is shown nor moves. Looks back a quarter of an hour, then a day, then a
 * month, reading each window to its end (up to a few pages) and keeping the last changes.
 */
export async function sampleRecentChanges(
	ctx: IPollFunctions,
	feed: FeedSpec,
	settings: DrainSettings,
	size = 5,
): Promise<Change[]> {
	const request = exportRequest(feed, true);
	const latest: Change[] = [];
	const keep = (record: IDataObject) => {
		for (const change of feed.changes(record)) {
			if (!matches(change, feed, settings.filters)) continue;
			latest.push(change);
			if (latest.length > size) latest.shift();
		}
	};
	for (const lookback of SAMPLE_LOOKBACK_MS) {
		const since = new Date(Date.now() - lookback).toISOString();
		let pages = 0;
		for await (const page of iterateExport<IDataObject>(ctx, request, since, settings.transport)) {
			for (const record of page.data) keep(record);
			if (++pages >= SAMPLE_PAGES) break;
		}
		if (latest.length > 0) return latest;
	}
	// Nothing changed lately: show the first records of the feed, so the shape of the data is visible.
	for await (const page of iterateExport<IDataObject>(ctx, request, undefined, settings.transport)) {
		for (const record of page.data) keep(record);
		break;
	}
	return latest;
}
