/** The seven export feeds: change-ordered, resumable with signed continuation tokens. */
import { ApiError } from '../errors';
import { type FeedName, readExportPage } from '../exportFeeds';
import type { SlotSource } from '../query';
import {
	renderAppointment,
	renderCanceledLog,
	renderExportHistory,
	renderExportJob,
	renderExportNote,
	renderExportProject,
} from '../render';
import type { TenantData } from '../store';
import type { ActiveFilter, AppointmentRecord } from '../types';
import { parseUtcDate } from '../validation';
import { type HandlerContext, type HandlerTable, ok } from './context';

export function invalidContinuationToken(): ApiError {
	return new ApiError(400, 'The continuation token is invalid.', {
		from: ['The continuation token is invalid, expired or was issued for another feed or tenant.'],
	});
}

/** A `from` that starts like a date is a date; anything else must be a token. */
export function isDateLike(from: string): boolean {
	return /^\d{4}-\d{2}-\d{2}/.test(from);
}

interface FeedDefinition<T> {
	feed: FeedName;
	/** The table whose slots the feed's entries refer to. */
	table: (data: TenantData) => SlotSource<T>;
	render: (data: TenantData, record: T, slot: number) => unknown;
	/** Extra per-request filter (Export_Appointments' `active`). */
	filter?: (context: HandlerContext) => ((record: T) => boolean) | undefined;
}

function exportHandler<T>(definition: FeedDefinition<T>) {
	return (context: HandlerContext) => {
		const { store, params, exports } = context;
		const data = store.data;
		const log = data.feeds[definition.feed];
		const from = params.string('from');
		// Late changes whose processing time has come join the log before any position is taken.
		log.flush(data.now());
		let startSeq = 0;
		if (from !== undefined && isDateLike(from)) {
			const ms = parseUtcDate(from);
			if (Number.isNaN(ms)) throw new ApiError(400, 'One or more validation errors occurred.', { from: [`'${from}' is not a valid date.`] });
			startSeq = log.firstSeqAtOrAfter(ms);
		} else if (from !== undefined) {
			const position = exports.tokens.parse(from);
			if (!position || position.feed !== definition.feed || position.tenantId !== store.tenantId || position.epoch !== data.epoch) {
				throw invalidContinuationToken();
			}
			startSeq = position.seq;
		}
		const table = definition.table(data);
		const extraFilter = definition.filter?.(context);
		// `accept` runs once per candidate entry; keep what it built so each record is generated once.
		const seen = new Map<number, T>();
		const accept = (slot: number) => {
			const record = table.at(slot);
			if (!record || (extraFilter && !extraFilter(record))) return false;
			seen.set(slot, record);
			return true;
		};
		const page = readExportPage(log, startSeq, params.boolean('includeRecentChanges') === true, data.now(), exports.window, accept);
		return ok({
			hasMore: page.hasMore,
			continueFrom: exports.tokens.issue({ feed: definition.feed, tenantId: store.tenantId, epoch: data.epoch, seq: page.nextSeq }),
			data: page.entries.map((entry) => definition.render(data, seen.get(entry.slot) as T, entry.slot)),
		});
	};
}

function appointmentActiveFilter(context: HandlerContext) {
	const active = (context.params.string('active') as ActiveFilter | undefined) ?? 'Any';
	return active === 'Any' ? undefined : (appointment: AppointmentRecord) => appointment.active === (active === 'True');
}

export const exportHandlers: HandlerTable = {
	Export_Jobs: exportHandler({ feed: 'jobs', table: (data) => data.jobs, render: renderExportJob }),
	Export_Projects: exportHandler({ feed: 'projects', table: (data) => data.projects, render: renderExportProject }),
	Export_Appointments: exportHandler({
		feed: 'appointments',
		table: (data) => data.appointments,
		render: (_data, appointment) => renderAppointment(appointment),
		filter: appointmentActiveFilter,
	}),
	Export_JobCancelReasons: exportHandler({
		feed: 'job-canceled-logs',
		table: (data) => data.canceledLogs,
		render: (_data, log) => renderCanceledLog(log),
	}),
	Export_JobNotes: exportHandler({ feed: 'job-notes', table: (data) => data.jobNotes, render: (_data, note) => renderExportNote(note, 'jobId') }),
	Export_ProjectNotes: exportHandler({
		feed: 'project-notes',
		table: (data) => data.projectNotes,
		render: (_data, note) => renderExportNote(note, 'projectId'),
	}),
	Export_JobHistory: exportHandler({
		feed: 'job-history',
		table: (data) => data.jobs,
		render: (data, job, slot) => renderExportHistory(job.id, data.jobHistory.get(slot)),
	}),
};
