import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { FieldSpec } from '../catalog/types';
import { isPositiveIntegerId } from '../transport';
import { toUtcIso } from './dates';
import { displayNameOf, FIXED_COLLECTION_GROUP } from './naming';

/** Where a value is going: a query string takes lists comma-joined, a JSON body takes arrays. */
export type Destination = 'query' | 'body';

export interface ValueContext {
	node: INode;
	itemIndex: number;
	timeZone: string;
	/** Label path for messages, e.g. "Appointments › Start". */
	label?: string;
}

export function isEmptyValue(value: unknown): boolean {
	if (value === undefined || value === null || value === '') return true;
	if (Array.isArray(value)) return value.length === 0;
	if (typeof value === 'object') return Object.keys(value).length === 0;
	return false;
}

function invalid(ctx: ValueContext, spec: FieldSpec, problem: string, value: unknown): NodeOperationError {
	const label = ctx.label ?? displayNameOf(spec);
	return new NodeOperationError(ctx.node, `The parameter '${label}' ${problem} [item ${ctx.itemIndex}]`, {
		itemIndex: ctx.itemIndex,
		description: `Got ${describe(value)}.`,
	});
}

function describe(value: unknown): string {
	if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
	try {
		const text = JSON.stringify(value);
		return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 80)}…` : text;
	} catch {
		return typeof value;
	}
}

/** Splits list input: an array, or a comma-separated string (what expressions often produce). */
function listItems(value: unknown): unknown[] {
	if (Array.isArray(value)) return value.flatMap((entry) => (typeof entry === 'string' ? entry.split(',') : [entry]));
	if (typeof value === 'string') return value.split(',');
	return [value];
}

function toId(value: unknown, ctx: ValueContext, spec: FieldSpec): number {
	if (!isPositiveIntegerId(value)) throw invalid(ctx, spec, 'must be a positive whole number (an ID)', value);
	const id = Number(value);
	if (!Number.isSafeInteger(id)) throw invalid(ctx, spec, 'is too large for an ID', value);
	return id;
}

function toInteger(value: unknown, ctx: ValueContext, spec: FieldSpec): number {
	const number = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isSafeInteger(number)) throw invalid(ctx, spec, 'must be a whole number', value);
	if (spec.minValue !== undefined && number < spec.minValue) throw invalid(ctx, spec, `must be at least ${spec.minValue}`, value);
	if (spec.maxValue !== undefined && number > spec.maxValue) throw invalid(ctx, spec, `must be at most ${spec.maxValue}`, value);
	return number;
}

function toBoolean(value: unknown, ctx: ValueContext, spec: FieldSpec): boolean {
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 'false') return value === 'true';
	throw invalid(ctx, spec, 'must be true or false', value);
}

function toJson(value: unknown, ctx: ValueContext, spec: FieldSpec): unknown {
	if (typeof value !== 'string') return value;
	try {
		return JSON.parse(value);
	} catch (error) {
		throw new NodeOperationError(ctx.node, `The parameter '${ctx.label ?? displayNameOf(spec)}' is not valid JSON [item ${ctx.itemIndex}]`, {
			itemIndex: ctx.itemIndex,
			description: (error as Error).message,
		});
	}
}

/** n8n's fixedCollection value `{ values: {...} }` / `{ values: [...] }` → the entries. */
function groupEntries(value: unknown): IDataObject[] {
	if (Array.isArray(value)) return value as IDataObject[];
	if (!value || typeof value !== 'object') return [];
	const group = (value as IDataObject)[FIXED_COLLECTION_GROUP] ?? value;
	if (Array.isArray(group)) return group as IDataObject[];
	return group && typeof group === 'object' && Object.keys(group).length > 0 ? [group as IDataObject] : [];
}

/** Builds an object from n8n values by field specs, checking each field. */
export function toObject(values: IDataObject, fields: FieldSpec[], ctx: ValueContext): IDataObject {
	const result: IDataObject = {};
	for (const field of fields) {
		const label = ctx.label ? `${ctx.label} › ${displayNameOf(field)}` : displayNameOf(field);
		const converted = toApiValue(values[field.name], field, { ...ctx, label }, 'body');
		if (converted !== undefined) result[field.name] = converted as IDataObject[keyof IDataObject];
	}
	return result;
}

/**
 * One n8n parameter value → the value ServiceTitan expects, or a NodeOperationError naming the
 * parameter and the item. Returns undefined for an empty optional value (it is not sent).
 */
export function toApiValue(input: unknown, spec: FieldSpec, ctx: ValueContext, destination: Destination): unknown {
	// A resource locator inside a collection arrives as { __rl, mode, value }.
	const value =
		input && typeof input === 'object' && (input as IDataObject).__rl === true ? (input as IDataObject).value : input;
	if (isEmptyValue(value) || (spec.type === 'objectList' && groupEntries(value).length === 0)) {
		if (spec.required) {
			throw new NodeOperationError(ctx.node, `The parameter '${ctx.label ?? displayNameOf(spec)}' is required [item ${ctx.itemIndex}]`, {
				itemIndex: ctx.itemIndex,
				description: spec.description,
			});
		}
		return undefined;
	}
	switch (spec.type) {
		case 'id':
			return destination === 'query' ? String(toId(value, ctx, spec)) : toId(value, ctx, spec);
		case 'integer':
			return toInteger(value, ctx, spec);
		case 'number': {
			const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
			if (typeof number !== 'number' || !Number.isFinite(number)) throw invalid(ctx, spec, 'must be a number', value);
			return number;
		}
		case 'boolean':
			return toBoolean(value, ctx, spec);
		case 'dateTime': {
			const iso = toUtcIso(value, ctx.timeZone);
			if (iso === undefined) throw invalid(ctx, spec, 'must be an ISO 8601 date or date-time, e.g. 2026-01-31T14:00:00Z', value);
			return iso;
		}
		case 'options': {
			const option = spec.options?.find((candidate) => candidate.toLowerCase() === String(value).toLowerCase());
			if (option === undefined) throw invalid(ctx, spec, `must be one of ${spec.options?.join(', ')}`, value);
			return option;
		}
		case 'idList':
		case 'stringList': {
			const entries = listItems(value)
				.map((entry) => (typeof entry === 'string' ? entry.trim() : entry))
				.filter((entry) => !isEmptyValue(entry));
			if (spec.maxItems !== undefined && entries.length > spec.maxItems) {
				throw invalid(ctx, spec, `takes at most ${spec.maxItems} values`, value);
			}
			if (entries.length === 0) return spec.required ? toApiValue(undefined, spec, ctx, destination) : undefined;
			const list = spec.type === 'idList' ? entries.map((entry) => toId(entry, ctx, spec)) : entries.map(String);
			if (destination === 'body' || spec.explode) return list;
			return list.join(',');
		}
		case 'json':
			return toJson(value, ctx, spec);
		case 'object': {
			const [entry] = groupEntries(value);
			return entry === undefined ? undefined : toObject(entry, spec.fields ?? [], ctx);
		}
		case 'objectList':
			return groupEntries(value).map((entry, index) =>
				toObject(entry, spec.fields ?? [], { ...ctx, label: `${ctx.label ?? displayNameOf(spec)} ${index + 1}` }),
			);
		case 'string':
		case 'text':
			if (typeof value !== 'string' && typeof value !== 'number') throw invalid(ctx, spec, 'must be text', value);
			return String(value);
	}
}
