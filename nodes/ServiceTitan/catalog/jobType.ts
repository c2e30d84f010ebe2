import {
	EXTERNAL_DATA_CREATE,
	EXTERNAL_DATA_GUID,
	EXTERNAL_DATA_UPDATE,
	PAGING,
	PRIORITIES,
	activeFilter,
	createdModifiedFilters,
	field,
	idsFilter,
	pathId,
	query,
} from './common';
import type { FieldSpec, ResourceSpec } from './types';

const JOB_TYPE_ID = pathId('id', { locator: 'jobType', displayName: 'Job Type' });

/** Create and update take the same fields; create requires the name, update adds the custom-field mode. */
function jobTypeFields(create: boolean): FieldSpec[] {
	const fields: FieldSpec[] = [
		field('name', 'string', { required: create, description: 'Name of the job type' }),
		field('businessUnitIds', 'idList', { displayName: 'Business Units', loader: 'businessUnit', description: 'Business units the job type can be booked in' }),
		field('skills', 'stringList', { description: 'Skills a technician needs for this kind of job' }),
		field('tagTypeIds', 'idList', { displayName: 'Tag Type IDs', description: 'Tags applied automatically to jobs booked with this type' }),
		field('priority', 'options', { options: PRIORITIES, description: 'Default urgency of jobs of this type' }),
		field('duration', 'integer', { description: 'Average length of a job of this type, in seconds (the unit the list filters use)' }),
		field('soldThreshold', 'number', { nullable: true, description: 'A job counts as converted when its subtotal reaches this amount' }),
		field('class', 'string', { description: 'Class to group job types by' }),
		field('summary', 'text', { description: 'Text added to the summary of jobs booked with this type' }),
		field('noCharge', 'boolean', { description: 'Whether jobs of this type are no-charge jobs' }),
		field('enforceRecurringServiceEventSelection', 'boolean', {
			description: 'Whether booking a job of this type requires picking a recurring service event',
		}),
		field('invoiceSignaturesRequired', 'boolean', { description: 'Whether invoices of jobs of this type need a signature' }),
		create ? EXTERNAL_DATA_CREATE : EXTERNAL_DATA_UPDATE,
		field('defaultEstimateSoldAction', 'string', { description: 'What happens by default when an estimate on a job of this type is sold' }),
		field('customFieldTypeIds', 'idList', {
			displayName: 'Custom Field Type IDs',
			description: create
				? 'Custom field types shown on jobs of this type, in display order'
				: "Custom field types shown on jobs of this type, in display order. Replaces the whole list unless Custom Fields Update Mode is 'Merge'.",
		}),
	];
	if (!create) {
		fields.push(
			field('customFieldsUpdateMode', 'options', {
				options: ['Replace', 'Merge'],
				nullable: true,
				description: "'Replace' (ServiceTitan's default) swaps in Custom Field Type IDs as the whole list; 'Merge' keeps the current ones and appends",
			}),
		);
	}
	return fields;
}

export const jobTypeResource: ResourceSpec = {
	value: 'jobType',
	name: 'Job Type',
	description: 'Kinds of work a job can be booked as, with default duration, priority, skills and tags',
	operations: [
		{
			operationId: 'JobTypes_Create',
			value: 'create',
			name: 'Create',
			action: 'Create a job type',
			description: 'Create a job type; only the name is required',
			method: 'POST',
			path: '/job-types',
			scope: 'tn.jpm.jobtypes:w',
			parameters: [],
			body: { kind: 'fields', fields: jobTypeFields(true) },
			envelope: { kind: 'single' },
		},
		{
			operationId: 'JobTypes_Get',
			value: 'get',
			name: 'Get',
			action: 'Get a job type',
			description: 'Get one job type by ID',
			method: 'GET',
			path: '/job-types/{id}',
			scope: 'tn.jpm.jobtypes:r',
			parameters: [JOB_TYPE_ID, EXTERNAL_DATA_GUID],
			envelope: { kind: 'single' },
		},
		{
			operationId: 'JobTypes_GetList',
			value: 'getAll',
			name: 'Get Many',
			action: 'Get many job types',
			description: 'List job types, filtered by name, duration, priority, activity and dates',
			method: 'GET',
			path: '/job-types',
			scope: 'tn.jpm.jobtypes:r',
			parameters: [
				query('name', 'string', { description: 'Job type name' }),
				query('minDuration', 'integer', { description: 'Only job types lasting at least this many seconds' }),
				query('maxDuration', 'integer', { description: 'Only job types lasting at most this many seconds' }),
				query('priority', 'options', { options: PRIORITIES }),
				idsFilter('job types'),
				...PAGING,
				activeFilter('Active job types, inactive ones or both (default: active only)'),
				query('orderBy', 'options', { options: ['id', 'modifiedOn', 'createdOn'], description: 'Field to order the job types by' }),
				query('orderByDirection', 'options', { options: ['asc', 'desc'], description: 'Ascending or descending order' }),
				...createdModifiedFilters('job types'),
				EXTERNAL_DATA_GUID,
			],
			envelope: { kind: 'paged' },
		},
		{
			operationId: 'JobTypes_Update',
			value: 'update',
			name: 'Update',
			action: 'Update a job type',
			description: 'Change fields of a job type; only the fields you set are sent',
			method: 'PATCH',
			path: '/job-types/{id}',
			scope: 'tn.jpm.jobtypes:w',
			parameters: [JOB_TYPE_ID],
			body: { kind: 'fields', fields: jobTypeFields(false) },
			envelope: { kind: 'single' },
			notice:
				"Business Unit IDs, Skills, Tag Type IDs and (in 'Replace' mode) Custom Field Type IDs are sent as whole lists, and External Data in 'Replace' mode removes keys you do not send.",
		},
	],
};
