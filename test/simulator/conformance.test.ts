/**
 * Every operation of ServiceTitan's document, called over HTTP against the simulator: the request we
 * send must satisfy the document's parameter/body schemas, and the simulator's answer must satisfy the
 * response schema of its status. Error answers (400/404/409/401/403) must be `ApiErrorResponse`s.
 */
import { startSimulator, type Simulator, type TenantStore } from '../../simulator';
import type { JobRecord } from '../../simulator/types';
import { listOperations, validateRequest, validateResponse, validateSchema } from '../helpers/vendorSpec';
import { type ApiCall, json, send, SimClient } from './client';
import { at, bookJob, firstId, jobRequest } from './fixtures';

const APP_GUID = '3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';

/** Catalogue ids from the sample data, looked up by name/role rather than hard-coded. */
function catalog(store: TenantStore) {
	const data = store.data;
	const segments = data.segments.toArray();
	const items = data.segmentItems.toArray();
	const costCode = segments.find((segment) => segment.type === 'CostCode');
	const costType = segments.find((segment) => segment.type === 'CostType');
	const area = segments.find((segment) => segment.type === 'Custom');
	if (!costCode || !costType || !area) throw new Error('The sample data lacks its WBS segments');
	const itemOf = (segmentId: number, code: string, parentCode?: string) =>
		firstId(items, `item ${code}`, (item) => {
			const parent = item.parentId === null ? undefined : data.segmentItems.get(item.parentId);
			return item.segmentId === segmentId && item.code === code && (parentCode === undefined ? item.parentId === null : parent?.code === parentCode);
		});
	return {
		cancelReasonId: firstId(data.cancelReasons.toArray(), 'cancel reason', (reason) => reason.active),
		holdReasonId: firstId(data.holdReasons.toArray(), 'hold reason', (reason) => reason.active),
		jobFieldTypeId: firstId(data.jobCustomFieldTypes.toArray(), 'job custom field', (type) => type.dataType === 'Text'),
		projectFieldTypeId: firstId(data.projectCustomFieldTypes.toArray(), 'project custom field', (type) => type.dataType === 'Text'),
		statusId: firstId(data.projectStatuses.toArray(), 'project status', (status) => status.name === 'In Progress'),
		subStatusId: firstId(data.projectSubStatuses.toArray(), 'sub-status', (subStatus) => subStatus.active && subStatus.name === 'Design'),
		projectTypeId: firstId(data.projectTypes.toArray(), 'project type'),
		jobTypeId: firstId(data.jobTypes.toArray(), 'job type', (type) => type.active),
		costCode: costCode.id,
		costType: costType.id,
		area: area.id,
		mechanical: itemOf(costCode.id, '15'),
		item01100: itemOf(costCode.id, '100', '01'),
		item01200: itemOf(costCode.id, '200', '01'),
		item15200: itemOf(costCode.id, '200', '15'),
		item16100: itemOf(costCode.id, '100', '16'),
		materials: itemOf(costType.id, 'M'),
		equipment: itemOf(costType.id, 'E'),
		subcontract: itemOf(costType.id, 'S'),
	};
}

type Catalog = ReturnType<typeof catalog>;
type CaseBuilder = (store: TenantStore, ids: Catalog) => ApiCall;

const projectOf = (store: TenantStore) => store.projects.create({ locationId: 1_150_001, name: 'Conformance project' });
const firstAppointment = (job: JobRecord) => job.appointmentIds[0];

