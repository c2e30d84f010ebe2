/** Building blocks the resource files share, so a parameter used by many operations is written once. */
import type { FieldSpec, OperationSpec, ParameterSpec } from './types';

type Extra = Partial<Omit<ParameterSpec, 'name' | 'in' | 'type'>>;

export function pathId(name: string, extra: Extra = {}): ParameterSpec {
	return { name, in: 'path', type: 'id', required: true, ...extra };
}

export function query(name: string, type: ParameterSpec['type'], extra: Extra = {}): ParameterSpec {
	return { name, in: 'query', type, ...extra };
}

/** `page`, `pageSize`, `includeTotal`: owned by the engine (Return All / Limit), listed for the contract. */
export const PAGING: ParameterSpec[] = [
	query('page', 'integer'),
	query('pageSize', 'integer'),
	query('includeTotal', 'boolean'),
];

export const SORT_PARAMETER: ParameterSpec = query('sort', 'string');

const ACTIVE_VALUES = ['True', 'Any', 'False'] as const;

export function activeFilter(description: string): ParameterSpec {
	return query('active', 'options', {
		options: ACTIVE_VALUES,
		description,
	});
}

/** The four created/modified date filters most lists take (UTC; `…Before` exclusive, `…OnOrAfter` inclusive). */
export function createdModifiedFilters(records: string): ParameterSpec[] {
	return [
		query('createdBefore', 'dateTime', { description: `Only ${records} created before this moment` }),
		query('createdOnOrAfter', 'dateTime', { description: `Only ${records} created on or after this moment` }),
		query('modifiedBefore', 'dateTime', { description: `Only ${records} modified before this moment` }),
		query('modifiedOnOrAfter', 'dateTime', { description: `Only ${records} modified on or after this moment` }),
	];
}

export function idsFilter(records: string): ParameterSpec {
	return query('ids', 'idList', { displayName: 'IDs', maxItems: 50, description: `Only these ${records} (up to 50 IDs)` });
}

export const EXTERNAL_DATA_GUID: ParameterSpec = query('externalDataApplicationGuid', 'string', {
	displayName: 'External Data Application GUID',
	description: 'Return the external data your application stored under this GUID (external data is only visible to the application that wrote it)',
});

export function externalDataLookup(records: string): ParameterSpec[] {
	return [
		query('externalDataKey', 'string', {
			description: `Find ${records} by an external data key; also set External Data Values`,
		}),
		query('externalDataValues', 'stringList', {
			maxItems: 50,
			description: `Find ${records} whose external data key has one of these values (up to 50); also set External Data Key`,
		}),
	];
}

/** Export feeds take `from` (the node's Start From) and `includeRecentChanges` (an option). */
export const EXPORT_PARAMETERS: ParameterSpec[] = [
	query('from', 'string'),
	query('includeRecentChanges', 'boolean', {
		description:
			'Whether to include changes from the last 15 minutes, which ServiceTitan otherwise holds back. The same record may then appear on consecutive pages.',
	}),
];

export const PRIORITIES = ['Low', 'Normal', 'High', 'Urgent'] as const;

/** Appointment statuses (`Jpm.V2.Base.AppointmentStatus`; the same values as jobs' `appointmentStatus` filter). */
export const APPOINTMENT_STATUSES = ['Scheduled', 'Dispatched', 'Working', 'Hold', 'Done', 'Canceled'] as const;

/** The sort fields most small lists take (`sort=+Id`, `-ModifiedOn`, …). */
export const DEFAULT_SORT_FIELDS = ['Id', 'ModifiedOn', 'CreatedOn'] as const;

// Body building blocks --------------------------------------------------------------------------

export function field(name: string, type: FieldSpec['type'], extra: Partial<FieldSpec> = {}): FieldSpec {
	return { name, type, ...extra };
}

/**
 * Custom field values. Projects need a value in every entry; a job's entry may set its value to null
 * (clearing it). On a job update the list replaces the job's whole list.
 */
export function customFieldsField(options: { record: 'job' | 'project'; replacesWholeList: boolean }): FieldSpec {
	const jobValue = options.record === 'job';
	return field('customFields', 'objectList', {
		description: options.replacesWholeList
			? 'Custom field values. Replaces the whole list: custom fields left out are removed.'
			: 'Custom field values',
		fields: [
			field('typeId', 'id', { displayName: 'Custom Field Type ID', required: true }),
			field('value', 'string', jobValue ? { nullable: true } : { required: true }),
		],
	});
}

