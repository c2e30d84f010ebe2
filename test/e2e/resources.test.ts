/**
 * Inside a real n8n (`n8n import:workflow` + `n8n execute --id --rawOutput`), against the simulator:
 * one workflow per resource running its main operations, the shipped example workflows, the
 * credential in n8n's own HTTP Request node, and ServiceTitan's error message surfacing in a failed
 * execution. Outputs are read from n8n's run JSON; side effects from the simulator's store.
 */
import type { Workflow } from '../../scripts/lib/examples';
import { examplesFor } from '../../scripts/lib/examples';
import type { ExecuteResult } from '../../scripts/lib/n8n';
import { jobCreateParameters } from '../helpers/parameters';
import { chain, executeOk, explain, from, PRISM, rl, type Step, useE2e } from './harness';

const env = useE2e();
const store = () => env.sim.store;

type Check = (result: ExecuteResult) => void;

interface ResourceCase {
	resource: string;
	steps: () => Step[];
	check: Check;
}

const ids = (items: ReadonlyArray<{ id?: unknown }>) => items.map((item) => item.id);
const ST = (resource: string, operation: string, parameters: Record<string, unknown> = {}) => ({ resource, operation, ...parameters });
const sameInstant = (actual: unknown, expected: string) => expect(Date.parse(String(actual))).toBe(Date.parse(expected));

function activeJobType() {
	const jobType = store().data.jobTypes.toArray().find((candidate) => candidate.active && candidate.businessUnitIds.length > 0);
	if (!jobType) throw new Error('no active job type with business units in the sample data');
	return jobType;
}

function activeReasonId(kind: 'cancelReasons' | 'holdReasons'): number {
	const reason = store().data[kind].toArray().find((candidate) => candidate.active);
	if (!reason) throw new Error(`no active ${kind} in the sample data`);
	return reason.id;
}

/** A "Create job" step: a new job with one appointment, so sample records stay untouched. */
function createJob(name = 'Create job'): Step {
	const jobType = activeJobType();
	return {
		name,
		parameters: ST('job', 'create', jobCreateParameters(jobType, { additionalFields: { summary: 'E2E: furnace not starting' } })),
	};
}

