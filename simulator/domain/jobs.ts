/**
 * Jobs: booking (with appointments), updates, cancel / remove cancellation, notes, history, equipment.
 * Jobs are never deleted, only canceled with a cancel reason (ServiceTitan's JPM rules).
 */
import { conflict, notFound } from '../errors';
import { FIRST_IDS } from '../ids';
import type { TenantData } from '../store';
import type {
	AppointmentRecord,
	CanceledLogRecord,
	HistoryEvent,
	JobCreateRequest,
	JobRecord,
	NoteCreateRequest,
	NoteRecord,
	ReasonMemoRequest,
	UpdateJobRequest,
} from '../types';
import type { AppointmentService } from './appointments';
import {
	checkCustomFields,
	checkForeignId,
	createExternalData,
	type DataSource,
	normalisePriority,
	OFFICE_USER_ID,
	patchExternalData,
	Problems,
	uniqueIds,
} from './common';
import { addJobHistory, jobAppointments, refreshJobFromAppointments, touchJob } from './jobRecords';
import { activeNotes, addNote, jobNoteShelf } from './notes';
import type { ProjectService } from './projects';
import { RecordService } from './service';

export class JobService extends RecordService<JobRecord> {
	protected readonly noun = 'Job';

	protected table(data: TenantData) {
		return data.jobs;
	}

	constructor(
		source: DataSource,
		private readonly appointmentService: AppointmentService,
		private readonly projectService: ProjectService,
	) {
		super(source);
	}

	appointments(job: JobRecord): AppointmentRecord[] {
		return jobAppointments(this.data, job);
	}

	private touch(job: JobRecord, now: number): void {
		touchJob(this.data, job, now);
	}

	private addHistory(job: JobRecord, eventType: string, employeeId: number, now: number, memo = ''): void {
		addJobHistory(this.data, job, eventType, employeeId, now, memo);
	}

	/**
	 * A history event from work the JPM API does not model (dispatch, arrival, a note…), as a
	 * ServiceTitan user's field work adds it: the job's history grows and its record moves to the end
	 * of the job-history feed (the whole history is sent again). For feed tests and soaks.
	 */
	addEvent(jobId: number, eventType: string, employeeId = OFFICE_USER_ID): HistoryEvent {
		const job = this.require(jobId);
		this.addHistory(job, eventType, employeeId, this.data.now());
		const events = this.history(jobId);
		return events[events.length - 1];
	}

	history(jobId: number): HistoryEvent[] {
		this.require(jobId);
		return this.data.jobHistory.get(this.data.jobs.slotOf(jobId));
	}

