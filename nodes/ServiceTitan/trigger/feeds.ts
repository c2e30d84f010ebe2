import type { IDataObject } from 'n8n-workflow';

import { allOperations } from '../catalog';
import type { OperationSpec, SimplifyName } from '../catalog/types';
import { textOf } from '../engine/text';

export type FeedValue = 'appointments' | 'jobs' | 'projects' | 'jobNotes' | 'projectNotes' | 'jobHistory' | 'jobCanceledLogs';

/**
 * One change the trigger can emit. A record of most feeds is one change, identified by the record
 * ID and its modification time; a job-history record carries several events, each its own change.
 */
export interface Change {
	key: string;
	/**
	 * When it happened, where the record tells: changes before the chosen start are not emitted, and
	 * after an invalid token the feed is re-read from the latest of these.
	 */
	at?: string;
	record: IDataObject;
	/** For job history: the event; the record is then the job's `{jobId, history}`. */
	event?: IDataObject;
}

export interface FeedSpec {
	value: FeedValue;
	name: string;
	/** The catalog's export operation: the path is written there once. */
	operationId: string;
	simplify?: SimplifyName;
	/** Whether records carry createdOn and modifiedOn, so created and updated can be told apart. */
	tellsCreated: boolean;
	changes(record: IDataObject): Change[];
}

/** A record changes when its modifiedOn changes; a changed record comes back with a new version key. */
function versionedRecord(record: IDataObject): Change[] {
	return [{ key: `${textOf(record.id)}|${textOf(record.modifiedOn)}`, at: textOf(record.modifiedOn) || undefined, record }];
}

/**
 * Canceled-log entries have no modifiedOn; deactivating one (a removed cancellation) flips `active`.
 * Only the cancellation itself tells its time: a removal comes with the old createdOn.
 */
function canceledLog(record: IDataObject): Change[] {
	const at = record.active === false ? undefined : textOf(record.createdOn) || undefined;
	return [{ key: `${textOf(record.id)}|${textOf(record.createdOn)}|${textOf(record.active)}`, at, record }];
}

/** A job's record carries its whole history, so older events come again with each new one. */
function historyEvents(record: IDataObject): Change[] {
	const events = Array.isArray(record.history) ? (record.history as IDataObject[]) : [];
	return events.map((event) => ({ key: `event|${textOf(event.id)}`, at: textOf(event.date) || undefined, record, event }));
}

export const FEEDS: Record<FeedValue, FeedSpec> = {
	appointments: { value: 'appointments', name: 'Appointments', operationId: 'Export_Appointments', simplify: 'appointment', tellsCreated: true, changes: versionedRecord },
	jobs: { value: 'jobs', name: 'Jobs', operationId: 'Export_Jobs', simplify: 'job', tellsCreated: true, changes: versionedRecord },
	projects: { value: 'projects', name: 'Projects', operationId: 'Export_Projects', simplify: 'project', tellsCreated: true, changes: versionedRecord },
	jobNotes: { value: 'jobNotes', name: 'Job Notes', operationId: 'Export_JobNotes', tellsCreated: true, changes: versionedRecord },
	projectNotes: { value: 'projectNotes', name: 'Project Notes', operationId: 'Export_ProjectNotes', tellsCreated: true, changes: versionedRecord },
	jobHistory: { value: 'jobHistory', name: 'Job History', operationId: 'Export_JobHistory', tellsCreated: false, changes: historyEvents },
	jobCanceledLogs: { value: 'jobCanceledLogs', name: 'Job Cancellations', operationId: 'Export_JobCancelReasons', tellsCreated: false, changes: canceledLog },
};

export function feedOperation(feed: FeedSpec): OperationSpec {
	const found = allOperations().find(({ operation }) => operation.operationId === feed.operationId);
	if (!found) throw new Error(`The catalog has no export operation ${feed.operationId}`);
	return found.operation;
}
