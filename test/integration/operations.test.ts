/**
 * Every operation of ServiceTitan's JPM v2 document, run through the node against the simulator.
 *
 * Each case names the node parameters, checks the output items (and, for writes, what changed in
 * the simulator's store), and every request the node sent is validated against the vendor document
 * (method, path, query incl. repeated keys, body). The cases are keyed by operationId; the set of
 * operationIds exercised must equal the document's, so an operation without a case fails here.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { AppointmentRecord, JobRecord } from '../../simulator/types';
import { bookJob, firstId } from '../simulator/fixtures';
import { useSimulator } from '../helpers/nodeSim';
import { expectRequestsConform, group, idsOf, jobCreateParameters, rl, runOk } from '../helpers/nodeRun';
import { listOperations } from '../helpers/vendorSpec';

const env = useSimulator();
const store = () => env.sim.store;

// Sample data ------------------------------------------------------------------------------------

const PROJECT_ID = 30_000_001;
const COST_CODE_SEGMENT = 61;
const COST_TYPE_SEGMENT = 62;
/** Cost-code item "01" with the children "01.100" and "01.200". */
const PARENT_ITEM = 6001;
const CHILD_ITEMS = [6002, 6003];
const ACTIVE_CANCEL_REASON = 31;
const ACTIVE_HOLD_REASON = 41;

function jobs(predicate: (job: JobRecord) => boolean = () => true): JobRecord[] {
	return store().data.jobs.toArray().filter(predicate);
}

function activeAppointments(job: JobRecord): AppointmentRecord[] {
	return store().jobs.appointments(job).filter((appointment) => appointment.active);
}

/** A new job with two scheduled appointments, so none of the sample data is changed under another case. */
function freshJob(): { job: JobRecord; appointment: AppointmentRecord } {
	const job = bookJob(store());
	return { job, appointment: activeAppointments(job)[0] };
}

function segmentItems(segmentId: number): number[] {
	return store()
		.data.segmentItems.toArray()
		.filter((item) => item.segmentId === segmentId && item.parentId === null)
		.map((item) => item.id);
}

const sortById = { sort: group({ field: 'Id', direction: '+' }) };

// Shapes of output -------------------------------------------------------------------------------

/** Checks of no-body operations: the one `{success: true}` / `{deleted: true}` item, then what changed in the store. */
const succeeded = (changed: () => void) => (items: IDataObject[]) => {
	expect(items).toEqual([{ success: true }]);
	changed();
};
const deleted = (changed: () => void) => (items: IDataObject[]) => {
	expect(items).toEqual([{ deleted: true }]);
	changed();
};
const SIMPLE_JOB_KEYS = ['completedOn', 'customerId', 'id', 'jobNumber', 'jobStatus', 'jobTypeId', 'locationId', 'modifiedOn', 'priority', 'projectId'];
const SIMPLE_APPOINTMENT_KEYS = ['active', 'appointmentNumber', 'arrivalWindowEnd', 'arrivalWindowStart', 'end', 'id', 'jobId', 'modifiedOn', 'start', 'status'];
const SIMPLE_PROJECT_KEYS = ['customerId', 'id', 'locationId', 'modifiedOn', 'name', 'number', 'status', 'subStatus', 'targetCompletionDate'];

/** Every item carries exactly these keys (Simplify's shape), or at least them (`subset`). */
function expectKeys(items: IDataObject[], keys: string[], subset = false): void {
	for (const item of items) {
		if (subset) expect(Object.keys(item)).toEqual(expect.arrayContaining(keys));
		else expect(Object.keys(item).sort()).toEqual([...keys].sort());
	}
}

function sameInstant(actual: unknown, expected: string): void {
	expect(Date.parse(String(actual))).toBe(Date.parse(expected));
}

/** One export page: a single item with the records, `continueFrom` and `hasMore`. */
function expectExportPage(items: IDataObject[], recordCheck: (records: IDataObject[]) => void): void {
	expect(items).toHaveLength(1);
	expect(items[0]).toEqual({ data: expect.any(Array), continueFrom: expect.any(String), hasMore: expect.any(Boolean) });
	recordCheck(items[0].data as IDataObject[]);
}

// Cases ------------------------------------------------------------------------------------------

interface Prepared {
	parameters: INodeParameters;
	check: (items: IDataObject[]) => void;
}

interface OperationCase {
	resource: string;
	operation: string;
	/** Creates what the operation needs; returns the node parameters and the check of its items. */
	prepare: () => Prepared;
}

function op(resource: string, operation: string, prepare: () => Prepared): OperationCase {
	return { resource, operation, prepare };
}

