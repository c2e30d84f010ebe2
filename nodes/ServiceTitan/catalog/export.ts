import { APPOINTMENT_STATUSES, EXPORT_PARAMETERS, activeFilter } from './common';
import { JOB_STATUSES } from './job';
import type { FeedWatch, OperationSpec, ParameterSpec, ResourceSpec, SimplifyName } from './types';

interface Feed {
	operationId: string;
	value: string;
	name: string;
	/** Plural record noun, e.g. "job notes": used in the action and by the engine. */
	records: string;
	path: string;
	scope: string;
	description: string;
	extraParameters?: ParameterSpec[];
	simplify?: SimplifyName;
	flattenHistory?: boolean;
	/** The trigger's view of the feed (trigger/feeds.ts derives its feed specs from this). */
	watch: FeedWatch;
}

/** Every feed is a GET taking `from` / `includeRecentChanges` and answering `{hasMore, continueFrom, data}`. */
function feed(f: Feed): OperationSpec {
	return {
		operationId: f.operationId,
		value: f.value,
		name: f.name,
		action: `Export ${f.records}`,
		description: f.description,
		method: 'GET',
		path: f.path,
		scope: f.scope,
		parameters: [...(f.extraParameters ?? []), ...EXPORT_PARAMETERS],
		envelope: f.flattenHistory
			? { kind: 'export', recordName: f.records, flattenHistory: true }
			: { kind: 'export', recordName: f.records },
		...(f.simplify ? { simplify: f.simplify } : {}),
		watch: f.watch,
	};
}

export const exportResource: ResourceSpec = {
	value: 'export',
	name: 'Export',
	description:
		'Bulk export feeds: every record including inactive and deleted ones, oldest change first, resumable from a date or a continuation token',
	defaultOperation: 'jobs',
	operations: [
		feed({
			operationId: 'Export_Appointments',
			watch: { name: 'Appointments', description: 'Appointments created, rescheduled, held, confirmed or deleted', changedAt: 'modifiedOn', hasActive: true, status: { field: 'status', values: APPOINTMENT_STATUSES } },
			value: 'appointments',
			name: 'Appointments',
			records: 'appointments',
			path: '/export/appointments',
			scope: 'tn.jpm.appointments:r',
			description: 'Export appointments created or changed since a date or a continuation token',
			extraParameters: [activeFilter('Active appointments, inactive ones or both (default: both)')],
			simplify: 'appointment',
		}),
		feed({
			operationId: 'Export_JobCancelReasons',
			watch: { name: 'Job Cancellations', description: 'Each time a job is canceled, with the reason and memo', changedAt: 'createdOn', hasActive: true },
			value: 'jobCanceledLogs',
			name: 'Job Canceled Logs',
			records: 'job canceled logs',
			path: '/export/job-canceled-logs',
			scope: 'tn.jpm.jobcanceledlogs:r',
			description: 'Export the log entries written each time a job is canceled (job, reason, memo, who and when)',
		}),
		feed({
			operationId: 'Export_JobHistory',
			watch: { name: 'Job History', description: 'Events in the life of jobs: booked, scheduled, dispatched, held, completed…', changedAt: 'modifiedOn', hasActive: false },
			value: 'jobHistory',
			name: 'Job History',
			records: 'job history records',
			path: '/export/job-history',
			scope: 'tn.jpm.jobhistory:r',
			description:
				'Export the history of jobs: one record per job with its events (booked, scheduled, dispatched, held, canceled…), or one item per event',
			flattenHistory: true,
		}),
		feed({
			operationId: 'Export_JobNotes',
			watch: { name: 'Job Notes', description: 'Notes written on jobs', changedAt: 'modifiedOn', hasActive: true },
			value: 'jobNotes',
			name: 'Job Notes',
			records: 'job notes',
			path: '/export/job-notes',
			scope: 'tn.jpm.jobnotes:r',
			description: 'Export notes written on jobs, each with its job ID',
		}),
		feed({
			operationId: 'Export_Jobs',
			watch: { name: 'Jobs', description: 'Jobs created or changed (status, schedule, fields)', changedAt: 'modifiedOn', hasActive: true, status: { field: 'jobStatus', values: JOB_STATUSES } },
			value: 'jobs',
			name: 'Jobs',
			records: 'jobs',
			path: '/export/jobs',
			scope: 'tn.jpm.jobs:r',
			description: 'Export jobs created or changed since a date or a continuation token',
			simplify: 'job',
		}),
		feed({
			operationId: 'Export_ProjectNotes',
			watch: { name: 'Project Notes', description: 'Notes written on projects', changedAt: 'modifiedOn', hasActive: true },
			value: 'projectNotes',
			name: 'Project Notes',
			records: 'project notes',
			path: '/export/project-notes',
			scope: 'tn.jpm.projectnotes:r',
			description: 'Export notes written on projects, each with its project ID',
		}),
		feed({
			operationId: 'Export_Projects',
			watch: { name: 'Projects', description: 'Projects created or changed', changedAt: 'modifiedOn', hasActive: true },
			value: 'projects',
			name: 'Projects',
			records: 'projects',
			path: '/export/projects',
			scope: 'tn.jpm.projects:r',
			description: 'Export projects created or changed since a date or a continuation token',
			simplify: 'project',
		}),
	],
};
