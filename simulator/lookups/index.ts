/**
 * Read-only lookups of other ServiceTitan APIs, served next to JPM so a workflow can pick what a
 * job needs by name: `GET /crm/v2/tenant/{tenant}/customers` and `/locations`,
 * `/settings/v2/tenant/{tenant}/business-units`, `/technicians`, `/employees`,
 * `/marketing/v2/tenant/{tenant}/campaigns`, each with `/{id}`.
 *
 * ServiceTitan publishes no document for them in this project: parameters, scopes and fields follow
 * ../shared/servicetitan/LOOKUPS.md. The simulator's reading of what is unspecified: `name` matches
 * case-insensitive "contains" everywhere (documented only for business units, technicians, employees
 * and campaigns), address filters too; `sort` is honoured where LOOKUPS.md lists fields.
 */
import { badRequest, notFound, validationError, type FieldErrors } from '../errors';
import { ListQuery, type PagedEnvelope, Params, RecentListCache, type SlotSource } from '../query';
import type { ParamValue } from '../validation';
import { parseUtcDate } from '../validation';
import {
	businessUnits,
	campaigns,
	customer,
	customers,
	employees,
	location,
	locationIdsOf,
	locations,
	technicians,
	type Address,
	type CustomerRecord,
	type LocationRecord,
	type NamedRecord,
} from './directory';

interface LookupRoute<T extends { id: number }> {
	api: 'crm' | 'settings' | 'marketing';
	resource: string;
	/** Used as the operationId in the request log and stats. */
	operationPrefix: string;
	scope: string;
	source: SlotSource<T>;
	get: (id: number) => T | undefined;
	what: string;
	/** Filters beyond ids, active and the date ranges. */
	narrow?: (query: ListQuery<T>) => ListQuery<T>;
	sortFields?: Record<string, (record: T) => number | string>;
	/** Query parameters that are numbers. */
	numbers?: string[];
	/** A smaller table to read when a filter pins it down (a customer's locations). */
	narrowSource?: (params: Params) => SlotSource<T> | undefined;
}

const time = (value: string) => Date.parse(value);
const dates = { Id: (record: { id: number }) => record.id, ModifiedOn: (record: { modifiedOn: string }) => time(record.modifiedOn), CreatedOn: (record: { createdOn: string }) => time(record.createdOn) };

function addressFilters<T extends { id: number; address: Address }>(query: ListQuery<T>): ListQuery<T> {
	for (const field of ['street', 'unit', 'city', 'state', 'zip', 'country'] as const) {
		query.contains(field, (record) => record.address[field]);
	}
	return query;
}

const ROUTES: CompiledRoute[] = [
	compile<CustomerRecord>({
		api: 'crm',
		resource: 'customers',
		operationPrefix: 'Customers',
		scope: 'tn.crm.customers:r',
		source: customers,
		get: customer,
		what: 'Customer',
		narrow: (query: ListQuery<CustomerRecord>) => addressFilters(query.contains('name', (record) => record.name)),
		sortFields: dates,
	}),
	compile<LocationRecord>({
		api: 'crm',
		resource: 'locations',
		operationPrefix: 'Locations',
		scope: 'tn.crm.locations:r',
		source: locations,
		get: location,
		what: 'Location',
		narrow: (query: ListQuery<LocationRecord>) =>
			addressFilters(query.contains('name', (record) => record.name).equals('customerId', (record) => record.customerId)),
		sortFields: dates,
		numbers: ['customerId'],
		narrowSource: (params) => {
			const customerId = params.number('customerId');
			if (customerId === undefined) return undefined;
			const owned = locationIdsOf(customerId).map((id) => location(id) as LocationRecord);
			return { size: owned.length, at: (slot) => owned[slot] };
		},
	}),
	compile<NamedRecord>({
		api: 'settings',
		resource: 'business-units',
		operationPrefix: 'BusinessUnits',
		scope: 'tn.stt.businessunits:r',
		source: businessUnits,
		get: businessUnits.get,
		what: 'Business unit',
		narrow: (query: ListQuery<NamedRecord>) => query.contains('name', (record) => record.name),
	}),
	compile<NamedRecord>({
		api: 'settings',
		resource: 'technicians',
		operationPrefix: 'Technicians',
		scope: 'tn.stt.technicians:r',
		source: technicians,
		get: technicians.get,
		what: 'Technician',
		narrow: (query: ListQuery<NamedRecord>) => query.contains('name', (record) => record.name).ids('userIds'),
	}),
	compile<NamedRecord>({
		api: 'settings',
		resource: 'employees',
		operationPrefix: 'Employees',
		scope: 'tn.stt.employees:r',
		source: employees,
		get: employees.get,
		what: 'Employee',
		narrow: (query: ListQuery<NamedRecord>) =>
			query.contains('name', (record) => record.name).equals('email', (record) => (record.email as string) ?? null).ids('userIds'),
	}),
	compile<NamedRecord>({
		api: 'marketing',
		resource: 'campaigns',
		operationPrefix: 'Campaigns',
		scope: 'tn.mrk.campaigns:r',
		source: campaigns,
		get: campaigns.get,
		what: 'Campaign',
		narrow: (query: ListQuery<NamedRecord>) => query.contains('name', (record) => record.name),
		sortFields: { ...dates, Name: (record: NamedRecord) => record.name.toLowerCase() },
	}),
];