const CASES: Record<string, OperationCase> = {
	// Appointment ------------------------------------------------------------------------------
	Appointments_Confirm: op('appointment', 'confirm', () => {
		const { appointment } = freshJob();
		return {
			parameters: { appointmentId: rl(appointment.id) },
			check: succeeded(() => expect(store().appointments.get(appointment.id)?.isConfirmed).toBe(true)),
		};
	}),
	Appointments_Add: op('appointment', 'create', () => {
		const { job } = freshJob();
		return {
			parameters: {
				jobId: rl(job.id),
				start: '2030-02-01T09:00:00Z',
				end: '2030-02-01T11:00:00Z',
				additionalFields: { technicianIds: ['30001', '30002'], specialInstructions: 'Side door' },
			},
			check: ([item, ...rest]) => {
				expect(rest).toEqual([]);
				expect(item).toMatchObject({ jobId: job.id, specialInstructions: 'Side door' });
				sameInstant(item.start, '2030-02-01T09:00:00Z');
				expect(store().appointments.get(item.id as number)).toMatchObject({ jobId: job.id, technicianIds: [30001, 30002] });
			},
		};
	}),
	Appointments_Delete: op('appointment', 'delete', () => {
		const { job } = freshJob();
		const second = activeAppointments(job)[1];
		return {
			parameters: { appointmentId: rl(second.id) },
			check: deleted(() => expect(store().appointments.get(second.id)?.active).toBe(false)),
		};
	}),
	Appointments_Get: op('appointment', 'get', () => {
		const { appointment } = freshJob();
		return {
			parameters: { appointmentId: rl(appointment.id) },
			check: (items) => {
				expect(idsOf(items)).toEqual([appointment.id]);
				expectKeys(items, SIMPLE_APPOINTMENT_KEYS);
			},
		};
	}),
	Appointments_GetList: op('appointment', 'getAll', () => {
		const { job } = freshJob();
		return {
			parameters: { returnAll: true, filters: { jobId: String(job.id) }, simplify: false, ...sortById },
			check: (items) => {
				expect(idsOf(items)).toEqual(idsOf(activeAppointments(job)));
				expectKeys(items, ['specialInstructions', 'customerId', 'createdOn', 'isConfirmed'], true);
			},
		};
	}),
	Appointments_Hold: op('appointment', 'hold', () => {
		const { appointment } = freshJob();
		return {
			parameters: { appointmentId: rl(appointment.id), reasonId: ACTIVE_HOLD_REASON, memo: 'Waiting on a part' },
			check: succeeded(() => expect(store().appointments.get(appointment.id)).toMatchObject({ status: 'Hold', hold: { reasonId: ACTIVE_HOLD_REASON, memo: 'Waiting on a part' } })),
		};
	}),
	Appointments_RemoveConfirmation: op('appointment', 'removeConfirmation', () => {
		const { appointment } = freshJob();
		store().appointments.setConfirmation(appointment.id, true);
		return {
			parameters: { appointmentId: rl(appointment.id) },
			check: succeeded(() => expect(store().appointments.get(appointment.id)?.isConfirmed).toBe(false)),
		};
	}),
	Appointments_RemoveHold: op('appointment', 'removeHold', () => {
		const { appointment } = freshJob();
		store().appointments.hold(appointment.id, { reasonId: ACTIVE_HOLD_REASON, memo: 'Parts' });
		return {
			parameters: { appointmentId: rl(appointment.id) },
			check: succeeded(() => expect(store().appointments.get(appointment.id)?.status).toBe('Scheduled')),
		};
	}),
	Appointments_Reschedule: op('appointment', 'reschedule', () => {
		const { appointment } = freshJob();
		return {
			parameters: { appointmentId: rl(appointment.id), updateFields: { start: '2030-03-02T13:00:00Z', end: '2030-03-02T15:30:00Z' } },
			check: ([item, ...rest]) => {
				expect(rest).toEqual([]);
				expect(item.id).toBe(appointment.id);
				sameInstant(item.start, '2030-03-02T13:00:00Z');
				sameInstant(item.end, '2030-03-02T15:30:00Z');
			},
		};
	}),
	Appointments_SetSummary: op('appointment', 'setSummary', () => {
		const { appointment } = freshJob();
		return {
			parameters: { appointmentId: rl(appointment.id), notes: 'Replaced the capacitor', technicianId: '30001' },
			check: (items) => {
				expect(items).toHaveLength(1);
				expect(items[0]).toMatchObject({ notes: 'Replaced the capacitor' });
				expect(store().appointments.get(appointment.id)?.summaries).toEqual([expect.objectContaining({ technicianId: 30001, notes: 'Replaced the capacitor' })]);
			},
		};
	}),
	Appointments_UpdateSpecialInstructions: op('appointment', 'updateSpecialInstructions', () => {
		const { appointment } = freshJob();
		return {
			parameters: { appointmentId: rl(appointment.id), specialInstructions: 'Dog in the yard' },
			check: (items) => {
				expect(items).toEqual([expect.objectContaining({ id: appointment.id, specialInstructions: 'Dog in the yard' })]);
			},
		};
	}),

	// Budget Code ------------------------------------------------------------------------------
	BudgetCodes_CreateBudgetCode: op('budgetCode', 'create', () => ({
		parameters: { segmentItemIds: [String(CHILD_ITEMS[0]), String(segmentItems(COST_TYPE_SEGMENT)[1])] },
		check: (items) => {
			expect(items).toEqual([expect.objectContaining({ id: expect.any(Number), code: '01.100-M' })]);
			expect(store().data.budgetCodes.get(items[0].id as number)?.code).toBe('01.100-M');
		},
	})),
	BudgetCodes_CreateBudgetCodesBatch: op('budgetCode', 'createBatch', () => {
		const [labor, material] = segmentItems(COST_TYPE_SEGMENT);
		return {
			parameters: { jsonBody: JSON.stringify([{ segmentItemIds: [CHILD_ITEMS[1], labor] }, { segmentItemIds: [CHILD_ITEMS[1], material] }]) },
			check: (items) => expect(items.map((item) => item.code)).toEqual(['01.200-L', '01.200-M']),
		};
	}),
	BudgetCodes_CreateBudgetCodePartial: op('budgetCode', 'createPartial', () => ({
		parameters: { segments: group([{ segmentId: String(COST_CODE_SEGMENT), segmentItemId: String(CHILD_ITEMS[0]) }, { segmentId: String(COST_TYPE_SEGMENT) }]) },
		check: (items) => {
			expect(items).toHaveLength(1);
			expect(items[0].segments).toEqual([
				expect.objectContaining({ segmentId: COST_CODE_SEGMENT, segmentItemId: CHILD_ITEMS[0] }),
				expect.objectContaining({ segmentId: COST_TYPE_SEGMENT, segmentItemId: null }),
			]);
		},
	})),
	BudgetCodes_CreateBudgetCodesPartialBatch: op('budgetCode', 'createPartialBatch', () => ({
		parameters: {
			jsonBody: JSON.stringify([
				{ segments: [{ segmentId: COST_CODE_SEGMENT, segmentItemId: CHILD_ITEMS[1] }, { segmentId: COST_TYPE_SEGMENT }] },
				{ segments: [{ segmentId: COST_CODE_SEGMENT }, { segmentId: COST_TYPE_SEGMENT, segmentItemId: segmentItems(COST_TYPE_SEGMENT)[2] }] },
			]),
		},
		check: (items) => expect(items).toHaveLength(2),
	})),
	BudgetCodes_ListCompanyBudgetCodes: op('budgetCode', 'getAll', () => ({
		parameters: { returnAll: true },
		check: (items) => expect(idsOf(items).sort()).toEqual(idsOf(store().data.budgetCodes.toArray()).sort()),
	})),
	BudgetCodes_ListProjectBudgetCodes: op('budgetCode', 'getAllForProject', () => {
		const labor = segmentItems(COST_TYPE_SEGMENT)[0];
		return {
			parameters: { projectId: rl(PROJECT_ID), returnAll: true, filters: { segmentItemIds: [String(labor)] } },
			check: (items) => {
				const expected = store()
					.data.budgetCodes.toArray()
					.filter((code) => code.segments.some((segment) => segment.segmentItemId === labor));
				expect(expected.length).toBeGreaterThan(0);
				expect(idsOf(items).sort()).toEqual(idsOf(expected).sort());
			},
		};
	}),
	BudgetCodes_ListCompanySegmentItemChildren: op('budgetCode', 'getSegmentItemChildren', () => ({
		parameters: { segmentId: String(COST_CODE_SEGMENT), segmentItemId: String(PARENT_ITEM), returnAll: true },
		check: (items) => expect(idsOf(items)).toEqual(CHILD_ITEMS),
	})),
	BudgetCodes_ListProjectSegmentItemChildren: op('budgetCode', 'getSegmentItemChildrenForProject', () => ({
		parameters: { projectId: rl(PROJECT_ID), segmentId: String(COST_CODE_SEGMENT), segmentItemId: String(PARENT_ITEM), limit: 1 },
		check: (items) => expect(idsOf(items)).toEqual([CHILD_ITEMS[0]]),
	})),
	BudgetCodes_ListCompanySegmentItems: op('budgetCode', 'getSegmentItems', () => ({
		parameters: { segmentId: String(COST_TYPE_SEGMENT), returnAll: true },
		check: (items) => expect(idsOf(items)).toEqual(segmentItems(COST_TYPE_SEGMENT)),
	})),
	BudgetCodes_ListProjectSegmentItems: op('budgetCode', 'getSegmentItemsForProject', () => ({
		parameters: { projectId: rl(PROJECT_ID), segmentId: String(COST_CODE_SEGMENT), returnAll: true, filters: { includeChildren: false } },
		check: (items) => expect(idsOf(items)).toEqual(segmentItems(COST_CODE_SEGMENT)),
	})),
	BudgetCodes_ListCompanySegments: op('budgetCode', 'getSegments', () => ({
		parameters: {},
		check: (items) => expect(idsOf(items)).toEqual(idsOf(store().data.segments.toArray())),
	})),
	BudgetCodes_ListProjectSegments: op('budgetCode', 'getSegmentsForProject', () => ({
		parameters: { projectId: rl(PROJECT_ID) },
		check: (items) => {
			expect(idsOf(items)).toEqual(idsOf(store().data.segments.toArray()));
			expectKeys(items, ['id', 'name', 'type', 'structure'], true);
		},
	})),
	BudgetCodes_MatchCompanyBudgetCodes: op('budgetCode', 'match', () => ({
		parameters: { codes: ['15.100-L', 'NOPE-1'] },
		check: (items) => {
			expect(items).toHaveLength(2);
			expect(items[0].budgetCodes).toEqual([expect.objectContaining({ code: '15.100-L' })]);
			expect(items[1].budgetCodes).toEqual([]);
		},
	})),
	BudgetCodes_MatchProjectBudgetCodes: op('budgetCode', 'matchForProject', () => ({
		parameters: { projectId: rl(PROJECT_ID), codes: ['16.100-L'] },
		check: (items) => expect(items).toEqual([expect.objectContaining({ budgetCodes: [expect.objectContaining({ code: '16.100-L' })] })]),
	})),

	// Export -----------------------------------------------------------------------------------
	Export_Appointments: op('export', 'appointments', () => ({
		parameters: { exportMode: 'page', filters: { active: 'Any' } },
		check: (items) =>
			expectExportPage(items, (records) => {
				expect(records.length).toBe(store().data.appointments.toArray().length);
				expectKeys(records, SIMPLE_APPOINTMENT_KEYS);
			}),
	})),
	Export_JobCancelReasons: op('export', 'jobCanceledLogs', () => ({
		parameters: { exportMode: 'all', maxItems: 2 },
		check: (items) => {
			expect(items).toHaveLength(2);
			expectKeys(items, ['id', 'jobId', 'reasonId', 'memo'], true);
		},
	})),
	Export_JobHistory: op('export', 'jobHistory', () => ({
		parameters: { exportMode: 'page' },
		check: (items) =>
			expectExportPage(items, (records) => {
				expect(records.length).toBeGreaterThan(0);
				expectKeys(records, ['jobId', 'history'], true);
			}),
	})),
	Export_JobNotes: op('export', 'jobNotes', () => ({
		parameters: { exportMode: 'all', maxItems: 3 },
		check: (items) => {
			expect(items).toHaveLength(3);
			expectKeys(items, ['jobId', 'text'], true);
		},
	})),
	Export_Jobs: op('export', 'jobs', () => ({
		parameters: { exportMode: 'page', simplify: false },
		check: (items) =>
			expectExportPage(items, (records) => {
				expect(idsOf(records).sort()).toEqual(idsOf(jobs()).sort());
				expectKeys(records, ['active', 'appointmentCount', 'summary', 'tagTypeIds'], true);
			}),
	})),
	Export_ProjectNotes: op('export', 'projectNotes', () => ({
		parameters: { exportMode: 'page', options: { includeRecentChanges: true } },
		check: (items) => expectExportPage(items, (records) => expectKeys(records, ['projectId', 'text'], true)),
	})),
	Export_Projects: op('export', 'projects', () => ({
		parameters: { exportMode: 'all' },
		check: (items) => {
			expect(idsOf(items).sort()).toEqual(idsOf(store().data.projects.toArray()).sort());
			expectKeys(items, [...SIMPLE_PROJECT_KEYS, 'active'], true);
		},
	})),

	// Job --------------------------------------------------------------------------------------
	Jobs_Cancel: op('job', 'cancel', () => {
		const { job } = freshJob();
		return {
			parameters: { jobId: rl(job.id), reasonId: ACTIVE_CANCEL_REASON, memo: 'Customer called' },
			check: succeeded(() => {
				expect(store().jobs.get(job.id)?.jobStatus).toBe('Canceled');
				expect(store().jobs.canceledLogs(job.id)).toEqual([expect.objectContaining({ reasonId: ACTIVE_CANCEL_REASON, memo: 'Customer called' })]);
			}),
		};
	}),
	Jobs_Create: op('job', 'create', () => {
		const jobType = store().data.jobTypes.toArray()[0];
		return {
			parameters: {
				...jobCreateParameters(jobType, {
					appointment: { technicianIds: '30001,30002' },
					additionalFields: { summary: 'New furnace', tagTypeIds: ['5', '6'] },
				}),
				simplify: false,
			},
			check: ([item, ...rest]) => {
				expect(rest).toEqual([]);
				expect(item).toMatchObject({ customerId: 150001, jobTypeId: jobType.id, priority: 'High', summary: 'New furnace', tagTypeIds: [5, 6] });
				const created = store().jobs.get(item.id as number) as JobRecord;
				expect(activeAppointments(created).map((appointment) => appointment.technicianIds)).toEqual([[30001, 30002]]);
			},
		};
	}),
	Jobs_CreateNote: op('job', 'createNote', () => {
		const { job } = freshJob();
		return {
			parameters: { jobId: rl(job.id), text: 'Gate code 1234', additionalFields: { pinToTop: true } },
			check: (items) => {
				expect(items).toEqual([expect.objectContaining({ text: 'Gate code 1234', isPinned: true })]);
				expect(store().jobs.notes(job.id).map((note) => note.text)).toContain('Gate code 1234');
			},
		};
	}),
	Jobs_Get: op('job', 'get', () => {
		const [job] = jobs();
		return {
			parameters: { jobId: rl(job.id) },
			check: (items) => {
				expect(items).toEqual([expect.objectContaining({ id: job.id, jobStatus: job.jobStatus })]);
				expectKeys(items, SIMPLE_JOB_KEYS);
			},
		};
	}),
	Jobs_GetBookedLog: op('job', 'getBookedLog', () => {
		const { job, appointment } = freshJob();
		return {
			parameters: { jobId: rl(job.id) },
			check: (items) => expect(items).toEqual([expect.objectContaining({ jobId: job.id, jobAppointmentId: appointment.id })]),
		};
	}),
	Jobs_GetCancelReasons: op('job', 'getCancelReasons', () => {
		const canceled = jobs((job) => job.jobStatus === 'Canceled').slice(0, 2);
		const other = firstId(jobs(), 'scheduled job', (job) => job.jobStatus === 'Scheduled');
		return {
			parameters: { ids: [...canceled.map((job) => String(job.id)), String(other)] },
			check: (items) => expect(items.map((item) => item.jobId).sort()).toEqual(idsOf(canceled).sort()),
		};
	}),
	Jobs_GetJobCanceledLogs: op('job', 'getCanceledLogs', () => {
		const jobId = firstId(jobs(), 'canceled job', (job) => job.jobStatus === 'Canceled');
		return {
			parameters: { jobId: rl(jobId), returnAll: true },
			check: (items) => {
				expect(idsOf(items)).toEqual(idsOf(store().jobs.canceledLogs(jobId)));
				expect(items.length).toBeGreaterThan(0);
			},
		};
	}),
	Jobs_GetCustomFieldTypes: op('job', 'getCustomFieldTypes', () => ({
		parameters: { returnAll: true, sort: group({ field: 'Name', direction: '-' }) },
		check: (items) => expect(items.map((item) => item.name)).toEqual(['Lead Quality', 'Gate Code', 'Equipment Age (years)']),
	})),
	Jobs_GetHistory: op('job', 'getHistory', () => {
		const { job } = freshJob();
		return {
			parameters: { jobId: rl(job.id) },
			check: (items) => expect(items.map((item) => item.eventType)).toEqual(['Job Booked', 'Job Scheduled']),
		};
	}),
	Jobs_GetHoldReasons: op('job', 'getHoldReasons', () => {
		const { job, appointment } = freshJob();
		store().appointments.hold(appointment.id, { reasonId: ACTIVE_HOLD_REASON, memo: 'Parts on order' });
		return {
			parameters: { ids: [String(job.id)] },
			check: (items) => expect(items).toEqual([expect.objectContaining({ jobId: job.id, reasonId: ACTIVE_HOLD_REASON, text: 'Parts on order' })]),
		};
	}),
	Jobs_GetList: op('job', 'getAll', () => ({
		parameters: { limit: 7, ...sortById },
		check: (items) => {
			expect(idsOf(items)).toEqual(idsOf(jobs()).sort((a, b) => Number(a) - Number(b)).slice(0, 7));
			expectKeys(items, SIMPLE_JOB_KEYS);
		},
	})),
	Jobs_GetNotes: op('job', 'getNotes', () => {
		const { job } = freshJob();
		for (const text of ['First', 'Second', 'Third']) store().jobs.addNote(job.id, { text });
		return {
			parameters: { jobId: rl(job.id), returnAll: true },
			check: (items) => expect(items.map((item) => item.text)).toEqual(['First', 'Second', 'Third']),
		};
	}),
	Jobs_RemoveCancellation: op('job', 'removeCancellation', () => {
		const { job } = freshJob();
		store().jobs.cancel(job.id, { reasonId: ACTIVE_CANCEL_REASON, memo: 'By mistake' });
		return {
			parameters: { jobId: rl(job.id) },
			check: succeeded(() => expect(store().jobs.get(job.id)?.jobStatus).toBe('Scheduled')),
		};
	}),
	Jobs_Update: op('job', 'update', () => {
		const { job } = freshJob();
		return {
			parameters: {
				jobId: rl(job.id),
				updateFields: {
					priority: 'Urgent',
					summary: 'Now urgent',
					customFields: group([{ typeId: '801', value: '4321' }]),
					externalData: group({ applicationGuid: '6f1c0b52-3c7a-4f1e-9a57-2b0c3d4e5f60', patchMode: 'Merge', externalData: group([{ key: 'crm', value: 'A-1' }]) }),
				},
			},
			check: (items) => {
				expect(items).toEqual([expect.objectContaining({ id: job.id, priority: 'Urgent' })]);
				expect(store().jobs.get(job.id)).toMatchObject({ summary: 'Now urgent', customFields: [{ typeId: 801, value: '4321' }] });
			},
		};
	}),

	// Job Cancel Reason, Job Hold Reason -------------------------------------------------------
	JobCancelReasons_GetList: op('jobCancelReason', 'getAll', () => ({
		parameters: { returnAll: true, ...sortById },
		check: (items) => expect(idsOf(items)).toEqual(idsOf(store().data.cancelReasons.toArray())),
	})),
	JobHoldReasons_Get: op('jobHoldReason', 'getAll', () => ({
		parameters: { returnAll: true, filters: { active: 'True' }, ...sortById },
		check: (items) => expect(idsOf(items)).toEqual(idsOf(store().data.holdReasons.toArray().filter((reason) => reason.active))),
	})),

	// Job Equipment ----------------------------------------------------------------------------
	JobEquipment_Attach: op('jobEquipment', 'attach', () => {
		const { job } = freshJob();
		return {
			parameters: { jobId: rl(job.id), equipmentIds: ['91001', '91002'] },
			check: (items) => {
				expect(items).toEqual([{ equipmentIds: [91001, 91002] }]);
				expect(store().jobs.get(job.id)?.equipmentIds).toEqual([91001, 91002]);
			},
		};
	}),
	JobEquipment_Detach: op('jobEquipment', 'detach', () => {
		const { job } = freshJob();
		store().jobs.attachEquipment(job.id, [92001, 92002]);
		return {
			parameters: { jobId: rl(job.id), equipmentId: '92001' },
			check: succeeded(() => expect(store().jobs.get(job.id)?.equipmentIds).toEqual([92002])),
		};
	}),
	JobEquipment_DetachBulk: op('jobEquipment', 'detachMany', () => {
		const { job } = freshJob();
		store().jobs.attachEquipment(job.id, [93001, 93002, 93003]);
		return {
			parameters: { jobId: rl(job.id), equipmentIds: ['93001', '93003'] },
			check: succeeded(() => expect(store().jobs.get(job.id)?.equipmentIds).toEqual([93002])),
		};
	}),
	JobEquipment_Get: op('jobEquipment', 'get', () => {
		const [job] = jobs((candidate) => candidate.equipmentIds.length > 0);
		return {
			parameters: { jobId: rl(job.id) },
			check: (items) => expect(items).toEqual([{ equipmentIds: job.equipmentIds }]),
		};
	}),

	// Job Type ---------------------------------------------------------------------------------
	JobTypes_Create: op('jobType', 'create', () => ({
		parameters: { name: 'Duct Cleaning', additionalFields: { duration: 5400, priority: 'Low', skills: ['HVAC'], businessUnitIds: ['101'] } },
		check: (items) => {
			expect(items).toEqual([expect.objectContaining({ name: 'Duct Cleaning', duration: 5400, priority: 'Low', skills: ['HVAC'], businessUnitIds: [101] })]);
			expect(store().jobTypes.get(items[0].id as number)?.name).toBe('Duct Cleaning');
		},
	})),
	JobTypes_Get: op('jobType', 'get', () => {
		const [jobType] = store().data.jobTypes.toArray();
		return {
			parameters: { jobTypeId: rl(jobType.id) },
			check: (items) => expect(items).toEqual([expect.objectContaining({ id: jobType.id, name: jobType.name })]),
		};
	}),
	JobTypes_GetList: op('jobType', 'getAll', () => ({
		parameters: { returnAll: true, filters: { active: 'Any', orderBy: 'id', orderByDirection: 'desc' } },
		check: (items) => expect(idsOf(items)).toEqual(idsOf(store().data.jobTypes.toArray()).reverse()),
	})),
	JobTypes_Update: op('jobType', 'update', () => {
		const jobType = store().jobTypes.create({ name: 'To rename' });
		return {
			parameters: { jobTypeId: rl(jobType.id), updateFields: { name: 'Renamed', customFieldTypeIds: ['801'], customFieldsUpdateMode: 'Merge' } },
			check: (items) => {
				expect(items).toEqual([expect.objectContaining({ id: jobType.id, name: 'Renamed' })]);
				expect(store().jobTypes.get(jobType.id)?.customFieldTypeIds).toEqual([801]);
			},
		};
	}),

	// Project ----------------------------------------------------------------------------------
	Projects_AttachJob: op('project', 'attachJob', () => {
		const { job } = freshJob();
		return {
			parameters: { projectId: rl(PROJECT_ID), jobId: rl(job.id) },
			check: succeeded(() => expect(store().jobs.get(job.id)?.projectId).toBe(PROJECT_ID)),
		};
	}),
	Projects_Create: op('project', 'create', () => ({
		parameters: {
			locationId: '1150001',
			additionalFields: { name: 'Kitchen remodel', statusId: 12, startDate: '2030-05-01T00:00:00Z', projectManagerIds: ['20008'] },
			simplify: false,
		},
		check: (items) => {
			expect(items).toEqual([expect.objectContaining({ name: 'Kitchen remodel', locationId: 1150001, statusId: 12, projectManagerIds: [20008] })]);
			expect(store().projects.get(items[0].id as number)?.name).toBe('Kitchen remodel');
		},
	})),
	Projects_CreateNote: op('project', 'createNote', () => ({
		parameters: { projectId: rl(PROJECT_ID), text: 'Permit approved' },
		check: (items) => {
			expect(items).toEqual([expect.objectContaining({ text: 'Permit approved' })]);
			expect(store().projects.notes(PROJECT_ID).map((note) => note.text)).toContain('Permit approved');
		},
	})),
	Projects_DetachJob: op('project', 'detachJob', () => {
		const { job } = freshJob();
		store().projects.attachJob(PROJECT_ID, job.id);
		return {
			parameters: { jobId: rl(job.id) },
			check: succeeded(() => expect(store().jobs.get(job.id)?.projectId).toBeNull()),
		};
	}),
	Projects_Get: op('project', 'get', () => ({
		parameters: { projectId: rl(PROJECT_ID) },
		check: (items) => {
			expect(idsOf(items)).toEqual([PROJECT_ID]);
			expectKeys(items, SIMPLE_PROJECT_KEYS);
		},
	})),
	Projects_GetCustomFieldTypes: op('project', 'getCustomFieldTypes', () => ({
		parameters: { limit: 2, ...sortById },
		check: (items) => expect(idsOf(items)).toEqual(idsOf(store().data.projectCustomFieldTypes.toArray().slice(0, 2))),
	})),
	Projects_GetList: op('project', 'getAll', () => ({
		parameters: { returnAll: true, ...sortById },
		check: (items) => {
			expect(idsOf(items)).toEqual(idsOf(store().data.projects.toArray()));
			expectKeys(items, SIMPLE_PROJECT_KEYS);
		},
	})),
	Projects_GetNotes: op('project', 'getNotes', () => ({
		parameters: { projectId: rl(PROJECT_ID), returnAll: true },
		check: (items) => {
			const texts = store().projects.notes(PROJECT_ID).map((note) => note.text);
			expect(texts.length).toBeGreaterThan(0);
			expect(items.map((item) => item.text)).toEqual(texts);
		},
	})),
	Projects_Update: op('project', 'update', () => {
		const project = store().projects.create({ locationId: 1_150_001, name: 'Before' });
		return {
			parameters: { projectId: rl(project.id), updateFields: { name: 'After', targetCompletionDate: '2030-09-30T00:00:00Z' }, simplify: false },
			check: (items) => {
				expect(items).toEqual([expect.objectContaining({ id: project.id, name: 'After' })]);
				sameInstant(items[0].targetCompletionDate, '2030-09-30T00:00:00Z');
			},
		};
	}),

	// Project Status, Sub-Status, Type ---------------------------------------------------------
	ProjectStatuses_Get: op('projectStatus', 'get', () => ({
		parameters: { projectStatusId: 12 },
		check: (items) => expect(items).toEqual([expect.objectContaining({ id: 12, name: 'In Progress' })]),
	})),
	ProjectStatuses_GetList: op('projectStatus', 'getAll', () => ({
		parameters: { returnAll: true, sort: group({ field: 'Order', direction: '-' }) },
		check: (items) => expect(idsOf(items)).toEqual(idsOf(store().data.projectStatuses.toArray()).reverse()),
	})),
	ProjectSubStatuses_Get: op('projectSubStatus', 'get', () => ({
		parameters: { projectSubStatusId: 115 },
		check: (items) => expect(items).toEqual([expect.objectContaining({ id: 115, name: 'Awaiting Funding', statusId: 13 })]),
	})),
	ProjectSubStatuses_GetList: op('projectSubStatus', 'getAll', () => ({
		parameters: { returnAll: true, filters: { statusId: 12, active: 'Any' } },
		check: (items) => expect(idsOf(items).sort()).toEqual([111, 112, 113, 114]),
	})),
	ProjectTypes_Get: op('projectType', 'get', () => ({
		parameters: { projectTypeId: 53 },
		check: (items) => expect(items).toEqual([expect.objectContaining({ id: 53, name: 'New Construction' })]),
	})),
	ProjectTypes_GetList: op('projectType', 'getAll', () => ({
		parameters: { limit: 2 },
		check: (items) => expect(items).toHaveLength(2),
	})),
};

