import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import type { ServiceTitanRequest, TransportOptions } from '../transport';
import { ensureNodeError, iterateExport } from '../transport';
import { RecentChanges, windowSize } from './dedupe';
import type { Change, FeedSpec } from './feeds';
import { feedOperation } from './feeds';
import type { TriggerFilters } from './filters';
import { matches } from './filters';
import type { CursorState } from './state';
import { laterOf, rearmFrom } from './state';

export interface DrainSettings {
	includeRecentChanges: boolean;
	maxRecordsPerPoll: number;
	filters: TriggerFilters;
	transport?: TransportOptions;
}

export interface DrainResult {
	changes: Change[];
	state: CursorState;
	/** Whether the feed was read to its current end (false: stopped at the cap or the time budget). */
	caughtUp: boolean;
	rearmed: boolean;
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
 * changes delivered twice) are skipped by their key. The returned state is only committed by the
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
	let caughtUp = false;
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
						if (recent.has(change.key)) continue;
						recent.add(change.key);
						lastChangeAt = laterOf(lastChangeAt, change.at);
						if (matches(change, feed, settings.filters)) changes.push(change);
					}
				}
				// Stopped inside a page: read the same page again next time; what was emitted is in `recent`.
				from = wholePage ? page.continueFrom : page.from;
				if (!wholePage || changes.length >= settings.maxRecordsPerPoll || Date.now() >= deadline) break walk;
			}
			caughtUp = true;
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

	return {
		changes,
		caughtUp,
		rearmed,
		state: { ...state, from, lastChangeAt, recent: recent.toJSON() },
	};
}

/**
 * "Fetch test event": a few recent changes, read without the cursor so the stored position neither
 * decides what is shown nor moves.
 */
export async function sampleRecentChanges(
	ctx: IPollFunctions,
	feed: FeedSpec,
	settings: DrainSettings,
	size = 5,
): Promise<Change[]> {
	const request = exportRequest(feed, true);
	const keep = (into: Change[], record: IDataObject) => {
		for (const change of feed.changes(record)) {
			if (!matches(change, feed, settings.filters)) continue;
			into.push(change);
			if (into.length > size) into.shift();
		}
	};
	const since = new Date(Date.now() - 24 * 60 * 60 * 1000).toISOString();
	const latest: Change[] = [];
	let pages = 0;
	for await (const page of iterateExport<IDataObject>(ctx, request, since, settings.transport)) {
		for (const record of page.data) keep(latest, record);
		if (++pages >= 5) break;
	}
	if (latest.length > 0) return latest;
	// Nothing changed lately: show the first records of the feed, so the shape of the data is visible.
	for await (const page of iterateExport<IDataObject>(ctx, request, undefined, settings.transport)) {
		for (const record of page.data) {
			keep(latest, record);
			if (latest.length >= size) break;
		}
		break;
	}
	return latest;
}
