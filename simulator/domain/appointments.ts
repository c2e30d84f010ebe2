/**
 * Appointments: they are deleted, never canceled; a job's only appointment and appointments with
 * timesheets cannot be deleted; hold / confirmation changes that make no sense for the current state
 * are conflicts (409). Every change also refreshes the owning job.
 */
import { conflict } from '../errors';
import type { TenantData } from '../store';
import { RecordService } from './service';
import type {
	AppointmentAddRequest,
	AppointmentInformation,
	AppointmentRecord,
	AppointmentRescheduleRequest,
	AppointmentSummary,
	JobRecord,
	ReasonMemoRequest,
} from '../types';
import { OFFICE_USER_ID, Problems, requireFound, toMs, toMsOrNull, uniqueIds } from './common';
import { addJobHistory, editJob, jobAppointments, refreshJobFromAppointments, requireJob, touchJob } from './jobRecords';

/** Appointments in these states are finished: no rescheduling, holds or instruction changes. */
const FINISHED = new Set(['Done', 'Canceled']);

export class AppointmentService extends RecordService<AppointmentRecord> {
	protected readonly noun = 'Appointment';

	protected table(data: TenantData) {
		return data.appointments;
	}

	/** Deleted appointments are not found for changes. */
	requireActive(id: number): AppointmentRecord {
		const appointment = this.get(id);
		return requireFound(appointment?.active ? appointment : undefined, 'Appointment', id);
	}

	/** Applies `mutate` to the stored record, stamps modifiedOn and appends to the appointments feed. */
	change(id: number, now: number, mutate: (appointment: AppointmentRecord) => void): AppointmentRecord {
		const appointment = this.edit(id);
		mutate(appointment);
		appointment.modifiedOn = now;
		this.data.recordChange('appointments', this.data.appointments.slotOf(id), now);
		return appointment;
	}

	/** Start before end, arrival window start before its end. */
	checkTimes(times: { start?: string; end?: string; arrivalWindowStart?: string | null; arrivalWindowEnd?: string | null }, prefix: string, problems: Problems): void {
		const field = (name: string) => (prefix ? `${prefix}.${name}` : name);
		if (times.start !== undefined && times.end !== undefined) {
			problems.check(toMs(times.end) > toMs(times.start), field('end'), 'The end must be after the start.');
		}
		if (times.arrivalWindowStart && times.arrivalWindowEnd) {
			problems.check(
				toMs(times.arrivalWindowEnd) >= toMs(times.arrivalWindowStart),
				field('arrivalWindowEnd'),
				'The arrival window must end after it starts.',
			);
		}
	}

	/** Creates an appointment on a stored job (job booking and Appointments_Add). */
	insertForJob(job: JobRecord, information: AppointmentInformation & { specialInstructions?: string | null }, actorId: number, now: number): AppointmentRecord {
		const data = this.data;
		const appointment = data.appointments.insert((id) => ({
			id,
			jobId: job.id,
			appointmentNumber: `${job.jobNumber}-${job.appointmentIds.length + 1}`,
			start: toMs(information.start),
			end: toMs(information.end),
			arrivalWindowStart: toMsOrNull(information.arrivalWindowStart),
			arrivalWindowEnd: toMsOrNull(information.arrivalWindowEnd),
			status: 'Scheduled',
			specialInstructions: information.specialInstructions ?? null,
			createdOn: now,
			modifiedOn: now,
			customerId: job.customerId,
			unused: false,
			createdById: actorId,
			isConfirmed: false,
			active: true,
			technicianIds: uniqueIds(information.technicianIds ?? []),
			hold: null,
			hasTimesheets: false,
			summaries: [],
		}));
		job.appointmentIds.push(appointment.id);
		data.recordChange('appointments', data.appointments.slotOf(appointment.id), now);
		return appointment;
	}

	add(request: AppointmentAddRequest, actorId = OFFICE_USER_ID): AppointmentRecord {
		const current = requireJob(this.data, request.jobId, 'jobId');
		const problems = new Problems();
		this.checkTimes(request, '', problems);
		problems.throwIfAny();
		if (current.jobStatus === 'Canceled' || current.jobStatus === 'Completed') {
			throw conflict(`Job ${request.jobId} is ${current.jobStatus.toLowerCase()}; appointments cannot be added.`);
		}
		const now = this.data.now();
		const job = editJob(this.data, request.jobId);
		const appointment = this.insertForJob(job, request, actorId, now);
		refreshJobFromAppointments(this.data, job);
		addJobHistory(this.data, job, 'Appointment Added', actorId, now);
		touchJob(this.data, job, now);
		return appointment;
	}