const CASES: ResourceCase[] = [
	{
		resource: 'job',
		steps: () => [
			createJob(),
			{ name: 'Get job', parameters: ST('job', 'get', { jobId: rl(from('Create job')) }) },
			{ name: 'Update job', parameters: ST('job', 'update', { jobId: rl(from('Create job')), updateFields: { priority: 'Urgent', summary: 'E2E: now urgent' } }) },
			{ name: 'Create note', parameters: ST('job', 'createNote', { jobId: rl(from('Create job')), text: 'Gate code 1234' }) },
			{ name: 'Get notes', parameters: ST('job', 'getNotes', { jobId: rl(from('Create job')), returnAll: true }) },
			{ name: 'Get many jobs', parameters: ST('job', 'getAll', { limit: 5, filters: { jobStatus: 'Scheduled' }, sort: { values: { field: 'Id', direction: '+' } } }) },
			{ name: 'Cancel job', parameters: ST('job', 'cancel', { jobId: rl(from('Create job')), reasonId: activeReasonId('cancelReasons'), memo: 'Customer called' }) },
			{ name: 'Remove cancellation', parameters: ST('job', 'removeCancellation', { jobId: rl(from('Create job')) }) },
			{ name: 'Get history', parameters: ST('job', 'getHistory', { jobId: rl(from('Create job')) }) },
		],
		check: (result) => {
			const [created] = result.items('Create job');
			const jobId = created.id as number;
			expect(jobId).toBeGreaterThan(0);
			expect(created).toMatchObject({ jobStatus: 'Scheduled', priority: 'High', summary: 'E2E: furnace not starting' });
			expect(result.items('Get job')).toEqual([expect.objectContaining({ id: jobId, jobStatus: 'Scheduled' })]);
			expect(result.items('Update job')).toEqual([expect.objectContaining({ id: jobId, priority: 'Urgent', summary: 'E2E: now urgent' })]);
			expect(result.items('Create note')).toEqual([expect.objectContaining({ text: 'Gate code 1234' })]);
			expect(result.items('Get notes').map((note) => note.text)).toContain('Gate code 1234');
			const scheduled = result.items('Get many jobs');
			expect(scheduled).toHaveLength(5);
			for (const job of scheduled) expect(job.jobStatus).toBe('Scheduled');
			expect(ids(scheduled)).toEqual([...ids(scheduled)].sort((a, b) => Number(a) - Number(b)));
			expect(result.items('Cancel job')).toEqual([{ success: true }]);
			expect(result.items('Remove cancellation')).toEqual([{ success: true }]);
			expect(result.items('Get history').map((event) => event.eventType)).toEqual(
				expect.arrayContaining(['Job Booked', 'Job Canceled', 'Job Cancellation Removed']),
			);
			expect(store().jobs.get(jobId)).toMatchObject({ jobStatus: 'Scheduled', priority: 'Urgent' });
		},
	},
	{
		resource: 'appointment',
		steps: () => [
			createJob(),
			{
				name: 'Add appointment',
				parameters: ST('appointment', 'create', {
					jobId: rl(from('Create job')),
					start: '2030-02-01T09:00:00Z',
					end: '2030-02-01T11:00:00Z',
					additionalFields: { specialInstructions: 'Side door', technicianIds: ['30001'] },
				}),
			},
			{ name: 'Get appointment', parameters: ST('appointment', 'get', { appointmentId: rl(from('Add appointment')) }) },
			{ name: "Get the job's appointments", parameters: ST('appointment', 'getAll', { returnAll: true, filters: { jobId: from('Create job') } }) },
			{
				name: 'Reschedule',
				parameters: ST('appointment', 'reschedule', {
					appointmentId: rl(from('Add appointment')),
					updateFields: { start: '2030-02-02T13:00:00Z', end: '2030-02-02T15:30:00Z' },
				}),
			},
			{ name: 'Hold', parameters: ST('appointment', 'hold', { appointmentId: rl(from('Add appointment')), reasonId: activeReasonId('holdReasons'), memo: 'Waiting on a part' }) },
			{ name: 'Remove hold', parameters: ST('appointment', 'removeHold', { appointmentId: rl(from('Add appointment')) }) },
			{ name: 'Confirm', parameters: ST('appointment', 'confirm', { appointmentId: rl(from('Add appointment')) }) },
			{ name: 'Update special instructions', parameters: ST('appointment', 'updateSpecialInstructions', { appointmentId: rl(from('Add appointment')), specialInstructions: 'Dog in the yard' }) },
			{ name: 'Delete first appointment', parameters: ST('appointment', 'delete', { appointmentId: rl(from('Create job', 'firstAppointmentId')) }) },
		],
		check: (result) => {
			const jobId = result.items('Create job')[0].id as number;
			const [added] = result.items('Add appointment');
			const appointmentId = added.id as number;
			expect(added).toMatchObject({ jobId, specialInstructions: 'Side door' });
			sameInstant(added.start, '2030-02-01T09:00:00Z');
			expect(result.items('Get appointment')).toEqual([expect.objectContaining({ id: appointmentId, jobId, status: 'Scheduled' })]);
			expect(result.items("Get the job's appointments")).toHaveLength(2);
			const [moved] = result.items('Reschedule');
			sameInstant(moved.start, '2030-02-02T13:00:00Z');
			sameInstant(moved.end, '2030-02-02T15:30:00Z');
			for (const step of ['Hold', 'Remove hold', 'Confirm']) expect(result.items(step)).toEqual([{ success: true }]);
			expect(result.items('Update special instructions')).toEqual([expect.objectContaining({ id: appointmentId, specialInstructions: 'Dog in the yard' })]);
			expect(result.items('Delete first appointment')).toEqual([{ deleted: true }]);
			expect(store().appointments.get(appointmentId)).toMatchObject({ status: 'Scheduled', isConfirmed: true, specialInstructions: 'Dog in the yard' });
			expect(store().jobs.get(jobId)?.appointmentCount).toBe(1);
		},
	},
	{
		resource: 'project',
		steps: () => [
			{
				name: 'Create project',
				parameters: ST('project', 'create', {
					locationId: '1150001',
					additionalFields: { name: 'E2E kitchen remodel', startDate: '2030-05-01T00:00:00Z' },
				}),
			},
			{ name: 'Get project', parameters: ST('project', 'get', { projectId: rl(from('Create project')) }) },
			{ name: 'Update project', parameters: ST('project', 'update', { projectId: rl(from('Create project')), updateFields: { name: 'E2E kitchen remodel, phase 2', summary: 'Cabinets first' } }) },
			{ name: 'Create note', parameters: ST('project', 'createNote', { projectId: rl(from('Create project')), text: 'Permit approved' }) },
			{ name: 'Get notes', parameters: ST('project', 'getNotes', { projectId: rl(from('Create project')), returnAll: true }) },
			createJob('Create job'),
			{ name: 'Attach job', parameters: ST('project', 'attachJob', { projectId: rl(from('Create project')), jobId: rl(from('Create job')) }) },
			{ name: "Get the project's jobs", parameters: ST('job', 'getAll', { returnAll: true, filters: { projectId: from('Create project') } }) },
			{ name: 'Detach job', parameters: ST('project', 'detachJob', { jobId: rl(from('Create job')) }) },
			{ name: 'Get many projects', parameters: ST('project', 'getAll', { limit: 3, sort: { values: { field: 'Id', direction: '+' } } }) },
		],
		check: (result) => {
			const [created] = result.items('Create project');
			const projectId = created.id as number;
			expect(projectId).toBeGreaterThan(0);
			expect(result.items('Get project')).toEqual([expect.objectContaining({ id: projectId, name: 'E2E kitchen remodel' })]);
			expect(result.items('Update project')).toEqual([expect.objectContaining({ id: projectId, name: 'E2E kitchen remodel, phase 2' })]);
			expect(result.items('Create note')).toEqual([expect.objectContaining({ text: 'Permit approved' })]);
			expect(result.items('Get notes').map((note) => note.text)).toContain('Permit approved');
			const jobId = result.items('Create job')[0].id as number;
			expect(result.items('Attach job')).toEqual([{ success: true }]);
			expect(ids(result.items("Get the project's jobs"))).toEqual([jobId]);
			expect(result.items('Detach job')).toEqual([{ success: true }]);
			expect(store().jobs.get(jobId)?.projectId).toBeNull();
			expect(result.items('Get many projects')).toHaveLength(3);
		},
	},
	{
		resource: 'jobType',
		steps: () => [
			{ name: 'Create job type', parameters: ST('jobType', 'create', { name: 'E2E duct cleaning', additionalFields: { duration: 5400, priority: 'Low', skills: ['HVAC'] } }) },
			{ name: 'Get job type', parameters: ST('jobType', 'get', { jobTypeId: rl(from('Create job type')) }) },
			{ name: 'Update job type', parameters: ST('jobType', 'update', { jobTypeId: rl(from('Create job type')), updateFields: { name: 'E2E duct sanitising' } }) },
			{ name: 'Get many job types', parameters: ST('jobType', 'getAll', { returnAll: true }) },
		],
		check: (result) => {
			const [created] = result.items('Create job type');
			expect(created).toMatchObject({ name: 'E2E duct cleaning', duration: 5400, priority: 'Low' });
			expect(result.items('Get job type')).toEqual([expect.objectContaining({ id: created.id, name: 'E2E duct cleaning' })]);
			expect(result.items('Update job type')).toEqual([expect.objectContaining({ id: created.id, name: 'E2E duct sanitising' })]);
			expect(ids(result.items('Get many job types'))).toContain(created.id);
		},
	},
	{
		resource: 'jobEquipment',
		steps: () => [
			createJob(),
			{ name: 'Attach equipment', parameters: ST('jobEquipment', 'attach', { jobId: rl(from('Create job')), equipmentIds: ['91001', '91002', '91003'] }) },
			{ name: 'Detach one', parameters: ST('jobEquipment', 'detach', { jobId: rl(from('Create job')), equipmentId: '91001' }) },
			{ name: 'Detach many', parameters: ST('jobEquipment', 'detachMany', { jobId: rl(from('Create job')), equipmentIds: ['91003'] }) },
			{ name: 'Get equipment', parameters: ST('jobEquipment', 'get', { jobId: rl(from('Create job')) }) },
		],
		check: (result) => {
			expect(result.items('Attach equipment')).toEqual([expect.objectContaining({ equipmentIds: [91001, 91002, 91003] })]);
			expect(result.items('Detach one')).toEqual([{ success: true }]);
			expect(result.items('Detach many')).toEqual([{ success: true }]);
			expect(result.items('Get equipment')).toEqual([{ equipmentIds: [91002] }]);
		},
	},
	{
		resource: 'jobCancelReason',
		steps: () => [{ name: 'Get cancel reasons', parameters: ST('jobCancelReason', 'getAll', { returnAll: true }) }],
		check: (result) => {
			expect(ids(result.items('Get cancel reasons')).sort()).toEqual(ids(store().data.cancelReasons.toArray()).sort());
		},
	},
	{
		resource: 'jobHoldReason',
		steps: () => [{ name: 'Get active hold reasons', parameters: ST('jobHoldReason', 'getAll', { returnAll: true, filters: { active: 'True' } }) }],
		check: (result) => {
			const active = store().data.holdReasons.toArray().filter((reason) => reason.active);
			expect(ids(result.items('Get active hold reasons')).sort()).toEqual(ids(active).sort());
		},
	},
	{
		resource: 'projectStatus',
		steps: () => [
			{ name: 'Get statuses', parameters: ST('projectStatus', 'getAll', { returnAll: true }) },
			{ name: 'Get status', parameters: ST('projectStatus', 'get', { projectStatusId: store().data.projectStatuses.toArray()[0].id }) },
		],
		check: (result) => {
			const statuses = store().data.projectStatuses.toArray();
			expect(ids(result.items('Get statuses')).sort()).toEqual(ids(statuses).sort());
			expect(result.items('Get status')).toEqual([expect.objectContaining({ id: statuses[0].id, name: statuses[0].name })]);
		},
	},
	{
		resource: 'projectSubStatus',
		steps: () => [
			{ name: 'Get sub-statuses', parameters: ST('projectSubStatus', 'getAll', { returnAll: true, filters: { active: 'Any' } }) },
			{ name: 'Get sub-status', parameters: ST('projectSubStatus', 'get', { projectSubStatusId: store().data.projectSubStatuses.toArray()[0].id }) },
		],
		check: (result) => {
			const subStatuses = store().data.projectSubStatuses.toArray();
			expect(ids(result.items('Get sub-statuses')).sort()).toEqual(ids(subStatuses).sort());
			expect(result.items('Get sub-status')).toEqual([expect.objectContaining({ id: subStatuses[0].id, statusId: subStatuses[0].statusId })]);
		},
	},
	{
		resource: 'projectType',
		steps: () => [
			{ name: 'Get project types', parameters: ST('projectType', 'getAll', { returnAll: true }) },
			{ name: 'Get project type', parameters: ST('projectType', 'get', { projectTypeId: store().data.projectTypes.toArray()[0].id }) },
		],
		check: (result) => {
			const types = store().data.projectTypes.toArray();
			expect(ids(result.items('Get project types')).sort()).toEqual(ids(types).sort());
			expect(result.items('Get project type')).toEqual([expect.objectContaining({ id: types[0].id, name: types[0].name })]);
		},
	},
	{
		resource: 'budgetCode',
		steps: () => {
			const [costCodes, costTypes] = store().data.segments.toArray();
			const roots = (segmentId: number) =>
				store()
					.data.segmentItems.toArray()
					.filter((item) => item.segmentId === segmentId && item.parentId === null);
			const parent = store()
				.data.segmentItems.toArray()
				.find((item) => item.segmentId === costCodes.id && store().data.segmentItems.toArray().some((child) => child.parentId === item.id));
			if (!parent) throw new Error('no cost-code segment item with children in the sample data');
			const children = store()
				.data.segmentItems.toArray()
				.filter((item) => item.parentId === parent.id);
			// A cost code and cost type that do not form a budget code yet.
			const taken = new Set(store().data.budgetCodes.toArray().map((code) => code.segments.map((segment) => segment.segmentItemId).join(',')));
			const pair = children
				.flatMap((child) => roots(costTypes.id).map((type) => [child.id, type.id]))
				.find((candidate) => !taken.has(candidate.join(',')));
			if (!pair) throw new Error('every cost code and cost type already form a budget code');
			return [
				{ name: 'Get segments', parameters: ST('budgetCode', 'getSegments') },
				{ name: 'Get segment items', parameters: ST('budgetCode', 'getSegmentItems', { segmentId: String(costTypes.id), returnAll: true }) },
				{ name: 'Get item children', parameters: ST('budgetCode', 'getSegmentItemChildren', { segmentId: String(costCodes.id), segmentItemId: String(parent.id), returnAll: true }) },
				{ name: 'Create budget code', parameters: ST('budgetCode', 'create', { segmentItemIds: pair.map(String) }) },
				{ name: 'Get budget codes', parameters: ST('budgetCode', 'getAll', { returnAll: true }) },
				{ name: 'Match', parameters: ST('budgetCode', 'match', { codes: [`={{ $('Create budget code').first().json.code }}`] }) },
			];
		},
		check: (result) => {
			expect(ids(result.items('Get segments'))).toEqual(ids(store().data.segments.toArray()));
			expect(result.items('Get segment items').length).toBeGreaterThan(0);
			expect(result.items('Get item children').length).toBeGreaterThan(0);
			const [created] = result.items('Create budget code');
			expect(created).toEqual(expect.objectContaining({ id: expect.any(Number), code: expect.any(String) }));
			expect(ids(result.items('Get budget codes'))).toContain(created.id);
			expect(JSON.stringify(result.items('Match'))).toContain(String(created.code));
		},
	},
	{
		resource: 'export',
		steps: () => [
			{ name: 'Jobs page', parameters: ST('export', 'jobs', { exportMode: 'page' }) },
			{ name: 'Appointments', parameters: ST('export', 'appointments', { exportMode: 'all', maxItems: 5 }) },
			{ name: 'Projects', parameters: ST('export', 'projects', { exportMode: 'all', maxItems: 3 }) },
			{ name: 'Job notes', parameters: ST('export', 'jobNotes', { exportMode: 'all', maxItems: 3 }) },
			{ name: 'Project notes', parameters: ST('export', 'projectNotes', { exportMode: 'page', options: { includeRecentChanges: true } }) },
			{ name: 'Job history', parameters: ST('export', 'jobHistory', { exportMode: 'all', maxItems: 4, options: { oneItemPerEvent: true } }) },
			{ name: 'Canceled logs', parameters: ST('export', 'jobCanceledLogs', { exportMode: 'all', maxItems: 2 }) },
			{ name: 'Jobs from a token', parameters: ST('export', 'jobs', { exportMode: 'page', exportStart: 'token', exportContinueFrom: from('Jobs page', 'continueFrom') }) },
		],
		check: (result) => {
			const [page] = result.items('Jobs page');
			expect(page).toEqual({ data: expect.any(Array), continueFrom: expect.any(String), hasMore: expect.any(Boolean) });
			expect((page.data as unknown[]).length).toBeGreaterThan(0);
			expect(result.items('Appointments')).toHaveLength(5);
			expect(result.items('Projects')).toHaveLength(3);
			expect(result.items('Job notes')).toHaveLength(3);
			expect(result.items('Project notes')).toEqual([expect.objectContaining({ data: expect.any(Array) })]);
			expect(result.items('Job history')).toHaveLength(4);
			expect(result.items('Canceled logs')).toHaveLength(2);
			expect(result.items('Jobs from a token')).toEqual([expect.objectContaining({ data: expect.any(Array), hasMore: expect.any(Boolean) })]);
		},
	},
];

