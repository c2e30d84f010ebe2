/**
 * Internal records → the exact response shapes of the vendor document (which forbids extra
 * properties), with UTC ISO timestamps and application-scoped external data.
 */
import { isoUtc } from './clock';
import type { Collection } from './collection';
import { externalDataFor } from './domain/common';
import { segmentItemPath } from './domain/segmentPaths';
import type { TenantData } from './store';
import type {
	AppointmentRecord,
	BudgetCodeRecord,
	CanceledLogRecord,
	CustomFieldTypeRecord,
	CustomFieldValue,
	HistoryEvent,
	JobRecord,
	JobTypeRecord,
	NoteRecord,
	ProjectRecord,
	ProjectStatusRecord,
	ProjectSubStatusRecord,
	ProjectTypeRecord,
	ReasonRecord,
	SegmentItemRecord,
	SegmentRecord,
} from './types';

const isoOrNull = (ms: number | null): string | null => (ms === null ? null : isoUtc(ms));

function customFieldsOf(types: Collection<CustomFieldTypeRecord>, values: CustomFieldValue[]) {
	return values.map((value) => ({ typeId: value.typeId, name: types.get(value.typeId)?.name ?? '', value: value.value }));
}

/** Active appointments of a job, earliest start first. */
export function activeAppointmentsOf(data: TenantData, job: JobRecord): AppointmentRecord[] {
	const appointments: AppointmentRecord[] = [];
	for (const id of job.appointmentIds) {
		const appointment = data.appointments.get(id);
		if (appointment?.active) appointments.push(appointment);
	}
	return appointments.sort((a, b) => a.start - b.start || a.id - b.id);
}

export function renderJob(data: TenantData, job: JobRecord, applicationGuid?: string) {
	return {
		id: job.id,
		jobNumber: job.jobNumber,
		projectId: job.projectId,
		customerId: job.customerId,
		locationId: job.locationId,
		jobStatus: job.jobStatus,
		completedOn: isoOrNull(job.completedOn),
		businessUnitId: job.businessUnitId,
		jobTypeId: job.jobTypeId,
		priority: job.priority,
		campaignId: job.campaignId,
		appointmentCount: job.appointmentCount,
		firstAppointmentId: job.firstAppointmentId,
		lastAppointmentId: job.lastAppointmentId,
		recallForId: job.recallForId,
		warrantyId: job.warrantyId,
		jobGeneratedLeadSource: job.jobGeneratedLeadSource,
		noCharge: job.noCharge,
		notificationsEnabled: job.notificationsEnabled,
		createdOn: isoUtc(job.createdOn),
		createdById: job.createdById,
		modifiedOn: isoUtc(job.modifiedOn),
		tagTypeIds: job.tagTypeIds,
		leadCallId: job.leadCallId,
		partnerLeadCallId: job.partnerLeadCallId,
		bookingId: job.bookingId,
		soldById: job.soldById,
		customerPo: job.customerPo,
		invoiceId: job.invoiceId,
		membershipId: job.membershipId,
		total: job.total,
		createdFromEstimateId: job.createdFromEstimateId,
		estimateIds: job.estimateIds,
		equipmentIds: job.equipmentIds,
		isAutoDispatched: job.isAutoDispatched,
		summary: job.summary,
		customFields: customFieldsOf(data.jobCustomFieldTypes, job.customFields),
		externalData: externalDataFor(job.externalData, applicationGuid),
		summaryOfWork: job.summaryOfWork,
	};
}

/** Export records carry `active`; jobs are never deleted, only canceled. */
export function renderExportJob(data: TenantData, job: JobRecord) {
	return { ...renderJob(data, job), active: true };
}

export function renderAppointment(appointment: AppointmentRecord) {
	return {
		id: appointment.id,
		jobId: appointment.jobId,
		appointmentNumber: appointment.appointmentNumber,
		start: isoUtc(appointment.start),
		end: isoUtc(appointment.end),
		arrivalWindowStart: isoOrNull(appointment.arrivalWindowStart),
		arrivalWindowEnd: isoOrNull(appointment.arrivalWindowEnd),
		status: appointment.status,
		specialInstructions: appointment.specialInstructions,
		createdOn: isoUtc(appointment.createdOn),
		modifiedOn: isoUtc(appointment.modifiedOn),
		customerId: appointment.customerId,
		unused: appointment.unused,
		createdById: appointment.createdById,
		isConfirmed: appointment.isConfirmed,
		active: appointment.active,
		appointmentSummaries: appointment.summaries.map((summary) => renderAppointmentSummary(appointment, summary)),
	};
}

export function renderAppointmentSummary(appointment: AppointmentRecord, summary: AppointmentRecord['summaries'][number]) {
	return {
		createdOn: isoUtc(summary.createdOn),
		jobAppointmentId: appointment.id,
		jobId: appointment.jobId,
		modifiedOn: isoUtc(summary.modifiedOn),
		notes: summary.notes,
		technicianId: summary.technicianId,
	};
}

