import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { RESOURCES } from '../catalog';
import type { FieldSpec, LoaderName, LocatorName, OperationSpec, ResourceSpec } from '../catalog/types';
import { DEFAULT_REQUESTS_PER_SECOND, ID_PATTERN, MAX_PAGE_SIZE } from '../transport';
import type { CollectionName, FieldPlacement } from './layout';
import { inCollection, operationLayout } from './layout';
import { displayNameOf, FIXED_COLLECTION_GROUP, titleCase } from './naming';

/** Where a field is drawn: top level, inside a collection, or inside a fixedCollection group. */
type Placement = 'top' | 'collection' | 'group';

const LOCATOR_LABELS: Record<LocatorName, { label: string; search: string }> = {
	job: { label: 'Job', search: 'searchJobs' },
	appointment: { label: 'Appointment', search: 'searchAppointments' },
	project: { label: 'Project', search: 'searchProjects' },
	jobType: { label: 'Job Type', search: 'searchJobTypes' },
};

export const LOADER_METHODS: Record<LoaderName, string> = {
	jobTypes: 'getJobTypes',
	jobCancelReasons: 'getJobCancelReasons',
	jobHoldReasons: 'getJobHoldReasons',
	projectStatuses: 'getProjectStatuses',
	projectSubStatuses: 'getProjectSubStatuses',
	projectTypes: 'getProjectTypes',
};

const DYNAMIC_OPTIONS_HINT =
	'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>';

function byDisplayName(a: { displayName: string }, b: { displayName: string }): number {
	return a.displayName.localeCompare(b.displayName);
}

function optionLabel(value: string): string {
	return titleCase(value);
}

function resourceLocator(spec: FieldSpec, locator: LocatorName, name: string): INodeProperties {
	const { label, search } = LOCATOR_LABELS[locator];
	return {
		displayName: spec.displayName ?? label,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description: spec.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: search, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 12345678',
				validation: [
					{
						type: 'regex',
						properties: { regex: ID_PATTERN, errorMessage: 'A ServiceTitan ID is a positive whole number' },
					},
				],
			},
		],
	};
}

/** One catalog field as an n8n property (without displayOptions). */
function fieldProperty(spec: FieldSpec, name: string, placement: Placement): INodeProperties {
	const displayName = displayNameOf(spec);
	const base = { displayName, name, description: spec.description };
	if (spec.type === 'id' && spec.locator && placement !== 'group') return resourceLocator(spec, spec.locator, name);
	if ((spec.type === 'id' || spec.type === 'idList') && spec.loader) {
		const multiple = spec.type === 'idList';
		return {
			...base,
			displayName: `${displayName.replace(/ IDs?$/, '')} ${multiple ? 'Names or IDs' : 'Name or ID'}`,
			type: multiple ? 'multiOptions' : 'options',
			typeOptions: { loadOptionsMethod: LOADER_METHODS[spec.loader] },
			default: multiple ? [] : '',
			description: spec.description ? `${spec.description}. ${DYNAMIC_OPTIONS_HINT}.` : `${DYNAMIC_OPTIONS_HINT}.`,
		};
	}
	switch (spec.type) {
		case 'id':
			return { ...base, type: 'string', default: '', placeholder: 'e.g. 12345678' };
		case 'integer':
			return {
				...base,
				type: 'number',
				typeOptions: { numberPrecision: 0 },
				default: typeof spec.default === 'number' ? spec.default : 0,
			};
		case 'number':
			return { ...base, type: 'number', default: typeof spec.default === 'number' ? spec.default : 0 };
		case 'boolean':
			return { ...base, type: 'boolean', default: spec.default === true };
		case 'dateTime':
			return { ...base, type: 'dateTime', default: '' };
		case 'options': {
			const options: INodePropertyOptions[] = (spec.options ?? []).map((value) => ({ name: optionLabel(value), value }));
			return { ...base, type: 'options', options, default: typeof spec.default === 'string' ? spec.default : (options[0]?.value ?? '') };
		}
		case 'idList':
		case 'stringList': {
			const noun = spec.type === 'idList' ? 'ID' : 'Value';
			// Inside a group, IDs are typed comma-separated (an ID holds no comma); text entries may, so
			// they keep one entry per value everywhere.
			if (placement === 'group' && spec.type === 'idList') {
				return {
					...base,
					type: 'string',
					default: '',
					placeholder: 'e.g. 101,102',
					description: `${spec.description ? `${spec.description}. ` : ''}Comma-separated`,
				};
			}
			return {
				...base,
				type: 'string',
				typeOptions: { multipleValues: true, multipleValueButtonText: `Add ${noun}` },
				default: [],
			};
		}
		case 'text':
			return { ...base, type: 'string', typeOptions: { rows: 3 }, default: '' };
		case 'string':
			return { ...base, type: 'string', default: typeof spec.default === 'string' ? spec.default : '' };
		case 'object':
		case 'objectList': {
			const values = (spec.fields ?? []).map((child) => ({
				...fieldProperty(child, child.name, 'group'),
				...(child.required ? { required: true } : {}),
			}));
			return {
				...base,
				type: 'fixedCollection',
				typeOptions: { multipleValues: spec.type === 'objectList' },
				placeholder: `Add ${displayName}`,
				default: {},
				options: [{ displayName, name: FIXED_COLLECTION_GROUP, values }],
			};
		}
	}
}

