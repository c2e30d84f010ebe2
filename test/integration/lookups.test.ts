/**
 * The lookups a user picks IDs with (catalog/lookups.ts), through the node's own list searches and
 * dropdowns against the simulator: server-side narrowing where ServiceTitan has a filter, correct
 * paging on a tenant of 99,999 customers, a list narrowed on our side that is never "no results"
 * because its first page had none, and one line naming the scope when the app lacks it.
 * Expected values come from the simulator's directory and store, not from the node.
 */
import type { INodeListSearchResult, INodeParameters, INodePropertyOptions } from 'n8n-workflow';

import { LOOKUP_NAMES, loadMethodName, searchMethodName } from '../../nodes/ServiceTitan/catalog/lookups';
import { REFERENCED } from '../../simulator/ids';
import { customer, employees, location, locationIdsOf, technicians } from '../../simulator/lookups/directory';
import { callLoader } from '../helpers/n8n';
import { useSimulator } from '../helpers/nodeSim';
import { FAST_RETRIES, useRetrySettings } from '../helpers/retrySettings';

const env = useSimulator({ sample: { jobs: 200, projects: 1200 } });
// Sorting 99,999 customers takes the simulator a while on a busy machine: no retry on a slow answer.
// (useSimulator resets the retry settings before each test, so they are set after it, each time.)
beforeEach(() => useRetrySettings({ ...FAST_RETRIES, timeoutMs: 120_000 }));

const search = (method: string, filter?: string, token?: string, parameters: INodeParameters = {}) =>
	callLoader<INodeListSearchResult>('listSearch', method, parameters, [filter, token]);
const queries = (operationId: string) => env.apiRequests().filter((request) => request.operationId === operationId).map((request) => request.query);

const allCustomers = () => {
	const records = [];
	for (let id = REFERENCED.customers.first; id <= REFERENCED.customers.last; id++) records.push(customer(id) as NonNullable<ReturnType<typeof customer>>);
	return records;
};

describe('customers (CRM, 99,999 in the tenant)', () => {
	it('browse: 50 most recently changed active customers, then the next 50 without overlap', async () => {
		const expected = allCustomers()
			.filter((record) => record.active)
			.sort((a, b) => Date.parse(b.modifiedOn) - Date.parse(a.modifiedOn) || a.id - b.id);
		const first = await search('searchCustomers');
		const second = await search('searchCustomers', undefined, String(first.paginationToken));
		expect(first.results.map((entry) => Number(entry.value))).toEqual(expected.slice(0, 50).map((record) => record.id));
		expect(second.results.map((entry) => Number(entry.value))).toEqual(expected.slice(50, 100).map((record) => record.id));
		expect(first.results[0].name).toBe(`${expected[0].name} · ${expected[0].address.street}`);
		expect(queries('Customers_GetList')).toEqual([
			{ active: ['True'], sort: ['-ModifiedOn'], page: ['1'], pageSize: ['50'] },
			{ active: ['True'], sort: ['-ModifiedOn'], page: ['2'], pageSize: ['50'] },
		]);
	});

	it('typed text is sent to ServiceTitan as the name filter: every match across pages, nothing else', async () => {
		const expected = allCustomers().filter((record) => record.active && record.name.toLowerCase().includes('garcia dental'));
		const seen: string[] = [];
		let token: string | undefined;
		do {
			const page = await search('searchCustomers', ' Garcia Dental ', token);
			seen.push(...page.results.map((entry) => String(entry.value)));
			token = page.paginationToken as string | undefined;
		} while (token);
		expect(seen.sort()).toEqual(expected.map((record) => String(record.id)).sort());
		expect(queries('Customers_GetList')[0]).toEqual({ active: ['True'], name: ['Garcia Dental'], page: ['1'], pageSize: ['50'] });
	});

	it('a typed number is an ID, found even when the customer is inactive', async () => {
		const inactive = allCustomers().find((record) => !record.active);
		if (!inactive) throw new Error('the directory has no inactive customer');
		const result = await search('searchCustomers', String(inactive.id));
		expect(result.results).toEqual([{ name: `${inactive.name} · ${inactive.address.street}`, value: String(inactive.id) }]);
		expect(queries('Customers_GetList')[0]).toEqual({ active: ['Any'], ids: [String(inactive.id)], page: ['1'], pageSize: ['50'] });
	});
});

