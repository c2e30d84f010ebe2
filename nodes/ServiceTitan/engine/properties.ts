import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { RESOURCES } from '../catalog';
import { LOOKUPS, loadMethodName, searchMethodName } from '../catalog/lookups';
import type { FieldSpec, LoaderName, LocatorName, OperationSpec, ResourceSpec } from '../catalog/types';
import { DEFAULT_PROCESSES_SHARING, DEFAULT_REQUESTS_PER_SECOND, ID_PATTERN, MAX_PAGE_SIZE } from '../transport';
import type { CollectionName, ExportStartControl, FieldPlacement } from './layout';
import { exportStartOf, inCollection, operationLayout, parameterPaths } from './layout';
import { displayNameOf, FIXED_COLLECTION_GROUP, titleCase } from './naming';

/** Where a field is drawn: top level, inside a collection, or inside a fixedCollection group. */
type Placement = 'top' | 'collection' | 'group';

function byDisplayName(a: { displayName: string }, b: { displayName: string }): number {
	return a.displayName.localeCompare(b.displayName);
}

function optionLabel(value: string): string {
	return titleCase(value);
}

function resourceLocator(spec: FieldSpec, locator: LocatorName, name: string): INodeProperties {
	const { label, dependsOn } = LOOKUPS[locator];
	// A list narrowed by another parameter (a customer's locations) reloads when that one changes,
	// wherever the node shows it.
	const dependencies = dependsOn ? parameterPaths(dependsOn.property).map((path) => `${path}.value`) : undefined;
	return {
		displayName: spec.displayName ?? label,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description: spec.description,
		...(dependencies ? { typeOptions: { loadOptionsDependsOn: dependencies } } : {}),
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: searchMethodName(locator), searchable: true },
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
	if (spec.type === 'idList' && spec.loader) return dropdown(spec, spec.loader, base);
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
			// Required entries inside a group are said in words and checked before sending, not flagged
			// by n8n: it marks empty nested fields red at once (and lists them twice), unlike top-level ones.
			const values = (spec.fields ?? []).map((child) => {
				const property = fieldProperty(child, child.name, 'group');
				return child.required ? { ...property, description: `Required. ${property.description ?? ''}`.trim() } : property;
			});
			// A required list (a job's appointments) starts with one entry to fill in, so it never
			// looks optional ("Currently no items exist").
			const firstEntry = Object.fromEntries(values.map((value) => [value.name, value.default]));
			const entryName = spec.type === 'objectList' ? displayName.replace(/ies$/, 'y').replace(/s$/, '') : displayName;
			return {
				...base,
				type: 'fixedCollection',
				typeOptions: { multipleValues: spec.type === 'objectList' },
				placeholder: spec.required && spec.type === 'objectList' ? `Add Another ${entryName}` : `Add ${entryName}`,
				default: spec.required && spec.type === 'objectList' ? { [FIXED_COLLECTION_GROUP]: [firstEntry] } : {},
				options: [{ displayName: entryName, name: FIXED_COLLECTION_GROUP, values }],
			};
		}
	}
}

/**
 * Several IDs from a list loaded from the API. A single ID is always a resource locator instead: an
 * empty single-choice dropdown is flagged by n8n as "The value "" is not supported!".
 */