function show(resource: ResourceSpec, operation: OperationSpec, extra: Record<string, unknown[]> = {}) {
	return { show: { resource: [resource.value], operation: [operation.value], ...extra } };
}

function collection(
	displayName: string,
	name: string,
	placeholder: string,
	options: INodeProperties[],
	resource: ResourceSpec,
	operation: OperationSpec,
): INodeProperties[] {
	if (options.length === 0) return [];
	return [
		{
			displayName,
			name,
			type: 'collection',
			placeholder,
			default: {},
			displayOptions: show(resource, operation),
			options: [...options].sort(byDisplayName),
		},
	];
}

const EXPORT_MODE_OPTIONS: INodePropertyOptions[] = [
	{
		name: 'All From a Date or Token',
		value: 'all',
		description: 'Walk the feed from the start position to its end (bounded by Max Items), one item per record',
	},
	{
		name: 'One Page',
		value: 'page',
		description: 'Read one page and return its records with continueFrom and hasMore, to store the position yourself',
	},
];

const TRANSPORT_OPTIONS: INodeProperties[] = [
	{
		displayName: 'Max Concurrent Requests',
		name: 'maxConcurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 100, numberPrecision: 0 },
		default: 10,
		description:
			'How many input items are sent to ServiceTitan at the same time. Requests stay paced by Requests per Second.',
	},
	{
		displayName: 'Requests per Second',
		name: 'requestsPerSecond',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 1000 },
		default: DEFAULT_REQUESTS_PER_SECOND,
		description:
			"Pace of requests to this tenant, shared by every item and workflow of this n8n instance. ServiceTitan allows 60 per second per app and tenant; 429 answers are retried after the time ServiceTitan asks for.",
	},
];

function sortProperty(operation: OperationSpec, visible: ReturnType<typeof show>): INodeProperties {
	const fields = operation.sort?.fields ?? [];
	const firstField = fields[0];
	return {
		displayName: 'Sort',
		name: 'sort',
		type: 'fixedCollection',
		placeholder: 'Add Sort',
		default: {},
		displayOptions: visible,
		options: [
			{
				displayName: 'Sort',
				name: FIXED_COLLECTION_GROUP,
				values: [
					{
						displayName: 'Direction',
						name: 'direction',
						type: 'options',
						options: [
							{ name: 'Ascending', value: '+' },
							{ name: 'Descending', value: '-' },
						],
						default: '+',
					},
					{
						displayName: 'Field',
						name: 'field',
						type: 'options',
						options: fields.map((value) => ({ name: optionLabel(value), value })),
						default: firstField,
					},
				],
			},
		],
	};
}

function exportFromProperty(visible: ReturnType<typeof show>): INodeProperties {
	return {
		displayName: 'Start From',
		name: 'exportFrom',
		type: 'string',
		default: '',
		placeholder: 'e.g. 2026-01-01T00:00:00Z, or a continueFrom token',
		description:
			"A date (inclusive, compared with each record's modifiedOn), a continueFrom token from an earlier page, or empty for the very beginning of the feed",
		displayOptions: visible,
	};
}

