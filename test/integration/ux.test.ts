/**
 * What a user of the node sees, through the node against the simulator: Return All and Limit,
 * filters and sorting, resource locators, dropdown loaders and list search (including their errors),
 * Continue On Fail, pairedItem, Simplify, the list-replacement notice, job creation with appointments
 * and the budget-code batch body. Every request the node sends is also held against the document.
 */
import type { IDataObject, INodeListSearchResult, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { allOperations } from '../../nodes/ServiceTitan/catalog';
import type { JobRecord } from '../../simulator/types';
import { callLoader, nodeTypes, NODE_TYPE, runNode } from '../helpers/n8n';
import { useSimulator } from '../helpers/nodeSim';
import { expectRequestsConform, group, idsOf, rl, runOk } from '../helpers/nodeRun';
import { apiDescription } from '../../simulator/api/description';
import { getOperation, validateSchema } from '../helpers/vendorSpec';

const env = useSimulator();
const store = () => env.sim.store;
const jobs = (predicate: (job: JobRecord) => boolean = () => true) => store().data.jobs.toArray().filter(predicate);
const sentQueries = () => env.apiRequests().map((request) => request.query);
const byId = (a: unknown, b: unknown) => Number(a) - Number(b);

/** Enough jobs that Return All needs three pages of 5000. */
const SEEDED_JOBS = 10_500;
beforeAll(() => {
	env.sim.seed({ jobs: SEEDED_JOBS });
});

describe('Return All and Limit', () => {
	it('Return All reads every page with pageSize=5000, one item per record', async () => {
		const total = jobs().length;
		expect(total).toBeGreaterThan(2 * 5000);
		const items = await runOk({ resource: 'job', operation: 'getAll', returnAll: true });
		expect(items).toHaveLength(total);
		expect(new Set(idsOf(items)).size).toBe(total);
		expect(sentQueries()).toEqual([1, 2, 3].map((page) => ({ page: [String(page)], pageSize: ['5000'] })));
		expectRequestsConform(env, 'Jobs_GetList');
	});

	it('Limit asks for that many records in one request and stops although more exist', async () => {
		const items = await runOk({ resource: 'job', operation: 'getAll', limit: 7, sort: group({ field: 'Id', direction: '+' }) });
		expect(idsOf(items)).toEqual(idsOf(jobs()).sort(byId).slice(0, 7));
		expect(sentQueries()).toEqual([{ page: ['1'], pageSize: ['7'], sort: ['+Id'] }]);
	});

	it('Limit defaults to 50', async () => {
		const items = await runOk({ resource: 'appointment', operation: 'getAll' });
		expect(items).toHaveLength(50);
		expect(sentQueries()).toEqual([{ page: ['1'], pageSize: ['50'] }]);
	});
});

describe('filters', () => {
	it.each([
		['winter (UTC-5)', '2026-01-15T09:30:00', '2026-01-15T14:30:00.000Z'],
		['summer (UTC-4)', '2026-07-01T09:30:00', '2026-07-01T13:30:00.000Z'],
		['a value with its own offset', '2026-07-01T09:30:00+02:00', '2026-07-01T07:30:00.000Z'],
		['a date alone (midnight local)', '2026-03-20', '2026-03-20T04:00:00.000Z'],
	])('a date in the workflow time zone is sent as UTC: %s', async (_case, local, utc) => {
		await runOk(
			{ resource: 'job', operation: 'getAll', limit: 1, filters: { modifiedOnOrAfter: local, completedBefore: local } },
			{ timezone: 'America/New_York' },
		);
		expect(sentQueries()[0]).toMatchObject({ modifiedOnOrAfter: [utc], completedBefore: [utc] });
		expectRequestsConform(env, 'Jobs_GetList');
	});

	it('a date filter selects the same records as the same instant written in UTC', async () => {
		const cut = jobs().map((job) => job.modifiedOn).sort(byId).at(-25) as number;
		const local = new Date(cut - 3 * 3_600_000).toISOString().replace('Z', '').slice(0, 19); // UTC-3 wall clock
		const items = await runOk(
			{ resource: 'job', operation: 'getAll', returnAll: true, filters: { modifiedOnOrAfter: local } },
			{ timezone: 'America/Sao_Paulo' },
		);
		const cutSecond = Math.floor(cut / 1000) * 1000;
		expect(items).toHaveLength(jobs((job) => job.modifiedOn >= cutSecond).length);
	});

	it('enum filters are sent in the vendor spelling and filter the records', async () => {
		const items = await runOk({ resource: 'job', operation: 'getAll', returnAll: true, filters: { jobStatus: 'Canceled', priority: 'Urgent' } });
		expect(sentQueries()[0]).toMatchObject({ jobStatus: ['Canceled'], priority: ['Urgent'] });
		const expected = jobs((job) => job.jobStatus === 'Canceled' && job.priority === 'Urgent');
		expect(expected.length).toBeGreaterThan(0);
		expect(idsOf(items).sort(byId)).toEqual(idsOf(expected).sort(byId));
		expectRequestsConform(env, 'Jobs_GetList');
	});

	const someIds = () => idsOf(jobs().slice(3, 6)).map(String);
	it.each([
		['a list', () => someIds()],
		['a comma-separated string from an expression', () => `={{ "${someIds().join(' , ')}" }}`],
		['list entries that are themselves comma-separated', () => [someIds().slice(0, 2).join(','), someIds()[2]]],
	])('multi-ID filters are sent as one comma-separated value: %s', async (_case, ids) => {
		const items = await runOk({ resource: 'job', operation: 'getAll', returnAll: true, filters: { ids: ids() } });
		expect(sentQueries()[0].ids).toEqual([someIds().join(',')]);
		expect(idsOf(items).map(String)).toEqual(someIds());
		expectRequestsConform(env, 'Jobs_GetList');
	});

	it('a list of names (project status) is sent comma-separated too', async () => {
		const items = await runOk({ resource: 'project', operation: 'getAll', returnAll: true, filters: { status: ['In Progress', 'On Hold'] } });
		expect(sentQueries()[0].status).toEqual(['In Progress,On Hold']);
		const wanted = store()
			.data.projectStatuses.toArray()
			.filter((status) => ['In Progress', 'On Hold'].includes(status.name))
			.map((status) => status.id);
		expect(idsOf(items).sort(byId)).toEqual(idsOf(store().data.projects.toArray().filter((project) => wanted.includes(project.statusId ?? 0))).sort(byId));
		expectRequestsConform(env, 'Projects_GetList');
	});

	it('Sort is sent as sort=-ModifiedOn and orders the records', async () => {
		const items = await runOk({ resource: 'job', operation: 'getAll', limit: 20, simplify: false, sort: group({ field: 'ModifiedOn', direction: '-' }) });
		expect(sentQueries()[0].sort).toEqual(['-ModifiedOn']);
		const times = items.map((item) => Date.parse(String(item.modifiedOn)));
		expect(times).toEqual([...times].sort((a, b) => b - a));
		expect(times[0]).toBe(Math.max(...jobs().map((job) => job.modifiedOn)));
		expectRequestsConform(env, 'Jobs_GetList');
	});

	it('Job types sort with orderBy and orderByDirection instead', async () => {
		const items = await runOk({ resource: 'jobType', operation: 'getAll', returnAll: true, filters: { orderBy: 'createdOn', orderByDirection: 'desc', active: 'Any' } });
		expect(sentQueries()[0]).toMatchObject({ orderBy: ['createdOn'], orderByDirection: ['desc'], active: ['Any'] });
		expect(items).toHaveLength(store().data.jobTypes.toArray().length);
		expectRequestsConform(env, 'JobTypes_GetList');
	});

	it('Match sends the codes as repeated keys', async () => {
		const items = await runOk({ resource: 'budgetCode', operation: 'match', codes: ['15.100-L', '01.100-L'] });
		expect(sentQueries()).toEqual([{ codes: ['15.100-L', '01.100-L'] }]);
		expect(items.map((item) => item.code)).toEqual(['15.100-L', '01.100-L']);
		expectRequestsConform(env, 'BudgetCodes_MatchCompanyBudgetCodes');
	});
});

describe('resource locators', () => {
	it.each(['id', 'list'] as const)('mode %s reads the ID from the locator', async (mode) => {
		const [job] = jobs();
		const items = await runOk({ resource: 'job', operation: 'get', jobId: rl(job.id, mode) });
		expect(idsOf(items)).toEqual([job.id]);
		expect(env.apiRequests()[0].path).toMatch(new RegExp(`/jobs/${job.id}$`));
	});

	it('job, appointment, project and job type are picked with a locator offering From List and By ID', () => {
		const properties = nodeTypes.getByNameAndVersion(NODE_TYPE).description.properties;
		for (const name of ['jobId', 'appointmentId', 'projectId', 'jobTypeId']) {
			const locators = properties.filter((property) => property.name === name && property.type === 'resourceLocator');
			expect(locators.length).toBeGreaterThan(0);
			for (const locator of locators) {
				expect(locator.modes?.map((mode) => mode.name)).toEqual(['list', 'id']);
				expect(locator.modes?.[0].typeOptions?.searchListMethod).toEqual(expect.any(String));
			}
		}
	});
});

describe('dropdown loaders', () => {
	const sorted = (options: INodePropertyOptions[]) => [...options].sort((a, b) => a.name.localeCompare(b.name));
	const named = (records: Array<{ id: number; name: string; active?: boolean }>) =>
		sorted(records.filter((record) => record.active !== false).map((record) => ({ name: record.name, value: record.id })));

	it.each([
		['getJobTypes', 'JobTypes_GetList', () => named(store().data.jobTypes.toArray())],
		['getJobCancelReasons', 'JobCancelReasons_GetList', () => named(store().data.cancelReasons.toArray())],
		['getJobHoldReasons', 'JobHoldReasons_Get', () => named(store().data.holdReasons.toArray())],
		['getProjectStatuses', 'ProjectStatuses_GetList', () => named(store().data.projectStatuses.toArray())],
		[
			'getProjectSubStatuses',
			'ProjectSubStatuses_GetList',
			() =>
				sorted(
					store()
						.data.projectSubStatuses.toArray()
						.filter((subStatus) => subStatus.active)
						.map((subStatus) => ({ name: subStatus.name, value: subStatus.id, description: `Sub-status of status ${subStatus.statusId}` })),
				),
		],
		['getProjectTypes', 'ProjectTypes_GetList', () => named(store().data.projectTypes.toArray())],
	])('%s lists what a user can pick, by name', async (method, operationId, expected) => {
		const options = await callLoader<INodePropertyOptions[]>('loadOptions', method);
		expect(options.length).toBeGreaterThan(0);
		expect(options).toEqual(expected());
		expectRequestsConform(env, operationId);
	});

	it.each([
		[403, 'getJobTypes', 'JobTypes_GetList', /did not let this app list job types \(it needs the scope tn\.jpm\.jobtypes:r\)/],
		[500, 'getProjectStatuses', 'ProjectStatuses_GetList', /HTTP 500/],
		[404, 'getJobCancelReasons', 'JobCancelReasons_GetList', /Not found/],
	])('an API error (%i) reaches the user instead of an empty list: %s', async (status, method, operationId, message) => {
		env.sim.faults.add({ operationId, times: 10, fault: { type: 'status', status } });
		await expect(callLoader('loadOptions', method)).rejects.toThrow(message);
	});
});

describe('list search (From List)', () => {
	const search = (method: string, filter?: string, token?: string) => callLoader<INodeListSearchResult>('listSearch', method, {}, [filter, token]);

	it('searchJobs finds a job by its number', async () => {
		const [job] = jobs((candidate) => candidate.jobStatus === 'Hold');
		const result = await search('searchJobs', job.jobNumber);
		expect(result.results.map((entry) => entry.value)).toEqual([String(job.id)]);
		expect(result.results[0].name).toContain(`Job ${job.jobNumber} · Hold`);
		expect(result.paginationToken).toBeUndefined();
		expectRequestsConform(env, 'Jobs_GetList');
	});

	it('searchJobs pages with a token: 50 per page, the next page continues without overlap', async () => {
		const first = await search('searchJobs');
		expect(first.results).toHaveLength(50);
		expect(first.paginationToken).toEqual(expect.any(String));
		const second = await search('searchJobs', undefined, String(first.paginationToken));
		expect(second.results).toHaveLength(50);
		const firstValues = new Set(first.results.map((entry) => entry.value));
		expect(second.results.filter((entry) => firstValues.has(entry.value))).toEqual([]);
		expect(sentQueries().map((query) => query.page)).toEqual([['1'], ['2']]);
		expectRequestsConform(env, 'Jobs_GetList');
	});

	it('searchAppointments finds an appointment by its number', async () => {
		const appointment = store().data.appointments.toArray()[5];
		const result = await search('searchAppointments', appointment.appointmentNumber);
		expect(result.results.map((entry) => entry.value)).toEqual([String(appointment.id)]);
		expectRequestsConform(env, 'Appointments_GetList');
	});

	it('searchProjects narrows by name, and takes a project ID', async () => {
		const project = store().data.projects.toArray()[1];
		const word = String(project.name).split(' ')[0];
		const byName = await search('searchProjects', word.toLowerCase());
		const expected = store()
			.data.projects.toArray()
			.filter((candidate) => String(candidate.name).toLowerCase().includes(word.toLowerCase()));
		expect(byName.results.map((entry) => entry.value).sort()).toEqual(idsOf(expected).map(String).sort());
		const byId = await search('searchProjects', String(project.id));
		expect(byId.results.map((entry) => entry.value)).toEqual([String(project.id)]);
		expectRequestsConform(env, 'Projects_GetList');
	});

	it('searchJobTypes finds active job types by name', async () => {
		const result = await search('searchJobTypes', 'repair');
		const expected = store()
			.data.jobTypes.toArray()
			.filter((jobType) => jobType.active && jobType.name.toLowerCase().includes('repair'));
		expect(result.results).toEqual(expected.map((jobType) => ({ name: jobType.name, value: String(jobType.id) })));
		expectRequestsConform(env, 'JobTypes_GetList');
	});

	it('an API error reaches the user instead of an empty list', async () => {
		env.sim.faults.add({ operationId: 'Jobs_GetList', times: 10, fault: { type: 'status', status: 403 } });
		await expect(search('searchJobs', '123')).rejects.toThrow("ServiceTitan did not let this app list jobs (it needs the scope tn.jpm.jobs:r): choose 'By ID' and enter the ID instead");
	});
});

describe('several input items', () => {
	const getJob = { resource: 'job', operation: 'get', jobId: rl('={{ $json.jobId }}'), simplify: true };

	it('Continue On Fail: one error item per failed item, in input order with exact pairedItem; the others go on', async () => {
		const [first, second] = jobs();
		const input = [{ jobId: first.id }, { jobId: 99_999_999 }, { jobId: 'abc' }, { jobId: second.id }];
		const result = await runNode({ parameters: getJob, input, continueOnFail: true });
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		const [ok1, notFound, invalid, ok2] = result.items.map((item) => item.json);
		expect(ok1.id).toBe(first.id);
		expect(ok2.id).toBe(second.id);
		expect(notFound).toEqual({ error: expect.stringMatching(/Not found/), description: expect.stringContaining('99999999'), httpCode: '404' });
		expect(invalid).toEqual({ error: expect.stringMatching(/'Job'.*\[item 2\]/), description: expect.any(String) });
		// The invalid ID never reached ServiceTitan; the three others did.
		expect(env.apiRequests().map((request) => request.path.split('/').pop()).sort()).toEqual([first.id, second.id, 99_999_999].map(String).sort());
	});

	it('without Continue On Fail the first failure stops the node', async () => {
		const result = await runNode({ parameters: getJob, input: [{ jobId: jobs()[0].id }, { jobId: 99_999_999 }] });
		expect(result.error?.message).toMatch(/Not found/);
	});

	it('pairedItem points every output record at the input item that asked for it', async () => {
		const owners = jobs((job) => job.appointmentCount > 1).slice(0, 3);
		const result = await runNode({
			parameters: { resource: 'appointment', operation: 'getAll', returnAll: true, filters: { jobId: '={{ $json.jobId }}' } },
			input: owners.map((job) => ({ jobId: job.id })),
		});
		expect(result.error).toBeUndefined();
		const expected = owners.flatMap((job, index) => store().jobs.appointments(job).filter((appointment) => appointment.active).map(() => index));
		expect(result.items.map((item) => (item.pairedItem as { item: number }).item)).toEqual(expected);
		for (const item of result.items) {
			expect(item.json.jobId).toBe(owners[(item.pairedItem as { item: number }).item].id);
		}
		expectRequestsConform(env, 'Appointments_GetList');
	});
});

describe('Simplify', () => {
	it('on (the default): the useful job fields only', async () => {
		const [item] = await runOk({ resource: 'job', operation: 'get', jobId: rl(jobs()[0].id) });
		expect(Object.keys(item).sort()).toEqual(
			['completedOn', 'customerId', 'id', 'jobNumber', 'jobStatus', 'jobTypeId', 'locationId', 'modifiedOn', 'priority', 'projectId'].sort(),
		);
	});

	it.each([
		['job', 'get', { jobId: rl(10_000_001) }, 'Jpm.V2.JobResponse'],
		['appointment', 'getAll', { limit: 3 }, 'Jpm.V2.AppointmentResponse'],
		['project', 'get', { projectId: rl(30_000_002) }, 'Jpm.V2.ProjectResponse'],
	])('off: the %s record exactly as ServiceTitan sent it (%s)', async (resource, operation, parameters, schema) => {
		const items = await runOk({ resource, operation, ...parameters, simplify: false });
		expect(items.length).toBeGreaterThan(0);
		for (const item of items) expect(validateSchema(schema, item)).toEqual([]);
		expect(Object.keys(items[0]).length).toBeGreaterThan(10);
	});
});

describe('create and update forms', () => {
	const properties = (): INodeProperties[] => nodeTypes.getByNameAndVersion(NODE_TYPE).description.properties;

	it('every PATCH whose body has list fields shows a notice that they replace the whole list', () => {
		const patchesWithLists = allOperations().filter(({ operation }) => {
			const vendor = getOperation(operation.operationId);
			return vendor.method === 'PATCH' && bodyHasLists(String(vendor.requestBody?.schema.$ref));
		});
		expect(patchesWithLists.map(({ operation }) => operation.operationId).sort()).toEqual(['JobTypes_Update', 'Jobs_Update', 'Projects_Update']);
		for (const { resource, operation } of patchesWithLists) {
			const notice = properties().find(
				(property) =>
					property.type === 'notice' &&
					property.displayOptions?.show?.resource?.includes(resource.value) &&
					property.displayOptions?.show?.operation?.includes(operation.value),
			);
			expect(notice?.displayName).toMatch(/whole list|complete list/i);
		}
	});

	it('Job create takes its appointments as a fixed collection; local times are sent as UTC', async () => {
		const jobType = store().data.jobTypes.toArray()[1];
		const [item] = await runOk(
			{
				resource: 'job',
				operation: 'create',
				customerId: '150001',
				locationId: '1150001',
				businessUnitId: String(jobType.businessUnitIds[0]),
				jobTypeId: rl(jobType.id, 'list'),
				priority: 'Normal',
				campaignId: '2001',
				appointments: group([
					{ start: '2030-06-03T08:00:00', end: '2030-06-03T10:00:00', arrivalWindowStart: '2030-06-03T08:00:00', arrivalWindowEnd: '2030-06-03T09:00:00' },
					{ start: '2030-06-04T13:00:00Z', end: '2030-06-04T15:00:00Z', technicianIds: '30001, 30002' },
				]),
			},
			{ timezone: 'Europe/Berlin' },
		);
		const [request] = expectRequestsConform(env, 'Jobs_Create');
		expect((request.body as IDataObject).appointments).toEqual([
			{ start: '2030-06-03T06:00:00.000Z', end: '2030-06-03T08:00:00.000Z', arrivalWindowStart: '2030-06-03T06:00:00.000Z', arrivalWindowEnd: '2030-06-03T07:00:00.000Z' },
			{ start: '2030-06-04T13:00:00.000Z', end: '2030-06-04T15:00:00.000Z', technicianIds: [30001, 30002] },
		]);
		const created = store().jobs.get(item.id as number) as JobRecord;
		expect(store().jobs.appointments(created)).toHaveLength(2);
	});

	it('appointment time fields say that a time without an offset is read in the workflow time zone', () => {
		const timeFields = properties().filter(
			(property) => property.name === 'appointments' || (['start', 'end'].includes(property.name) && property.type === 'dateTime'),
		);
		expect(timeFields.length).toBeGreaterThanOrEqual(3);
		for (const property of timeFields) expect(property.description).toMatch(/workflow time zone/);
	});

	it.each([
		['a JSON string', (body: unknown[]) => JSON.stringify(body), [6005, 6006], ['15.100-S', '15.200-S']],
		['an expression giving an array', (body: unknown[]) => `={{ ${JSON.stringify(body)} }}`, [6008, 6002], ['16.100-S', '01.100-S']],
	])('budget-code batch: the JSON array body is sent as an array (%s)', async (_case, write, costCodeItems, codes) => {
		const subcontract = 6012;
		const body = costCodeItems.map((item) => ({ segmentItemIds: [item, subcontract] }));
		const items = await runOk({ resource: 'budgetCode', operation: 'createBatch', jsonBody: write(body) });
		const [request] = expectRequestsConform(env, 'BudgetCodes_CreateBudgetCodesBatch');
		expect(request.body).toEqual(body);
		expect(items.map((item) => item.code)).toEqual(codes);
	});
});

/** Whether the request-body schema `ref` has array-typed properties or external data (which Replace mode rewrites). */
function bodyHasLists(ref: string): boolean {
	const schema = apiDescription().schemas[ref.split('/').pop() ?? ''] as { properties?: Record<string, unknown> } | undefined;
	return Object.entries(schema?.properties ?? {}).some(
		([name, property]) => name === 'externalData' || /"type":(\["array"|"array")/.test(JSON.stringify(property)),
	);
}
