/**
 * Request validation the way ServiceTitan's ASP.NET back end reports it: a 400 whose `errors` maps a
 * field path (`start`, `appointments[0].end`, `pageSize`) to messages. Bodies are checked against the
 * document's request-body schema (types, formats, enums, required); unknown body fields and unknown
 * query parameters are ignored, as the real API does.
 */
import { resolveRef } from './api/description';
import type { JsonSchema, SpecOperation } from './spec';
import type { FieldErrors } from './errors';

export type QueryValues = Map<string, string[]>;

/** A query or path parameter after type conversion. Dates are epoch milliseconds. */
export type ParamValue = string | number | boolean | string[];

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/i;
const GUID = /^[{(]?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}[)}]?$/i;
const INT32 = { min: -2147483648, max: 2147483647 };

/** Parses an ISO-8601 date or date-time; a value without an offset is UTC. Returns NaN when invalid. */
export function parseUtcDate(text: string): number {
	if (!ISO_DATE_TIME.test(text)) return NaN;
	const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(text);
	const normalised = text.replace(' ', 'T');
	return Date.parse(hasZone || normalised.length <= 10 ? normalised : `${normalised}Z`);
}

function addError(errors: FieldErrors, field: string, message: string): void {
	(errors[field] ??= []).push(message);
}

function deref(schema: JsonSchema): JsonSchema {
	let current = schema;
	while (current.$ref) current = resolveRef(current.$ref);
	return current;
}

/** Collapses `oneOf: [{$ref: X}]` and `oneOf: [{$ref: X}, {type: null}]` into X plus nullability. */
function unwrap(schema: JsonSchema): { schema: JsonSchema; nullable: boolean } {
	let nullable = false;
	let current = deref(schema);
	if (current.oneOf) {
		const alternatives = current.oneOf.map(deref);
		nullable = alternatives.some((alternative) => alternative.type === 'null');
		const concrete = alternatives.filter((alternative) => alternative.type !== 'null');
		if (concrete.length === 1) current = { ...current, ...concrete[0], oneOf: undefined };
	}
	const types = typesOf(current);
	if (types.includes('null')) nullable = true;
	return { schema: current, nullable };
}

function typesOf(schema: JsonSchema): string[] {
	if (schema.type === undefined) return [];
	return Array.isArray(schema.type) ? schema.type : [schema.type];
}

function describeType(types: string[]): string {
	return types.filter((type) => type !== 'null').join(' or ') || 'value';
}

function matchesType(type: string, value: unknown): boolean {
	switch (type) {
		case 'null':
			return value === null;
		case 'integer':
			return typeof value === 'number' && Number.isInteger(value);
		case 'number':
			return typeof value === 'number' && Number.isFinite(value);
		case 'string':
			return typeof value === 'string';
		case 'boolean':
			return typeof value === 'boolean';
		case 'array':
			return Array.isArray(value);
		case 'object':
			return typeof value === 'object' && value !== null && !Array.isArray(value);
		default:
			return true;
	}
}

function checkFormat(schema: JsonSchema, value: unknown, field: string, errors: FieldErrors): void {
	if (schema.format === 'date-time' && typeof value === 'string' && Number.isNaN(parseUtcDate(value))) {
		addError(errors, field, `The JSON value '${value}' could not be converted to a UTC date-time.`);
	}
	if (schema.format === 'guid' && typeof value === 'string' && !GUID.test(value)) {
		addError(errors, field, `The JSON value '${value}' is not a valid GUID.`);
	}
	if (schema.format === 'int32' && typeof value === 'number' && (value < INT32.min || value > INT32.max)) {
		addError(errors, field, `The JSON value ${value} is outside the 32-bit integer range.`);
	}
	if (schema.format === 'int64' && typeof value === 'number' && !Number.isSafeInteger(value)) {
		addError(errors, field, `The JSON value ${value} is not a valid 64-bit integer.`);
	}
}

/** Checks `value` against `schema`, adding messages under `field` (`''` = the whole body, reported as `$`). */
export function checkValue(schema: JsonSchema, value: unknown, field: string, errors: FieldErrors): void {
	const { schema: target, nullable } = unwrap(schema);
	const label = field || '$';
	if (value === null) {
		if (!nullable && typesOf(target).length > 0) addError(errors, label, `The ${label} field must not be null.`);
		return;
	}
	const types = typesOf(target).filter((type) => type !== 'null');
	if (types.length > 0 && !types.some((type) => matchesType(type, value))) {
		addError(errors, label, `The JSON value could not be converted to ${describeType(types)}.`);
		return;
	}
	if (target.enum && !target.enum.includes(value)) {
		addError(errors, label, `The value '${String(value)}' is not valid. Allowed values: ${target.enum.join(', ')}.`);
		return;
	}
	checkFormat(target, value, label, errors);
	if (typeof value === 'string' && target.minLength !== undefined && value.length < target.minLength) {
		addError(errors, label, `The ${label} field must not be empty.`);
	}
	if (Array.isArray(value) && target.items) {
		value.forEach((item, index) => checkValue(target.items as JsonSchema, item, `${field}[${index}]`, errors));
	}
	if (matchesType('object', value) && target.properties) {
		const record = value as Record<string, unknown>;
		const prefix = field ? `${field}.` : '';
		for (const name of target.required ?? []) {
			if (record[name] === undefined) addError(errors, `${prefix}${name}`, `The ${name} field is required.`);
		}
		for (const [name, propertySchema] of Object.entries(target.properties)) {
			if (record[name] !== undefined) checkValue(propertySchema, record[name], `${prefix}${name}`, errors);
		}
	}
}