/** External data on create: `{applicationGuid, externalData: [{key, value}]}`. */
export const EXTERNAL_DATA_CREATE = field('externalData', 'object', {
	description: 'Key/value data stored for your application (only your application GUID can read it back)',
	fields: [
		field('applicationGuid', 'string', { displayName: 'Application GUID', required: true }),
		field('externalData', 'objectList', {
			displayName: 'Entries',
			required: true,
			fields: [field('key', 'string', { required: true }), field('value', 'string', { required: true })],
		}),
	],
});

/** External data on update adds `patchMode`; Replace (the default) removes keys you do not resend. */
export const EXTERNAL_DATA_UPDATE = field('externalData', 'object', {
	description:
		"Key/value data stored for your application. Patch Mode 'Replace' (ServiceTitan's default) removes keys you do not send; 'Merge' keeps them.",
	fields: [
		field('applicationGuid', 'string', { displayName: 'Application GUID', required: true }),
		field('patchMode', 'options', { options: ['Replace', 'Merge'], nullable: true }),
		field('externalData', 'objectList', {
			displayName: 'Entries',
			required: true,
			fields: [field('key', 'string', { required: true }), field('value', 'string', { nullable: true })],
		}),
	],
});

const NOTE_BODY: FieldSpec[] = [
	field('text', 'text', { required: true, description: 'Text of the note' }),
	field('pinToTop', 'boolean', { description: 'Whether to pin the note to the top' }),
];

/** Paging, `active`, the created/modified filters and `sort`: what the tenant's small setting lists take. */
export function lookupListParameters(records: string, activeDescription: string): ParameterSpec[] {
	return [...PAGING, activeFilter(activeDescription), ...createdModifiedFilters(records), SORT_PARAMETER];
}

/** Parameters of the custom-field-type lists (jobs and projects); both sort by Id or Name. */
const CUSTOM_FIELD_TYPE_PARAMETERS: ParameterSpec[] = [
	...PAGING,
	...createdModifiedFilters('custom field types'),
	SORT_PARAMETER,
];

/** Jobs and projects carry notes and custom field types the same way; the two records differ only in names. */
interface RecordKind {
	noun: 'job' | 'project';
	/** Path segment and operationId prefix, e.g. `jobs` / `Jobs`. */
	plural: 'jobs' | 'projects';
	operationPrefix: 'Jobs' | 'Projects';
	id: ParameterSpec;
}

export function createNoteOperation(kind: RecordKind): OperationSpec {
	return {
		operationId: `${kind.operationPrefix}_CreateNote`,
		value: 'createNote',
		name: 'Create Note',
		action: `Create a ${kind.noun} note`,
		description: `Add a note to a ${kind.noun}`,
		method: 'POST',
		path: `/${kind.plural}/{id}/notes`,
		scope: `tn.jpm.${kind.plural}:w`,
		parameters: [kind.id],
		body: { kind: 'fields', fields: NOTE_BODY },
		envelope: { kind: 'single' },
	};
}

export function getNotesOperation(kind: RecordKind): OperationSpec {
	return {
		operationId: `${kind.operationPrefix}_GetNotes`,
		value: 'getNotes',
		name: 'Get Notes',
		action: `Get the notes of a ${kind.noun}`,
		description: `List the notes on a ${kind.noun}`,
		method: 'GET',
		path: `/${kind.plural}/{id}/notes`,
		scope: `tn.jpm.${kind.plural}:r`,
		parameters: [kind.id, ...PAGING],
		envelope: { kind: 'paged' },
	};
}

export function customFieldTypesOperation(kind: RecordKind): OperationSpec {
	return {
		operationId: `${kind.operationPrefix}_GetCustomFieldTypes`,
		value: 'getCustomFieldTypes',
		name: 'Get Custom Field Types',
		action: `Get ${kind.noun} custom field types`,
		description: `The custom fields ${kind.plural} can carry in this tenant (ID, name, data type)`,
		method: 'GET',
		path: `/${kind.plural}/custom-fields`,
		scope: `tn.jpm.${kind.plural}:r`,
		parameters: CUSTOM_FIELD_TYPE_PARAMETERS,
		envelope: { kind: 'paged' },
		sort: { fields: ['Id', 'Name'] },
	};
}