// Tests ------------------------------------------------------------------------------------------

const exercised = new Set<string>();
const documentIds = listOperations()
	.map((operation) => operation.operationId)
	.sort();

describe('every operation of the vendor document through the node', () => {
	it('has a case for each of the document\'s 71 operations and nothing else', () => {
		expect(documentIds).toHaveLength(71);
		expect(Object.keys(CASES).sort()).toEqual(documentIds);
	});

	it.each(Object.keys(CASES).sort())('%s: output items, and the request sent conforms to the document', async (operationId) => {
		const { resource, operation, prepare } = CASES[operationId];
		const { parameters, check } = prepare();
		const items = await runOk({ resource, operation, ...parameters });
		check(items);
		expectRequestsConform(env, operationId);
		exercised.add(operationId);
	});

	it('exercised every operation of the document', () => {
		expect([...exercised].sort()).toEqual(documentIds);
	});
});

describe('export feeds in both modes', () => {
	const PAGE = 10;
	beforeAll(() => env.sim.configure({ exportPageSize: PAGE }));
	afterAll(() => env.sim.configure({ exportPageSize: 500 }));

	const exportJobs = (parameters: INodeParameters) => runOk({ resource: 'export', operation: 'jobs', simplify: false, ...parameters });
	const fromSent = () => env.apiRequests().map((request) => request.query.from?.[0]);
	/** IDs found in both record lists. */
	const shared = (a: unknown, b: unknown) => {
		const ids = new Set(idsOf(b as IDataObject[]));
		return idsOf(a as IDataObject[]).filter((id) => ids.has(id));
	};

	it('One Page returns one item with the records, continueFrom and hasMore; the token reads the next page', async () => {
		const [first] = await exportJobs({ exportMode: 'page' });
		expect(first).toEqual({ data: expect.any(Array), continueFrom: expect.any(String), hasMore: true });
		expect(first.data).toHaveLength(PAGE);
		expect(fromSent()).toEqual([undefined]);

		const [second] = await exportJobs({ exportMode: 'page', exportStart: 'token', exportContinueFrom: String(first.continueFrom) });
		expect(second.data).toHaveLength(PAGE);
		expect(shared(second.data, first.data)).toEqual([]);
		expect(env.apiRequests().at(-1)?.query.from).toEqual([first.continueFrom]);
		expectRequestsConform(env, 'Export_Jobs');
	});

	it('All walks the feed from a token following continueFrom, and stops at Max Items', async () => {
		const [page] = await exportJobs({ exportMode: 'page' });
		const items = await exportJobs({ exportMode: 'all', exportStart: 'token', exportContinueFrom: String(page.continueFrom), maxItems: 25 });
		expect(items).toHaveLength(25);
		const requests = env.apiRequests().slice(1);
		// 25 records at 10 a page: three pages read, no fourth.
		expect(requests).toHaveLength(3);
		expect(requests[0].query.from).toEqual([page.continueFrom]);
		expect(shared(items, page.data)).toEqual([]);
		expectRequestsConform(env, 'Export_Jobs');
	});

	it('All walks to the end of the feed (hasMore false) when Max Items is not reached', async () => {
		// A last page that is not full, so the feed's end is unambiguous: ceil(n / page) requests.
		if (jobs().length % PAGE === 0) freshJob();
		const items = await exportJobs({ exportMode: 'all' });
		expect(idsOf(items).sort()).toEqual(idsOf(jobs()).sort());
		expect(env.apiRequests()).toHaveLength(Math.ceil(jobs().length / PAGE));
		expectRequestsConform(env, 'Export_Jobs');
	});

	it('All from a date sends it as UTC and returns the records changed since then', async () => {
		const since = new Date(env.sim.clock.now() + 1).toISOString();
		await new Promise((resolve) => setTimeout(resolve, 5));
		const booked = [freshJob().job, freshJob().job];
		const items = await exportJobs({ exportMode: 'all', exportStart: 'date', exportFromDate: since });
		expect(fromSent()).toEqual([since]);
		expect(idsOf(items)).toEqual(idsOf(booked));
		for (const item of items) expect(Date.parse(String(item.modifiedOn))).toBeGreaterThanOrEqual(Date.parse(since));
		expectRequestsConform(env, 'Export_Jobs');
	});

	it('a start date without an offset is read in the workflow time zone', async () => {
		await runOk({ resource: 'export', operation: 'projects', exportMode: 'page', exportStart: 'date', exportFromDate: '2026-01-15T09:30:00' }, { timezone: 'America/New_York' });
		expect(fromSent()).toEqual(['2026-01-15T14:30:00.000Z']);
		expectRequestsConform(env, 'Export_Projects');
	});

	it('Job history: one item per job, or with One Item per Event one item per event carrying its job ID', async () => {
		const since = new Date(env.sim.clock.now() + 1).toISOString();
		await new Promise((resolve) => setTimeout(resolve, 5));
		const { job } = freshJob();
		store().jobs.addNote(job.id, { text: 'no history event' });
		store().jobs.cancel(job.id, { reasonId: ACTIVE_CANCEL_REASON, memo: 'gone' });

		const perJob = await runOk({ resource: 'export', operation: 'jobHistory', exportMode: 'all', exportStart: 'date', exportFromDate: since });
		expect(perJob).toEqual([{ jobId: job.id, history: expect.any(Array) }]);
		const events = perJob[0].history as IDataObject[];
		expect(events.map((event) => event.eventType)).toEqual(['Job Booked', 'Job Scheduled', 'Job Canceled']);

		const flat = await runOk({ resource: 'export', operation: 'jobHistory', exportMode: 'all', exportStart: 'date', exportFromDate: since, options: { oneItemPerEvent: true } });
		expect(flat).toEqual(events.map((event) => ({ jobId: job.id, ...event })));
		expectRequestsConform(env, 'Export_JobHistory');
	});
});