/** How to call each operation successfully; setup goes through the typed store. */
const CASES: Record<string, CaseBuilder> = {
	Appointments_Get: (store) => ({ pathParams: { id: firstAppointment(bookJob(store)) } }),
	Appointments_Delete: (store) => ({ pathParams: { id: bookJob(store).appointmentIds[1] } }),
	Appointments_GetList: (store) => ({
		query: { jobId: bookJob(store).id, active: 'Any', sort: '-ModifiedOn', page: 1, pageSize: 10, includeTotal: true, startsOnOrAfter: at(-1) },
	}),
	Appointments_Add: (store) => ({
		body: { jobId: bookJob(store).id, start: at(72), end: at(74), arrivalWindowStart: at(72), arrivalWindowEnd: at(73), technicianIds: [30_002], specialInstructions: 'Ring twice' },
	}),
	Appointments_Reschedule: (store) => ({ pathParams: { id: firstAppointment(bookJob(store)) }, body: { start: at(48), end: at(50) } }),
	Appointments_Hold: (store, ids) => ({ pathParams: { id: firstAppointment(bookJob(store)) }, body: { reasonId: ids.holdReasonId, memo: 'Parts on order' } }),
	Appointments_RemoveHold: (store, ids) => {
		const id = firstAppointment(bookJob(store));
		store.appointments.hold(id, { reasonId: ids.holdReasonId, memo: 'Parts on order' });
		return { pathParams: { id } };
	},
	Appointments_UpdateSpecialInstructions: (store) => ({ pathParams: { id: firstAppointment(bookJob(store)) }, body: { specialInstructions: 'Side door' } }),
	Appointments_Confirm: (store) => ({ pathParams: { id: firstAppointment(bookJob(store)) } }),
	Appointments_RemoveConfirmation: (store) => {
		const id = firstAppointment(bookJob(store));
		store.appointments.setConfirmation(id, true);
		return { pathParams: { id } };
	},
	Appointments_SetSummary: (store) => ({ pathParams: { id: firstAppointment(bookJob(store)) }, body: { notes: 'Replaced the capacitor.', technicianId: 30_001 } }),

	BudgetCodes_ListCompanySegments: () => ({ query: { page: 1, pageSize: 10, includeTotal: true } }),
	BudgetCodes_ListProjectSegments: (store) => ({ pathParams: { projectId: projectOf(store).id } }),
	BudgetCodes_ListCompanySegmentItems: (_store, ids) => ({ pathParams: { segmentId: ids.costCode }, query: { includeChildren: true } }),
	BudgetCodes_ListProjectSegmentItems: (store, ids) => ({ pathParams: { projectId: projectOf(store).id, segmentId: ids.costType } }),
	BudgetCodes_ListCompanySegmentItemChildren: (_store, ids) => ({ pathParams: { segmentId: ids.costCode, segmentItemId: ids.mechanical } }),
	BudgetCodes_ListProjectSegmentItemChildren: (store, ids) => ({
		pathParams: { projectId: projectOf(store).id, segmentId: ids.costCode, segmentItemId: ids.mechanical },
		query: { includeChildren: true },
	}),
	BudgetCodes_ListCompanyBudgetCodes: (_store, ids) => ({ query: { segmentIds: String(ids.costCode), includeTotal: true } }),
	BudgetCodes_CreateBudgetCode: (_store, ids) => ({ body: { segmentItemIds: [ids.item01200, ids.equipment] } }),
	BudgetCodes_ListProjectBudgetCodes: (store) => ({ pathParams: { projectId: projectOf(store).id } }),
	BudgetCodes_MatchCompanyBudgetCodes: () => ({ query: { codes: ['15.100-L', '99-X'] } }),
	BudgetCodes_MatchProjectBudgetCodes: (store) => ({ pathParams: { projectId: projectOf(store).id }, query: { codes: ['15.100-M'] } }),
	BudgetCodes_CreateBudgetCodePartial: (_store, ids) => ({ body: { segments: [{ segmentId: ids.costCode, segmentItemId: ids.item15200 }] } }),
	BudgetCodes_CreateBudgetCodesBatch: (_store, ids) => ({
		body: [{ segmentItemIds: [ids.item01100, ids.materials] }, { segmentItemIds: [ids.item01100, ids.subcontract] }],
	}),
	BudgetCodes_CreateBudgetCodesPartialBatch: (_store, ids) => ({
		body: [
			{ segments: [{ segmentId: ids.costType, segmentItemId: ids.subcontract }] },
			{ segments: [{ segmentId: ids.costCode, segmentItemId: ids.item16100 }, { segmentId: ids.area, segmentItemId: null }] },
		],
	}),

	Export_Jobs: () => ({ query: { includeRecentChanges: true } }),
	Export_Projects: () => ({ query: { from: '2000-01-01' } }),
	Export_Appointments: () => ({ query: { active: 'Any' } }),
	Export_JobCancelReasons: (store, ids) => {
		store.jobs.cancel(bookJob(store).id, { reasonId: ids.cancelReasonId, memo: 'Customer moved' });
		return {};
	},
	Export_JobNotes: () => ({}),
	Export_ProjectNotes: () => ({ query: { includeRecentChanges: false } }),
	Export_JobHistory: () => ({ query: { from: '2000-01-01T00:00:00Z' } }),

	JobCancelReasons_GetList: () => ({ query: { active: 'Any', sort: '+Id', modifiedOnOrAfter: '2000-01-01T00:00:00Z' } }),
	JobEquipment_Get: (store) => {
		const job = bookJob(store);
		store.jobs.attachEquipment(job.id, [91_001]);
		return { pathParams: { id: job.id } };
	},
	JobEquipment_Attach: (store) => ({ pathParams: { id: bookJob(store).id }, body: { equipmentIds: [91_001, 91_002] } }),
	JobEquipment_DetachBulk: (store) => {
		const job = bookJob(store);
		store.jobs.attachEquipment(job.id, [91_001, 91_002]);
		return { pathParams: { id: job.id }, body: { equipmentIds: [91_001] } };
	},
	JobEquipment_Detach: (store) => {
		const job = bookJob(store);
		store.jobs.attachEquipment(job.id, [91_003]);
		return { pathParams: { id: job.id, equipmentId: 91_003 } };
	},
	JobHoldReasons_Get: () => ({ query: { active: 'True', page: 1, pageSize: 2 } }),

	Jobs_Get: (store) => ({ pathParams: { id: bookJob(store).id }, query: { externalDataApplicationGuid: APP_GUID } }),
	Jobs_Update: (store, ids) => ({
		pathParams: { id: bookJob(store).id },
		body: {
			priority: 'High',
			tagTypeIds: [501],
			customFields: [{ typeId: ids.jobFieldTypeId, value: '1234' }],
			externalData: { applicationGuid: APP_GUID, externalData: [{ key: 'crmId', value: 'A-1' }], patchMode: 'Merge' },
		},
	}),
	Jobs_Create: (store) => ({ body: jobRequest(store, { externalData: { applicationGuid: APP_GUID, externalData: [{ key: 'crmId', value: 'B-2' }] } }) }),
	Jobs_GetList: () => ({ query: { jobStatus: 'Scheduled', sort: '-Priority', includeTotal: true, createdOnOrAfter: '2000-01-01T00:00:00Z', pageSize: 5 } }),
	Jobs_Cancel: (store, ids) => ({ pathParams: { id: bookJob(store).id }, body: { reasonId: ids.cancelReasonId, memo: 'Customer canceled' } }),
	Jobs_RemoveCancellation: (store, ids) => {
		const job = bookJob(store);
		store.jobs.cancel(job.id, { reasonId: ids.cancelReasonId, memo: 'By mistake' });
		return { pathParams: { id: job.id } };
	},
	Jobs_GetNotes: (store) => {
		const job = bookJob(store);
		store.jobs.addNote(job.id, { text: 'Gate code 1234' });
		return { pathParams: { id: job.id }, query: { includeTotal: true } };
	},
	Jobs_CreateNote: (store) => ({ pathParams: { id: bookJob(store).id }, body: { text: 'Customer called', pinToTop: true } }),
	Jobs_GetHoldReasons: (store, ids) => {
		const job = bookJob(store);
		store.appointments.hold(firstAppointment(job), { reasonId: ids.holdReasonId, memo: 'Waiting' });
		return { query: { ids: `${job.id},1` } };
	},
	Jobs_GetCancelReasons: (store, ids) => {
		const job = bookJob(store);
		store.jobs.cancel(job.id, { reasonId: ids.cancelReasonId, memo: 'Too expensive' });
		return { query: { ids: String(job.id) } };
	},
	Jobs_GetHistory: (store) => ({ pathParams: { id: bookJob(store).id } }),
	Jobs_GetJobCanceledLogs: (store, ids) => {
		const job = bookJob(store);
		store.jobs.cancel(job.id, { reasonId: ids.cancelReasonId, memo: 'Duplicate' });
		return { pathParams: { id: job.id } };
	},
	Jobs_GetBookedLog: (store) => ({ pathParams: { id: bookJob(store).id } }),
	Jobs_GetCustomFieldTypes: () => ({ query: { sort: '+Name', createdBefore: '2100-01-01T00:00:00Z' } }),

	JobTypes_GetList: () => ({ query: { orderBy: 'createdOn', orderByDirection: 'desc', active: 'Any', minDuration: 30 } }),
	JobTypes_Create: (_store, ids) => ({ body: { name: 'Conformance Type', priority: 'High', duration: 90, customFieldTypeIds: [ids.jobFieldTypeId] } }),
	JobTypes_Get: (_store, ids) => ({ pathParams: { id: ids.jobTypeId }, query: { externalDataApplicationGuid: APP_GUID } }),
	JobTypes_Update: (_store, ids) => ({
		pathParams: { id: ids.jobTypeId },
		body: { summary: 'Updated', customFieldTypeIds: [ids.jobFieldTypeId], customFieldsUpdateMode: 'Merge' },
	}),

	Projects_Get: (store) => ({ pathParams: { id: projectOf(store).id } }),
	Projects_Update: (store, ids) => ({
		pathParams: { id: projectOf(store).id },
		body: { name: 'Renamed', statusId: ids.statusId, subStatusId: ids.subStatusId, jobIds: [bookJob(store).id], customFields: [{ typeId: ids.projectFieldTypeId, value: 'P-77' }] },
	}),
	Projects_GetList: () => ({ query: { includeTotal: true, sort: '+Name', status: 'In Progress,None,Not Started,On Hold,Completed,Canceled' } }),
	Projects_Create: (_store, ids) => ({
		body: { locationId: 1_150_001, name: 'New wing', statusId: ids.statusId, projectTypeId: ids.projectTypeId, startDate: at(0), projectManagerIds: [20_002] },
	}),
	Projects_GetNotes: (store) => {
		const project = projectOf(store);
		store.projects.addNote(project.id, { text: 'Kick-off meeting' });
		return { pathParams: { id: project.id } };
	},
	Projects_CreateNote: (store) => ({ pathParams: { id: projectOf(store).id }, body: { text: 'Permit approved', pinToTop: false } }),
	Projects_AttachJob: (store) => ({ pathParams: { id: projectOf(store).id, jobId: bookJob(store).id } }),
	Projects_DetachJob: (store) => {
		const job = bookJob(store);
		store.projects.attachJob(projectOf(store).id, job.id);
		return { pathParams: { jobId: job.id } };
	},
	Projects_GetCustomFieldTypes: () => ({ query: { sort: '-Id' } }),

	ProjectStatuses_GetList: () => ({ query: { sort: '+Order' } }),
	ProjectStatuses_Get: (_store, ids) => ({ pathParams: { id: ids.statusId } }),
	ProjectSubStatuses_GetList: () => ({ query: { active: 'Any', sort: '+StatusId' } }),
	ProjectSubStatuses_Get: (_store, ids) => ({ pathParams: { id: ids.subStatusId } }),
	ProjectTypes_Get: (_store, ids) => ({ pathParams: { id: ids.projectTypeId } }),
	ProjectTypes_GetList: () => ({ query: { pageSize: 2 } }),
};

