/**
 * Deterministic sample data. Catalogues (job types, reasons, statuses, segments, budget codes…) are
 * small and stored. Jobs, appointments, projects, notes, canceled logs and history are *seeded*: a
 * seed call only reserves id ranges and records a block; each record is rebuilt from
 * (seed, block, index) whenever it is read, until a write copies it into memory.
 *
 * Layout of one block of n jobs and p projects: job k owns appointment slots 2k and 2k+1 (the second
 * is a gap for most jobs), note slot k and canceled-log slot k (gaps unless it has a note / was
 * canceled). Every fifth job belongs to a project of the same block: job 5·(q + m·p) → project q.
 */
import { rangeTime } from './exportFeeds';
import { floor, RecordDice } from './random';
import { describeBudgetCode } from './domain/segmentPaths';
import { FIRST_IDS, LOCATION_OFFSET, REFERENCED } from './ids';
import type { SeededRecords, TenantData } from './store';
import type {
	AppointmentRecord,
	AppointmentStatus,
	CanceledLogRecord,
	CostCategory,
	CustomFieldTypeRecord,
	CustomFieldValue,
	HistoryEvent,
	JobRecord,
	JobStatus,
	NoteRecord,
	ProjectRecord,
	SchedulingTool,
	SeedCounts,
	SegmentStructure,
	SegmentType,
} from './types';

export const SAMPLE_COUNTS: Required<SeedCounts> = { jobs: 40, projects: 6 };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Seeded history covers up to this period before the seed call. */
const SEED_SPAN_MS = 180 * DAY;

const SALT = { job: 1, project: 2, note: 3, projectNote: 4, jobFields: 5 } as const;

export const SCHEDULING_TOOLS: readonly SchedulingTool[] = [
	'Manual',
	'SmartSchedule',
	'SmartDispatch',
	'TechnicianRouteOptimization',
	'AdaptiveCapacity',
	'Routing',
];
const BUSINESS_UNIT_IDS = REFERENCED.businessUnitIds;
const CAMPAIGN_IDS = REFERENCED.campaignIds;
const EMPLOYEE_IDS = REFERENCED.employeeIds;
const TECHNICIAN_IDS = REFERENCED.technicianIds;
const TAG_TYPE_IDS = [501, 502, 503, 504, 505, 506];

const JOB_SUMMARIES = [
	'AC not cooling, unit runs constantly',
	'Annual furnace maintenance',
	'Water heater leaking at the base',
	'Install smart thermostat in hallway',
	'No heat upstairs',
	'Duct cleaning and sanitising',
	'Estimate for replacing 15-year-old HVAC system',
	'Kitchen drain clogged',
	'Generator inspection before winter',
	'Breaker keeps tripping in garage',
];
const NOTE_TEXTS = [
	'Customer prefers morning visits.',
	'Gate code 4321, dog in the back yard.',
	'Called customer to confirm the appointment.',
	'Parts ordered, ETA three business days.',
	'Technician recommends a maintenance plan.',
	'Customer asked for a call 30 minutes before arrival.',
];
const SPECIAL_INSTRUCTIONS = ['Use side entrance.', 'Park on the street.', 'Call on arrival.', 'Shoe covers required.'];
const PROJECT_NAMES = [
	'Kitchen Remodel',
	'Office HVAC Retrofit',
	'New Construction Lot 14',
	'Rooftop Unit Replacement',
	'Basement Finishing',
	'Warehouse Lighting Upgrade',
	'Whole-House Repipe',
	'Solar Panel Installation',
];
const STREETS = ['Oak St', 'Maple Ave', 'Pine Rd', 'Cedar Ln', 'Elm Ct', 'Birch Blvd'];

const JOB_STATUS_WEIGHTS: ReadonlyArray<readonly [JobStatus, number]> = [
	['Completed', 55],
	['Scheduled', 15],
	['Dispatched', 4],
	['InProgress', 4],
	['Hold', 7],
	['Canceled', 15],
];

