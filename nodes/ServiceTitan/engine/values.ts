import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { FieldSpec } from '../catalog/types';
import { idDigits, JsonInteger } from '../transport';
import { toUtcIso } from './dates';
import { displayNameOf, FIXED_COLLECTION_GROUP } from './naming';
import { commaSeparatedEntries } from './text';

/** Where a value is going: a path segment, the query string (lists comma-joined), or a JSON body. */
export type Destination = 'path' | 'query' | 'body';

export interface ValueContext {
	node: INode;
	itemIndex: number;
	timeZone: string;
	/** Label path for messages, e.g. "Appointments 1 › Start". */
	label?: string;
}

function labelOf(ctx: ValueContext, spec: FieldSpec): string {
	return ctx.label ?? displayNameOf(spec);
}

function invalid(ctx: ValueContext, spec: FieldSpec, problem: string, value: unknown, hint?: string): NodeOperationError {
	return new NodeOperationError(ctx.node, `The parameter '${labelOf(ctx, spec)}' ${problem} [item ${ctx.itemIndex}]`, {
		itemIndex: ctx.itemIndex,
		description: `Got ${describe(value)}.${hint ? ` ${hint}` : ''}`,
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

/** n8n's fixedCollection value `{ values: {...} }` / `{ values: [...] }` → the entries. */
function groupEntries(value: unknown): IDataObject[] {
	if (Array.isArray(value)) return value as IDataObject[];
	if (!value || typeof value !== 'object') return [];
	const group = (value as IDataObject)[FIXED_COLLECTION_GROUP] ?? value;
	if (Array.isArray(group)) return group as IDataObject[];
	return group && typeof group === 'object' && Object.keys(group).length > 0 ? [group as IDataObject] : [];
}

/** Nothing typed: no value, an empty text, an empty list, a group without entries. Whitespace is a value. */
function isBlank(value: unknown, spec: FieldSpec): boolean {
	if (value === undefined || value === null || value === '') return true;
	if (Array.isArray(value)) return value.length === 0;
	if (spec.type === 'object' || spec.type === 'objectList') return groupEntries(value).length === 0;
	return false;
}

const INT64_MAX = '9223372036854775807';

/** An ID as its digits, or a NodeOperationError that says why it is not one. */
function toIdDigits(value: unknown, ctx: ValueContext, spec: FieldSpec): string {
	const digits = idDigits(value);
	if (digits !== undefined) return digits;
	if (typeof value === 'number' && Number.isInteger(value) && value > Number.MAX_SAFE_INTEGER) {
		throw invalid(ctx, spec, 'is a number too large to be exact', value, 'A number above 9007199254740991 has already lost digits; give the ID as text (its digits) instead.');
	}
	if (typeof value === 'string' && /^[1-9]\d*$/.test(value)) {
		throw invalid(ctx, spec, `is larger than any ServiceTitan ID (at most ${INT64_MAX})`, value);
	}
	throw invalid(ctx, spec, 'must be a positive whole number (an ID)', value);
}

/** An ID for a JSON body: a number while exact, else its digits written as a JSON number. */
function bodyId(digits: string): number | JsonInteger {
	const number = Number(digits);
	return Number.isSafeInteger(number) ? number : new JsonInteger(digits);
}

function toInteger(value: unknown, ctx: ValueContext, spec: FieldSpec): number {
	const number = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isSafeInteger(number)) throw invalid(ctx, spec, 'must be a whole number', value);
	return number;
}

function toBoolean(value: unknown, ctx: ValueContext, spec: FieldSpec): boolean {
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 'false') return value === 'true';
	throw invalid(ctx, spec, 'must be true or false', value);
}

/**
 * The entries of a list value. IDs hold no comma, so text is split on commas (what expressions and
 * the comma-separated ID fields produce); a text entry is kept whole, commas and spaces included.
 */
function listEntries(value: unknown, spec: FieldSpec, ctx: ValueContext): unknown[] {
	if (spec.type === 'idList') return commaSeparatedEntries(value);
	const entries = (Array.isArray(value) ? value : [value]).filter((entry) => entry !== '' && entry !== null && entry !== undefined);
	for (const entry of entries) {
		if (typeof entry !== 'string' && typeof entry !== 'number') throw invalid(ctx, spec, 'must be a list of texts', value);
	}
	return entries.map(String);
}

function toList(value: unknown, spec: FieldSpec, ctx: ValueContext, destination: Destination): unknown {
	const entries = listEntries(value, spec, ctx);
	if (spec.maxItems !== undefined && entries.length > spec.maxItems) throw invalid(ctx, spec, `takes at most ${spec.maxItems} values`, value);
	if (spec.type === 'idList') {
		const digits = entries.map((entry) => toIdDigits(entry, ctx, spec));
		if (destination === 'body') return digits.map(bodyId);
		return spec.explode ? digits : digits.join(',');
	}
	const texts = entries as string[];
	if (destination === 'body' || spec.explode) return texts;
	// The document takes this list as one comma-separated text: a comma inside an entry would split it.
	const withComma = texts.findIndex((text) => text.includes(','));
	if (withComma >= 0) {
		throw invalid(ctx, spec, `entry ${withComma + 1} contains a comma`, texts[withComma], 'ServiceTitan reads this filter as a comma-separated list, so an entry cannot contain a comma.');
	}
	return texts.join(',');
}

/**
 * What an Update Fields entry left empty (or set to null) sends: an empty text or list as such,
 * null where the document allows it; anything else cannot be cleared and is refused.
 */
function clearedValue(value: unknown, spec: FieldSpec, ctx: ValueContext): unknown {
	const refuse = (why: string) =>
		new NodeOperationError(ctx.node, `The parameter '${labelOf(ctx, spec)}' cannot be cleared: ${why} [item ${ctx.itemIndex}]`, {
			itemIndex: ctx.itemIndex,
			description: `Remove '${labelOf(ctx, spec)}' from Update Fields to leave it unchanged, or give it a value.`,
		});
	if (value === null) {
		if (spec.nullable) return null;
		throw refuse('ServiceTitan does not accept null for it');
	}
	switch (spec.type) {
		case 'string':
		case 'text':
			return '';
		case 'idList':
		case 'stringList':
		case 'objectList':
			return [];
		default:
			if (spec.nullable) return null;
			throw refuse('ServiceTitan does not accept an empty value for it');
	}
}

/**
 * One n8n parameter value → the value ServiceTitan expects, or a NodeOperationError naming the
 * parameter and the item. Returns undefined when nothing is to be sent: an empty optional value.
 * `clearing`: the value is an Update Fields entry, where empty means "clear it".
 */
export function toApiValue(input: unknown, spec: FieldSpec, ctx: ValueContext, destination: Destination, clearing = false): unknown {
	// A resource locator inside a collection arrives as { __rl, mode, value }.
	const value = input && typeof input === 'object' && (input as IDataObject).__rl === true ? (input as IDataObject).value : input;
	if (isBlank(value, spec) || ((spec.type === 'idList' || spec.type === 'stringList') && listEntries(value, spec, ctx).length === 0)) {
		if (spec.required) {
			throw new NodeOperationError(ctx.node, `The parameter '${labelOf(ctx, spec)}' is required [item ${ctx.itemIndex}]`, {
				itemIndex: ctx.itemIndex,
				description: spec.description,
			});
		}
		if (destination !== 'body') return undefined;
		if (clearing) return clearedValue(value, spec, ctx);
		// null is never a default: typed (an expression), it means null where the document allows it.
		return value === null && spec.nullable ? null : undefined;
	}
	switch (spec.type) {
		case 'id': {
			const digits = toIdDigits(value, ctx, spec);
			return destination === 'body' ? bodyId(digits) : digits;
		}
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
		case 'stringList':
			return toList(value, spec, ctx, destination);
		case 'object': {
			const [entry] = groupEntries(value);
			return toObject(entry, spec.fields ?? [], ctx);
		}
		case 'objectList':
			return groupEntries(value).map((entry, index) => toObject(entry, spec.fields ?? [], { ...ctx, label: `${labelOf(ctx, spec)} ${index + 1}` }));
		case 'string':
		case 'text':
			if (typeof value !== 'string' && typeof value !== 'number') throw invalid(ctx, spec, 'must be text', value);
			return String(value);
	}
}

/** A group entry (a fixedCollection's values) as a body object; entries left at their default are not sent. */
function toObject(values: IDataObject, fields: FieldSpec[], ctx: ValueContext): IDataObject {
	const result: IDataObject = {};
	for (const field of fields) {
		const label = ctx.label ? `${ctx.label} › ${displayNameOf(field)}` : displayNameOf(field);
		const converted = toApiValue(values[field.name], field, { ...ctx, label }, 'body');
		if (converted !== undefined) result[field.name] = converted as IDataObject[keyof IDataObject];
	}
	return result;
}
