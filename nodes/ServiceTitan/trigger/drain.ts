import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import type { ServiceTitanRequest, TransportOptions } from '../transport';
import { ensureNodeError, iterateExport } from '../transport';
import { RecentChanges, windowSize } from './dedupe';
import type { Change, FeedSpec } from './feeds';
import { feedOperation } from './feeds';
import type { TriggerFilters } from './filters';
import { matches } from './filters';
import type { CursorState } from './state';
import { isBefore, laterOf, rearmFrom } from './state';

export interface DrainSettings {
	includeRecentChanges: boolean;
	maxRecordsPerPoll: number;
	filters: TriggerFilters;
	transport?: TransportOptions;
}

export interface DrainResult {
	changes: Change[];
	state: CursorState;
}

const DATE_POSITION = /^\d{4}-\d{2}-\d{2}/;

function isContinuationToken(from: string | undefined): boolean {
	return from !== undefined && from !== '' && !DATE_POSITION.test(from);
}

/** ServiceTitan answers 400 to a continuation token it no longer accepts. */
function isRejectedToken(error: unknown, from: string | undefined): boolean {
	const httpCode = (error as { httpCode?: unknown } | undefined)?.httpCode;
	return isContinuationToken(from) && String(httpCode) === '400';
}

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
 * Reads the feed from the cursor: page after page while `hasMore`, until the cap of emitted
 * changes or the time budget. Changes already emitted (overlapping pages, an inclusive date, recent
 * changes delivered twice) are skipped by their key, and changes made before the chosen start (the
 * anchor) by their time. The returned state is only committed by the
 * caller once the changes are returned, so a failed poll moves nothing.
 */
export async function drain(
	ctx: IPollFunctions,
	feed: FeedSpec,
	settings: DrainSettings,
	state: CursorState,
	deadline: number,
): Promise<DrainResult> {
	const recent = new RecentChanges(state.recent, windowSize(settings.maxRecordsPerPoll));
	const request = exportRequest(feed, settings.includeRecentChanges);
	const changes: Change[] = [];
	let from = state.from;
	let lastChangeAt = state.lastChangeAt;
	let rearmed = false;

	walk: for (;;) {
		try {
			for await (const page of iterateExport<IDataObject>(ctx, request, from, settings.transport)) {
				let wholePage = true;
				for (const record of page.data) {
					if (changes.length >= settings.maxRecordsPerPoll) {
						wholePage = false;
						break;
					}
					for (const change of feed.changes(record)) {
						// Before the chosen start: e.g. the older events of a job whose history just grew.
						if (recent.has(change.key) || isBefore(change.at, state.anchor)) continue;
						recent.add(change.key);
						lastChangeAt = laterOf(lastChangeAt, change.at);
						if (matches(change, feed, settings.filters)) changes.push(change);
					}
				}
				// Stopped inside a page: read the same page again next time; what was emitted is in `recent`.
				from = wholePage ? page.continueFrom : page.from;
				if (!wholePage || changes.length >= settings.maxRecordsPerPoll || Date.now() >= deadline) break walk;
			}
			break;
		} catch (error) {
			if (rearmed || !isRejectedToken(error, from)) throw ensureNodeError(ctx.getNode(), error);
			rearmed = true;
			const restart = rearmFrom({ ...state, lastChangeAt });
			ctx.logger.warn('ServiceTitan rejected the stored continuation token; re-reading the feed from the last change seen', {
				feed: feed.value,
				from: restart ?? 'the start position',
			});
			from = restart;
		}
	}

	return { changes, state: { ...state, from, lastChangeAt, recent: recent.toJSON() } };
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
