/** Jobs and JobEquipment operations. */
import { appKey, PRIORITIES } from '../domain/common';
import { badRequest } from '../errors';
import { MAX_LOOKUP_VALUES, pageArray, type Params, readPaging } from '../query';
import {
	activeAppointmentsOf,
	renderCanceledLog,
	renderCustomFieldType,
	renderHistoryItem,
	renderJob,
	renderNote,
} from '../render';
import { isoUtc } from '../clock';
import type { TenantData } from '../store';
import type {
	AppointmentStatus,
	CustomFieldTypeRecord,
	ExternalDataByApp,
	JobCreateRequest,
	JobRecord,
	NoteCreateRequest,
	ReasonMemoRequest,
	UpdateJobRequest,
} from '../types';
import { bodyOf, created, type HandlerContext, type HandlerTable, listQuery, noContent, ok, pagedList } from './context';

/**
 * `externalDataApplicationGuid` + `externalDataKey` + `externalDataValues` (≤ 50): records whose
 * external data (written by that application) has the key with one of the values.
 */
export function externalDataFilter<T extends { externalData: ExternalDataByApp }>(params: Params): ((record: T) => boolean) | undefined {
	const key = params.string('externalDataKey');
	const values = params.csv('externalDataValues', MAX_LOOKUP_VALUES);
	if (key === undefined && values === undefined) return undefined;
	if (key === undefined) throw badRequest('externalDataKey', "'externalDataKey' must be provided with 'externalDataValues'.");
	if (values === undefined) throw badRequest('externalDataValues', "'externalDataValues' must be provided with 'externalDataKey'.");
	const guid = params.string('externalDataApplicationGuid');
	if (guid === undefined) throw badRequest('externalDataApplicationGuid', 'External data lookups need externalDataApplicationGuid.');
	const application = appKey(guid);
	const wanted = new Set(values);
	return (record) => (record.externalData[application] ?? []).some((item) => item.key === key && wanted.has(item.value));
}

/** Catalogue lists with created/modified filters and Id/ModifiedOn/CreatedOn or Id/Name sorting. */
export function customFieldTypeList(context: HandlerContext, table: (data: TenantData) => TenantData['jobCustomFieldTypes']) {
	const query = listQuery<CustomFieldTypeRecord>(context)
		.dates('created', (type) => type.createdOn)
		.dates('modified', (type) => type.modifiedOn)
		.sortable({ Id: (type) => type.id, Name: (type) => type.name.toLowerCase() });
	return ok(pagedList(context, query, table(context.store.data), renderCustomFieldType));
}

function priorityRank(priority: string): number {
	const index = PRIORITIES.findIndex((candidate) => candidate.toLowerCase() === priority.toLowerCase());
	return index === -1 ? PRIORITIES.length : index;
}

function listJobs(context: HandlerContext) {
	const { params, store } = context;
	const data = store.data;
	const appointments = (job: JobRecord) => activeAppointmentsOf(data, job);
	const appointmentStatus = params.string('appointmentStatus') as AppointmentStatus | undefined;
	const technicianId = params.number('technicianId');
	const priority = params.string('priority')?.toLowerCase();
	const query = listQuery<JobRecord>(context)
		.ids()
		.equals('number', (job) => job.jobNumber)
		.equals('projectId', (job) => job.projectId)
		.equals('bookingId', (job) => job.bookingId)
		.equals('jobStatus', (job) => job.jobStatus)
		.equals('customerId', (job) => job.customerId)
		.equals('locationId', (job) => job.locationId)
		.equals('soldById', (job) => job.soldById)
		.equals('jobTypeId', (job) => job.jobTypeId)
		.equals('campaignId', (job) => job.campaignId)
		.equals('businessUnitId', (job) => job.businessUnitId)
		.equals('invoiceId', (job) => job.invoiceId)
		.equals('createdFromEstimateId', (job) => job.createdFromEstimateId)
		.where(priority === undefined ? undefined : (job) => job.priority.toLowerCase() === priority)
		.where(appointmentStatus && ((job) => appointments(job).some((appointment) => appointment.status === appointmentStatus)))
		.where(technicianId === undefined ? undefined : (job) => appointments(job).some((appointment) => appointment.technicianIds.includes(technicianId)))
		.where(params.boolean('hasUnusedAppointments') === undefined ? undefined : (job) => appointments(job).some((appointment) => appointment.unused) === params.boolean('hasUnusedAppointments'))
		.overlaps('estimateIds', (job) => job.estimateIds)
		.overlaps('tagTypeIds', (job) => job.tagTypeIds)
		.overlaps('equipmentIds', (job) => job.equipmentIds)
		.dates('firstAppointmentStarts', (job) => appointments(job)[0]?.start ?? null)
		.dates('appointmentStarts', (job) => appointments(job).map((appointment) => appointment.start))
		.dates('created', (job) => job.createdOn)
		.dates('modified', (job) => job.modifiedOn)
		.dates('completed', (job) => job.completedOn)
		.where(externalDataFilter<JobRecord>(params))
		.sortable({
			Id: (job) => job.id,
			ModifiedOn: (job) => job.modifiedOn,
			CreatedOn: (job) => job.createdOn,
			Priority: (job) => priorityRank(job.priority),
		});
	const guid = params.string('externalDataApplicationGuid');
	return ok(pagedList(context, query, data.jobs, (job) => renderJob(data, job, guid)));
}

