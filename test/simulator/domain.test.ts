/**
 * Domain rules (ENDPOINTS.md §7–8) and list behaviour (paging, sorting, filters, `active` defaults),
 * exercised over HTTP.
 */
import { startSimulator, type Simulator } from '../../simulator';
import { validateResponse } from '../helpers/vendorSpec';
import { type ApiCall, type ApiResult, type Json, json, SimClient } from './client';
import { at, bookJob, jobRequest } from './fixtures';

const APP_A = '11111111-2222-4333-8444-555555555555';
const APP_B = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';

describe('domain rules and list behaviour', () => {
	let simulator: Simulator;
	let client: SimClient;

	/** Calls an operation, checks the answer against the document, and returns the JSON body. */
	async function call(operationId: string, request: ApiCall = {}, expectedStatus = 200): Promise<Json> {
		const result: ApiResult = await client.call(operationId, request);
		expect({ operationId, status: result.status, body: result.status === expectedStatus ? 'as expected' : result.body }).toEqual({
			operationId,
			status: expectedStatus,
			body: 'as expected',
		});
		expect(validateResponse(operationId, result.status, result.body)).toEqual([]);
		return json(result);
	}

	const data = () => simulator.store.data;
	const activeId = <T extends { id: number; active: boolean }>(records: T[]) => records.find((record) => record.active)?.id ?? 0;

	beforeAll(async () => {
		simulator = await startSimulator({ seed: 31, rateLimitPerSecond: null, sample: { jobs: 60, projects: 4 } });
		client = new SimClient(simulator);
	});
	afterAll(() => simulator.close());

	describe('jobs', () => {
		it('books a job with its appointments, history and booked log; at least one appointment is required', async () => {
			const request = jobRequest(simulator.store);
			const job = await call('Jobs_Create', { body: request });
			expect(job).toMatchObject({ jobStatus: 'Scheduled', appointmentCount: 2, priority: 'Normal', customerId: request.customerId });
			const appointments = await call('Appointments_GetList', { query: { jobId: job.id as number } });
			expect(appointments.data?.map((appointment) => appointment.start)).toEqual(request.appointments.map((appointment) => appointment.start));
			expect(job.firstAppointmentId).toBe(appointments.data?.[0].id);
			expect(job.lastAppointmentId).toBe(appointments.data?.[1].id);
			const history = await call('Jobs_GetHistory', { pathParams: { id: job.id as number } });
			expect((history.history as Json[]).map((event) => event.eventType)).toEqual(['Job Booked', 'Job Scheduled']);
			const booked = await call('Jobs_GetBookedLog', { pathParams: { id: job.id as number } });
			expect(booked).toMatchObject({ jobId: job.id, jobAppointmentId: job.firstAppointmentId, start: request.appointments[0].start });

			const none = await call('Jobs_Create', { body: { ...request, appointments: [] } }, 400);
			expect(none.errors).toHaveProperty('appointments');
			const backwards = await call('Jobs_Create', { body: { ...request, appointments: [{ start: at(5), end: at(4) }] } }, 400);
			expect(backwards.errors).toHaveProperty(['appointments[0].end']);
		});

		it('checks job type, its business units and the priority', async () => {
			const request = jobRequest(simulator.store);
			const inactive = data().jobTypes.toArray().find((type) => !type.active);
			expect((await call('Jobs_Create', { body: { ...request, jobTypeId: inactive?.id } }, 400)).errors).toHaveProperty('jobTypeId');
			expect((await call('Jobs_Create', { body: { ...request, businessUnitId: 999 } }, 400)).errors).toHaveProperty('businessUnitId');
			expect((await call('Jobs_Create', { body: { ...request, priority: 'Whenever' } }, 400)).errors).toHaveProperty('priority');
			expect((await call('Jobs_Create', { body: { ...request, priority: 'urgent' } })).priority).toBe('Urgent');
		});

		it('replaces custom fields and tags on PATCH (left-out entries are removed)', async () => {
			const types = data().jobCustomFieldTypes.toArray();
			const [text, numeric] = [types.find((type) => type.dataType === 'Text'), types.find((type) => type.dataType === 'Numeric')];
			const job = bookJob(simulator.store, {
				customFields: [
					{ typeId: text?.id ?? 0, value: 'Gate 9' },
					{ typeId: numeric?.id ?? 0, value: '12' },
				],
				tagTypeIds: [501, 502],
			});
			const patched = await call('Jobs_Update', { pathParams: { id: job.id }, body: { customFields: [{ typeId: numeric?.id, value: '13' }], tagTypeIds: [503] } });
			expect(patched.customFields).toEqual([{ typeId: numeric?.id, name: numeric?.name, value: '13' }]);
			expect(patched.tagTypeIds).toEqual([503]);
			const untouched = await call('Jobs_Update', { pathParams: { id: job.id }, body: { summary: 'Only the summary' } });
			expect(untouched.tagTypeIds).toEqual([503]);
			expect((await call('Jobs_Update', { pathParams: { id: job.id }, body: { customFields: [{ typeId: numeric?.id, value: 'many' }] } }, 400)).errors).toHaveProperty([
				'customFields[0].value',
			]);
			await call('Jobs_Update', { pathParams: { id: 1 }, body: {} }, 404);
		});

		it('scopes external data to its application: Replace (default) wipes unsent keys, Merge keeps them, null removes', async () => {
			const job = bookJob(simulator.store, { externalData: { applicationGuid: APP_A, externalData: [{ key: 'crm', value: '1' }, { key: 'erp', value: '2' }] } });
			const view = async (guid: string) => (await call('Jobs_Get', { pathParams: { id: job.id }, query: { externalDataApplicationGuid: guid } })).externalData;
			expect(await view(APP_A)).toEqual([{ key: 'crm', value: '1' }, { key: 'erp', value: '2' }]);
			expect(await view(APP_B)).toEqual([]);
			expect((await call('Jobs_Get', { pathParams: { id: job.id } })).externalData).toEqual([]);

			await call('Jobs_Update', { pathParams: { id: job.id }, body: { externalData: { applicationGuid: APP_B, externalData: [{ key: 'x', value: 'b' }] } } });
			await call('Jobs_Update', { pathParams: { id: job.id }, body: { externalData: { applicationGuid: APP_A, externalData: [{ key: 'crm', value: '3' }] } } });
			expect(await view(APP_A)).toEqual([{ key: 'crm', value: '3' }]);
			await call('Jobs_Update', {
				pathParams: { id: job.id },
				body: { externalData: { applicationGuid: APP_A, patchMode: 'Merge', externalData: [{ key: 'erp', value: '4' }] } },
			});
			expect(await view(APP_A)).toEqual([{ key: 'crm', value: '3' }, { key: 'erp', value: '4' }]);
			await call('Jobs_Update', {
				pathParams: { id: job.id },
				body: { externalData: { applicationGuid: APP_A, patchMode: 'Merge', externalData: [{ key: 'crm', value: null }] } },
			});
			expect(await view(APP_A)).toEqual([{ key: 'erp', value: '4' }]);
			expect(await view(APP_B)).toEqual([{ key: 'x', value: 'b' }]);

			const found = await call('Jobs_GetList', { query: { externalDataApplicationGuid: APP_A, externalDataKey: 'erp', externalDataValues: '4,5' } });
			expect(found.data?.map((record) => record.id)).toEqual([job.id]);
			expect((await call('Jobs_GetList', { query: { externalDataKey: 'erp' } }, 400)).errors).toHaveProperty('externalDataValues');
		});

		it('cancels (never deletes) jobs: status, appointments, canceled log, cancel-reason lookup; and removes cancellations', async () => {
			const job = bookJob(simulator.store);
			const reasonId = activeId(data().cancelReasons.toArray());
			await call('Jobs_Cancel', { pathParams: { id: job.id }, body: { reasonId: 999, memo: 'x' } }, 400);
			await call('Jobs_Cancel', { pathParams: { id: job.id }, body: { reasonId, memo: 'Customer moved' } });
			expect((await call('Jobs_Get', { pathParams: { id: job.id } })).jobStatus).toBe('Canceled');
			const appointments = await call('Appointments_GetList', { query: { jobId: job.id } });
			expect(appointments.data?.every((appointment) => appointment.status === 'Canceled')).toBe(true);
			const logs = await call('Jobs_GetJobCanceledLogs', { pathParams: { id: job.id } });
			expect(logs.data).toEqual([expect.objectContaining({ jobId: job.id, reasonId, memo: 'Customer moved', active: true })]);
			const reasons = await call('Jobs_GetCancelReasons', { query: { ids: `${job.id},${job.id + 1}` } });
			expect(reasons.data).toEqual([{ jobId: job.id, reasonId, name: data().cancelReasons.get(reasonId)?.name, text: 'Customer moved' }]);
			// The document lists no 409 here, so the conflict is a 400.
			expect((await call('Jobs_Cancel', { pathParams: { id: job.id }, body: { reasonId, memo: 'again' } }, 400)).title).toMatch(/already canceled/);

			await call('Jobs_RemoveCancellation', { pathParams: { id: job.id } });
			expect((await call('Jobs_Get', { pathParams: { id: job.id } })).jobStatus).toBe('Scheduled');
			expect((await call('Jobs_GetJobCanceledLogs', { pathParams: { id: job.id } })).data?.[0].active).toBe(false);
			expect((await call('Jobs_RemoveCancellation', { pathParams: { id: job.id } }, 400)).title).toMatch(/not canceled/);
			expect((await call('Jobs_GetCancelReasons', { query: { ids: String(job.id) } })).data).toEqual([]);
		});

		it('refuses to cancel a completed job', async () => {
			const completed = data().jobs.toArray().find((job) => job.jobStatus === 'Completed');
			const reasonId = activeId(data().cancelReasons.toArray());
			expect((await call('Jobs_Cancel', { pathParams: { id: completed?.id ?? 0 }, body: { reasonId, memo: 'x' } }, 400)).title).toMatch(/completed/);
		});

		it('puts a job on hold through an appointment and reports the hold reasons per job', async () => {
			const job = bookJob(simulator.store);
			const reasonId = activeId(data().holdReasons.toArray());
			await call('Appointments_Hold', { pathParams: { id: job.appointmentIds[0] }, body: { reasonId, memo: 'Waiting on parts' } });
			expect((await call('Jobs_Get', { pathParams: { id: job.id } })).jobStatus).toBe('Hold');
			const holds = await call('Jobs_GetHoldReasons', { query: { ids: String(job.id) } });
			expect(holds.data).toEqual([
				expect.objectContaining({
					jobId: job.id,
					reasonId,
					text: 'Waiting on parts',
					appointmentHoldReasons: [expect.objectContaining({ appointmentId: job.appointmentIds[0], reasonId })],
				}),
			]);
			const onHold = await call('Jobs_GetList', { query: { appointmentStatus: 'Hold', ids: String(job.id) } });
			expect(onHold.data).toHaveLength(1);
			await call('Appointments_RemoveHold', { pathParams: { id: job.appointmentIds[0] } });
			expect((await call('Jobs_Get', { pathParams: { id: job.id } })).jobStatus).toBe('Scheduled');
		});

		it('attaches and detaches equipment', async () => {
			const job = bookJob(simulator.store);
			expect((await call('JobEquipment_Attach', { pathParams: { id: job.id }, body: { equipmentIds: [5, 6, 5] } })).equipmentIds).toEqual([5, 6]);
			expect((await call('Jobs_GetList', { query: { equipmentIds: '6,7' } })).data?.map((record) => record.id)).toEqual([job.id]);
			await call('JobEquipment_Detach', { pathParams: { id: job.id, equipmentId: 7 } }, 404);
			await call('JobEquipment_Detach', { pathParams: { id: job.id, equipmentId: 5 } }, 204);
			await call('JobEquipment_DetachBulk', { pathParams: { id: job.id }, body: { equipmentIds: [6, 8] } }, 204);
			expect((await call('JobEquipment_Get', { pathParams: { id: job.id } })).equipmentIds).toEqual([]);
		});
	});

	describe('appointments', () => {
		it('deletes appointments (inactive, still readable) but never the only one or one with timesheets', async () => {
			const job = bookJob(simulator.store);
			const [first, second] = job.appointmentIds;
			await call('Appointments_Delete', { pathParams: { id: second } });
			expect((await call('Appointments_Get', { pathParams: { id: second } })).active).toBe(false);
			expect((await call('Jobs_Get', { pathParams: { id: job.id } })).appointmentCount).toBe(1);
			expect((await call('Appointments_GetList', { query: { jobId: job.id } })).data?.map((record) => record.id)).toEqual([first]);
			expect((await call('Appointments_GetList', { query: { jobId: job.id, active: 'False' } })).data?.map((record) => record.id)).toEqual([second]);
			expect((await call('Appointments_GetList', { query: { jobId: job.id, active: 'Any' } })).data).toHaveLength(2);
			await call('Appointments_Delete', { pathParams: { id: first } }, 409);
			await call('Appointments_Delete', { pathParams: { id: second } }, 404);

			// A finished appointment of a job that has another one, so only the timesheets stand in the way.
			const worked = data()
				.appointments.toArray()
				.find((appointment) => appointment.status === 'Done' && (data().jobs.get(appointment.jobId)?.appointmentCount ?? 0) >= 2);
			if (!worked) throw new Error('The sample has no finished appointment on a two-visit job');
			expect((await call('Appointments_Delete', { pathParams: { id: worked.id } }, 409)).title).toMatch(/timesheets/);
		});

		it('reschedules (updating the job’s first appointment), refuses finished ones, and validates times', async () => {
			const job = bookJob(simulator.store);
			const [first, second] = job.appointmentIds;
			const moved = await call('Appointments_Reschedule', { pathParams: { id: first }, body: { start: at(100), end: at(101) } });
			expect(moved).toMatchObject({ start: at(100), end: at(101) });
			expect((await call('Jobs_Get', { pathParams: { id: job.id } })).firstAppointmentId).toBe(second);
			expect((await call('Appointments_Reschedule', { pathParams: { id: first }, body: { end: at(99) } }, 400)).errors).toHaveProperty('end');
			const done = data().appointments.toArray().find((appointment) => appointment.status === 'Done');
			await call('Appointments_Reschedule', { pathParams: { id: done?.id ?? 0 }, body: { start: at(1), end: at(2) } }, 409);
			await call('Appointments_UpdateSpecialInstructions', { pathParams: { id: done?.id ?? 0 }, body: { specialInstructions: 'x' } }, 409);
		});

		it('adds appointments only to open jobs (unknown job → 400, as the document lists no 404)', async () => {
			const job = bookJob(simulator.store, {}, 1);
			const added = await call('Appointments_Add', { body: { jobId: job.id, start: at(30), end: at(31) } });
			expect((await call('Jobs_Get', { pathParams: { id: job.id } })).lastAppointmentId).toBe(added.id);
			expect((await call('Appointments_Add', { body: { jobId: 12, start: at(30), end: at(31) } }, 400)).errors).toHaveProperty('jobId');
		});

		it('keeps one work summary per technician', async () => {
			const job = bookJob(simulator.store);
			const id = job.appointmentIds[0];
			await call('Appointments_SetSummary', { pathParams: { id }, body: { technicianId: 30_001, notes: 'First' } });
			await call('Appointments_SetSummary', { pathParams: { id }, body: { technicianId: 30_001, notes: 'Second' } });
			await call('Appointments_SetSummary', { pathParams: { id }, body: { technicianId: 30_002, notes: 'Other' } });
			const summaries = (await call('Appointments_Get', { pathParams: { id } })).appointmentSummaries as Json[];
			expect(summaries.map((summary) => [summary.technicianId, summary.notes])).toEqual([
				[30_001, 'Second'],
				[30_002, 'Other'],
			]);
		});
	});

	describe('paging, sorting and filters', () => {
		it('pages 1-based with hasMore, and fills totalCount only when includeTotal=true', async () => {
			const total = data().jobs.size;
			const first = await call('Jobs_GetList', { query: { pageSize: 7 } });
			expect(first).toMatchObject({ page: 1, pageSize: 7, hasMore: true });
			expect(first.totalCount ?? null).toBeNull();
			const counted = await call('Jobs_GetList', { query: { pageSize: 7, includeTotal: true } });
			expect(counted.totalCount).toBe(total);
			const lastPage = Math.ceil(total / 7);
			const last = await call('Jobs_GetList', { query: { pageSize: 7, page: lastPage } });
			expect(last.hasMore).toBe(false);
			expect(last.data).toHaveLength(total - 7 * (lastPage - 1));
			expect((await call('Jobs_GetList', { query: { pageSize: 7, page: lastPage + 1 } })).data).toEqual([]);
			expect((await call('Jobs_GetList')).data).toHaveLength(50);
			expect((await call('Jobs_GetList', { query: { page: 0 } }, 400)).errors).toHaveProperty('page');
		});

		it('sorts with sort=+Field/-Field (ties by id) and rejects unknown fields', async () => {
			const descending = await call('Jobs_GetList', { query: { sort: '-Id', pageSize: 5 } });
			const ids = descending.data?.map((record) => record.id as number) ?? [];
			expect(ids).toEqual([...ids].sort((a, b) => b - a));
			expect(ids[0]).toBe(data().jobs.idOf(data().jobs.size - 1));
			const byCreated = await call('Jobs_GetList', { query: { sort: '+CreatedOn', pageSize: 5000 } });
			const created = byCreated.data?.map((record) => Date.parse(record.createdOn as string)) ?? [];
			expect(created).toEqual([...created].sort((a, b) => a - b));
			const byPriority = await call('Jobs_GetList', { query: { sort: '-Priority', pageSize: 5000 } });
			const order = ['Low', 'Normal', 'High', 'Urgent'];
			const ranks = byPriority.data?.map((record) => order.indexOf(record.priority as string)) ?? [];
			expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
			expect((await call('Jobs_GetList', { query: { sort: '+Color' } }, 400)).errors).toHaveProperty('sort');
		});

		it('applies date filters: …OnOrAfter inclusive, …Before exclusive', async () => {
			const job = bookJob(simulator.store);
			const createdOn = new Date(job.createdOn).toISOString();
			const from = await call('Jobs_GetList', { query: { createdOnOrAfter: createdOn, pageSize: 5000 } });
			expect(from.data?.map((record) => record.id)).toContain(job.id);
			expect(from.data?.every((record) => Date.parse(record.createdOn as string) >= job.createdOn)).toBe(true);
			const before = await call('Jobs_GetList', { query: { createdBefore: createdOn, pageSize: 5000 } });
			expect(before.data?.map((record) => record.id)).not.toContain(job.id);
			expect((before.data?.length ?? 0) + (from.data?.length ?? 0)).toBe(data().jobs.size);
			const startsWindow = await call('Appointments_GetList', { query: { startsOnOrAfter: at(0), startsBefore: at(24), jobId: job.id } });
			expect(startsWindow.data?.map((record) => record.id)).toEqual([job.appointmentIds[0]]);
		});

		it('filters jobs by ids (max 50), equality fields, appointment fields and tag overlaps', async () => {
			const jobs = data().jobs.toArray();
			const sampleIds = jobs.slice(0, 3).map((job) => job.id);
			expect((await call('Jobs_GetList', { query: { ids: sampleIds.join(',') } })).data?.map((record) => record.id)).toEqual(sampleIds);
			const typeId = jobs[0].jobTypeId;
			const byType = await call('Jobs_GetList', { query: { jobTypeId: typeId, pageSize: 5000 } });
			expect(byType.data?.length).toBe(jobs.filter((job) => job.jobTypeId === typeId).length);
			const tagged = await call('Jobs_GetList', { query: { tagTypeIds: '501,502', pageSize: 5000 } });
			expect(tagged.data?.length).toBe(jobs.filter((job) => job.tagTypeIds.some((tag) => tag === 501 || tag === 502)).length);
			const technician = bookJob(simulator.store, { appointments: [{ start: at(0), end: at(1), technicianIds: [39_999] }] });
			expect((await call('Jobs_GetList', { query: { technicianId: 39_999 } })).data?.map((record) => record.id)).toEqual([technician.id]);
			expect((await call('Jobs_GetList', { query: { ids: '1,x' } }, 400)).errors).toHaveProperty('ids');
		});

		it('applies each operation’s `active` default (appointments/job types/sub-statuses: active; reasons: all)', async () => {
			const inactiveReasons = data().cancelReasons.toArray().filter((reason) => !reason.active).length;
			// The sample tenant has one inactive cancel reason ('Weather'), so the two defaults differ.
			expect(inactiveReasons).toBe(1);
			expect((await call('JobCancelReasons_GetList')).data).toHaveLength(data().cancelReasons.size);
			expect((await call('JobCancelReasons_GetList', { query: { active: 'True' } })).data).toHaveLength(data().cancelReasons.size - inactiveReasons);
			expect((await call('JobHoldReasons_Get', { query: { active: 'False' } })).data?.every((reason) => reason.active === false)).toBe(true);
			const types = await call('JobTypes_GetList');
			expect(types.data?.every((type) => type.active === true)).toBe(true);
			expect((await call('JobTypes_GetList', { query: { active: 'Any' } })).data).toHaveLength(data().jobTypes.size);
			const subStatuses = await call('ProjectSubStatuses_GetList');
			expect(subStatuses.data?.every((subStatus) => subStatus.active === true)).toBe(true);
			expect((await call('ProjectSubStatuses_GetList', { query: { active: 'any' } })).data).toHaveLength(data().projectSubStatuses.size);
		});
	});

	describe('job types', () => {
		it('creates uniquely named job types and merges or replaces custom field types', async () => {
			const [first, second, third] = data().jobCustomFieldTypes.toArray().map((type) => type.id);
			const created = await call('JobTypes_Create', { body: { name: 'Duct Sealing', customFieldTypeIds: [first] } });
			expect(created).toMatchObject({ name: 'Duct Sealing', active: true, priority: 'Normal', customFieldTypeIds: [first] });
			expect((await call('JobTypes_Create', { body: { name: 'duct sealing' } }, 400)).errors).toHaveProperty('name');
			const id = created.id as number;
			expect((await call('JobTypes_Update', { pathParams: { id }, body: { customFieldTypeIds: [second], customFieldsUpdateMode: 'Merge' } })).customFieldTypeIds).toEqual([
				first,
				second,
			]);
			expect((await call('JobTypes_Update', { pathParams: { id }, body: { customFieldTypeIds: [third] } })).customFieldTypeIds).toEqual([third]);
		});

		it('orders with orderBy/orderByDirection and validates both', async () => {
			const listed = await call('JobTypes_GetList', { query: { orderBy: 'id', orderByDirection: 'descending', active: 'Any' } });
			const ids = listed.data?.map((type) => type.id as number) ?? [];
			expect(ids).toEqual([...ids].sort((a, b) => b - a));
			await call('JobTypes_GetList', { query: { orderBy: 'name' } }, 400);
			await call('JobTypes_GetList', { query: { orderByDirection: 'sideways' } }, 400);
		});
	});

	describe('projects', () => {
		it('validates status/sub-status pairs and derives the status from a sub-status', async () => {
			const statuses = data().projectStatuses.toArray();
			const subStatus = data().projectSubStatuses.toArray().find((candidate) => candidate.active);
			const otherStatus = statuses.find((status) => status.id !== subStatus?.statusId);
			await call('Projects_Create', { body: { locationId: 1_150_003, statusId: otherStatus?.id, subStatusId: subStatus?.id } }, 400);
			const project = await call('Projects_Create', { body: { locationId: 1_150_003, subStatusId: subStatus?.id } });
			expect(project).toMatchObject({ statusId: subStatus?.statusId, subStatusId: subStatus?.id, customerId: 150_003, jobIds: [] });
			expect(project.status).toBe(data().projectStatuses.get(subStatus?.statusId ?? 0)?.name);
		});

		it('attaches, moves and detaches jobs on both sides; jobIds on PATCH replaces the set', async () => {
			const first = simulator.store.projects.create({ locationId: 1_150_004 });
			const second = simulator.store.projects.create({ locationId: 1_150_004 });
			const [a, b] = [bookJob(simulator.store), bookJob(simulator.store)];
			await call('Projects_AttachJob', { pathParams: { id: first.id, jobId: a.id } });
			expect((await call('Jobs_Get', { pathParams: { id: a.id } })).projectId).toBe(first.id);
			await call('Projects_AttachJob', { pathParams: { id: second.id, jobId: a.id } });
			expect((await call('Projects_Get', { pathParams: { id: first.id } })).jobIds).toEqual([]);
			expect((await call('Projects_Get', { pathParams: { id: second.id } })).jobIds).toEqual([a.id]);
			const replaced = await call('Projects_Update', { pathParams: { id: second.id }, body: { jobIds: [b.id] } });
			expect(replaced.jobIds).toEqual([b.id]);
			expect((await call('Jobs_Get', { pathParams: { id: a.id } })).projectId).toBeNull();
			await call('Projects_DetachJob', { pathParams: { jobId: b.id } });
			expect((await call('Projects_Get', { pathParams: { id: second.id } })).jobIds).toEqual([]);
			expect((await call('Projects_DetachJob', { pathParams: { jobId: b.id } }, 400)).errors).toHaveProperty('jobId');
			await call('Projects_AttachJob', { pathParams: { id: 7, jobId: b.id } }, 400);
		});

		it('filters projects by status name ("None" = no status) and by job', async () => {
			const bare = simulator.store.projects.create({ locationId: 1_150_005 });
			const none = await call('Projects_GetList', { query: { status: 'None', pageSize: 5000 } });
			expect(none.data?.map((record) => record.id)).toContain(bare.id);
			expect(none.data?.every((record) => record.statusId === null)).toBe(true);
			const withJobs = data().projects.toArray().find((project) => project.jobIds.length > 0);
			const byJob = await call('Projects_GetList', { query: { jobId: withJobs?.jobIds[0] ?? 0 } });
			expect(byJob.data?.map((record) => record.id)).toEqual([withJobs?.id]);
		});
	});

	describe('budget codes', () => {
		const segmentsOf = () => data().segments.toArray();
		const itemsOf = (segmentId: number) => data().segmentItems.toArray().filter((item) => item.segmentId === segmentId);

		it('lists top-level items, whole trees with includeChildren, and children of an item', async () => {
			const costCode = segmentsOf().find((segment) => segment.structure === 'Hierarchal');
			const items = itemsOf(costCode?.id ?? 0);
			const roots = await call('BudgetCodes_ListCompanySegmentItems', { pathParams: { segmentId: costCode?.id ?? 0 } });
			expect(roots.data?.every((item) => item.parentId === null)).toBe(true);
			const tree = await call('BudgetCodes_ListCompanySegmentItems', { pathParams: { segmentId: costCode?.id ?? 0 }, query: { includeChildren: true } });
			expect(tree.data).toHaveLength(items.length);
			const parent = roots.data?.[1];
			const children = await call('BudgetCodes_ListCompanySegmentItemChildren', { pathParams: { segmentId: costCode?.id ?? 0, segmentItemId: parent?.id as number } });
			expect(children.data?.every((item) => item.parentId === parent?.id && (item.path as string).startsWith(`${parent?.code}.`))).toBe(true);
			await call('BudgetCodes_ListCompanySegmentItems', { pathParams: { segmentId: 1 } }, 400);
		});

		it('creates full and partial codes, refuses duplicates and incomplete full codes, and matches code text', async () => {
			const [costCode, costType] = segmentsOf();
			const leaf = itemsOf(costCode.id).find((item) => item.parentId !== null && item.code === '200');
			const type = itemsOf(costType.id).find((item) => item.code === 'S');
			const full = await call('BudgetCodes_CreateBudgetCode', { body: { segmentItemIds: [leaf?.id, type?.id] } });
			const code = (full.code as Json).code as string;
			expect(code).toMatch(/^\d+\.200-S$/);
			expect((await call('BudgetCodes_CreateBudgetCode', { body: { segmentItemIds: [leaf?.id, type?.id] } }, 400)).errors).toHaveProperty('code');
			expect((await call('BudgetCodes_CreateBudgetCode', { body: { segmentItemIds: [leaf?.id] } }, 400)).errors).toHaveProperty('segmentItemIds');
			const partial = await call('BudgetCodes_CreateBudgetCodePartial', { body: { segments: [{ segmentId: costType.id, segmentItemId: type?.id }] } });
			expect((partial.code as Json).code).toBe('*-S');
			const matches = await call('BudgetCodes_MatchCompanyBudgetCodes', { query: { codes: [code, 'nonsense'] } });
			const [known, unknown] = matches.matches as Json[];
			expect(known).toMatchObject({ code, isValid: true });
			expect((known.budgetCodes as Json[]).map((budgetCode) => budgetCode.code).sort()).toEqual(['*-S', code].sort());
			expect(unknown).toMatchObject({ code: 'nonsense', isValid: false, budgetCodes: [] });
		});

		it('creates batches all-or-nothing from a JSON array body', async () => {
			const [costCode, costType] = segmentsOf();
			const leaves = itemsOf(costCode.id).filter((item) => item.parentId !== null);
			const equipment = itemsOf(costType.id).find((item) => item.code === 'E');
			const before = data().budgetCodes.size;
			const failed = await call(
				'BudgetCodes_CreateBudgetCodesBatch',
				{ body: [{ segmentItemIds: [leaves[0].id, equipment?.id] }, { segmentItemIds: [999_999] }] },
				400,
			);
			expect(failed.errors).toHaveProperty(['[1].segmentItemIds[0]']);
			expect(data().budgetCodes.size).toBe(before);
			expect((await call('BudgetCodes_CreateBudgetCodesBatch', { body: { segmentItemIds: [] } }, 400)).errors).toHaveProperty('$');
			const created = await call('BudgetCodes_CreateBudgetCodesBatch', { body: [{ segmentItemIds: [leaves[0].id, equipment?.id] }, { segmentItemIds: [leaves[1].id, equipment?.id] }] });
			expect(created.codes).toHaveLength(2);
			expect(data().budgetCodes.size).toBe(before + 2);
			const listed = await call('BudgetCodes_ListCompanyBudgetCodes', { query: { segmentItemIds: String(equipment?.id), pageSize: 100 } });
			expect(listed.data?.length).toBeGreaterThanOrEqual(2);
			await call('BudgetCodes_ListProjectBudgetCodes', { pathParams: { projectId: 5 } }, 400);
		});
	});
});