/** Catalogue ids captured when a block is seeded, so later catalogue edits never change seeded records. */
interface CatalogSnapshot {
	jobTypeIds: number[];
	cancelReasonIds: number[];
	holdReasonIds: number[];
	/** [statusId, subStatusId | null] pairs. */
	statusPairs: Array<[number, number | null]>;
	projectTypeIds: number[];
	jobFieldTypes: CustomFieldTypeRecord[];
	projectFieldTypes: CustomFieldTypeRecord[];
}

interface SeedBlock {
	jobFirstSlot: number;
	jobCount: number;
	appointmentFirstSlot: number;
	jobNoteFirstSlot: number;
	canceledLogFirstSlot: number;
	projectFirstSlot: number;
	projectCount: number;
	projectNoteFirstSlot: number;
	startMs: number;
	jobStepMs: number;
	projectStepMs: number;
	catalog: CatalogSnapshot;
}

/** Everything random about one seeded job, shared by its job, appointment, note, log and history. */
interface JobPlan {
	block: SeedBlock;
	index: number;
	slot: number;
	id: number;
	/** Last change: the job's modifiedOn and its position in the feeds. */
	time: number;
	createdOn: number;
	status: JobStatus;
	appointmentSlots: number[];
	starts: number[];
	customerId: number;
	locationId: number;
	projectId: number | null;
	createdById: number;
	technicianIds: number[];
	hasNote: boolean;
	cancelReasonId: number;
	holdReasonId: number;
	tool: SchedulingTool;
}

function fieldValue(type: CustomFieldTypeRecord, dice: RecordDice): string {
	if (type.dataType === 'Numeric') return String(dice.int(1, 40));
	if (type.dataType === 'Dropdown' && type.dataTypeOptions?.length) return dice.pick(type.dataTypeOptions);
	return dice.pick(['Yes', 'See notes', 'N/A', '4321']);
}

function seededCustomFields(types: CustomFieldTypeRecord[], dice: RecordDice): CustomFieldValue[] {
	return types.filter(() => dice.chance(0.5)).map((type) => ({ typeId: type.id, value: fieldValue(type, dice) }));
}

export class SeedGenerator implements SeededRecords {
	private readonly blocks: SeedBlock[] = [];

	constructor(
		private readonly seed: number,
		private readonly data: TenantData,
	) {}

	/** Reserves id ranges for `counts` and appends them to the export feeds as compact ranges. */
	addBlock(counts: SeedCounts): { jobs: number; projects: number } {
		const jobCount = Math.max(0, Math.floor(counts.jobs ?? 0));
		const projectCount = Math.max(0, Math.floor(counts.projects ?? 0));
		if (jobCount === 0 && projectCount === 0) return { jobs: 0, projects: 0 };
		if (this.data.jobTypes.size === 0) createSampleCatalogs(this.data);
		const data = this.data;
		// Seeded history ends before the export "quiet" period so it is visible straight away, and
		// never before what the feeds already hold, so the feeds stay time-ordered.
		const newest = data.newestChangeMs();
		const endMs = Math.max(newest, data.now() - data.env.exportQuietMs() - 1000);
		const startMs = Math.max(newest, endMs - SEED_SPAN_MS);
		const block: SeedBlock = {
			jobFirstSlot: data.jobs.reserve(jobCount),
			jobCount,
			appointmentFirstSlot: data.appointments.reserve(2 * jobCount),
			jobNoteFirstSlot: data.jobNotes.reserve(jobCount),
			canceledLogFirstSlot: data.canceledLogs.reserve(jobCount),
			projectFirstSlot: data.projects.reserve(projectCount),
			projectCount,
			projectNoteFirstSlot: data.projectNotes.reserve(projectCount),
			startMs,
			jobStepMs: (endMs - startMs) / Math.max(1, jobCount),
			projectStepMs: (endMs - startMs) / Math.max(1, projectCount),
			catalog: this.snapshotCatalog(),
		};
		this.blocks.push(block);
		const { feeds } = data;
		feeds.jobs.appendRange(block.jobFirstSlot, jobCount, startMs, block.jobStepMs);
		feeds['job-history'].appendRange(block.jobFirstSlot, jobCount, startMs, block.jobStepMs);
		feeds.appointments.appendRange(block.appointmentFirstSlot, 2 * jobCount, startMs, block.jobStepMs, 2);
		feeds['job-notes'].appendRange(block.jobNoteFirstSlot, jobCount, startMs, block.jobStepMs);
		feeds['job-canceled-logs'].appendRange(block.canceledLogFirstSlot, jobCount, startMs, block.jobStepMs);
		feeds.projects.appendRange(block.projectFirstSlot, projectCount, startMs, block.projectStepMs);
		feeds['project-notes'].appendRange(block.projectNoteFirstSlot, projectCount, startMs, block.projectStepMs);
		data.bumpVersion();
		return { jobs: jobCount, projects: projectCount };
	}