	/** Refreshes the owning job after an appointment change (status, counts, modifiedOn, history). */
	private afterChange(appointment: AppointmentRecord, now: number, historyEvent?: string, memo = ''): void {
		const job = editJob(this.data, appointment.jobId);
		refreshJobFromAppointments(this.data, job);
		if (historyEvent) addJobHistory(this.data, job, historyEvent, OFFICE_USER_ID, now, memo);
		touchJob(this.data, job, now);
	}

	private requireChangeable(id: number, action: string): AppointmentRecord {
		const appointment = this.requireActive(id);
		if (FINISHED.has(appointment.status)) throw conflict(`Appointment ${id} is ${appointment.status}; it cannot be ${action}.`);
		return appointment;
	}

	reschedule(id: number, request: AppointmentRescheduleRequest): AppointmentRecord {
		const current = this.requireChangeable(id, 'rescheduled');
		if (current.status === 'Working') throw conflict(`Appointment ${id} is in progress; it cannot be rescheduled.`);
		const problems = new Problems();
		const start = request.start === undefined ? current.start : toMs(request.start);
		const end = request.end === undefined ? current.end : toMs(request.end);
		problems.check(end > start, 'end', 'The end must be after the start.');
		this.checkTimes(request, '', problems);
		problems.throwIfAny();
		const now = this.data.now();
		const appointment = this.change(id, now, (stored) => {
			stored.start = start;
			stored.end = end;
			if (request.arrivalWindowStart !== undefined) stored.arrivalWindowStart = toMsOrNull(request.arrivalWindowStart);
			if (request.arrivalWindowEnd !== undefined) stored.arrivalWindowEnd = toMsOrNull(request.arrivalWindowEnd);
		});
		this.afterChange(appointment, now, 'Job Rescheduled');
		return appointment;
	}

	hold(id: number, request: ReasonMemoRequest): void {
		const current = this.requireChangeable(id, 'put on hold');
		const problems = new Problems();
		problems.check(this.data.holdReasons.get(request.reasonId)?.active === true, 'reasonId', `Hold reason ${request.reasonId} does not exist or is inactive.`);
		problems.throwIfAny();
		if (current.status === 'Hold') throw conflict(`Appointment ${id} is already on hold.`);
		const now = this.data.now();
		const appointment = this.change(id, now, (stored) => {
			stored.status = 'Hold';
			stored.hold = { reasonId: request.reasonId, memo: request.memo };
		});
		this.afterChange(appointment, now, 'Job Put On Hold', request.memo);
	}

	removeHold(id: number): void {
		const current = this.requireActive(id);
		if (current.status !== 'Hold') throw conflict(`Appointment ${id} is not on hold.`);
		const now = this.data.now();
		const appointment = this.change(id, now, (stored) => {
			stored.status = 'Scheduled';
			stored.hold = null;
		});
		this.afterChange(appointment, now, 'Job Hold Removed');
	}

	updateSpecialInstructions(id: number, specialInstructions: string): AppointmentRecord {
		this.requireChangeable(id, 'changed');
		return this.change(id, this.data.now(), (stored) => {
			stored.specialInstructions = specialInstructions;
		});
	}

	setConfirmation(id: number, confirmed: boolean): void {
		const current = this.requireActive(id);
		if (current.isConfirmed === confirmed) {
			throw conflict(confirmed ? `Appointment ${id} is already confirmed.` : `Appointment ${id} is not confirmed.`);
		}
		this.change(id, this.data.now(), (stored) => {
			stored.isConfirmed = confirmed;
		});
	}

	/** One work summary per technician; setting it again replaces the notes. */
	setSummary(id: number, technicianId: number, notes: string): AppointmentSummary {
		this.requireActive(id);
		const now = this.data.now();
		let summary: AppointmentSummary | undefined;
		this.change(id, now, (stored) => {
			summary = stored.summaries.find((existing) => existing.technicianId === technicianId);
			if (summary) {
				summary.notes = notes;
				summary.modifiedOn = now;
			} else {
				summary = { technicianId, notes, createdOn: now, modifiedOn: now };
				stored.summaries.push(summary);
			}
		});
		return summary as AppointmentSummary;
	}

	delete(id: number): void {
		const current = this.requireActive(id);
		const job = requireJob(this.data, current.jobId);
		const activeCount = jobAppointments(this.data, job).filter((appointment) => appointment.active).length;
		if (activeCount <= 1) throw conflict(`Appointment ${id} is the job's only appointment and cannot be deleted.`);
		if (current.hasTimesheets) throw conflict(`Appointment ${id} has timesheets and cannot be deleted.`);
		const now = this.data.now();
		const appointment = this.change(id, now, (stored) => {
			stored.active = false;
		});
		this.afterChange(appointment, now, 'Appointment Deleted');
	}
}
