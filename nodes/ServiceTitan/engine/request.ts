/**
 * Reads one item's parameters through the operation's layout (engine/layout.ts) and turns them into
 * the request to send. Everything is validated here, before the network: a bad ID, date, list or
 * JSON fails with a NodeOperationError naming the parameter and the item.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { findOperationById } from '../catalog';
import type { OperationSpec, ResourceSpec } from '../catalog/types';
import type { QueryValue, ServiceTitanRequest, TransportOptions } from '../transport';
import { buildPath, RawJson, serviceTitanRequest } from '../transport';
import { toUtcIso } from './dates';
import type { ExportStartControl, FieldPlacement } from './layout';
import { exportStartOf, operationLayout } from './layout';
import { displayNameOf, FIXED_COLLECTION_GROUP } from './naming';
import type { ValueContext } from './values';
import { toApiValue } from './values';

function readCollection(ctx: IExecuteFunctions, name: string, itemIndex: number): IDataObject {
	const value = ctx.getNodeParameter(name, itemIndex, {});
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : {};
}

function readSort(ctx: IExecuteFunctions, operation: OperationSpec, itemIndex: number): string | undefined {
	if (!operation.sort) return undefined;
	const group = readCollection(ctx, 'sort', itemIndex)[FIXED_COLLECTION_GROUP] as IDataObject | undefined;
	if (!group || group.field === undefined || group.field === '') return undefined;
	const field = operation.sort.fields.find((candidate) => candidate === group.field);
	if (!field) {
		throw new NodeOperationError(ctx.getNode(), `The parameter 'Sort' must use one of the fields ${operation.sort.fields.join(', ')} [item ${itemIndex}]`, {
			itemIndex,
			description: `Got ${JSON.stringify(group.field)}.`,
		});
	}
	return `${group.direction === '-' ? '-' : '+'}${field}`;
}

/**
 * A body the vendor document gives no schema for: checked for being JSON of the right outer shape
 * and then sent exactly as written (text stays text, so every digit of an int64 survives).
 */
function readJsonBody(ctx: IExecuteFunctions, body: Extract<NonNullable<OperationSpec['body']>, { kind: 'json' }>, itemIndex: number): unknown {
	const raw = ctx.getNodeParameter('jsonBody', itemIndex, '');
	const fail = (problem: string, description: string = body.description) =>
		new NodeOperationError(ctx.getNode(), `The parameter '${body.displayName}' ${problem} [item ${itemIndex}]`, { itemIndex, description });
	let parsed: unknown = raw;
	if (typeof raw === 'string') {
		if (raw.trim() === '') throw fail('is required');
		try {
			parsed = JSON.parse(raw);
		} catch (error) {
			throw fail('is not valid JSON', (error as Error).message);
		}
	}
	const isArray = Array.isArray(parsed);
	const isObject = parsed !== null && typeof parsed === 'object' && !isArray;
	if ((body.shape === 'array' && !isArray) || (body.shape === 'object' && !isObject)) throw fail(`must be a JSON ${body.shape}`);
	return typeof raw === 'string' ? new RawJson(raw) : raw;
}

/** Which field of a layout a value belongs to, read where the layout puts it. */
function readPlacement(ctx: IExecuteFunctions, placement: FieldPlacement, collections: Map<string, IDataObject>, itemIndex: number): { present: boolean; raw: unknown } {
	const control = placement.control;
	if (control.kind === 'top') return { present: true, raw: ctx.getNodeParameter(control.property, itemIndex, '', { extractValue: true }) };
	if (control.kind !== 'collection') return { present: false, raw: undefined };
	let values = collections.get(control.collection);
	if (!values) {
		values = readCollection(ctx, control.collection, itemIndex);
		collections.set(control.collection, values);
	}
	return { present: Object.prototype.hasOwnProperty.call(values, control.property), raw: values[control.property] };
}

export interface PreparedRequest {
	request: ServiceTitanRequest;
	/** The path parameters and body as sent, for the applied-state check. */
	pathParams: Record<string, unknown>;
	body: unknown;
}

/** Reads and checks every parameter of one item for its catalog operation; returns the request to send. */
export function prepareRequest(ctx: IExecuteFunctions, resource: ResourceSpec, operation: OperationSpec, itemIndex: number): PreparedRequest {
	const valueContext: ValueContext = { node: ctx.getNode(), itemIndex, timeZone: ctx.getTimezone() };
	const layout = operationLayout(resource, operation);
	const collections = new Map<string, IDataObject>();

	const pathParams: Record<string, unknown> = {};
	const labels: string[] = [];
	const qs: Record<string, QueryValue> = {};
	const bodyFields: IDataObject | undefined = operation.body?.kind === 'fields' ? {} : undefined;
	for (const placement of layout.fields) {
		const { field, destination, control } = placement;
		if (control.kind === 'sort') {
			const sort = readSort(ctx, operation, itemIndex);
			if (sort) qs[field.name] = sort;
			continue;
		}
		const { present, raw } = readPlacement(ctx, placement, collections, itemIndex);
		if (!present) continue;
		const clearing = control.kind === 'collection' && control.collection === 'updateFields';
		const value = toApiValue(raw, field, valueContext, destination, clearing);
		if (value === undefined) continue;
		if (destination === 'path') {
			pathParams[field.name] = value;
			labels.push(`${displayNameOf(field)} ${String(value)}`);
		} else if (destination === 'query') {
			qs[field.name] = value as QueryValue;
		} else if (bodyFields) {
			bodyFields[field.name] = value as IDataObject[string];
		}
	}

	let body: unknown = bodyFields;
	if (operation.body?.kind === 'json') body = readJsonBody(ctx, operation.body, itemIndex);
	if (layout.bodyCollection === 'updateFields' && bodyFields && Object.keys(bodyFields).length === 0) {
		throw new NodeOperationError(ctx.getNode(), `Nothing to update: 'Update Fields' is empty [item ${itemIndex}]`, {
			itemIndex,
			description: 'Add at least one field to Update Fields. Nothing was sent to ServiceTitan.',
		});
	}

	return {
		request: {
			method: operation.method,
			path: buildPath(ctx.getNode(), operation.path, pathParams, itemIndex),
			qs,
			body,
			label: labels.length > 0 ? `${operation.action} (${labels.join(', ')})` : operation.action,
			scope: operation.scope,
			itemIndex,
		},
		pathParams,
		body,
	};
}