function operationProperties(resource: ResourceSpec, operation: OperationSpec): INodeProperties[] {
	const properties: INodeProperties[] = [];
	const visible = show(resource, operation);
	const layout = operationLayout(resource, operation);
	const top = (placement: FieldPlacement, name: string): INodeProperties => ({
		...fieldProperty(placement.field, name, 'top'),
		required: placement.field.required === true,
		displayOptions: visible,
	});
	const topLevel = (destination: 'body' | 'parameters') =>
		layout.fields.filter((placement) => (destination === 'body') === (placement.destination === 'body'));
	const collectionOptions = (collection: CollectionName) =>
		inCollection(layout, collection).map((placement) => fieldProperty(placement.field, placement.field.name, 'collection'));

	if (operation.notice) {
		properties.push({ displayName: operation.notice, name: 'listReplacementNotice', type: 'notice', default: '', displayOptions: visible });
	}
	for (const placement of topLevel('parameters')) {
		if (placement.control.kind === 'top') properties.push(top(placement, placement.control.property));
	}
	const body = operation.body;
	if (layout.jsonBody && body?.kind === 'json') {
		const emptyJson = body.shape === 'array' ? '[]' : '{}';
		properties.push({
			displayName: body.displayName,
			name: 'jsonBody',
			type: 'json',
			default: emptyJson,
			required: true,
			description: body.description,
			displayOptions: visible,
		});
	}
	for (const placement of topLevel('body')) {
		if (placement.control.kind === 'top') properties.push(top(placement, placement.control.property));
	}

	const envelope = operation.envelope;
	if (envelope.kind === 'paged') {
		properties.push(
			{
				displayName: 'Return All',
				name: 'returnAll',
				type: 'boolean',
				default: false,
				description: 'Whether to return all results or only up to a given limit',
				displayOptions: visible,
			},
			{
				displayName: 'Limit',
				name: 'limit',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_PAGE_SIZE },
				default: 50,
				description: 'Max number of results to return',
				displayOptions: show(resource, operation, { returnAll: [false] }),
			},
		);
	}
	if (envelope.kind === 'export') {
		properties.push({
			displayName: 'Mode',
			name: 'exportMode',
			type: 'options',
			options: EXPORT_MODE_OPTIONS,
			default: 'all',
			displayOptions: visible,
		});
		if (layout.fields.some((placement) => placement.control.kind === 'exportFrom')) properties.push(exportFromProperty(visible));
		properties.push({
			displayName: 'Max Items',
			name: 'maxItems',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 10000,
			description: 'Stop walking the feed after this many records',
			displayOptions: show(resource, operation, { exportMode: ['all'] }),
		});
	}
	if (operation.simplify) {
		properties.push({
			displayName: 'Simplify',
			name: 'simplify',
			type: 'boolean',
			default: true,
			description: 'Whether to return a simplified version of the response instead of the raw data',
			displayOptions: visible,
		});
	}

	if (layout.bodyCollection === 'updateFields') {
		properties.push(...collection('Update Fields', 'updateFields', 'Add Field', collectionOptions('updateFields'), resource, operation));
	} else {
		properties.push(...collection('Additional Fields', 'additionalFields', 'Add Field', collectionOptions('additionalFields'), resource, operation));
	}
	properties.push(...collection('Filters', 'filters', 'Add Filter', collectionOptions('filters'), resource, operation));
	if (layout.fields.some((placement) => placement.control.kind === 'sort')) properties.push(sortProperty(operation, visible));

	const options: INodeProperties[] = [...TRANSPORT_OPTIONS, ...collectionOptions('options')];
	if (envelope.kind === 'export' && envelope.flattenHistory) {
		options.push({
			displayName: 'One Item per Event',
			name: 'oneItemPerEvent',
			type: 'boolean',
			default: false,
			description: 'Whether to output one item per history event (with its job ID) instead of one item per job',
		});
	}
	properties.push(...collection('Options', 'options', 'Add Option', options, resource, operation));
	return properties;
}

function operationSelector(resource: ResourceSpec): INodeProperties {
	const operations = [...resource.operations].sort((a, b) => a.name.localeCompare(b.name));
	const firstOperation = operations[0].value;
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource.value] } },
		options: operations.map((operation) => ({
			name: operation.name,
			value: operation.value,
			action: operation.action,
			description: operation.description,
		})),
		default: firstOperation,
	};
}

/** All properties of the action node, rendered from the catalog. */
export function buildNodeProperties(resources: ResourceSpec[] = RESOURCES): INodeProperties[] {
	const sorted = [...resources].sort((a, b) => a.name.localeCompare(b.name));
	return [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: sorted.map((resource) => ({ name: resource.name, value: resource.value, description: resource.description })),
			default: 'job',
		},
		...sorted.map(operationSelector),
		...sorted.flatMap((resource) => resource.operations.flatMap((operation) => operationProperties(resource, operation))),
	];
}
