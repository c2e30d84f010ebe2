import type { IDataObject } from 'n8n-workflow';

import { allOperations } from '../catalog';
import { exportResource } from '../catalog/export';
import type { OperationSpec, SimplifyName } from '../catalog/types';
import { textOf } from '../engine/text';

export type FeedValue = 'appointments' | 'jobs' | 'projects' | 'jobNotes' | 'projectNotes' | 'jobHistory' | 'jobCanceledLogs';

/**
 * One change the trigger can emit. A record of most feeds is one change, identified by the record
 * ID and its modification time; a job-history record carries several events, each its own change.
 */
export interface Change {
	/** The change itself: record ID and change time (for job history the event ID, see `jobId`). */
	key: string;
	/**
	 * When it happened, where the record tells: changes before the chosen start are not emitted, and
	 * after an invalid token the feed is re-read from the latest of these.
	 */
	at?: string;
	/** `at` in milliseconds (undefined when absent or unreadable). */
	atMs?: number;
	record: IDataObject;
	/** For job history: the event; the record is then the job's `{jobId, history}`. */
	event?: IDataObject;
	/** For job history: the job the event belongs to (its high-water mark is kept per job). */
	jobId?: string;
}

export interface FeedSpec {
	value: FeedValue;
	name: string;
	/** The catalog's export operation: the path is written there once. */
	operationId: string;
	simplify?: SimplifyName;
	/** Whether records carry createdOn and modifiedOn, so created and updated can be told apart. */
	tellsCreated: boolean;
	/** The record field the status filter reads (jobs: jobStatus, appointments: status). */
	statusField?: string;
	changes(record: IDataObject): Change[];
	/** Identifies one record as the feed sent it (so a page read again can skip what was consumed). */
	recordKey(record: IDataObject): string;
}

function millisecondsOf(text: string): number | undefined {
	const ms = text === '' ? NaN : Date.parse(text);
	return Number.isNaN(ms) ? undefined : ms;
}

/** `id|time`, the time in milliseconds when it parses (so one moment has one key however it is written). */
function versionKey(id: unknown, time: string): string {
	return `${textOf(id)}|${millisecondsOf(time) ?? time}`;
}

/** A record changes when its modifiedOn changes; a changed record comes back with a new version key. */
function versionedRecord(record: IDataObject): Change[] {
	const at = textOf(record.modifiedOn);
	return [{ key: versionKey(record.id, at), at: at || undefined, atMs: millisecondsOf(at), record }];
}

/**
 * Canceled-log entries have no modifiedOn; deactivating one (a removed cancellation) flips `active`.
 * Only the cancellation itself tells its time: a removal comes with the old createdOn.
 */
function canceledLog(record: IDataObject): Change[] {
	const created = textOf(record.createdOn);
	const at = record.active === false ? undefined : created || undefined;
	return [{ key: `${versionKey(record.id, created)}|${textOf(record.active)}`, at, atMs: at === undefined ? undefined : millisecondsOf(at), record }];
}

/** A job's record carries its whole history, so older events come again with each new one. */
function historyEvents(record: IDataObject): Change[] {
	const events = Array.isArray(record.history) ? (record.history as IDataObject[]) : [];
	const jobId = textOf(record.jobId);
	return events.map((event) => {
		const at = textOf(event.date);
		return { key: textOf(event.id), at: at || undefined, atMs: millisecondsOf(at), record, event, jobId };
	});
}

/** A history record is the job at its latest event. */
function historyRecordKey(record: IDataObject): string {
	const events = Array.isArray(record.history) ? (record.history as IDataObject[]) : [];
	return `${textOf(record.jobId)}|${events.length}|${textOf(events[events.length - 1]?.id)}`;
}

function changeKey(changes: (record: IDataObject) => Change[]) {
	return (record: IDataObject) => changes(record)[0]?.key ?? textOf(record.id);
}

/**
 * The trigger's feeds, derived from the export catalog (catalog/export.ts): value, operation, name,
 * simplifier, history flattening and change time are written there once.
 */
export const FEEDS = Object.fromEntries(
	exportResource.operations.map((operation): [string, FeedSpec] => {
		const watch = operation.watch;
		if (!watch) throw new Error(`The export catalog does not say how to watch ${operation.operationId}`);
		const history = operation.envelope.kind === 'export' && operation.envelope.flattenHistory === true;
		const changes = history ? historyEvents : watch.changedAt === 'createdOn' ? canceledLog : versionedRecord;
		return [
			operation.value,
			{
				value: operation.value as FeedValue,
				name: watch.name,
				operationId: operation.operationId,
				simplify: operation.simplify,
				tellsCreated: !history && watch.changedAt === 'modifiedOn',
				statusField: watch.status?.field,
				changes,
				recordKey: history ? historyRecordKey : changeKey(changes),
			},
		];
	}),
) as Record<FeedValue, FeedSpec>;

export function feedOperation(feed: FeedSpec): OperationSpec {
	const found = allOperations().find(({ operation }) => operation.operationId === feed.operationId);
	if (!found) throw new Error(`The catalog has no export operation ${feed.operationId}`);
	return found.operation;
}

/**
 * A `from` that starts like a date is a date; anything else is a continuation token (the rule the
 * simulator and the export action share: ServiceTitan takes either in the same parameter).
 */
const DATE_POSITION = /^\d{4}-\d{2}-\d{2}/;

export function isContinuationToken(from: string | undefined): boolean {
	return from !== undefined && from !== '' && !DATE_POSITION.test(from);
}