export function renderProject(data: TenantData, project: ProjectRecord, applicationGuid?: string) {
	return {
		id: project.id,
		number: project.number,
		name: project.name,
		summary: project.summary,
		status: project.statusId === null ? null : (data.projectStatuses.get(project.statusId)?.name ?? null),
		statusId: project.statusId,
		subStatus: project.subStatusId === null ? null : (data.projectSubStatuses.get(project.subStatusId)?.name ?? null),
		subStatusId: project.subStatusId,
		customerId: project.customerId,
		locationId: project.locationId,
		projectTypeId: project.projectTypeId,
		projectManagerIds: project.projectManagerIds,
		businessUnitIds: project.businessUnitIds,
		startDate: isoOrNull(project.startDate),
		targetCompletionDate: isoOrNull(project.targetCompletionDate),
		actualCompletionDate: isoOrNull(project.actualCompletionDate),
		modifiedOn: isoUtc(project.modifiedOn),
		createdOn: isoUtc(project.createdOn),
		customFields: customFieldsOf(data.projectCustomFieldTypes, project.customFields),
		externalData: externalDataFor(project.externalData, applicationGuid),
		jobIds: project.jobIds,
	};
}

export function renderExportProject(data: TenantData, project: ProjectRecord) {
	return { ...renderProject(data, project), active: true };
}

export function renderNote(note: NoteRecord) {
	return {
		text: note.text,
		isPinned: note.isPinned,
		createdById: note.createdById,
		createdOn: isoUtc(note.createdOn),
		modifiedOn: isoUtc(note.modifiedOn),
	};
}

export function renderExportNote(note: NoteRecord, owner: 'jobId' | 'projectId') {
	return { id: note.id, active: note.active, ...renderNote(note), [owner]: note.ownerId };
}

export function renderCanceledLog(log: CanceledLogRecord) {
	return {
		id: log.id,
		jobId: log.jobId,
		reasonId: log.reasonId,
		memo: log.memo,
		createdOn: isoUtc(log.createdOn),
		createdById: log.createdById,
		active: log.active,
	};
}

export function renderHistoryItem(event: HistoryEvent) {
	return {
		id: event.id,
		employeeId: event.employeeId,
		eventType: event.eventType,
		date: isoUtc(event.date),
		usedSchedulingTool: event.usedSchedulingTool,
		memo: event.memo,
	};
}

/** The export feed's history entries have no memo. */
export function renderExportHistory(jobId: number, events: HistoryEvent[]) {
	return {
		jobId,
		history: events.map((event) => ({
			id: event.id,
			employeeId: event.employeeId,
			eventType: event.eventType,
			date: isoUtc(event.date),
			usedSchedulingTool: event.usedSchedulingTool,
		})),
	};
}

export function renderJobType(jobType: JobTypeRecord, applicationGuid?: string) {
	return {
		id: jobType.id,
		name: jobType.name,
		businessUnitIds: jobType.businessUnitIds,
		skills: jobType.skills,
		tagTypeIds: jobType.tagTypeIds,
		priority: jobType.priority,
		duration: jobType.duration,
		soldThreshold: jobType.soldThreshold,
		class: jobType.class,
		summary: jobType.summary,
		noCharge: jobType.noCharge,
		enforceRecurringServiceEventSelection: jobType.enforceRecurringServiceEventSelection,
		invoiceSignaturesRequired: jobType.invoiceSignaturesRequired,
		modifiedOn: isoUtc(jobType.modifiedOn),
		createdOn: isoUtc(jobType.createdOn),
		externalData: externalDataFor(jobType.externalData, applicationGuid),
		active: jobType.active,
		isSmartDispatched: jobType.isSmartDispatched,
		defaultEstimateSoldAction: jobType.defaultEstimateSoldAction,
		customFieldTypeIds: jobType.customFieldTypeIds,
	};
}

export function renderReason(reason: ReasonRecord) {
	return {
		id: reason.id,
		name: reason.name,
		active: reason.active,
		createdOn: isoUtc(reason.createdOn),
		modifiedOn: isoUtc(reason.modifiedOn),
	};
}

export function renderProjectStatus(status: ProjectStatusRecord) {
	return { id: status.id, name: status.name, order: status.order, modifiedOn: isoUtc(status.modifiedOn) };
}

export function renderProjectSubStatus(subStatus: ProjectSubStatusRecord) {
	return {
		id: subStatus.id,
		name: subStatus.name,
		statusId: subStatus.statusId,
		order: subStatus.order,
		modifiedOn: isoUtc(subStatus.modifiedOn),
		active: subStatus.active,
	};
}

export function renderProjectType(type: ProjectTypeRecord) {
	return { id: type.id, name: type.name, description: type.description, createdById: type.createdById };
}

export function renderCustomFieldType(type: CustomFieldTypeRecord) {
	return {
		id: type.id,
		name: type.name,
		dataType: type.dataType,
		dataTypeOptions: type.dataTypeOptions,
		createdOn: isoUtc(type.createdOn),
		modifiedOn: isoUtc(type.modifiedOn),
	};
}

export function renderSegment(segment: SegmentRecord) {
	return {
		id: segment.id,
		name: segment.name,
		type: segment.type,
		structure: segment.structure,
		isActive: segment.isActive,
		isRequired: segment.isRequired,
	};
}

export function renderSegmentItem(data: TenantData, item: SegmentItemRecord) {
	return {
		id: item.id,
		parentId: item.parentId,
		code: item.code,
		description: item.description,
		path: segmentItemPath(data, item),
		costCategory: item.costCategory,
		isActive: item.isActive,
	};
}

export function renderBudgetCode(data: TenantData, code: BudgetCodeRecord) {
	return {
		id: code.id,
		code: code.code,
		description: code.description,
		segments: code.segments.map((reference) => {
			const item = reference.segmentItemId === null ? undefined : data.segmentItems.get(reference.segmentItemId);
			return {
				segmentId: reference.segmentId,
				segmentItemId: reference.segmentItemId,
				code: item?.code ?? null,
				path: item ? segmentItemPath(data, item) : null,
			};
		}),
	};
}