	create(request: JobCreateRequest, actorId = OFFICE_USER_ID): JobRecord {
		const data = this.data;
		const problems = new Problems();
		const jobType = data.jobTypes.get(request.jobTypeId);
		problems.check(jobType?.active === true, 'jobTypeId', `Job type ${request.jobTypeId} does not exist or is inactive.`);
		checkForeignId(request.customerId, 'customerId', problems);
		checkForeignId(request.locationId, 'locationId', problems);
		checkForeignId(request.businessUnitId, 'businessUnitId', problems);
		checkForeignId(request.campaignId, 'campaignId', problems);
		if (jobType && jobType.businessUnitIds.length > 0 && !jobType.businessUnitIds.includes(request.businessUnitId)) {
			problems.add('businessUnitId', `Business unit ${request.businessUnitId} is not mapped to job type '${jobType.name}'.`);
		}
		const priority = normalisePriority(request.priority, 'priority', problems);
		problems.check(request.appointments.length > 0, 'appointments', 'A job needs at least one appointment.');
		request.appointments.forEach((appointment, index) => this.appointmentService.checkTimes(appointment, `appointments[${index}]`, problems));
		if (request.projectId !== null && request.projectId !== undefined) {
			problems.check(data.projects.has(request.projectId), 'projectId', `Project ${request.projectId} does not exist.`);
		}
		const customFields = checkCustomFields(data.jobCustomFieldTypes, request.customFields ?? [], 'customFields', problems);
		problems.throwIfAny();

		const now = data.now();
		const job = data.jobs.insert((id) => ({
			id,
			jobNumber: String(id),
			projectId: null,
			customerId: request.customerId,
			locationId: request.locationId,
			jobStatus: 'Scheduled',
			completedOn: null,
			businessUnitId: request.businessUnitId,
			jobTypeId: request.jobTypeId,
			priority,
			campaignId: request.campaignId,
			appointmentIds: [],
			appointmentCount: 0,
			firstAppointmentId: 0,
			lastAppointmentId: 0,
			recallForId: null,
			warrantyId: null,
			jobGeneratedLeadSource: request.jobGeneratedLeadSource ?? null,
			noCharge: request.noCharge ?? false,
			notificationsEnabled: true,
			createdOn: now,
			createdById: actorId,
			modifiedOn: now,
			tagTypeIds: uniqueIds(request.tagTypeIds ?? jobType?.tagTypeIds ?? []),
			leadCallId: null,
			partnerLeadCallId: request.partnerLeadCallId ?? null,
			bookingId: request.bookingId ?? null,
			soldById: request.soldById ?? null,
			customerPo: request.customerPo ?? '',
			invoiceId: 5_000_000 + data.jobs.slotOf(id),
			membershipId: null,
			total: 0,
			createdFromEstimateId: null,
			estimateIds: [],
			equipmentIds: [],
			isAutoDispatched: false,
			summary: request.summary ?? null,
			customFields,
			externalData: createExternalData(request.externalData),
			summaryOfWork: null,
			bookedLog: {
				id: FIRST_IDS.bookedLogs + data.jobs.slotOf(id),
				appointmentId: 0,
				start: now,
				arrivalWindowStart: null,
				arrivalWindowEnd: null,
				createdOn: now,
				createdById: actorId,
			},
		}));
		const appointments = request.appointments.map((information) => this.appointmentService.insertForJob(job, information, actorId, now));
		refreshJobFromAppointments(this.data, job);
		const first = appointments[0];
		job.bookedLog = { ...job.bookedLog, appointmentId: first.id, start: first.start, arrivalWindowStart: first.arrivalWindowStart, arrivalWindowEnd: first.arrivalWindowEnd };
		this.addHistory(job, 'Job Booked', actorId, now);
		this.addHistory(job, 'Job Scheduled', actorId, now);
		if (request.projectId !== null && request.projectId !== undefined) {
			this.projectService.linkJob(job, request.projectId, now);
		}
		this.touch(job, now);
		return job;
	}

	update(id: number, request: UpdateJobRequest): JobRecord {
		this.require(id);
		const data = this.data;
		const problems = new Problems();
		if (request.jobTypeId !== undefined) {
			problems.check(data.jobTypes.get(request.jobTypeId)?.active === true, 'jobTypeId', `Job type ${request.jobTypeId} does not exist or is inactive.`);
		}
		checkForeignId(request.customerId, 'customerId', problems);
		checkForeignId(request.locationId, 'locationId', problems);
		checkForeignId(request.businessUnitId, 'businessUnitId', problems);
		checkForeignId(request.campaignId, 'campaignId', problems);
		const priority = request.priority === undefined ? undefined : normalisePriority(request.priority, 'priority', problems);
		const customFields = request.customFields && checkCustomFields(data.jobCustomFieldTypes, request.customFields, 'customFields', problems);
		problems.throwIfAny();

		const job = this.edit(id);
		if (request.customerId !== undefined) job.customerId = request.customerId;
		if (request.locationId !== undefined) job.locationId = request.locationId;
		if (request.businessUnitId !== undefined) job.businessUnitId = request.businessUnitId;
		if (request.jobGeneratedLeadSource !== undefined) job.jobGeneratedLeadSource = request.jobGeneratedLeadSource;
		if (request.jobTypeId !== undefined) job.jobTypeId = request.jobTypeId;
		if (priority !== undefined) job.priority = priority;
		if (request.campaignId !== undefined) job.campaignId = request.campaignId;
		if (request.summary !== undefined) job.summary = request.summary;
		if (request.customerPo !== undefined) job.customerPo = request.customerPo;
		if (request.soldById !== undefined) job.soldById = request.soldById;
		if (request.isAutoDispatched !== undefined) job.isAutoDispatched = request.isAutoDispatched;
		if (request.summaryOfWork !== undefined) job.summaryOfWork = request.summaryOfWork;
		if (request.noCharge !== undefined) job.noCharge = request.noCharge;
		// Lists replace what the job had: leaving a custom field or tag out removes it.
		if (customFields) job.customFields = customFields;
		if (request.tagTypeIds !== undefined) job.tagTypeIds = uniqueIds(request.tagTypeIds);
		if (request.externalData) job.externalData = patchExternalData(job.externalData, request.externalData);
		this.touch(job, data.now());
		return job;
	}

