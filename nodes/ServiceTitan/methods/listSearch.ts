import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import type { LocatorName } from '../catalog/types';
import { serviceTitanRequest } from '../transport';
import type { PagedResponse, ServiceTitanRequest } from '../transport';

const SEARCH_PAGE_SIZE = 50;

interface SearchSource {
	path: string;
	scope: string;
	/** Query for one page of results, newest first, narrowed by what the user typed. */
	query: (filter: string | undefined) => Record<string, string>;
	name: (record: IDataObject) => string;
	/** Narrowing the API cannot do (projects have no name filter): applied to each page. */
	keep?: (record: IDataObject, filter: string) => boolean;
	url?: (record: IDataObject) => string | undefined;
}

function text(value: unknown): string {
	return value === undefined || value === null ? '' : String(value);
}

const SOURCES: Record<LocatorName, SearchSource> = {
	job: {
		path: '/jobs',
		scope: 'tn.jpm.jobs:r',
		query: (filter) => ({ sort: '-ModifiedOn', ...(filter ? { number: filter } : {}) }),
		name: (job) => `Job #${text(job.jobNumber ?? job.id)} · ${text(job.jobStatus)} · customer ${text(job.customerId)}`,
	},
	appointment: {
		path: '/appointments',
		scope: 'tn.jpm.appointments:r',
		query: (filter) => ({ sort: '-ModifiedOn', active: 'Any', ...(filter ? { number: filter } : {}) }),
		name: (appointment) =>
			`Appointment #${text(appointment.appointmentNumber ?? appointment.id)} · ${text(appointment.start)} · job ${text(appointment.jobId)}`,
	},
	project: {
		path: '/projects',
		scope: 'tn.jpm.projects:r',
		query: (filter) => ({ sort: '-ModifiedOn', ...(filter && /^\d+$/.test(filter) ? { ids: filter } : {}) }),
		name: (project) => `${text(project.name) || 'Project'} #${text(project.number ?? project.id)} · ${text(project.status)}`,
		keep: (project, filter) =>
			/^\d+$/.test(filter) || `${text(project.name)} ${text(project.number)}`.toLowerCase().includes(filter.toLowerCase()),
	},
	jobType: {
		path: '/job-types',
		scope: 'tn.jpm.jobtypes:r',
		query: (filter) => ({ active: 'True', orderBy: 'id', ...(filter ? { name: filter } : {}) }),
		name: (jobType) => text(jobType.name) || `Job type #${text(jobType.id)}`,
	},
};

async function search(
	ctx: ILoadOptionsFunctions,
	locator: LocatorName,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const source = SOURCES[locator];
	const page = paginationToken && /^\d+$/.test(paginationToken) ? Number(paginationToken) : 1;
	const trimmed = filter?.trim() || undefined;
	const request: ServiceTitanRequest = {
		method: 'GET',
		path: source.path,
		qs: { ...source.query(trimmed), page, pageSize: SEARCH_PAGE_SIZE },
		label: `Search ${locator}s`,
		scope: source.scope,
	};
	const response = await serviceTitanRequest<PagedResponse<IDataObject>>(ctx, request);
	const records = (response?.data ?? []).filter((record) => !trimmed || !source.keep || source.keep(record, trimmed));
	return {
		results: records.map((record) => ({ name: source.name(record), value: String(record.id) })),
		paginationToken: response?.hasMore ? String(page + 1) : undefined,
	};
}

type SearchMethod = (this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) => Promise<INodeListSearchResult>;

function searchMethod(locator: LocatorName): SearchMethod {
	return async function (this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
		return await search(this, locator, filter, paginationToken);
	};
}

export const listSearch: Record<string, SearchMethod> = {
	searchJobs: searchMethod('job'),
	searchAppointments: searchMethod('appointment'),
	searchProjects: searchMethod('project'),
	searchJobTypes: searchMethod('jobType'),
};