describe('locations (of the chosen customer)', () => {
	const customerId = 100_005; // a customer with two locations
	it.each([
		['top level', { customerId: { __rl: true, mode: 'list', value: String(customerId) } }],
		['in Filters', { filters: { customerId: { __rl: true, mode: 'id', value: String(customerId) } } }],
		['in Additional Fields', { additionalFields: { customerId: String(customerId) } }],
	])('list only the locations of the customer chosen %s', async (_where, parameters) => {
		const result = await search('searchLocations', undefined, undefined, parameters as INodeParameters);
		expect(result.results.map((entry) => Number(entry.value)).sort()).toEqual(locationIdsOf(customerId).sort());
		expect(result.results.map((entry) => entry.name).sort()).toEqual(
			locationIdsOf(customerId)
				.map((id) => `${location(id)?.name} · ${location(id)?.address.street}`)
				.sort(),
		);
		expect(queries('Locations_GetList')[0]).toEqual(expect.objectContaining({ customerId: [String(customerId)] }));
	});
});

describe('projects (no name filter in the API: narrowed page by page)', () => {
	it('finds a project whose first match lies beyond the first page, instead of "no results"', async () => {
		const projects = env.sim.store.data.projects.toArray();
		const oldest = [...projects].sort((a, b) => a.modifiedOn - b.modifiedOn || b.id - a.id)[0];
		const sameName = projects.filter((project) => project.name === oldest.name);
		let token: string | undefined;
		const found: string[] = [];
		do {
			const page = await search("searchProjects", String(oldest.name).toUpperCase(), token);
			found.push(...page.results.map((entry) => String(entry.value)));
			token = page.paginationToken as string | undefined;
		} while (token);
		expect(found.sort()).toEqual(sameName.map((project) => String(project.id)).sort());
		// The pages were read from the first to the end of the 1,200 projects, each once, and not beyond;
		// no page asks for more than ServiceTitan's stated maximum of 5000 (AUTH_AND_LIMITS.md; how far a search reads in a
		// 100,000-project tenant: lookupsAtScale.test.ts).
		const sent = queries('Projects_GetList');
		const pageSize = Number(sent[0]?.pageSize?.[0]);
		expect(pageSize).toBeLessThanOrEqual(5000);
		expect(sent.map((query) => Number(query.page?.[0]))).toEqual(Array.from({ length: Math.ceil(projects.length / pageSize) }, (_, index) => index + 1));
	});
});

describe('dropdowns of several IDs (technicians, employees, business units)', () => {
	it.each([
		['technician', () => technicians],
		['employee', () => employees],
	] as const)('%s: every active one, by name', async (name, table) => {
		const records = Array.from({ length: table().size }, (_, slot) => table().at(slot)).filter((record) => record?.active);
		const options = await callLoader<INodePropertyOptions[]>('loadOptions', loadMethodName(name));
		expect(options.map((option) => option.value).sort()).toEqual(records.map((record) => record?.id).sort());
		expect(options.map((option) => option.name)).toEqual([...options.map((option) => option.name)].sort((a, b) => a.localeCompare(b)));
	});
});

describe('without the scope', () => {
	const crmLess = () => {
		const tenant = env.sim.addClient({
			tenantId: env.sim.tenant.tenantId,
			scopes: ['tn.jpm.jobs:r', 'tn.stt.businessunits:r'],
			appKey: env.sim.tenant.appKey,
		});
		env.useCredential({}, tenant);
	};

	it('a From List search says in one line which scope is missing and that By ID still works', async () => {
		crmLess();
		await expect(search('searchCustomers')).rejects.toThrow(
			"ServiceTitan did not let this app list customers (it needs the scope tn.crm.customers:r): choose 'By ID' and enter the ID instead",
		);
		// The scopes the app has keep working.
		expect((await search('searchBusinessUnits')).results.length).toBe(REFERENCED.businessUnitIds.length);
	});

	it('a dropdown says so too, pointing to expressions', async () => {
		crmLess();
		await expect(callLoader('loadOptions', loadMethodName('technician'))).rejects.toThrow(
			'ServiceTitan did not let this app list technicians (it needs the scope tn.stt.technicians:r): enter the IDs with an expression instead',
		);
	});
});

it('every lookup has a search and a dropdown method on the node', async () => {
	const { nodeTypes, NODE_TYPE } = await import('../helpers/n8n');
	const methods = nodeTypes.getByNameAndVersion(NODE_TYPE).methods;
	for (const name of LOOKUP_NAMES) {
		expect(typeof methods?.listSearch?.[searchMethodName(name)]).toBe('function');
		expect(typeof methods?.loadOptions?.[loadMethodName(name)]).toBe('function');
	}
});
