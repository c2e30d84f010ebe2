/** Read-mostly catalogues: job types, cancel/hold reasons, project statuses, sub-statuses and types. */
import { requireFound } from '../domain/common';
import { badRequest } from '../errors';
import {
	renderJobType,
	renderProjectStatus,
	renderProjectSubStatus,
	renderProjectType,
	renderReason,
} from '../render';
import type { Collection } from '../collection';
import type {
	CreateJobTypeRequest,
	JobTypeRecord,
	ProjectStatusRecord,
	ProjectSubStatusRecord,
	ProjectTypeRecord,
	ReasonRecord,
	UpdateJobTypeRequest,
} from '../types';
import { bodyOf, created, type HandlerContext, type HandlerTable, listQuery, ok, pagedList } from './context';

/** Cancel and hold reasons: `active` defaults to Any, Id/ModifiedOn/CreatedOn sorting. */
function reasonList(context: HandlerContext, table: Collection<ReasonRecord>) {
	const query = listQuery<ReasonRecord>(context)
		.active('Any', (reason) => reason.active)
		.dates('created', (reason) => reason.createdOn)
		.dates('modified', (reason) => reason.modifiedOn)
		.sortable({ Id: (reason) => reason.id, ModifiedOn: (reason) => reason.modifiedOn, CreatedOn: (reason) => reason.createdOn });
	return ok(pagedList(context, query, table, renderReason));
}

const JOB_TYPE_ORDER: Record<string, (jobType: JobTypeRecord) => number> = {
	id: (jobType) => jobType.id,
	modifiedon: (jobType) => jobType.modifiedOn,
	createdon: (jobType) => jobType.createdOn,
};

/** Job types sort with `orderBy` (id | modifiedOn | createdOn) and `orderByDirection` (asc/ascending, desc/descending). */
function listJobTypes(context: HandlerContext) {
	const { params } = context;
	const orderBy = params.string('orderBy');
	const direction = params.string('orderByDirection')?.toLowerCase();
	const priority = params.string('priority')?.toLowerCase();
	const minDuration = params.number('minDuration');
	const maxDuration = params.number('maxDuration');
	if (direction !== undefined && !['asc', 'ascending', 'desc', 'descending'].includes(direction)) {
		throw badRequest('orderByDirection', 'orderByDirection must be asc, ascending, desc or descending.');
	}
	const query = listQuery<JobTypeRecord>(context)
		.ids()
		.contains('name', (jobType) => jobType.name)
		.active('True', (jobType) => jobType.active)
		.where(priority === undefined ? undefined : (jobType) => jobType.priority.toLowerCase() === priority)
		.where(minDuration === undefined ? undefined : (jobType) => jobType.duration >= minDuration)
		.where(maxDuration === undefined ? undefined : (jobType) => jobType.duration <= maxDuration)
		.dates('created', (jobType) => jobType.createdOn)
		.dates('modified', (jobType) => jobType.modifiedOn);
	if (orderBy !== undefined) {
		const key = JOB_TYPE_ORDER[orderBy.toLowerCase()];
		if (!key) throw badRequest('orderBy', 'orderBy must be id, modifiedOn or createdOn.');
		query.orderBy(key, direction?.startsWith('desc') === true);
	} else if (direction?.startsWith('desc')) {
		query.orderBy(JOB_TYPE_ORDER.id, true);
	}
	const guid = params.string('externalDataApplicationGuid');
	return ok(pagedList(context, query, context.store.data.jobTypes, (jobType) => renderJobType(jobType, guid)));
}

function listProjectStatuses(context: HandlerContext) {
	const query = listQuery<ProjectStatusRecord>(context)
		.ids()
		.contains('name', (status) => status.name)
		.dates('created', (status) => status.createdOn)
		.dates('modified', (status) => status.modifiedOn)
		.sortable({
			Id: (status) => status.id,
			Name: (status) => status.name.toLowerCase(),
			Order: (status) => status.order,
			ModifiedOn: (status) => status.modifiedOn,
			CreatedOn: (status) => status.createdOn,
		});
	return ok(pagedList(context, query, context.store.data.projectStatuses, renderProjectStatus));
}

function listProjectSubStatuses(context: HandlerContext) {
	const query = listQuery<ProjectSubStatusRecord>(context)
		.ids()
		.contains('name', (subStatus) => subStatus.name)
		.equals('statusId', (subStatus) => subStatus.statusId)
		.active('True', (subStatus) => subStatus.active)
		.dates('created', (subStatus) => subStatus.createdOn)
		.dates('modified', (subStatus) => subStatus.modifiedOn)
		.sortable({
			Id: (subStatus) => subStatus.id,
			Name: (subStatus) => subStatus.name.toLowerCase(),
			Order: (subStatus) => subStatus.order,
			StatusId: (subStatus) => subStatus.statusId,
			ModifiedOn: (subStatus) => subStatus.modifiedOn,
			CreatedOn: (subStatus) => subStatus.createdOn,
		});
	return ok(pagedList(context, query, context.store.data.projectSubStatuses, renderProjectSubStatus));
}

/** A by-id read of a catalogue record. */
function getById<T extends { id: number }>(what: string, table: (context: HandlerContext) => Collection<T>, render: (record: T) => unknown) {
	return (context: HandlerContext) => {
		const id = context.params.id();
		return ok(render(requireFound(table(context).get(id), what, id)));
	};
}

export const catalogHandlers: HandlerTable = {
	JobCancelReasons_GetList: (context) => reasonList(context, context.store.data.cancelReasons),
	JobHoldReasons_Get: (context) => reasonList(context, context.store.data.holdReasons),
	JobTypes_GetList: listJobTypes,
	JobTypes_Get: (context) =>
		ok(renderJobType(context.store.jobTypes.require(context.params.id()), context.params.string('externalDataApplicationGuid'))),
	JobTypes_Create: (context) => {
		const request = bodyOf<CreateJobTypeRequest>(context);
		return created(renderJobType(context.store.jobTypes.create(request), request.externalData?.applicationGuid));
	},
	JobTypes_Update: (context) => {
		const request = bodyOf<UpdateJobTypeRequest>(context);
		return ok(renderJobType(context.store.jobTypes.update(context.params.id(), request), request.externalData?.applicationGuid));
	},
	ProjectStatuses_GetList: listProjectStatuses,
	ProjectStatuses_Get: getById('Project status', (context) => context.store.data.projectStatuses, renderProjectStatus),
	ProjectSubStatuses_GetList: listProjectSubStatuses,
	ProjectSubStatuses_Get: getById('Project sub-status', (context) => context.store.data.projectSubStatuses, renderProjectSubStatus),
	ProjectTypes_GetList: (context) => ok(pagedList(context, listQuery<ProjectTypeRecord>(context), context.store.data.projectTypes, renderProjectType)),
	ProjectTypes_Get: getById('Project type', (context) => context.store.data.projectTypes, renderProjectType),
};
