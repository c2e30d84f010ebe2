/**
 * What a change to a job's appointments or project does to the job record itself: a new modifiedOn and
 * jobs-feed entry, a history event, the derived appointment fields. Functions of the tables, so the
 * appointment and project services use them without knowing the job service.
 */
import { activeAppointmentsOf } from '../render';
import type { TenantData } from '../store';
import type { AppointmentRecord, JobRecord, JobStatus, SchedulingTool } from '../types';
import { requireFound } from './common';

export function requireJob(data: TenantData, id: number, field = 'id'): JobRecord {
	return requireFound(data.jobs.get(id), 'Job', id, field);
}

/** The stored job to change (a seeded job is copied into memory first). */
export function editJob(data: TenantData, id: number, field = 'id'): JobRecord {
	return requireFound(data.jobs.materialize(id), 'Job', id, field);
}

export function jobAppointments(data: TenantData, job: JobRecord): AppointmentRecord[] {
	return job.appointmentIds
		.map((id) => data.appointments.get(id))
		.filter((appointment): appointment is AppointmentRecord => appointment !== undefined);
}

/** Marks the job changed: new modifiedOn and a new entry at the end of the jobs export feed. */
export function touchJob(data: TenantData, job: JobRecord, now: number): void {
	job.modifiedOn = now;
	data.recordChange('jobs', data.jobs.slotOf(job.id), now);
}

export function addJobHistory(
	data: TenantData,
	job: JobRecord,
	eventType: string,
	employeeId: number,
	now: number,
	memo = '',
	tool: SchedulingTool = 'Manual',
): void {
	const slot = data.jobs.slotOf(job.id);
	data.jobHistory.edit(slot).push({ id: data.nextHistoryId(), employeeId, eventType, date: now, usedSchedulingTool: tool, memo });
	data.recordChange('job-history', slot, now);
}

/**
 * Re-derives what a job shows about its appointments: count, first/last by start, and the status
 * (Completed and Canceled stick). Called after every appointment change.
 */
export function refreshJobFromAppointments(data: TenantData, job: JobRecord): void {
	const appointments = activeAppointmentsOf(data, job);
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