	private snapshotCatalog(): CatalogSnapshot {
		const data = this.data;
		const activeIds = <T extends { id: number; active: boolean }>(records: T[]): number[] =>
			records.filter((record) => record.active).map((record) => record.id);
		const subStatuses = data.projectSubStatuses.toArray().filter((subStatus) => subStatus.active);
		const statusPairs: Array<[number, number | null]> = data.projectStatuses.toArray().flatMap((status) => {
			const children = subStatuses.filter((subStatus) => subStatus.statusId === status.id);
			return children.length
				? children.map((child): [number, number | null] => [status.id, child.id])
				: [[status.id, null] as [number, number | null]];
		});
		return {
			jobTypeIds: activeIds(data.jobTypes.toArray()),
			cancelReasonIds: activeIds(data.cancelReasons.toArray()),
			holdReasonIds: activeIds(data.holdReasons.toArray()),
			statusPairs,
			projectTypeIds: data.projectTypes.toArray().map((type) => type.id),
			jobFieldTypes: data.jobCustomFieldTypes.toArray(),
			projectFieldTypes: data.projectCustomFieldTypes.toArray(),
		};
	}

	/** The block whose range (given by `first`/`count`) contains `slot`. */
	private blockOf(slot: number, first: (block: SeedBlock) => number, count: (block: SeedBlock) => number): SeedBlock | undefined {
		for (let index = this.blocks.length - 1; index >= 0; index--) {
			const block = this.blocks[index];
			const start = first(block);
			if (slot >= start && slot < start + count(block)) return block;
		}
		return undefined;
	}

	private projectSlotOfJob(block: SeedBlock, index: number): number | null {
		if (block.projectCount === 0 || index % 5 !== 0) return null;
		return block.projectFirstSlot + ((index / 5) % block.projectCount);
	}

	private projectCustomer(projectSlot: number): number {
		return new RecordDice(this.seed, SALT.project, projectSlot).int(REFERENCED.customers.first, REFERENCED.customers.last);
	}

	/** Reading a job reads its appointments right after: keep the last plan instead of redrawing it. */
	private lastPlan: JobPlan | undefined;

	private planJob(slot: number): JobPlan | undefined {
		if (this.lastPlan?.slot === slot) return this.lastPlan;
		const plan = this.drawPlan(slot);
		this.lastPlan = plan;
		return plan;
	}

	private drawPlan(slot: number): JobPlan | undefined {
		const block = this.blockOf(slot, (b) => b.jobFirstSlot, (b) => b.jobCount);
		if (!block) return undefined;
		const index = slot - block.jobFirstSlot;
		const dice = new RecordDice(this.seed, SALT.job, slot);
		const time = rangeTime(block.startMs, block.jobStepMs, index);
		const createdOn = time - dice.int(3 * DAY, 7 * DAY);
		const status = dice.weighted(JOB_STATUS_WEIGHTS);
		const bookedStart = floor((createdOn + dice.int(4 * HOUR, 30 * HOUR)) / HOUR) * HOUR;
		const hasSecond = dice.chance(0.3);
		const projectSlot = this.projectSlotOfJob(block, index);
		const customerId = projectSlot === null ? dice.int(REFERENCED.customers.first, REFERENCED.customers.last) : this.projectCustomer(projectSlot);
		const appointmentFirst = block.appointmentFirstSlot + 2 * index;
		// Work still scheduled lies ahead: its first visit is 1-21 days after the seeded period. The
		// visits of all other jobs happened soon after booking.
		const aheadMs = dice.int(DAY, 21 * DAY);
		const firstStart = status === 'Scheduled' ? floor((block.startMs + block.jobStepMs * block.jobCount + aheadMs) / HOUR) * HOUR : bookedStart;
		return {
			block,
			index,
			slot,
			id: this.data.jobs.idOf(slot),
			time,
			createdOn,
			status,
			appointmentSlots: hasSecond ? [appointmentFirst, appointmentFirst + 1] : [appointmentFirst],
			starts: hasSecond ? [firstStart, firstStart + DAY] : [firstStart],
			customerId,
			locationId: customerId + LOCATION_OFFSET,
			projectId: projectSlot === null ? null : this.data.projects.idOf(projectSlot),
			createdById: dice.pick(EMPLOYEE_IDS),
			technicianIds: [dice.pick(TECHNICIAN_IDS)],
			hasNote: dice.chance(0.4),
			cancelReasonId: dice.pick(block.catalog.cancelReasonIds.length ? block.catalog.cancelReasonIds : [0]),
			holdReasonId: dice.pick(block.catalog.holdReasonIds.length ? block.catalog.holdReasonIds : [0]),
			tool: dice.pick(SCHEDULING_TOOLS),
		};
	}