const matchingSlots = new RecentListCache(8);

/** A route with its record type applied: what matching and answering need. */
interface CompiledRoute {
	api: string;
	resource: string;
	operationPrefix: string;
	scope: string;
	what: string;
	numbers?: string[];
	list(params: Params): PagedEnvelope<unknown>;
	get(id: number): unknown;
}

function compile<T extends { id: number; active: boolean; createdOn: string; modifiedOn: string }>(route: LookupRoute<T>): CompiledRoute {
	return { ...route, list: (params) => list(route, params), get: route.get };
}

/** Every scope the lookups need (clients get them unless told otherwise). */
export const LOOKUP_SCOPES: readonly string[] = ROUTES.map((route) => route.scope);

export interface LookupMatch {
	operationId: string;
	scope: string;
	tenant: string;
	/** Answers the request: status and body, or throws an ApiError. */
	handle(query: Map<string, string[]>): { status: 200; body: unknown };
}

const PATH = /^\/(crm|settings|marketing)\/v2\/tenant\/([^/]+)\/([a-z-]+)(?:\/([^/]+))?\/?$/i;
const INTEGER = /^-?\d+$/;
const DATE_PARAMETERS = ['createdBefore', 'createdOnOrAfter', 'modifiedBefore', 'modifiedOnOrAfter'];

function parseQuery(route: CompiledRoute, query: Map<string, string[]>): Params {
	const values = new Map<string, ParamValue>();
	const errors: FieldErrors = {};
	for (const [name, list] of query) {
		const value = list[list.length - 1];
		if (name === 'page' || name === 'pageSize' || route.numbers?.includes(name)) {
			if (!INTEGER.test(value)) errors[name] = [`The value '${value}' is not valid.`];
			else values.set(name, Number(value));
		} else if (DATE_PARAMETERS.includes(name)) {
			const ms = parseUtcDate(value);
			if (Number.isNaN(ms)) errors[name] = [`The value '${value}' is not valid.`];
			else values.set(name, ms);
		} else if (name === 'includeTotal') {
			values.set(name, value.toLowerCase() === 'true');
		} else {
			values.set(name, value);
		}
	}
	const page = values.get('page');
	const pageSize = values.get('pageSize');
	if (typeof page === 'number' && page < 1) errors.page = ['page must be 1 or more.'];
	if (typeof pageSize === 'number' && (pageSize < 1 || pageSize > 5000)) errors.pageSize = ['pageSize must be between 1 and 5000.'];
	const active = values.get('active');
	if (active !== undefined && !['True', 'Any', 'False'].includes(String(active))) {
		const canonical = ['True', 'Any', 'False'].find((option) => option.toLowerCase() === String(active).toLowerCase());
		if (canonical) values.set('active', canonical);
		else errors.active = [`The value '${String(active)}' is not valid.`];
	}
	if (Object.keys(errors).length > 0) throw validationError(errors);
	return new Params(new Map(), values);
}

function list<T extends { id: number; active: boolean; createdOn: string; modifiedOn: string }>(
	route: LookupRoute<T>,
	params: Params,
): PagedEnvelope<T> {
	let query = new ListQuery<T>(params)
		.ids()
		.active('True', (record) => record.active)
		.dates('created', (record) => time(record.createdOn))
		.dates('modified', (record) => time(record.modifiedOn));
	if (route.narrow) query = route.narrow(query);
	if (route.sortFields) query.sortable(route.sortFields);
	const narrowed = route.narrowSource?.(params);
	const paging = { page: params.number('page') ?? 1, pageSize: params.number('pageSize') ?? 50, includeTotal: params.boolean('includeTotal') === true };
	// The records never change, so a filtered scan is kept for the pages that follow (Return All).
	return query.page(narrowed ?? route.source, paging, (record) => record, {
		store: matchingSlots,
		key: `${route.operationPrefix}${narrowed ? `?customer=${params.number('customerId')}` : ''}`,
		version: 0,
		dense: true,
	});
}

/** The lookup a request is for, or undefined when the path is not one of these APIs. */
export function matchLookup(method: string, path: string): LookupMatch | { notAllowed: true } | undefined {
	const match = PATH.exec(path);
	if (!match) return undefined;
	const [, api, tenant, resource, idText] = match;
	const route = ROUTES.find((candidate) => candidate.api === api.toLowerCase() && candidate.resource === resource.toLowerCase());
	if (!route) return undefined;
	if (method !== 'GET') return { notAllowed: true };
	const operationId = `${route.operationPrefix}_${idText === undefined ? 'GetList' : 'Get'}`;
	return {
		operationId,
		scope: route.scope,
		tenant: decodeURIComponent(tenant),
		handle(query) {
			if (idText === undefined) return { status: 200, body: route.list(parseQuery(route, query)) };
			if (!/^\d+$/.test(idText)) throw badRequest('id', `The value '${idText}' is not valid.`);
			const id = Number(idText);
			const record = route.get(id);
			if (!record) throw notFound(route.what, id);
			return { status: 200, body: record };
		},
	};
}