/** Resolves what a parameter's schema accepts: its base type and (for enum refs) allowed values. */
function parameterShape(schema: JsonSchema): { type: string; format?: string; enumValues?: string[]; items?: JsonSchema } {
	const { schema: target } = unwrap(schema);
	const type = typesOf(target).find((candidate) => candidate !== 'null') ?? 'string';
	return {
		type,
		format: target.format,
		enumValues: target.enum?.map(String),
		items: target.items,
	};
}

/** Converts one raw query/path string to its typed value, or records why it is not valid. */
function convertScalar(
	name: string,
	raw: string,
	shape: ReturnType<typeof parameterShape>,
	errors: FieldErrors,
): ParamValue | undefined {
	if (shape.type === 'integer') {
		const value = /^[+-]?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
		const bounds = shape.format === 'int32' ? INT32 : { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER };
		if (!Number.isFinite(value) || value < bounds.min || value > bounds.max) {
			addError(errors, name, `The value '${raw}' is not valid for ${name}.`);
			return undefined;
		}
		return value;
	}
	if (shape.type === 'boolean') {
		const lowered = raw.trim().toLowerCase();
		if (lowered !== 'true' && lowered !== 'false') {
			addError(errors, name, `The value '${raw}' is not valid for ${name}.`);
			return undefined;
		}
		return lowered === 'true';
	}
	if (shape.enumValues) {
		const match = shape.enumValues.find((candidate) => candidate.toLowerCase() === raw.trim().toLowerCase());
		if (!match) {
			addError(errors, name, `The value '${raw}' is not valid for ${name}. Allowed values: ${shape.enumValues.join(', ')}.`);
			return undefined;
		}
		return match;
	}
	if (shape.format === 'date-time') {
		const value = parseUtcDate(raw);
		if (Number.isNaN(value)) {
			addError(errors, name, `The value '${raw}' is not a valid UTC date-time for ${name}.`);
			return undefined;
		}
		return value;
	}
	if (shape.format === 'guid' && !GUID.test(raw)) {
		addError(errors, name, `The value '${raw}' is not a valid GUID for ${name}.`);
		return undefined;
	}
	return raw;
}

/** Paging limits ServiceTitan applies to every list operation (max pageSize per its partner docs). */
export const PAGE_SIZE_LIMIT = 5000;
const PARAMETER_LIMITS: Record<string, { min: number; max?: number }> = {
	page: { min: 1 },
	pageSize: { min: 1, max: PAGE_SIZE_LIMIT },
};

function checkLimits(name: string, value: ParamValue, errors: FieldErrors): void {
	const limit = PARAMETER_LIMITS[name];
	if (!limit || typeof value !== 'number') return;
	if (value < limit.min || (limit.max !== undefined && value > limit.max)) {
		addError(errors, name, limit.max === undefined ? `${name} must be ${limit.min} or greater.` : `${name} must be between ${limit.min} and ${limit.max}.`);
	}
}

export interface ParsedParameters {
	path: Map<string, number>;
	query: Map<string, ParamValue>;
}

/**
 * Converts path and query parameters per the operation's declared schemas. Integer path parameters
 * (all of them are int64 here) become numbers; `array` query parameters collect repeated keys.
 */
export function parseParameters(
	operation: SpecOperation,
	pathValues: Map<string, string>,
	query: QueryValues,
	errors: FieldErrors,
): ParsedParameters {
	const parsed: ParsedParameters = { path: new Map(), query: new Map() };
	for (const parameter of operation.parameters) {
		const shape = parameterShape(parameter.schema);
		if (parameter.in === 'path') {
			const value = convertScalar(parameter.name, decodeURIComponent(pathValues.get(parameter.name) ?? ''), shape, errors);
			if (typeof value === 'number') parsed.path.set(parameter.name, value);
			continue;
		}
		if (parameter.in !== 'query') continue;
		const raws = (query.get(parameter.name) ?? []).filter((raw) => raw !== '');
		if (raws.length === 0) {
			if (parameter.required) addError(errors, parameter.name, `The ${parameter.name} field is required.`);
			continue;
		}
		if (shape.type === 'array') {
			const itemShape = parameterShape(shape.items ?? {});
			const values = raws.map((raw) => convertScalar(parameter.name, raw, itemShape, errors));
			parsed.query.set(parameter.name, values.map(String));
			continue;
		}
		// ASP.NET binds the first value of a repeated scalar key.
		const value = convertScalar(parameter.name, raws[0], shape, errors);
		if (value === undefined) continue;
		checkLimits(parameter.name, value, errors);
		parsed.query.set(parameter.name, value);
	}
	return parsed;
}