	job(slot: number): JobRecord | undefined {
		const plan = this.planJob(slot);
		if (!plan) return undefined;
		const { block } = plan;
		// The plan is shared (and cached), so the job's own fields use a dice of their own.
		const dice = new RecordDice(this.seed, SALT.jobFields, slot);
		const completed = plan.status === 'Completed';
		const appointmentIds = plan.appointmentSlots.map((appointmentSlot) => this.data.appointments.idOf(appointmentSlot));
		return {
			id: plan.id,
			jobNumber: String(plan.id),
			projectId: plan.projectId,
			customerId: plan.customerId,
			locationId: plan.locationId,
			jobStatus: plan.status,
			completedOn: completed ? plan.time : null,
			businessUnitId: dice.pick(BUSINESS_UNIT_IDS),
			jobTypeId: dice.pick(block.catalog.jobTypeIds.length ? block.catalog.jobTypeIds : [0]),
			priority: dice.weighted([
				['Normal', 6],
				['Low', 2],
				['High', 2],
				['Urgent', 1],
			]),
			campaignId: dice.pick(CAMPAIGN_IDS),
			appointmentIds,
			// Seeded appointments start a day apart, so creation order is start order.
			appointmentCount: appointmentIds.length,
			firstAppointmentId: appointmentIds[0],
			lastAppointmentId: appointmentIds[appointmentIds.length - 1],
			recallForId: null,
			warrantyId: null,
			jobGeneratedLeadSource: null,
			noCharge: dice.chance(0.05),
			notificationsEnabled: dice.chance(0.8),
			createdOn: plan.createdOn,
			createdById: plan.createdById,
			modifiedOn: plan.time,
			tagTypeIds: TAG_TYPE_IDS.filter(() => dice.chance(0.15)),
			leadCallId: dice.chance(0.5) ? dice.int(700_000, 799_999) : null,
			partnerLeadCallId: null,
			bookingId: dice.chance(0.2) ? dice.int(800_000, 899_999) : null,
			soldById: completed && dice.chance(0.3) ? dice.pick(TECHNICIAN_IDS) : null,
			customerPo: dice.chance(0.2) ? `PO-${dice.int(1000, 9999)}` : '',
			invoiceId: 5_000_000 + slot,
			membershipId: dice.chance(0.25) ? dice.int(60_000, 69_999) : null,
			total: completed ? dice.int(9_900, 950_000) / 100 : 0,
			createdFromEstimateId: null,
			estimateIds: [],
			equipmentIds: dice.chance(0.1) ? [dice.int(90_001, 99_999)] : [],
			isAutoDispatched: false,
			summary: `<p>${dice.pick(JOB_SUMMARIES)}</p>`,
			customFields: seededCustomFields(block.catalog.jobFieldTypes, dice),
			externalData: {},
			summaryOfWork: completed ? 'Work completed as requested.' : null,
			bookedLog: {
				id: FIRST_IDS.bookedLogs + slot,
				appointmentId: appointmentIds[0],
				start: plan.starts[0],
				arrivalWindowStart: plan.starts[0],
				arrivalWindowEnd: plan.starts[0] + 2 * HOUR,
				createdOn: plan.createdOn,
				createdById: plan.createdById,
			},
		};
	}