function dropdown(spec: FieldSpec, loader: LoaderName, base: Pick<INodeProperties, 'displayName' | 'name' | 'description'>): INodeProperties {
	const singular = base.displayName.replace(/ IDs?$/, '').replace(/s$/, '');
	return {
		...base,
		displayName: `${singular} Names or IDs`,
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: loadMethodName(loader) },
		default: [],
		description: `${spec.description ? `${spec.description}. ` : ''}Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
	};
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
			options: operation.keepFieldOrder ? options : [...options].sort(byDisplayName),
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

const EXPORT_START_OPTIONS: INodePropertyOptions[] = [
	{ name: 'The Beginning', value: 'beginning', description: 'Every record of the feed, oldest change first' },
	{ name: 'A Date', value: 'date', description: 'Records changed on or after a date' },
	{ name: 'A Continuation Token', value: 'token', description: 'Where an earlier page left off (its continueFrom)' },
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
		displayName: 'Processes Sharing the Limit',
		name: 'processesSharing',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 100, numberPrecision: 0 },
		default: DEFAULT_PROCESSES_SHARING,
		description:
			'How many n8n processes send to this tenant with this app at the same time (queue-mode workers, other n8n instances). Each keeps to its share of Requests per Second; if this is set too low, their 429 answers still slow each one down.',
	},
	{
		displayName: 'Requests per Second',
		name: 'requestsPerSecond',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 1000 },
		default: DEFAULT_REQUESTS_PER_SECOND,
		description:
			"ServiceTitan's limit for this app and tenant (60 unless ServiceTitan raised yours). Each n8n process sends at most this divided by Processes Sharing the Limit, shared by every item and workflow in that process; a 429 answer slows the process down, and it speeds up again gradually.",
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
				// What to sort by, then which way: the order a user reads them in.
				values: [
					{
						displayName: 'Field',
						name: 'field',
						type: 'options',
						options: fields.map((value) => ({ name: optionLabel(value), value })),
						default: firstField,
					},
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
				],
			},
		],
	};
}

/**
 * Start From is chosen (the beginning, a date, a continuation token) rather than guessed from one
 * box, so a mistyped date is never sent as a token. The names come from the layout's control.
 */
function exportStartProperties(control: ExportStartControl, resource: ResourceSpec, operation: OperationSpec): INodeProperties[] {
	return [
		{
			displayName: 'Start From',
			name: control.property,
			type: 'options',
			options: EXPORT_START_OPTIONS,
			default: 'beginning',
			description: 'Where in the feed to start reading',
			displayOptions: show(resource, operation),
		},
		{
			displayName: 'Start Date',
			name: control.dateProperty,
			type: 'dateTime',
			default: '',
			required: true,
			description: "Records changed on or after this moment (compared with each record's modifiedOn)",
			displayOptions: show(resource, operation, { [control.property]: ['date'] }),
		},
		{
			displayName: 'Continue From',
			name: control.tokenProperty,
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. the continueFrom of an earlier page',
			description: 'The continueFrom value an earlier page returned: the feed goes on from there',
			displayOptions: show(resource, operation, { [control.property]: ['token'] }),
		},
	];
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
		const exportStart = exportStartOf(layout);
		if (exportStart) properties.push(...exportStartProperties(exportStart, resource, operation));
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

/**
 * The operation a resource starts on, for a user and for an AI agent's tool alike: never a write.
 * The resource's own choice, else Get Many, else Get, else its first read.
 */
export function defaultOperation(resource: ResourceSpec): OperationSpec {
	const reads = resource.operations.filter((operation) => operation.method === 'GET');
	const chosen =
		reads.find((operation) => operation.value === resource.defaultOperation) ??
		reads.find((operation) => operation.value === 'getAll') ??
		reads.find((operation) => operation.value === 'get') ??
		reads[0];
	if (!chosen) throw new Error(`Resource ${resource.value} has no read operation to start on`);
	return chosen;
}

/**
 * The action is also what an AI agent's ServiceTitan tool is told it does ("<action> in
 * ServiceTitan"), so it says whether the tool only reads or changes data.
 */
export function toolAction(operation: OperationSpec): string {
	return `${operation.action} (${operation.method === 'GET' ? 'read-only' : 'changes data'})`;
}

const RETURNS: Record<OperationSpec['envelope']['kind'], string> = {
	paged: 'one item per record',
	list: 'one item per entry',
	export: 'one item per record, oldest change first',
	single: 'the record',
	none: 'whether it succeeded',
};

/**
 * What the operation does, what it needs and what it returns, in words a user and an agent can act on.
 * What it needs is what the layout puts at the top level (IDs in the path, required query and body fields).
 */
export function toolDescription(resource: ResourceSpec, operation: OperationSpec): string {
	const layout = operationLayout(resource, operation);
	const needs = [
		...layout.fields.filter((placement) => placement.control.kind === 'top').map((placement) => displayNameOf(placement.field)),
		...(layout.jsonBody && operation.body?.kind === 'json' ? [operation.body.displayName] : []),
	];
	const sentence = operation.description.replace(/\.?$/, '.');
	const kind = operation.method === 'GET' ? 'Read-only.' : 'Changes data in ServiceTitan.';
	return [sentence, kind, needs.length ? `Needs: ${needs.join(', ')}.` : '', `Returns ${RETURNS[operation.envelope.kind]}.`]
		.filter((part) => part !== '')
		.join(' ');
}

function operationSelector(resource: ResourceSpec): INodeProperties {
	const operations = [...resource.operations].sort((a, b) => a.name.localeCompare(b.name));
	const initial = defaultOperation(resource).value;
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource.value] } },
		options: operations.map((operation) => ({
			name: operation.name,
			value: operation.value,
			action: toolAction(operation),
			description: toolDescription(resource, operation),
		})),
		default: initial,
	};
}

/**
 * The canvas subtitle: the chosen operation's action ("Get many jobs", "Reschedule an appointment")
 * instead of internal values. n8n evaluates it as an expression, so the lookup table is written into it.
 */
export function operationSubtitle(resources: ResourceSpec[] = RESOURCES): string {
	const actions = Object.fromEntries(
		resources.map((resource) => [resource.value, Object.fromEntries(resource.operations.map((operation) => [operation.value, operation.action]))]),
	);
	// "}}" would end n8n's expression early: nested objects' closing braces are kept apart.
	const table = JSON.stringify(actions).replace(/\}(?=\})/g, '} ');
	return `={{ (${table}[$parameter["resource"]] || {})[$parameter["operation"]] || "" }}`;
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
