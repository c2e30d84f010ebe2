import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import type { LocatorName } from '../catalog/types';
import { textOf as text } from '../engine/text';
import { idDigits, MAX_PAGE_SIZE, serviceTitanRequest } from '../transport';
import type { PagedResponse, ServiceTitanRequest } from '../transport';

/** Records per page when the API itself narrows the list (or nothing was typed). */
const SEARCH_PAGE_SIZE = 50;
/** Pages read in one call while narrowing here (no server-side filter): 40 × 5000 covers 200,000 records. */
const MAX_SCANNED_PAGES = 40;

interface SearchSource {
	path: string;
	scope: string;
	/** Newest first. */
	order: Record<string, string>;
	/**
	 * The API's own narrowing for what the user typed: one query, or several whose results are merged
	 * (typed digits may be a number or an ID). Undefined when the API cannot narrow by it.
	 */
	filters?: (typed: string) => Array<Record<string, string>>;
	/** Narrowing the API cannot do (projects have no name filter): applied here while paging. */
	keep?: (record: IDataObject, typed: string) => boolean;
	name: (record: IDataObject) => string;
}

const isId = (typed: string) => idDigits(typed) !== undefined;
/** Typed digits may be the record's ID too: look it up by ID as well as by the API's own filter. */
const orById = (filter: Record<string, string>, typed: string) => (isId(typed) ? [{ ids: typed }, filter] : [filter]);

const SOURCES: Record<LocatorName, SearchSource> = {
	job: {
		path: '/jobs',
		scope: 'tn.jpm.jobs:r',
		order: { sort: '-ModifiedOn' },
		filters: (typed) => orById({ number: typed }, typed),
		name: (job) => `Job #${text(job.jobNumber ?? job.id)} · ${text(job.jobStatus)} · customer ${text(job.customerId)}`,
	},
	appointment: {
		path: '/appointments',
		scope: 'tn.jpm.appointments:r',
		order: { sort: '-ModifiedOn', active: 'Any' },
		filters: (typed) => orById({ number: typed }, typed),
		name: (appointment) =>
			`Appointment #${text(appointment.appointmentNumber ?? appointment.id)} · ${text(appointment.start)} · job ${text(appointment.jobId)}`,
	},
	project: {
		path: '/projects',
		scope: 'tn.jpm.projects:r',
		order: { sort: '-ModifiedOn' },
		filters: (typed) => (isId(typed) ? [{ ids: typed }] : []),
		keep: (project, typed) => `${text(project.name)} ${text(project.number)}`.toLowerCase().includes(typed.toLowerCase()),
		name: (project) => `${text(project.name) || 'Project'} #${text(project.number ?? project.id)} · ${text(project.status)}`,
	},
	jobType: {
		path: '/job-types',
		scope: 'tn.jpm.jobtypes:r',
		order: { active: 'True', orderBy: 'id' },
		filters: (typed) => orById({ name: typed }, typed),
		name: (jobType) => text(jobType.name) || `Job type #${text(jobType.id)}`,
	},
};

async function readPage(ctx: ILoadOptionsFunctions, locator: LocatorName, qs: Record<string, string | number>): Promise<PagedResponse<IDataObject>> {
	const source = SOURCES[locator];
	const request: ServiceTitanRequest = { method: 'GET', path: source.path, qs, label: `Search ${locator}s`, scope: source.scope };
	const response = await serviceTitanRequest<PagedResponse<IDataObject>>(ctx, request);
	return { ...response, data: Array.isArray(response?.data) ? response.data : [], hasMore: response?.hasMore === true };
}

/**
 * One call of a "From List" search. With nothing typed, or where the API narrows by what was typed,
 * pages of 50 are read on demand. Where it cannot (a project's name), pages of 5000 are read and
 * narrowed here until a screenful (50) is found or the list ends, so a match on page 20 of a
 * 100,000-record tenant is found and an empty first page never reads as "no results"; the pagination
 * token then says where to go on.
 */
async function search(ctx: ILoadOptionsFunctions, locator: LocatorName, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const source = SOURCES[locator];
	const typed = filter?.trim() ?? '';
	const page = paginationToken && /^\d+$/.test(paginationToken) ? Number(paginationToken) : 1;
	const toResult = (record: IDataObject) => ({ name: source.name(record), value: String(record.id) });

	if (typed !== '' && source.keep) {
		const found = new Map<string, IDataObject>();
		// Typed digits may be an ID: the API finds that record directly.
		if (page === 1) {
			for (const qs of source.filters?.(typed) ?? []) {
				for (const record of (await readPage(ctx, locator, { ...qs, page: 1, pageSize: SEARCH_PAGE_SIZE })).data) found.set(String(record.id), record);
			}
		}
		let current = page;
		let hasMore = true;
		// Read on until a screenful is found, the list ends, or the budget of this call is spent.
		for (let read = 0; read < MAX_SCANNED_PAGES && hasMore && found.size < SEARCH_PAGE_SIZE; read++, current++) {
			const response = await readPage(ctx, locator, { ...source.order, page: current, pageSize: MAX_PAGE_SIZE });
			for (const record of response.data) if (source.keep(record, typed)) found.set(String(record.id), record);
			hasMore = response.hasMore;
		}
		return { results: [...found.values()].map(toResult), paginationToken: hasMore ? String(current) : undefined };
	}

	const queries = typed === '' || !source.filters ? [{}] : source.filters(typed);
	const found = new Map<string, IDataObject>();
	let hasMore = false;
	for (const [index, qs] of queries.entries()) {
		// A lookup by ID has one answer: only the API's own filter goes on to further pages.
		const last = index === queries.length - 1;
		if (!last && page > 1) continue;
		const response = await readPage(ctx, locator, { ...source.order, ...qs, page, pageSize: SEARCH_PAGE_SIZE });
		for (const record of response.data) found.set(String(record.id), record);
		if (last) hasMore = response.hasMore;
	}
	return { results: [...found.values()].map(toResult), paginationToken: hasMore ? String(page + 1) : undefined };
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