	cancel(id: number, request: ReasonMemoRequest, actorId = OFFICE_USER_ID): void {
		const current = this.require(id);
		const data = this.data;
		const problems = new Problems();
		problems.check(data.cancelReasons.get(request.reasonId)?.active === true, 'reasonId', `Cancel reason ${request.reasonId} does not exist or is inactive.`);
		problems.throwIfAny();
		if (current.jobStatus === 'Canceled') throw conflict(`Job ${id} is already canceled.`);
		if (current.jobStatus === 'Completed') throw conflict(`Job ${id} is completed and cannot be canceled.`);

		const now = data.now();
		const job = this.edit(id);
		for (const appointment of this.appointments(job)) {
			if (appointment.active && appointment.status !== 'Done') {
				this.appointmentService.change(appointment.id, now, (stored) => {
					stored.status = 'Canceled';
					stored.hold = null;
				});
			}
		}
		job.jobStatus = 'Canceled';
		const log = data.canceledLogs.insert(
			(logId): CanceledLogRecord => ({ id: logId, jobId: id, reasonId: request.reasonId, memo: request.memo, createdOn: now, createdById: actorId, active: true }),
		);
		data.jobCanceledLogIds.edit(data.jobs.slotOf(id)).push(log.id);
		data.recordChange('job-canceled-logs', data.canceledLogs.slotOf(log.id), now);
		this.addHistory(job, 'Job Canceled', actorId, now, request.memo);
		this.touch(job, now);
	}

	removeCancellation(id: number, actorId = OFFICE_USER_ID): void {
		const current = this.require(id);
		if (current.jobStatus !== 'Canceled') throw conflict(`Job ${id} is not canceled.`);
		const data = this.data;
		const now = data.now();
		const job = this.edit(id);
		for (const logId of this.canceledLogIds(id)) {
			const log = data.canceledLogs.materialize(logId);
			if (log?.active) {
				log.active = false;
				data.recordChange('job-canceled-logs', data.canceledLogs.slotOf(logId), now);
			}
		}
		for (const appointment of this.appointments(job)) {
			if (appointment.active && appointment.status === 'Canceled') {
				this.appointmentService.change(appointment.id, now, (stored) => {
					stored.status = 'Scheduled';
				});
			}
		}
		job.jobStatus = 'Scheduled';
		refreshJobFromAppointments(this.data, job);
		this.addHistory(job, 'Job Cancellation Removed', actorId, now);
		this.touch(job, now);
	}

	canceledLogIds(jobId: number): number[] {
		return this.data.jobCanceledLogIds.get(this.data.jobs.slotOf(jobId));
	}

	canceledLogs(jobId: number): CanceledLogRecord[] {
		this.require(jobId);
		return this.canceledLogIds(jobId)
			.map((logId) => this.data.canceledLogs.get(logId))
			.filter((log): log is CanceledLogRecord => log !== undefined);
	}

	addNote(jobId: number, request: NoteCreateRequest, actorId = OFFICE_USER_ID): NoteRecord {
		this.require(jobId);
		return addNote(this.data, jobNoteShelf(this.data), jobId, request, actorId);
	}

	notes(jobId: number): NoteRecord[] {
		this.require(jobId);
		return activeNotes(jobNoteShelf(this.data), jobId);
	}

	attachEquipment(jobId: number, equipmentIds: number[]): number[] {
		this.require(jobId);
		const job = this.edit(jobId);
		const next = uniqueIds([...job.equipmentIds, ...equipmentIds]);
		if (next.length !== job.equipmentIds.length) {
			job.equipmentIds = next;
			this.touch(job, this.data.now());
		}
		return job.equipmentIds;
	}

	/** `requireAttached`: the single-item detach answers 404 for equipment the job does not have. */
	detachEquipment(jobId: number, equipmentIds: number[], requireAttached: boolean): void {
		const current = this.require(jobId);
		const missing = equipmentIds.find((equipmentId) => !current.equipmentIds.includes(equipmentId));
		if (requireAttached && missing !== undefined) throw notFound('Equipment', missing, 'equipmentId');
		const job = this.edit(jobId);
		const next = job.equipmentIds.filter((equipmentId) => !equipmentIds.includes(equipmentId));
		if (next.length !== job.equipmentIds.length) {
			job.equipmentIds = next;
			this.touch(job, this.data.now());
		}
	}
}