	private appointmentStatus(jobStatus: JobStatus, position: number): AppointmentStatus {
		switch (jobStatus) {
			case 'Completed':
				return 'Done';
			case 'Canceled':
				return 'Canceled';
			case 'Dispatched':
				return position === 0 ? 'Dispatched' : 'Scheduled';
			case 'InProgress':
				return position === 0 ? 'Working' : 'Scheduled';
			case 'Hold':
				return position === 0 ? 'Hold' : 'Scheduled';
			default:
				return 'Scheduled';
		}
	}

	appointment(slot: number): AppointmentRecord | undefined {
		const block = this.blockOf(slot, (b) => b.appointmentFirstSlot, (b) => 2 * b.jobCount);
		if (!block) return undefined;
		const offset = slot - block.appointmentFirstSlot;
		const plan = this.planJob(block.jobFirstSlot + floor(offset / 2));
		const position = offset % 2;
		if (!plan || position >= plan.appointmentSlots.length) return undefined;
		const dice = new RecordDice(this.seed, SALT.job + 10 * (position + 1), plan.slot);
		const status = this.appointmentStatus(plan.status, position);
		const start = plan.starts[position];
		return {
			id: this.data.appointments.idOf(slot),
			jobId: plan.id,
			appointmentNumber: `${plan.id}-${position + 1}`,
			start,
			end: start + 2 * HOUR,
			arrivalWindowStart: start,
			arrivalWindowEnd: start + 2 * HOUR,
			status,
			specialInstructions: dice.chance(0.25) ? dice.pick(SPECIAL_INSTRUCTIONS) : null,
			createdOn: plan.createdOn,
			modifiedOn: plan.time,
			customerId: plan.customerId,
			unused: false,
			createdById: plan.createdById,
			isConfirmed: dice.chance(0.6),
			active: true,
			technicianIds: plan.technicianIds,
			hold: status === 'Hold' ? { reasonId: plan.holdReasonId, memo: 'Waiting on the customer.' } : null,
			hasTimesheets: status === 'Done' || status === 'Working',
			summaries: [],
		};
	}

	history(jobSlot: number): HistoryEvent[] {
		const plan = this.planJob(jobSlot);
		if (!plan) return [];
		const events: Array<Omit<HistoryEvent, 'id'>> = [
			{ employeeId: plan.createdById, eventType: 'Job Booked', date: plan.createdOn, usedSchedulingTool: 'Manual', memo: '' },
			{ employeeId: plan.createdById, eventType: 'Job Scheduled', date: plan.createdOn, usedSchedulingTool: plan.tool, memo: '' },
		];
		const dispatched = { employeeId: plan.createdById, eventType: 'Technician Dispatched', date: plan.starts[0], usedSchedulingTool: plan.tool, memo: '' };
		const at = (eventType: string, memo = '') => ({ employeeId: plan.createdById, eventType, date: plan.time, usedSchedulingTool: 'Manual' as const, memo });
		if (plan.status === 'Dispatched' || plan.status === 'InProgress' || plan.status === 'Completed') events.push(dispatched);
		if (plan.status === 'InProgress') events.push(at('Job Started'));
		if (plan.status === 'Completed') events.push(at('Job Completed'));
		if (plan.status === 'Hold') events.push(at('Job Put On Hold', 'Waiting on the customer.'));
		if (plan.status === 'Canceled') events.push(at('Job Canceled', 'Customer canceled by phone.'));
		return events.map((event, index) => ({ id: FIRST_IDS.seededHistory + jobSlot * 8 + index, ...event }));
	}

	jobNote(slot: number): NoteRecord | undefined {
		const block = this.blockOf(slot, (b) => b.jobNoteFirstSlot, (b) => b.jobCount);
		const plan = block && this.planJob(block.jobFirstSlot + (slot - block.jobNoteFirstSlot));
		if (!plan?.hasNote) return undefined;
		const dice = new RecordDice(this.seed, SALT.note, slot);
		return {
			id: this.data.jobNotes.idOf(slot),
			ownerId: plan.id,
			text: dice.pick(NOTE_TEXTS),
			isPinned: dice.chance(0.1),
			createdById: plan.createdById,
			createdOn: plan.time,
			modifiedOn: plan.time,
			active: true,
		};
	}