const workflowId = (resource: string) => `stE2e${resource.charAt(0).toUpperCase()}${resource.slice(1)}`.slice(0, 21);

const errorWorkflows: Workflow[] = [
	chain('stE2eErrNotFound', 'E2E: a job that does not exist', [{ name: 'Get job', parameters: ST('job', 'get', { jobId: rl(999_999_999) }) }]),
	chain('stE2eErrValidation', 'E2E: a job with an unknown job type', [
		{
			name: 'Create job',
			parameters: ST('job', 'create', {
				customerId: '150001',
				locationId: '1150001',
				businessUnitId: '101',
				jobTypeId: rl(999_999),
				priority: 'High',
				campaignId: '2001',
				appointments: { values: [{ start: '2030-04-01T08:00:00Z', end: '2030-04-01T10:00:00Z' }] },
			}),
		},
	]),
];

describe(`ServiceTitan nodes in n8n ${process.env.N8N_E2E_VERSION ?? 'default'}${PRISM ? ' behind Prism' : ''}`, () => {
	beforeAll(async () => {
		const workflows = [
			...CASES.map((testCase) => chain(workflowId(testCase.resource), `E2E: ${testCase.resource}`, testCase.steps())),
			...examplesFor(env.target),
			...errorWorkflows,
		];
		await env.n8n.importWorkflows(workflows);
	}, 300_000);

	afterEach(() => env.expectNoContractViolations());

	// The Prism checks exist only in the Prism leg (not registered, rather than skipped, elsewhere).
	const prismOnly = PRISM ? it : () => undefined;

	prismOnly('Prism is in the path and reports a request that breaks the contract', async () => {
		const prism = env.prism;
		if (!prism) throw new Error('Prism is not running');
		try {
			// Both auth headers present (Prism checks the document's security schemes), a bad page size.
			const response = await fetch(`${prism.url}/jpm/v2/tenant/${env.sim.tenant.tenantId}/jobs?pageSize=not-a-number`, {
				headers: { authorization: 'Bearer self-check', 'st-app-key': env.sim.tenant.appKey },
			});
			expect(response.status).toBe(422);
			expect(prism.violations).toEqual([expect.objectContaining({ status: 422, body: expect.stringMatching(/pagesize/i) })]);
			// And without the headers the request breaks the document's security requirements.
			const unauthenticated = await fetch(`${prism.url}/jpm/v2/tenant/${env.sim.tenant.tenantId}/jobs?pageSize=1`);
			expect(unauthenticated.status).toBe(401);
			expect(prism.violations).toHaveLength(2);
		} finally {
			prism.violations.length = 0;
		}
	});

	it.each(CASES.map((testCase) => [testCase.resource, testCase] as const))('%s: main operations', async (_resource, testCase) => {
		const result = await executeOk(env, workflowId(testCase.resource));
		testCase.check(result);
	});

	it('the job/appointment example moves the next upcoming visit of up to 3 scheduled jobs one day later and notes it', async () => {
		const startedAt = Date.now();
		const result = await executeOk(env, 'stExJobsAppointments');
		const upcoming = result.items('Get upcoming visits');
		const moved = result.items('Move it one day later');
		expect(moved.length).toBeGreaterThan(0);
		expect(moved.length).toBeLessThanOrEqual(3);
		// Every visit the workflow read is still ahead (a past one is never moved again), and what it
		// moved is the soonest of each job's upcoming visits, one per job.
		for (const visit of upcoming) expect(Date.parse(String(visit.start))).toBeGreaterThanOrEqual(startedAt - 60_000);
		expect(new Set(moved.map((visit) => visit.jobId)).size).toBe(moved.length);
		const before = new Map(upcoming.map((visit) => [visit.id, String(visit.start)]));
		for (const visit of moved) {
			const soonest = Math.min(...upcoming.filter((other) => other.jobId === visit.jobId).map((other) => Date.parse(String(other.start))));
			expect(Date.parse(String(before.get(visit.id)))).toBe(soonest);
			expect(Date.parse(String(visit.start)) - soonest).toBe(86_400_000);
		}
		const notes = result.items('Add a note to the job');
		expect(notes).toHaveLength(moved.length);
		for (const note of notes) expect(note.text).toMatch(/^Appointment \S+ moved to .+ UTC by n8n\.$/);
	});

	it('the project example notes each project and lists its jobs', async () => {
		const result = await executeOk(env, 'stExProjects');
		const projects = result.items('Get projects');
		expect(projects).toHaveLength(3);
		expect(result.items('Add review note')).toHaveLength(3);
		const projectIds = new Set(ids(projects));
		for (const job of result.items("Get the project's jobs")) expect(projectIds.has(job.projectId as number)).toBe(true);
	});

	it("the credential in n8n's HTTP Request node (Predefined Credential Type) sends both headers", async () => {
		const since = env.sim.requestLog.length;
		const result = await executeOk(env, 'stExHttpJobTypes');
		const [page] = result.items('List job types');
		expect(page).toEqual(expect.objectContaining({ page: 1, pageSize: 5, data: expect.any(Array) }));
		const requests = env.sim.requestLog.slice(since).filter((request) => request.operationId === 'JobTypes_GetList');
		expect(requests).toHaveLength(1);
		expect(requests[0].path).toBe(`/jpm/v2/tenant/${env.sim.tenant.tenantId}/job-types`);
		expect(requests[0].query).toEqual({ pageSize: ['5'] });
		expect(requests[0].headers.authorization).toMatch(/^Bearer \S+$/);
		expect(requests[0].headers['st-app-key']).toBe(env.sim.tenant.appKey);
		expect(requests[0].status).toBe(200);
		if (PRISM) expect(env.prism?.validated).toBeGreaterThan(0);
	});

	prismOnly('every API request of the run went through Prism', () => {
		const apiRequests = env.apiRequests().length;
		expect(apiRequests).toBeGreaterThan(50);
		// The simulator saw no API request that Prism did not forward (the self-check's two never reached it).
		expect(env.prism?.validated).toBe(apiRequests + 2);
	});

	it("a failed request surfaces ServiceTitan's error title in the execution (404)", async () => {
		const result = await env.n8n.execute('stE2eErrNotFound');
		expect(result.code).toBe(1);
		const error = result.run?.data.resultData.error;
		expect(error).toBeDefined();
		expect(error?.node?.name).toBe('Get job');
		expect(error?.message).toContain('Job with ID 999999999 not found');
		expect(error?.httpCode).toBe('404');
		expect(result.stdout).toContain('Job with ID 999999999 not found');
	});

	it("a rejected write surfaces ServiceTitan's title and field errors (400)", async () => {
		const result = await env.n8n.execute('stE2eErrValidation');
		expect(result.code).toBe(1);
		const error = result.run?.data.resultData.error;
		if (!error) throw new Error(`no error in the run: ${explain(result)}`);
		expect(error.node?.name).toBe('Create job');
		expect(error.httpCode).toBe('400');
		expect(JSON.stringify(error)).toContain('One or more validation errors occurred.');
		expect(`${error.message}\n${error.description}`).toContain('Job type 999999 does not exist or is inactive.');
		expect(env.apiRequests().filter((request) => request.operationId === 'Jobs_Create' && request.status === 400)).toHaveLength(1);
	});
});