/**
 * For a state change with an applied check (catalog AppliedCheck): reads the record and says
 * whether it is already in the state the request asks for.
 */
export function appliedCheckFor(ctx: IExecuteFunctions, operation: OperationSpec, prepared: PreparedRequest, options: TransportOptions): (() => Promise<boolean | undefined>) | undefined {
	const check = operation.appliedCheck;
	if (!check) return undefined;
	const read = findOperationById(check.read);
	if (!read) return undefined;
	return async () => {
		let record: unknown;
		try {
			record = await serviceTitanRequest(ctx, { method: read.method, path: buildPath(ctx.getNode(), read.path, prepared.pathParams), label: read.action, scope: read.scope }, options);
		} catch (error) {
			const notFound = error instanceof NodeApiError && String(error.httpCode) === '404';
			return notFound && check.orNotFound === true ? true : undefined;
		}
		const state = record && typeof record === 'object' ? (record as IDataObject)[check.field] : undefined;
		if ('equals' in check.is) return state === check.is.equals;
		if ('notEquals' in check.is) return state !== undefined && state !== check.is.notEquals;
		const source = check.is.lacks;
		const given = prepared.pathParams[source] ?? (prepared.body as IDataObject | undefined)?.[source];
		const gone = (Array.isArray(given) ? given : [given]).map(String);
		return Array.isArray(state) && !state.map(String).some((id) => gone.includes(id));
	};
}

// Export feeds ----------------------------------------------------------------------------------

export interface ExportSettings {
	mode: 'page' | 'all';
	from?: string;
	maxItems: number;
	oneItemPerEvent: boolean;
}

/**
 * Where the walk starts, read through the layout's Start From control: the beginning (undefined),
 * a date (sent as UTC) or a continuation token (sent as typed, trimmed). Start From is chosen, so a
 * date typed wrong ("last week") is reported as a date that does not parse, never as a token
 * ServiceTitan refused.
 */
function readExportStart(ctx: IExecuteFunctions, control: ExportStartControl, itemIndex: number): string | undefined {
	const start = ctx.getNodeParameter(control.property, itemIndex, 'beginning');
	if (start === 'date') {
		const raw = ctx.getNodeParameter(control.dateProperty, itemIndex, '');
		const from = toUtcIso(raw, ctx.getTimezone());
		if (from === undefined) {
			throw new NodeOperationError(ctx.getNode(), `The parameter 'Start Date' must be a date [item ${itemIndex}]`, {
				itemIndex,
				description: `Got ${JSON.stringify(raw)}. Use an ISO 8601 date such as 2026-01-31 or 2026-01-31T14:00:00Z, or an expression such as {{ $now.minus({ weeks: 1 }) }}.`,
			});
		}
		return from;
	}
	if (start === 'token') {
		const token = ctx.getNodeParameter(control.tokenProperty, itemIndex, '');
		if (typeof token !== 'string' || token.trim() === '') {
			throw new NodeOperationError(ctx.getNode(), `The parameter 'Continue From' is required [item ${itemIndex}]`, {
				itemIndex,
				description: "Paste the continueFrom of an earlier page, or choose 'The Beginning' or 'A Date' under Start From.",
			});
		}
		return token.trim();
	}
	return undefined;
}

/** Mode, Start From, Max Items and One Item per Event of an export item. */
export function readExportSettings(ctx: IExecuteFunctions, resource: ResourceSpec, operation: OperationSpec, itemIndex: number): ExportSettings {
	const envelope = operation.envelope;
	if (envelope.kind !== 'export') throw new Error(`${operation.operationId} is not an export feed`);
	const mode = ctx.getNodeParameter('exportMode', itemIndex, 'all') === 'page' ? 'page' : 'all';
	const control = exportStartOf(operationLayout(resource, operation));
	const from = control ? readExportStart(ctx, control, itemIndex) : undefined;
	const maxItems = ctx.getNodeParameter('maxItems', itemIndex, 10000);
	if (mode === 'all' && (typeof maxItems !== 'number' || !Number.isInteger(maxItems) || maxItems < 1)) {
		throw new NodeOperationError(ctx.getNode(), `The parameter 'Max Items' must be a whole number of at least 1 [item ${itemIndex}]`, {
			itemIndex,
		});
	}
	const options = readCollection(ctx, 'options', itemIndex);
	return {
		mode,
		from,
		maxItems: Number(maxItems),
		oneItemPerEvent: envelope.flattenHistory === true && options.oneItemPerEvent === true,
	};
}
