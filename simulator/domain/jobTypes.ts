/** Job types: the only catalogue the JPM API can write. */
import type { TenantData } from '../store';
import { RecordService } from './service';
import type { CreateJobTypeRequest, JobTypeRecord, UpdateJobTypeRequest } from '../types';
import { createExternalData, normalisePriority, patchExternalData, Problems, uniqueIds } from './common';

export class JobTypeService extends RecordService<JobTypeRecord> {
	protected readonly noun = 'Job type';

	protected table(data: TenantData) {
		return data.jobTypes;
	}

	/** Names are unique per tenant (case-insensitive); custom field types must exist. */
	private check(name: string | undefined, customFieldTypeIds: readonly number[] | undefined, exceptId: number | null, problems: Problems): void {
		if (name !== undefined) {
			problems.check(name.trim() !== '', 'name', 'The name field is required.');
			const clash = this.data.jobTypes
				.toArray()
				.find((jobType) => jobType.id !== exceptId && jobType.name.toLowerCase() === name.trim().toLowerCase());
			problems.check(!clash, 'name', `A job type named '${name}' already exists.`);
		}
		(customFieldTypeIds ?? []).forEach((typeId, index) => {
			problems.check(this.data.jobCustomFieldTypes.has(typeId), `customFieldTypeIds[${index}]`, `Custom field type ${typeId} does not exist.`);
		});
	}

	create(request: CreateJobTypeRequest): JobTypeRecord {
		const problems = new Problems();
		this.check(request.name, request.customFieldTypeIds ?? undefined, null, problems);
		const priority = request.priority ? normalisePriority(request.priority, 'priority', problems) : 'Normal';
		problems.throwIfAny();
		const now = this.data.now();
		const jobType = this.data.jobTypes.insert((id) => ({
			id,
			name: request.name.trim(),
			businessUnitIds: uniqueIds(request.businessUnitIds ?? []),
			skills: request.skills ?? [],
			tagTypeIds: uniqueIds(request.tagTypeIds ?? []),
			priority,
			duration: request.duration ?? 60,
			soldThreshold: request.soldThreshold ?? null,
			class: request.class ?? '',
			summary: request.summary ?? '',
			noCharge: request.noCharge ?? false,
			enforceRecurringServiceEventSelection: request.enforceRecurringServiceEventSelection ?? false,
			invoiceSignaturesRequired: request.invoiceSignaturesRequired ?? false,
			createdOn: now,
			modifiedOn: now,
			externalData: createExternalData(request.externalData),
			active: true,
			isSmartDispatched: false,
			defaultEstimateSoldAction: request.defaultEstimateSoldAction ?? 'None',
			customFieldTypeIds: uniqueIds(request.customFieldTypeIds ?? []),
		}));
		this.data.bumpVersion();
		return jobType;
	}

	update(id: number, request: UpdateJobTypeRequest): JobTypeRecord {
		this.require(id);
		const problems = new Problems();
		this.check(request.name, request.customFieldTypeIds, id, problems);
		const priority = request.priority === undefined ? undefined : normalisePriority(request.priority, 'priority', problems);
		problems.throwIfAny();
		const jobType = this.edit(id);
		if (request.name !== undefined) jobType.name = request.name.trim();
		if (request.businessUnitIds !== undefined) jobType.businessUnitIds = uniqueIds(request.businessUnitIds);
		if (request.skills !== undefined) jobType.skills = [...request.skills];
		if (request.tagTypeIds !== undefined) jobType.tagTypeIds = uniqueIds(request.tagTypeIds);
		if (priority !== undefined) jobType.priority = priority;
		if (request.duration !== undefined) jobType.duration = request.duration;
		if (request.soldThreshold !== undefined) jobType.soldThreshold = request.soldThreshold;
		if (request.class !== undefined) jobType.class = request.class;
		if (request.summary !== undefined) jobType.summary = request.summary;
		if (request.noCharge !== undefined) jobType.noCharge = request.noCharge;
		if (request.enforceRecurringServiceEventSelection !== undefined) {
			jobType.enforceRecurringServiceEventSelection = request.enforceRecurringServiceEventSelection;
		}
		if (request.invoiceSignaturesRequired !== undefined) jobType.invoiceSignaturesRequired = request.invoiceSignaturesRequired;
		if (request.defaultEstimateSoldAction !== undefined) jobType.defaultEstimateSoldAction = request.defaultEstimateSoldAction;
		if (request.externalData) jobType.externalData = patchExternalData(jobType.externalData, request.externalData);
		if (request.customFieldTypeIds !== undefined) {
			// Replace (default) sets the list; Merge keeps existing ids and appends new ones.
			jobType.customFieldTypeIds =
				request.customFieldsUpdateMode === 'Merge'
					? uniqueIds([...jobType.customFieldTypeIds, ...request.customFieldTypeIds])
					: uniqueIds(request.customFieldTypeIds);
		}
		jobType.modifiedOn = this.data.now();
		this.data.bumpVersion();
		return jobType;
	}
}
