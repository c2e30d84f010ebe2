/** Projects: create/update, notes, and attaching/detaching jobs (a job belongs to at most one project). */
import { badRequest } from '../errors';
import { LOCATION_OFFSET } from '../ids';
import type { TenantData } from '../store';
import type { CreateProjectRequest, JobRecord, NoteCreateRequest, NoteRecord, ProjectRecord, UpdateProjectRequest } from '../types';
import {
	checkCustomFields,
	checkForeignId,
	createExternalData,
	OFFICE_USER_ID,
	patchExternalData,
	Problems,
	toMsOrNull,
	uniqueIds,
} from './common';
import { editJob, requireJob, touchJob } from './jobRecords';
import { RecordService } from './service';
import { activeNotes, addNote, projectNoteShelf } from './notes';

export class ProjectService extends RecordService<ProjectRecord> {
	protected readonly noun = 'Project';

	protected table(data: TenantData) {
		return data.projects;
	}

	private touch(project: ProjectRecord, now: number): void {
		project.modifiedOn = now;
		this.data.recordChange('projects', this.data.projects.slotOf(project.id), now);
	}

	/** Status, sub-status (must belong to the status), type and custom fields. */
	private checkReferences(
		request: { statusId?: number | null; subStatusId?: number | null; projectTypeId?: number | null },
		currentStatusId: number | null,
		problems: Problems,
	): number | null {
		const data = this.data;
		let statusId = request.statusId ?? currentStatusId;
		if (request.statusId !== undefined && request.statusId !== null) {
			problems.check(data.projectStatuses.has(request.statusId), 'statusId', `Project status ${request.statusId} does not exist.`);
		}
		if (request.subStatusId !== undefined && request.subStatusId !== null) {
			const subStatus = data.projectSubStatuses.get(request.subStatusId);
			if (!subStatus) problems.add('subStatusId', `Project sub-status ${request.subStatusId} does not exist.`);
			else if (request.statusId === undefined || request.statusId === null) statusId = subStatus.statusId;
			else if (subStatus.statusId !== request.statusId) {
				problems.add('subStatusId', `Sub-status ${request.subStatusId} does not belong to status ${request.statusId}.`);
			}
		}
		if (request.projectTypeId !== undefined && request.projectTypeId !== null) {
			problems.check(data.projectTypes.has(request.projectTypeId), 'projectTypeId', `Project type ${request.projectTypeId} does not exist.`);
		}
		return statusId;
	}

	create(request: CreateProjectRequest, actorId = OFFICE_USER_ID): ProjectRecord {
		const problems = new Problems();
		checkForeignId(request.locationId, 'locationId', problems);
		checkForeignId(request.customerId, 'customerId', problems);
		const statusId = this.checkReferences(request, null, problems);
		const customFields = checkCustomFields(this.data.projectCustomFieldTypes, request.customFields ?? [], 'customFields', problems);
		problems.throwIfAny();
		const now = this.data.now();
		const project = this.data.projects.insert((id) => ({
			id,
			number: String(id),
			name: request.name ?? null,
			summary: request.summary ?? null,
			statusId,
			subStatusId: request.subStatusId ?? null,
			// Locations belong to one customer; the simulator numbers them from their customer.
			customerId: request.customerId ?? (request.locationId > LOCATION_OFFSET ? request.locationId - LOCATION_OFFSET : request.locationId),
			locationId: request.locationId,
			projectTypeId: request.projectTypeId ?? null,
			projectManagerIds: uniqueIds(request.projectManagerIds ?? []),
			businessUnitIds: uniqueIds(request.businessUnitIds ?? []),
			startDate: toMsOrNull(request.startDate),
			targetCompletionDate: toMsOrNull(request.targetCompletionDate),
			actualCompletionDate: toMsOrNull(request.actualCompletionDate),
			createdOn: now,
			createdById: actorId,
			modifiedOn: now,
			customFields,
			externalData: createExternalData(request.externalData),
			jobIds: [],
		}));
		this.touch(project, now);
		return project;
	}

