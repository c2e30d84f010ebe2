/** Projects operations. */
import { activeAppointmentsOf, renderNote, renderProject } from '../render';
import { pageArray, readPaging } from '../query';
import type { CreateProjectRequest, NoteCreateRequest, ProjectRecord, UpdateProjectRequest } from '../types';
import { bodyOf, created, type HandlerContext, type HandlerTable, listQuery, ok, pagedList } from './context';
import { customFieldTypeList, externalDataFilter } from './jobs';

function listProjects(context: HandlerContext) {
	const { params, store } = context;
	const data = store.data;
	const jobsOf = (project: ProjectRecord) => project.jobIds.map((jobId) => data.jobs.get(jobId)).filter((job) => job !== undefined);
	const invoiceId = params.number('invoiceId');
	const technicianId = params.number('technicianId');
	const jobId = params.number('jobId');
	const appointmentId = params.number('appointmentId');
	// `status` is a list of status names; "None" selects projects without a status.
	const statuses = params.csv('status')?.map((name) => name.toLowerCase());
	const statusName = (project: ProjectRecord) =>
		project.statusId === null ? 'none' : (data.projectStatuses.get(project.statusId)?.name.toLowerCase() ?? 'none');
	const query = listQuery<ProjectRecord>(context)
		.ids()
		.equals('customerId', (project) => project.customerId)
		.equals('locationId', (project) => project.locationId)
		.equals('projectTypeId', (project) => project.projectTypeId)
		.where(jobId === undefined ? undefined : (project) => project.jobIds.includes(jobId))
		.where(invoiceId === undefined ? undefined : (project) => jobsOf(project).some((job) => job.invoiceId === invoiceId))
		.where(appointmentId === undefined ? undefined : (project) => jobsOf(project).some((job) => job.appointmentIds.includes(appointmentId)))
		.where(
			technicianId === undefined
				? undefined
				: (project) =>
						jobsOf(project).some((job) => activeAppointmentsOf(data, job).some((appointment) => appointment.technicianIds.includes(technicianId))),
		)
		.where(statuses && ((project) => statuses.includes(statusName(project))))
		.overlaps('projectManagerIds', (project) => project.projectManagerIds)
		.overlaps('businessUnitIds', (project) => project.businessUnitIds)
		.dates('created', (project) => project.createdOn)
		.dates('starts', (project) => project.startDate)
		.dates('completed', (project) => project.actualCompletionDate)
		.dates('targetCompletionDate', (project) => project.targetCompletionDate)
		.dates('modified', (project) => project.modifiedOn)
		.where(externalDataFilter<ProjectRecord>(params))
		.sortable({
			Id: (project) => project.id,
			ModifiedOn: (project) => project.modifiedOn,
			CreatedOn: (project) => project.createdOn,
			Name: (project) => (project.name ?? '').toLowerCase(),
			TargetCompletionDate: (project) => project.targetCompletionDate,
		});
	const guid = params.string('externalDataApplicationGuid');
	return ok(pagedList(context, query, data.projects, (project) => renderProject(data, project, guid)));
}

export const projectHandlers: HandlerTable = {
	Projects_GetList: listProjects,
	Projects_Get: (context) =>
		ok(renderProject(context.store.data, context.store.projects.require(context.params.id()), context.params.string('externalDataApplicationGuid'))),
	Projects_Create: (context) => {
		const request = bodyOf<CreateProjectRequest>(context);
		return created(renderProject(context.store.data, context.store.projects.create(request, context.actorId), request.externalData?.applicationGuid));
	},
	Projects_Update: (context) => {
		const request = bodyOf<UpdateProjectRequest>(context);
		return ok(renderProject(context.store.data, context.store.projects.update(context.params.id(), request), request.externalData?.applicationGuid));
	},
	Projects_GetNotes: (context) => ok(pageArray(context.store.projects.notes(context.params.id()), readPaging(context.params), renderNote)),
	Projects_CreateNote: (context) =>
		created(renderNote(context.store.projects.addNote(context.params.id(), bodyOf<NoteCreateRequest>(context), context.actorId))),
	Projects_AttachJob: (context) => {
		context.store.projects.attachJob(context.params.id(), context.params.id('jobId'));
		return ok();
	},
	Projects_DetachJob: (context) => {
		context.store.projects.detachJob(context.params.id('jobId'));
		return ok();
	},
	Projects_GetCustomFieldTypes: (context) => customFieldTypeList(context, (data) => data.projectCustomFieldTypes),
};
