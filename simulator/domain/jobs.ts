/**
 * Jobs: booking (with appointments), updates, cancel / remove cancellation, notes, history, equipment.
 * Jobs are never deleted, only canceled with a cancel reason (ServiceTitan's JPM rules).
 */
import { conflict, notFound } from '../errors';
import { FIRST_IDS } from '../ids';
import { activeAppointmentsOf } from '../render';
import type { TenantData } from '../store';
import type {
	AppointmentRecord,
	CanceledLogRecord,
	HistoryEvent,
	JobCreateRequest,
	JobRecord,
	JobStatus,
	NoteCreateRequest,
	NoteRecord,
	ReasonMemoRequest,
	SchedulingTool,
	UpdateJobRequest,
} from '../types';
import {
	checkCustomFields,
	checkForeignId,
	createExternalData,
	normalisePriority,
	OFFICE_USER_ID,
	patchExternalData,
	Problems,
	uniqueIds,
} from './common';
import { RecordService } from './service';
import { activeNotes, addNote, jobNoteShelf } from './notes';

export class JobService extends RecordService<JobRecord> {
	protected readonly noun = 'Job';

	protected table(data: TenantData) {
		return data.jobs;
	}

	appointments(job: JobRecord): AppointmentRecord[] {
		return job.appointmentIds
			.map((id) => this.data.appointments.get(id))
			.filter((appointment): appointment is AppointmentRecord => appointment !== undefined);
	}

	/** Marks the job changed: new modifiedOn and a new entry at the end of the jobs export feed. */
	touch(job: JobRecord, now: number): void {
		job.modifiedOn = now;
		this.data.recordChange('jobs', this.data.jobs.slotOf(job.id), now);
	}

	addHistory(job: JobRecord, eventType: string, employeeId: number, now: number, memo = '', tool: SchedulingTool = 'Manual'): void {
		const slot = this.data.jobs.slotOf(job.id);
		this.data.jobHistory.edit(slot).push({ id: this.data.nextHistoryId(), employeeId, eventType, date: now, usedSchedulingTool: tool, memo });
		this.data.recordChange('job-history', slot, now);
	}

	history(jobId: number): HistoryEvent[] {
		this.require(jobId);
		return this.data.jobHistory.get(this.data.jobs.slotOf(jobId));
	}

	/**
	 * Re-derives what a job shows about its appointments: count, first/last by start, and the status
	 * (Completed and Canceled stick). Called after every appointment change.
	 */
	refreshFromAppointments(job: JobRecord): void {
		const appointments = activeAppointmentsOf(this.data, job);
		job.appointmentCount = appointments.length;
		job.firstAppointmentId = appointments[0]?.id ?? 0;
		job.lastAppointmentId = appointments[appointments.length - 1]?.id ?? 0;
		if (job.jobStatus === 'Completed' || job.jobStatus === 'Canceled') return;
		const statuses = new Set(appointments.map((appointment) => appointment.status));
		const next: JobStatus = statuses.has('Working')
			? 'InProgress'
			: statuses.has('Dispatched')
				? 'Dispatched'
				: statuses.has('Hold')
					? 'Hold'
					: 'Scheduled';
		job.jobStatus = next;
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
		request.appointments.forEach((appointment, index) => this.store.appointments.checkTimes(appointment, `appointments[${index}]`, problems));
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
		const appointments = request.appointments.map((information) => this.store.appointments.insertForJob(job, information, actorId, now));
		this.refreshFromAppointments(job);
		const first = appointments[0];
		job.bookedLog = { ...job.bookedLog, appointmentId: first.id, start: first.start, arrivalWindowStart: first.arrivalWindowStart, arrivalWindowEnd: first.arrivalWindowEnd };
		this.addHistory(job, 'Job Booked', actorId, now);
		this.addHistory(job, 'Job Scheduled', actorId, now);
		if (request.projectId !== null && request.projectId !== undefined) {
			this.store.projects.linkJob(job, request.projectId, now);
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
				this.store.appointments.change(appointment.id, now, (stored) => {
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
				this.store.appointments.change(appointment.id, now, (stored) => {
					stored.status = 'Scheduled';
				});
			}
		}
		job.jobStatus = 'Scheduled';
		this.refreshFromAppointments(job);
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
