/**
 * The binding rule: for every catalog field of an operation, where n8n shows it and where its value
 * goes in the request. The renderer (properties.ts) draws the node from this list and the request
 * builder (request.ts) reads the node's values back through the same list, so what is shown is
 * what is sent.
 */
import type { FieldSpec, OperationSpec, ResourceSpec } from '../catalog/types';
import { propertyNameOf } from './naming';

export type CollectionName = 'filters' | 'options' | 'additionalFields' | 'updateFields';

/** How the user sets a field's value. */
export type FieldControl =
	/** A parameter of its own (path IDs, required query and body fields). */
	| { kind: 'top'; property: string }
	/** An entry of a collection: Filters, Options, Additional Fields or Update Fields. */
	| { kind: 'collection'; collection: CollectionName; property: string }
	/** The Sort fixedCollection (`+Field` / `-Field`). */
	| { kind: 'sort'; property: 'sort' }
	/** Start From (`from`): the feed's beginning, a date or a continuation token; the walk moves it on. */
	| ExportStartControl
	/** `page`, `pageSize`, `includeTotal`: the engine pages (Return All / Limit); Return All asks for the total to read pages concurrently. */
	| { kind: 'paging' };

/**
 * An export's `from`, chosen in three parameters: which kind of start (`beginning`, `date`, `token`),
 * then the date or the token. Chosen, not guessed, so a mistyped date is never sent as a token.
 */
export interface ExportStartControl {
	kind: 'exportStart';
	property: 'exportStart';
	dateProperty: 'exportFromDate';
	tokenProperty: 'exportContinueFrom';
}

export interface FieldPlacement {
	field: FieldSpec;
	/** Where the value goes: a path segment, the query string, or the JSON body. */
	destination: 'path' | 'query' | 'body';
	control: FieldControl;
}

export interface OperationLayout {
	fields: FieldPlacement[];
	/** The collection the operation's optional query fields are in, when it has any. */
	queryCollection: 'filters' | 'options';
	/** The collection the operation's optional body fields are in. */
	bodyCollection: 'additionalFields' | 'updateFields';
	/** A raw JSON body parameter (where the document gives no body schema). */
	jsonBody?: { property: 'jsonBody' };
}

const PAGING_PARAMETERS = new Set(['page', 'pageSize', 'includeTotal']);

const EXPORT_START: ExportStartControl = {
	kind: 'exportStart',
	property: 'exportStart',
	dateProperty: 'exportFromDate',
	tokenProperty: 'exportContinueFrom',
};

const COLLECTIONS: readonly CollectionName[] = ['filters', 'options', 'additionalFields', 'updateFields'];

/** Operations that return many records get Filters; the others get their optional query in Options. */
function returnsMany(operation: OperationSpec): boolean {
	const kind = operation.envelope.kind;
	return kind === 'paged' || kind === 'export' || kind === 'list';
}

export function operationLayout(resource: ResourceSpec, operation: OperationSpec): OperationLayout {
	const queryCollection = returnsMany(operation) ? 'filters' : 'options';
	const bodyCollection = operation.method === 'PATCH' ? 'updateFields' : 'additionalFields';
	const top = (field: FieldSpec): FieldControl => ({ kind: 'top', property: propertyNameOf(field, resource.value) });
	const isExport = operation.envelope.kind === 'export';

	const fields: FieldPlacement[] = operation.parameters.map((parameter) => {
		let control: FieldControl;
		if (parameter.in === 'path') control = top(parameter);
		else if (PAGING_PARAMETERS.has(parameter.name)) control = { kind: 'paging' };
		else if (parameter.name === 'sort') control = { kind: 'sort', property: 'sort' };
		else if (isExport && parameter.name === 'from') control = EXPORT_START;
		else if (parameter.required) control = top(parameter);
		// How a feed is read, not which records: an option rather than a filter.
		else if (isExport && parameter.name === 'includeRecentChanges') control = { kind: 'collection', collection: 'options', property: parameter.name };
		else control = { kind: 'collection', collection: queryCollection, property: parameter.name };
		return { field: parameter, destination: parameter.in, control };
	});
	const body = operation.body;
	if (body?.kind === 'fields') {
		for (const field of body.fields) {
			const control: FieldControl = field.required ? top(field) : { kind: 'collection', collection: bodyCollection, property: field.name };
			fields.push({ field, destination: 'body', control });
		}
	}
	return { fields, queryCollection, bodyCollection, ...(body?.kind === 'json' ? { jsonBody: { property: 'jsonBody' as const } } : {}) };
}

/** The placements shown in one collection, in catalog order. */
export function inCollection(layout: OperationLayout, collection: CollectionName): FieldPlacement[] {
	return layout.fields.filter((placement) => placement.control.kind === 'collection' && placement.control.collection === collection);
}

/**
 * Every parameter path a field of this name can have: top level or an entry of a collection (one
 * operation shows it in one place). A list narrowed by another field (a customer's locations)
 * follows that field wherever the node shows it.
 */
export function parameterPaths(fieldName: string): string[] {
	return [fieldName, ...COLLECTIONS.map((collection) => `${collection}.${fieldName}`)];
}

/** An export operation's Start From control (undefined for other operations). */
export function exportStartOf(layout: OperationLayout): ExportStartControl | undefined {
	for (const placement of layout.fields) if (placement.control.kind === 'exportStart') return placement.control;
	return undefined;
}