	jobNoteIds(jobSlot: number): number[] {
		const plan = this.planJob(jobSlot);
		if (!plan?.hasNote) return [];
		return [this.data.jobNotes.idOf(plan.block.jobNoteFirstSlot + plan.index)];
	}

	canceledLog(slot: number): CanceledLogRecord | undefined {
		const block = this.blockOf(slot, (b) => b.canceledLogFirstSlot, (b) => b.jobCount);
		const plan = block && this.planJob(block.jobFirstSlot + (slot - block.canceledLogFirstSlot));
		if (!plan || plan.status !== 'Canceled') return undefined;
		return {
			id: this.data.canceledLogs.idOf(slot),
			jobId: plan.id,
			reasonId: plan.cancelReasonId,
			memo: 'Customer canceled by phone.',
			createdOn: plan.time,
			createdById: plan.createdById,
			active: true,
		};
	}

	canceledLogIds(jobSlot: number): number[] {
		const plan = this.planJob(jobSlot);
		if (!plan || plan.status !== 'Canceled') return [];
		return [this.data.canceledLogs.idOf(plan.block.canceledLogFirstSlot + plan.index)];
	}

	project(slot: number): ProjectRecord | undefined {
		const block = this.blockOf(slot, (b) => b.projectFirstSlot, (b) => b.projectCount);
		if (!block) return undefined;
		const index = slot - block.projectFirstSlot;
		const dice = new RecordDice(this.seed, SALT.project, slot);
		const customerId = dice.int(REFERENCED.customers.first, REFERENCED.customers.last); // same first draw as projectCustomer()
		const time = rangeTime(block.startMs, block.projectStepMs, index);
		const createdOn = time - dice.int(10 * DAY, 60 * DAY);
		const [statusId, subStatusId] = block.catalog.statusPairs.length ? dice.pick(block.catalog.statusPairs) : [null, null];
		const startDate = createdOn + dice.int(1, 14) * DAY;
		const jobIds: number[] = [];
		for (let jobIndex = 5 * index; jobIndex < block.jobCount; jobIndex += 5 * block.projectCount) {
			jobIds.push(this.data.jobs.idOf(block.jobFirstSlot + jobIndex));
		}
		const id = this.data.projects.idOf(slot);
		return {
			id,
			number: String(id),
			name: `${dice.pick(PROJECT_NAMES)} - ${dice.int(10, 999)} ${dice.pick(STREETS)}`,
			summary: '<p>Multi-visit project.</p>',
			statusId,
			subStatusId,
			customerId,
			locationId: customerId + LOCATION_OFFSET,
			projectTypeId: block.catalog.projectTypeIds.length ? dice.pick(block.catalog.projectTypeIds) : null,
			projectManagerIds: [dice.pick(EMPLOYEE_IDS)],
			businessUnitIds: [dice.pick(BUSINESS_UNIT_IDS)],
			startDate,
			targetCompletionDate: startDate + dice.int(30, 120) * DAY,
			actualCompletionDate: null,
			createdOn,
			createdById: dice.pick(EMPLOYEE_IDS),
			modifiedOn: time,
			customFields: seededCustomFields(block.catalog.projectFieldTypes, dice),
			externalData: {},
			jobIds,
		};
	}

	projectNote(slot: number): NoteRecord | undefined {
		const block = this.blockOf(slot, (b) => b.projectNoteFirstSlot, (b) => b.projectCount);
		if (!block) return undefined;
		const index = slot - block.projectNoteFirstSlot;
		const dice = new RecordDice(this.seed, SALT.projectNote, slot);
		if (!dice.chance(0.6)) return undefined;
		const time = rangeTime(block.startMs, block.projectStepMs, index);
		return {
			id: this.data.projectNotes.idOf(slot),
			ownerId: this.data.projects.idOf(block.projectFirstSlot + index),
			text: dice.pick(NOTE_TEXTS),
			isPinned: dice.chance(0.2),
			createdById: dice.pick(EMPLOYEE_IDS),
			createdOn: time,
			modifiedOn: time,
			active: true,
		};
	}

