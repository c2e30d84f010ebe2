/**
 * Where every ID a user picks comes from: the list each "From List" search and each dropdown reads,
 * and how typed text narrows it. JPM lists are named by their catalog operation (the path and scope
 * are written there once); the lists of other ServiceTitan modules (CRM, Settings, Marketing) are
 * described here, from the best-known facts in ../shared/servicetitan/LOOKUPS.md: ServiceTitan
 * publishes no document for them in this project, so each uncertain point is marked UNCERTAIN.
 * The renderer, the list searches, the dropdown loaders and the trigger all read this one table.
 */

export type LookupName =
	| 'job'
	| 'appointment'
	| 'project'
	| 'jobType'
	| 'jobCancelReason'
	| 'jobHoldReason'
	| 'projectStatus'
	| 'projectSubStatus'
	| 'projectType'
	| 'customer'
	| 'location'
	| 'businessUnit'
	| 'campaign'
	| 'technician'
	| 'employee';

/** A list outside JPM v2: `/{api}/tenant/{tenant}{path}`. */
export interface ExternalList {
	api: 'crm/v2' | 'settings/v2' | 'marketing/v2';
	path: string;
	/** OAuth scope (UNCERTAIN as a class: from a secondary reference, see LOOKUPS.md §0). */
	scope: string;
	/** What the request does, for messages. */
	action: string;
}

export interface LookupSpec {
	/** Singular label, e.g. "Customer". */
	label: string;
	/** Plural noun for messages, e.g. "customers". */
	plural: string;
	/** The JPM list operation (by operationId) or a list of another module. */
	source: { operationId: string } | ExternalList;
	/** Query sent with every read (e.g. only active records). */
	qs?: Record<string, string>;
	/**
	 * How typed text is searched on the server. Typed digits are always looked up as an ID too (every
	 * list here but the small ones has an `ids` filter). `text`: the query parameter typed text goes
	 * to; `number`: a record-number filter typed digits also go to (a job's number). Text no filter
	 * covers is matched page by page on our side (see methods/listSearch.ts).
	 */
	search: { text?: string; number?: string };
	/** Sort for browsing (without typed text), where the list sorts. */
	sort?: string;
	/** The list narrowed by another parameter of the same node, e.g. a customer's locations. */
	dependsOn?: { property: string; query: string };
	/** A tenant setting with few entries: read whole and filtered locally. */
	small?: boolean;
}

const ACTIVE = { active: 'True' };

export const LOOKUPS: Record<LookupName, LookupSpec> = {
	job: {
		label: 'Job',
		plural: 'jobs',
		source: { operationId: 'Jobs_GetList' },
		search: { number: 'number' },
		sort: '-ModifiedOn',
	},
	appointment: {
		label: 'Appointment',
		plural: 'appointments',
		source: { operationId: 'Appointments_GetList' },
		qs: { active: 'Any' },
		search: { number: 'number' },
		sort: '-ModifiedOn',
	},
	project: {
		label: 'Project',
		plural: 'projects',
		source: { operationId: 'Projects_GetList' },
		// Projects have no name filter: typed digits are an ID, text is matched page by page.
		search: {},
		sort: '-ModifiedOn',
	},
	jobType: { label: 'Job Type', plural: 'job types', source: { operationId: 'JobTypes_GetList' }, qs: ACTIVE, search: { text: 'name' } },
	jobCancelReason: {
		label: 'Cancel Reason',
		plural: 'job cancel reasons',
		source: { operationId: 'JobCancelReasons_GetList' },
		qs: ACTIVE,
		search: {},
		small: true,
	},
	jobHoldReason: { label: 'Hold Reason', plural: 'job hold reasons', source: { operationId: 'JobHoldReasons_Get' }, qs: ACTIVE, search: {}, small: true },
	projectStatus: { label: 'Project Status', plural: 'project statuses', source: { operationId: 'ProjectStatuses_GetList' }, search: {}, small: true },
	projectSubStatus: {
		label: 'Project Sub-Status',
		plural: 'project sub-statuses',
		source: { operationId: 'ProjectSubStatuses_GetList' },
		qs: ACTIVE,
		search: {},
		small: true,
	},
	projectType: { label: 'Project Type', plural: 'project types', source: { operationId: 'ProjectTypes_GetList' }, search: {}, small: true },
	customer: {
		label: 'Customer',
		plural: 'customers',
		source: { api: 'crm/v2', path: '/customers', scope: 'tn.crm.customers:r', action: 'Search customers' },
		qs: ACTIVE,
		// UNCERTAIN: whether `name` matches "contains" or the exact name is not documented.
		search: { text: 'name' },
		sort: '-ModifiedOn',
	},
	location: {
		label: 'Location',
		plural: 'locations',
		source: { api: 'crm/v2', path: '/locations', scope: 'tn.crm.locations:r', action: 'Search locations' },
		qs: ACTIVE,
		// UNCERTAIN: `name` may match the location's or its customer's name, contains or exact.
		search: { text: 'name' },
		sort: '-ModifiedOn',
		dependsOn: { property: 'customerId', query: 'customerId' },
	},
	businessUnit: {
		label: 'Business Unit',
		plural: 'business units',
		source: { api: 'settings/v2', path: '/business-units', scope: 'tn.stt.businessunits:r', action: 'Search business units' },
		qs: ACTIVE,
		search: { text: 'name' },
	},
	campaign: {
		label: 'Campaign',
		plural: 'campaigns',
		source: { api: 'marketing/v2', path: '/campaigns', scope: 'tn.mrk.campaigns:r', action: 'Search campaigns' },
		qs: ACTIVE,
		search: { text: 'name' },
		sort: '+Name',
	},
	technician: {
		label: 'Technician',
		plural: 'technicians',
		source: { api: 'settings/v2', path: '/technicians', scope: 'tn.stt.technicians:r', action: 'Search technicians' },
		qs: ACTIVE,
		search: { text: 'name' },
	},
	employee: {
		label: 'Employee',
		plural: 'employees',
		source: { api: 'settings/v2', path: '/employees', scope: 'tn.stt.employees:r', action: 'Search employees' },
		qs: ACTIVE,
		search: { text: 'name' },
	},
};

/** "project sub-statuses" → "ProjectSubStatuses". */
function pascalPlural(name: LookupName): string {
	return LOOKUPS[name].plural
		.split(/[\s-]+/)
		.map((word) => word.charAt(0).toUpperCase() + word.slice(1))
		.join('');
}

/** The `searchListMethod` of a lookup's resource locator, e.g. `searchCustomers`. */
export function searchMethodName(name: LookupName): string {
	return `search${pascalPlural(name)}`;
}

/** The `loadOptionsMethod` of a lookup's dropdown (several IDs), e.g. `getTechnicians`. */
export function loadMethodName(name: LookupName): string {
	return `get${pascalPlural(name)}`;
}

export const LOOKUP_NAMES = Object.keys(LOOKUPS) as LookupName[];