/** `ids` is required on the per-job reason lookups; unknown ids are skipped. */
function jobsByIds(context: HandlerContext): JobRecord[] {
	const ids = context.params.idList('ids', MAX_LOOKUP_VALUES) ?? [];
	return ids.map((id) => context.store.jobs.get(id)).filter((job): job is JobRecord => job !== undefined);
}

/** The two reason lookups answer a single page holding every match. */
function singlePage<T>(items: T[]) {
	return { page: 1, pageSize: Math.max(items.length, 1), hasMore: false, totalCount: items.length, data: items };
}

function holdReasons(context: HandlerContext) {
	const data = context.store.data;
	const reasonName = (reasonId: number) => data.holdReasons.get(reasonId)?.name ?? '';
	const results = jobsByIds(context).flatMap((job) => {
		const held = activeAppointmentsOf(data, job).filter((appointment) => appointment.status === 'Hold' && appointment.hold);
		if (held.length === 0) return [];
		const latest = held[held.length - 1];
		const hold = latest.hold ?? { reasonId: 0, memo: '' };
		return [
			{
				jobId: job.id,
				reasonId: hold.reasonId,
				name: reasonName(hold.reasonId),
				text: hold.memo,
				appointmentHoldReasons: held.map((appointment) => ({
					appointmentId: appointment.id,
					reasonId: appointment.hold?.reasonId ?? 0,
					name: reasonName(appointment.hold?.reasonId ?? 0),
					text: appointment.hold?.memo ?? '',
				})),
			},
		];
	});
	return ok(singlePage(results));
}

function cancelReasons(context: HandlerContext) {
	const { store } = context;
	const results = jobsByIds(context).flatMap((job) => {
		if (job.jobStatus !== 'Canceled') return [];
		const log = store.jobs.canceledLogs(job.id).filter((candidate) => candidate.active).pop();
		if (!log) return [];
		const name = store.data.cancelReasons.get(log.reasonId)?.name ?? '';
		return [{ jobId: job.id, reasonId: log.reasonId, name, text: log.memo ?? '' }];
	});
	return ok(singlePage(results));
}

function bookedLog(context: HandlerContext) {
	const job = context.store.jobs.require(context.params.id());
	const log = job.bookedLog;
	return ok({
		id: log.id,
		jobId: job.id,
		jobAppointmentId: log.appointmentId,
		start: isoUtc(log.start),
		arrivalWindowStart: log.arrivalWindowStart === null ? null : isoUtc(log.arrivalWindowStart),
		arrivalWindowEnd: log.arrivalWindowEnd === null ? null : isoUtc(log.arrivalWindowEnd),
		createdOn: isoUtc(log.createdOn),
		createdById: log.createdById,
		active: true,
	});
}

export const jobHandlers: HandlerTable = {
	Jobs_GetList: listJobs,
	Jobs_Get: (context) => {
		const job = context.store.jobs.require(context.params.id());
		return ok(renderJob(context.store.data, job, context.params.string('externalDataApplicationGuid')));
	},
	Jobs_Create: (context) => {
		const job = context.store.jobs.create(bodyOf<JobCreateRequest>(context), context.actorId);
		return created(renderJob(context.store.data, job, bodyOf<JobCreateRequest>(context).externalData?.applicationGuid));
	},
	Jobs_Update: (context) => {
		const request = bodyOf<UpdateJobRequest>(context);
		const job = context.store.jobs.update(context.params.id(), request);
		return ok(renderJob(context.store.data, job, request.externalData?.applicationGuid));
	},
	Jobs_Cancel: (context) => {
		context.store.jobs.cancel(context.params.id(), bodyOf<ReasonMemoRequest>(context), context.actorId);
		return ok();
	},
	Jobs_RemoveCancellation: (context) => {
		context.store.jobs.removeCancellation(context.params.id(), context.actorId);
		return ok();
	},
	Jobs_GetNotes: (context) => ok(pageArray(context.store.jobs.notes(context.params.id()), readPaging(context.params), renderNote)),
	Jobs_CreateNote: (context) =>
		created(renderNote(context.store.jobs.addNote(context.params.id(), bodyOf<NoteCreateRequest>(context), context.actorId))),
	Jobs_GetHoldReasons: holdReasons,
	Jobs_GetCancelReasons: cancelReasons,
	Jobs_GetHistory: (context) => ok({ history: context.store.jobs.history(context.params.id()).map(renderHistoryItem) }),
	Jobs_GetJobCanceledLogs: (context) =>
		ok(pageArray(context.store.jobs.canceledLogs(context.params.id()), readPaging(context.params), renderCanceledLog)),
	Jobs_GetBookedLog: bookedLog,
	Jobs_GetCustomFieldTypes: (context) => customFieldTypeList(context, (data) => data.jobCustomFieldTypes),

	JobEquipment_Get: (context) => ok({ equipmentIds: context.store.jobs.require(context.params.id()).equipmentIds }),
	JobEquipment_Attach: (context) => {
		const { equipmentIds } = bodyOf<{ equipmentIds: number[] }>(context);
		return ok({ equipmentIds: context.store.jobs.attachEquipment(context.params.id(), equipmentIds) });
	},
	JobEquipment_DetachBulk: (context) => {
		context.store.jobs.detachEquipment(context.params.id(), bodyOf<{ equipmentIds: number[] }>(context).equipmentIds, false);
		return noContent();
	},
	JobEquipment_Detach: (context) => {
		context.store.jobs.detachEquipment(context.params.id(), [context.params.id('equipmentId')], true);
		return noContent();
	},
};