	projectNoteIds(projectSlot: number): number[] {
		const block = this.blockOf(projectSlot, (b) => b.projectFirstSlot, (b) => b.projectCount);
		if (!block) return [];
		const noteSlot = block.projectNoteFirstSlot + (projectSlot - block.projectFirstSlot);
		return this.projectNote(noteSlot) ? [this.data.projectNotes.idOf(noteSlot)] : [];
	}
}

// ---- catalogues ----

interface SegmentSample {
	name: string;
	type: SegmentType;
	structure: SegmentStructure;
	isRequired: boolean;
	/** [code, description, cost category, children]. */
	items: Array<[string, string, CostCategory | null, Array<[string, string]>?]>;
}

const SEGMENT_SAMPLES: SegmentSample[] = [
	{
		name: 'Cost Code',
		type: 'CostCode',
		structure: 'Hierarchal',
		isRequired: true,
		items: [
			['01', 'General Requirements', null, [['100', 'Supervision'], ['200', 'Permits']]],
			['15', 'Mechanical', null, [['100', 'HVAC Equipment'], ['200', 'Ductwork']]],
			['16', 'Electrical', null, [['100', 'Wiring']]],
		],
	},
	{
		name: 'Cost Type',
		type: 'CostType',
		structure: 'Flat',
		isRequired: true,
		items: [
			['L', 'Labor', 'Labor'],
			['M', 'Material', 'Material'],
			['E', 'Equipment', 'Equipment'],
			['S', 'Subcontract', 'Subcontract'],
		],
	},
	{
		name: 'Area',
		type: 'Custom',
		structure: 'Flat',
		isRequired: false,
		items: [
			['A1', 'First floor', null],
			['A2', 'Second floor', null],
			['EXT', 'Exterior', null],
		],
	},
];