	update(id: number, request: UpdateProjectRequest): ProjectRecord {
		const current = this.require(id);
		const problems = new Problems();
		const statusId = this.checkReferences(request, current.statusId, problems);
		const customFields = request.customFields && checkCustomFields(this.data.projectCustomFieldTypes, request.customFields, 'customFields', problems);
		(request.jobIds ?? []).forEach((jobId, index) => {
			problems.check(this.data.jobs.has(jobId), `jobIds[${index}]`, `Job ${jobId} does not exist.`);
		});
		problems.throwIfAny();

		const now = this.data.now();
		const project = this.edit(id);
		if (request.name !== undefined) project.name = request.name;
		if (request.summary !== undefined) project.summary = request.summary;
		if (request.statusId !== undefined || request.subStatusId !== undefined) {
			project.statusId = statusId;
			project.subStatusId = request.subStatusId ?? (request.statusId !== undefined && request.statusId !== current.statusId ? null : project.subStatusId);
		}
		if (request.projectTypeId !== undefined) project.projectTypeId = request.projectTypeId;
		if (request.projectManagerIds !== undefined) project.projectManagerIds = uniqueIds(request.projectManagerIds);
		if (request.businessUnitIds !== undefined) project.businessUnitIds = uniqueIds(request.businessUnitIds);
		if (request.startDate !== undefined) project.startDate = toMsOrNull(request.startDate);
		if (request.targetCompletionDate !== undefined) project.targetCompletionDate = toMsOrNull(request.targetCompletionDate);
		if (request.actualCompletionDate !== undefined) project.actualCompletionDate = toMsOrNull(request.actualCompletionDate);
		if (customFields) project.customFields = customFields;
		if (request.externalData) project.externalData = patchExternalData(project.externalData, request.externalData);
		if (request.jobIds !== undefined) {
			const wanted = uniqueIds(request.jobIds);
			for (const jobId of project.jobIds.filter((existing) => !wanted.includes(existing))) {
				this.unlinkJob(editJob(this.data, jobId), now);
			}
			for (const jobId of wanted.filter((candidate) => !project.jobIds.includes(candidate))) {
				this.linkJob(editJob(this.data, jobId), id, now);
			}
		}
		this.touch(project, now);
		return project;
	}

	/** Puts a stored job into a project, moving it out of any other project. */
	linkJob(job: JobRecord, projectId: number, now: number): void {
		if (job.projectId === projectId) return;
		if (job.projectId !== null) this.unlinkJob(job, now);
		const project = this.edit(projectId);
		project.jobIds.push(job.id);
		job.projectId = projectId;
		this.touch(project, now);
		touchJob(this.data, job, now);
	}

	unlinkJob(job: JobRecord, now: number): void {
		if (job.projectId === null) return;
		const project = this.data.projects.materialize(job.projectId);
		if (project) {
			project.jobIds = project.jobIds.filter((jobId) => jobId !== job.id);
			this.touch(project, now);
		}
		job.projectId = null;
		touchJob(this.data, job, now);
	}

	attachJob(projectId: number, jobId: number): void {
		this.require(projectId);
		requireJob(this.data, jobId, 'jobId');
		this.linkJob(editJob(this.data, jobId), projectId, this.data.now());
	}

	detachJob(jobId: number): void {
		const current = requireJob(this.data, jobId, 'jobId');
		if (current.projectId === null) throw badRequest('jobId', `Job ${jobId} is not attached to a project.`);
		this.unlinkJob(editJob(this.data, jobId), this.data.now());
	}

	addNote(projectId: number, request: NoteCreateRequest, actorId = OFFICE_USER_ID): NoteRecord {
		this.require(projectId);
		return addNote(this.data, projectNoteShelf(this.data), projectId, request, actorId);
	}

	notes(projectId: number): NoteRecord[] {
		this.require(projectId);
		return activeNotes(projectNoteShelf(this.data), projectId);
	}
}