/** Lists, wrappers and attach results must carry data, so the schema check is not vacuous. */
function payloadSize(body: unknown): number | undefined {
	if (typeof body !== 'object' || body === null) return undefined;
	const record = body as Record<string, unknown>;
	// Only envelopes and wrappers, not records that happen to have such a field.
	if (Object.keys(record).length > 5) return undefined;
	for (const key of ['data', 'matches', 'codes', 'history', 'equipmentIds']) {
		if (Array.isArray(record[key])) return (record[key] as unknown[]).length;
	}
	return undefined;
}

describe('conformance with the vendor document', () => {
	let simulator: Simulator;
	let client: SimClient;
	let ids: Catalog;

	beforeAll(async () => {
		simulator = await startSimulator({ seed: 7, rateLimitPerSecond: null });
		client = new SimClient(simulator);
		ids = catalog(simulator.store);
	});
	afterAll(() => simulator.close());

	it('has a success case for every operation in the document (and none extra)', () => {
		expect(Object.keys(CASES).sort()).toEqual(listOperations().map((operation) => operation.operationId).sort());
		expect(listOperations()).toHaveLength(71);
	});

	it.each(listOperations().map((operation) => [operation.operationId]))('%s: valid request, 2xx, valid response', async (operationId) => {
		const call = CASES[operationId](simulator.store, ids);
		expect(validateRequest(operationId, { pathParams: client.pathParams(call), query: call.query, body: call.body })).toEqual([]);
		const result = await client.call(operationId, call);
		expect({ status: result.status, body: result.status >= 300 ? result.body : 'ok' }).toEqual({ status: expect.any(Number), body: 'ok' });
		expect(result.status).toBeLessThan(300);
		expect(validateResponse(operationId, result.status, result.body)).toEqual([]);
		const size = payloadSize(result.body);
		if (size !== undefined) expect(size).toBeGreaterThan(0);
	});

	describe('error answers are ApiErrorResponse documents', () => {
		const expectProblem = (operationId: string, result: { status: number; body: unknown }, status: number) => {
			expect(result.status).toBe(status);
			expect(validateResponse(operationId, status, result.body)).toEqual([]);
			return json({ status, text: '', headers: new Headers(), body: result.body });
		};

		it('400 with per-field errors: pageSize above 5000, bad integer, bad date, unknown enum, too many ids', async () => {
			const body = expectProblem(
				'Jobs_GetList',
				await client.call('Jobs_GetList', { query: { pageSize: 5001, customerId: 'abc', createdBefore: 'yesterday', jobStatus: 'Done' } }),
				400,
			);
			expect(Object.keys(body.errors as object).sort()).toEqual(['createdBefore', 'customerId', 'jobStatus', 'pageSize'].sort());
			const tooMany = Array.from({ length: 51 }, (_, index) => index + 1).join(',');
			const idsProblem = expectProblem('Jobs_GetList', await client.call('Jobs_GetList', { query: { ids: tooMany } }), 400);
			expect(idsProblem.errors).toHaveProperty('ids');
			const pathProblem = expectProblem('Jobs_Get', await client.call('Jobs_Get', { pathParams: { id: 'twelve' } }), 400);
			expect(pathProblem.errors).toHaveProperty('id');
		});

		it('400 for missing required body fields, wrong types and unknown enum values in bodies', async () => {
			const body = expectProblem('Jobs_Create', await client.call('Jobs_Create', { body: { customerId: 'x', priority: 'Normal' } }), 400);
			expect(Object.keys(body.errors as object)).toEqual(
				expect.arrayContaining(['customerId', 'locationId', 'businessUnitId', 'jobTypeId', 'campaignId', 'appointments']),
			);
			const job = bookJob(simulator.store);
			const patch = expectProblem(
				'Jobs_Update',
				await client.call('Jobs_Update', { pathParams: { id: job.id }, body: { externalData: { applicationGuid: APP_GUID, externalData: [], patchMode: 'Upsert' } } }),
				400,
			);
			expect(patch.errors).toHaveProperty(['externalData.patchMode']);
			const appointment = expectProblem(
				'Appointments_Add',
				await client.call('Appointments_Add', { body: { jobId: job.id, start: 'soon', end: at(1) } }),
				400,
			);
			expect(appointment.errors).toHaveProperty('start');
		});

		it('400 for a body that is not JSON, and for a missing body whose schema has required fields', async () => {
			const id = bookJob(simulator.store).id;
			const garbled = await send(client.url('Jobs_CreateNote', { pathParams: { id } }), {
				method: 'POST',
				headers: { Authorization: `Bearer ${await client.accessToken()}`, 'ST-App-Key': simulator.tenant.appKey, 'Content-Type': 'application/json' },
				body: '{"text": ',
			});
			expect(expectProblem('Jobs_CreateNote', garbled, 400).errors).toHaveProperty('$');
			const empty = await client.call('Jobs_CreateNote', { pathParams: { id } });
			expect(expectProblem('Jobs_CreateNote', empty, 400).errors).toHaveProperty('text');
		});

		it('404 for unknown ids where the document lists 404', async () => {
			for (const [operationId, pathParams] of [
				['Jobs_Get', { id: 99 }],
				['Appointments_Get', { id: 99 }],
				['Projects_Get', { id: 99 }],
				['JobTypes_Get', { id: 99 }],
				['ProjectStatuses_Get', { id: 99 }],
				['JobEquipment_Get', { id: 99 }],
			] as const) {
				expectProblem(operationId, await client.call(operationId, { pathParams }), 404);
			}
		});

		it('400 (not an undeclared 404) for unknown ids where the document lists only 400', async () => {
			const result = await client.call('JobTypes_Update', { pathParams: { id: 99 }, body: { name: 'X' } });
			expect(expectProblem('JobTypes_Update', result, 400).title).toMatch(/not found/i);
		});

		it('409 for state conflicts where the document lists 409', async () => {
			const store = simulator.store;
			const single = bookJob(store, {}, 1);
			expectProblem('Appointments_Delete', await client.call('Appointments_Delete', { pathParams: { id: single.appointmentIds[0] } }), 409);
			const job = bookJob(store);
			const id = job.appointmentIds[0];
			store.appointments.hold(id, { reasonId: ids.holdReasonId, memo: 'x' });
			expectProblem('Appointments_Hold', await client.call('Appointments_Hold', { pathParams: { id }, body: { reasonId: ids.holdReasonId, memo: 'again' } }), 409);
			expectProblem('Appointments_RemoveHold', await client.call('Appointments_RemoveHold', { pathParams: { id: job.appointmentIds[1] } }), 409);
			expectProblem('Appointments_RemoveConfirmation', await client.call('Appointments_RemoveConfirmation', { pathParams: { id: job.appointmentIds[1] } }), 409);
			store.appointments.setConfirmation(job.appointmentIds[1], true);
			expectProblem('Appointments_Confirm', await client.call('Appointments_Confirm', { pathParams: { id: job.appointmentIds[1] } }), 409);
			store.jobs.cancel(job.id, { reasonId: ids.cancelReasonId, memo: 'gone' });
			expectProblem('Appointments_Add', await client.call('Appointments_Add', { body: { jobId: job.id, start: at(5), end: at(6) } }), 409);
		});

		it('401 and 403 bodies are ApiErrorResponse too', async () => {
			const noKey = await client.call('Jobs_GetList', { headers: { 'ST-App-Key': 'ak1.unknown' } });
			expect(noKey.status).toBe(401);
			expect(validateSchema('ApiErrorResponse', noKey.body)).toEqual([]);
			const other = simulator.addTenant();
			const foreign = await new SimClient(simulator, other).call('Jobs_GetList', { pathParams: { tenant: simulator.tenant.tenantId } });
			expect(foreign.status).toBe(403);
			expect(validateSchema('ApiErrorResponse', foreign.body)).toEqual([]);
		});
	});
});