/** Tenant configuration every ServiceTitan account has; stored explicitly (it is small). */
export function createSampleCatalogs(data: TenantData): void {
	const created = data.now() - 400 * DAY;
	const stamp = { createdOn: created, modifiedOn: created };
	const jobTypeSamples: Array<[string, string, string, number, string[], boolean]> = [
		['Service Call', 'Service', 'Normal', 120, ['HVAC'], true],
		['Maintenance', 'Maintenance', 'Low', 90, ['HVAC'], true],
		['Installation', 'Install', 'Normal', 480, ['HVAC', 'Electrical'], true],
		['Estimate', 'Sales', 'Normal', 60, [], true],
		['Emergency Repair', 'Service', 'Urgent', 180, ['HVAC', 'Plumbing'], true],
		['Warranty', 'Service', 'High', 120, ['HVAC'], true],
		['Legacy Repair', 'Service', 'Normal', 120, [], false],
	];
	const jobFieldIds: number[] = [];
	for (const [name, dataType, options] of [
		['Gate Code', 'Text', null],
		['Equipment Age (years)', 'Numeric', null],
		['Lead Quality', 'Dropdown', ['Hot', 'Warm', 'Cold']],
	] as const) {
		jobFieldIds.push(data.jobCustomFieldTypes.insert((id) => ({ id, name, dataType, dataTypeOptions: options ? [...options] : null, ...stamp })).id);
	}
	for (const [name, dataType, options] of [
		['Permit Number', 'Text', null],
		['Contract Value', 'Numeric', null],
		['Phase', 'Dropdown', ['Design', 'Build', 'Closeout']],
	] as const) {
		data.projectCustomFieldTypes.insert((id) => ({ id, name, dataType, dataTypeOptions: options ? [...options] : null, ...stamp }));
	}
	for (const [name, jobClass, priority, duration, skills, active] of jobTypeSamples) {
		data.jobTypes.insert((id) => ({
			id,
			name,
			businessUnitIds: [...BUSINESS_UNIT_IDS.slice(0, 3)],
			skills,
			tagTypeIds: [],
			priority,
			duration,
			soldThreshold: jobClass === 'Sales' ? 500 : null,
			class: jobClass,
			summary: `${name} visit`,
			noCharge: false,
			enforceRecurringServiceEventSelection: false,
			invoiceSignaturesRequired: jobClass === 'Install',
			externalData: {},
			active,
			isSmartDispatched: false,
			defaultEstimateSoldAction: 'None',
			customFieldTypeIds: jobClass === 'Install' ? [...jobFieldIds] : [],
			...stamp,
		}));
	}
	for (const [name, active] of [
		['Customer canceled', true],
		['Scheduled in error', true],
		['Duplicate job', true],
		['Went with a competitor', true],
		['Weather', false],
	] as const) {
		data.cancelReasons.insert((id) => ({ id, name, active, ...stamp }));
	}
	for (const [name, active] of [
		['Waiting on parts', true],
		['Waiting on customer approval', true],
		['Permit pending', true],
		['Seasonal shutdown', false],
	] as const) {
		data.holdReasons.insert((id) => ({ id, name, active, ...stamp }));
	}
	const subStatusSamples: Record<string, Array<[string, boolean]>> = {
		'In Progress': [['Design', true], ['Permitting', true], ['Construction', true], ['Legacy Stage', false]],
		'On Hold': [['Awaiting Funding', true], ['Awaiting Materials', true]],
		Completed: [['Final Inspection Passed', true]],
	};
	['Not Started', 'In Progress', 'On Hold', 'Completed', 'Canceled'].forEach((name, index) => {
		const status = data.projectStatuses.insert((id) => ({ id, name, order: index + 1, ...stamp }));
		(subStatusSamples[name] ?? []).forEach(([subName, active], subIndex) => {
			data.projectSubStatuses.insert((id) => ({ id, name: subName, statusId: status.id, order: subIndex + 1, active, ...stamp }));
		});
	});
	for (const [name, description] of [
		['Residential Remodel', 'Multi-visit residential renovation'],
		['Commercial Build-Out', 'Tenant improvement for commercial space'],
		['New Construction', 'Systems for a new building'],
	]) {
		data.projectTypes.insert((id) => ({ id, name, description, createdById: EMPLOYEE_IDS[0], ...stamp }));
	}
	createSampleBudgetCodes(data, stamp);
	data.bumpVersion();
}

function createSampleBudgetCodes(data: TenantData, stamp: { createdOn: number; modifiedOn: number }): void {
	const itemIdsBySegment: number[][] = [];
	for (const sample of SEGMENT_SAMPLES) {
		const segment = data.segments.insert((id) => ({
			id,
			name: sample.name,
			type: sample.type,
			structure: sample.structure,
			isActive: true,
			isRequired: sample.isRequired,
			...stamp,
		}));
		const leafIds: number[] = [];
		for (const [code, description, costCategory, children] of sample.items) {
			const parent = data.segmentItems.insert((id) => ({
				id,
				segmentId: segment.id,
				parentId: null,
				code,
				description,
				costCategory,
				isActive: true,
				...stamp,
			}));
			if (!children?.length) leafIds.push(parent.id);
			for (const [childCode, childDescription] of children ?? []) {
				const child = data.segmentItems.insert((id) => ({
					id,
					segmentId: segment.id,
					parentId: parent.id,
					code: childCode,
					description: childDescription,
					costCategory: null,
					isActive: true,
					...stamp,
				}));
				leafIds.push(child.id);
			}
		}
		itemIdsBySegment.push(leafIds);
	}
	const [costCodes, costTypes] = itemIdsBySegment;
	const combinations: Array<[number, number]> = [
		[costCodes[2], costTypes[0]],
		[costCodes[2], costTypes[1]],
		[costCodes[3], costTypes[1]],
		[costCodes[0], costTypes[0]],
		[costCodes[4], costTypes[0]],
	];
	for (const itemIds of combinations) {
		const segments = itemIds.map((itemId) => {
			const item = data.segmentItems.get(itemId);
			return { segmentId: item?.segmentId ?? 0, segmentItemId: itemId };
		});
		data.budgetCodes.insert((id) => ({ id, ...describeBudgetCode(data, segments), segments, ...stamp }));
	}
}
