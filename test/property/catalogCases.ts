/**
 * The catalog seen from outside: every ID, date and JSON value an operation takes (path, query,
 * body, nested in fixed collections, a raw JSON body), how to give the node a valid set of
 * parameters for any operation with one of those values replaced, and what a request that left the
 * node may look like (every path segment, ID and date in it validated). Where a field is shown comes
 * from the engine's own binding rule (engine/layout.ts), never re-derived here.
 */
import type { IDataObject, INodeParameters, NodeParameterValueType } from 'n8n-workflow';

import { allOperations } from '../../nodes/ServiceTitan/catalog';
import type { FieldSpec, OperationSpec, ParameterSpec, ResourceSpec } from '../../nodes/ServiceTitan/catalog/types';
import { operationLayout } from '../../nodes/ServiceTitan/engine/layout';
import { FIXED_COLLECTION_GROUP } from '../../nodes/ServiceTitan/engine/naming';
import type { RecordedRequest } from '../../simulator';
import { isNumberText, readJsonExactly } from '../helpers/losslessJson';

export type ValueKind = 'id' | 'idList' | 'dateTime' | 'jsonBody';

/** One value of one operation: where it sits, from the top-level field down to the value itself. */
export interface ValueTarget {
	resource: ResourceSpec;
	operation: OperationSpec;
	kind: ValueKind;
	/** The fields from the top-level one to the value (one entry unless nested in an object or list). */
	chain: FieldSpec[];
	label: string;
}

const VALUE_KINDS: ReadonlySet<string> = new Set(['id', 'idList', 'dateTime']);

function collectTargets(resource: ResourceSpec, operation: OperationSpec, fields: FieldSpec[], parents: FieldSpec[], into: ValueTarget[]): void {
	for (const field of fields) {
		const chain = [...parents, field];
		if (VALUE_KINDS.has(field.type)) {
			const where = (chain[0] as ParameterSpec).in ?? 'body';
			into.push({ resource, operation, kind: field.type as ValueKind, chain, label: `${resource.value}.${operation.value} ${where} ${chain.map((entry) => entry.name).join('.')}` });
		}
		if (field.fields) collectTargets(resource, operation, field.fields, chain, into);
	}
}

/** Every ID, ID list, date and JSON body a user can give any operation of the catalog. */
export function valueTargets(): ValueTarget[] {
	const targets: ValueTarget[] = [];
	for (const { resource, operation } of allOperations()) {
		const layout = operationLayout(resource, operation);
		const userSet = layout.fields.filter((placement) => placement.control.kind === 'top' || placement.control.kind === 'collection');
		collectTargets(resource, operation, userSet.map((placement) => placement.field), [], targets);
		if (layout.jsonBody) targets.push({ resource, operation, kind: 'jsonBody', chain: [], label: `${resource.value}.${operation.value} JSON body` });
	}
	return targets;
}

// Valid values -----------------------------------------------------------------------------------

export const VALID_ID = 10_000_001;
const EARLY = '2030-01-07T08:00:00Z';
const LATE = '2030-01-07T10:00:00Z';

/** A value the API accepts for the field, as the API takes it (IDs as numbers, dates as text). */
function validApiValue(field: FieldSpec): unknown {
	switch (field.type) {
		case 'id':
			return VALID_ID;
		case 'idList':
			return [VALID_ID];
		case 'stringList':
			return ['x'];
		case 'dateTime':
			return /end|before|completion/i.test(field.name) ? LATE : EARLY;
		case 'options':
			return field.default ?? field.options?.[0];
		case 'integer':
			return 1;
		case 'number':
			return 1;
		case 'boolean':
			return true;
		case 'object':
			return requiredObject(field.fields ?? []);
		case 'objectList':
			return [requiredObject(field.fields ?? [])];
		case 'string':
		case 'text':
			return 'x';
	}
}

function requiredObject(fields: FieldSpec[]): IDataObject {
	return Object.fromEntries(fields.filter((field) => field.required).map((field) => [field.name, validApiValue(field)])) as IDataObject;
}

/** How n8n holds a value the user typed (or an expression produced) for a field drawn at `top` level or in a group. */
function asParameter(field: FieldSpec, apiValue: unknown, top: boolean): NodeParameterValueType {
	if (field.type === 'object' || field.type === 'objectList') {
		const entries = (Array.isArray(apiValue) ? apiValue : [apiValue]) as IDataObject[];
		const converted = entries.map((entry) => groupEntry(field.fields ?? [], entry));
		return { [FIXED_COLLECTION_GROUP]: field.type === 'object' ? converted[0] : converted } as NodeParameterValueType;
	}
	const plain = field.type === 'idList' && Array.isArray(apiValue) ? (top ? apiValue.map(String) : apiValue.join(',')) : apiValue;
	const value = typeof plain === 'number' ? String(plain) : (plain as NodeParameterValueType);
	if (top && field.type === 'id' && field.locator) return { __rl: true, mode: 'id', value: value as string };
	return value;
}

function groupEntry(fields: FieldSpec[], entry: IDataObject): IDataObject {
	const converted: IDataObject = {};
	for (const field of fields) {
		if (entry[field.name] !== undefined) converted[field.name] = asParameter(field, entry[field.name], false) as IDataObject[string];
	}
	return converted;
}

/** The fields a user sets, each with where the engine's layout shows it. */
function topLevelFields(resource: ResourceSpec, operation: OperationSpec): Array<{ field: FieldSpec; property: string; collection?: string }> {
	return operationLayout(resource, operation).fields.flatMap(({ field, control }) => {
		if (control.kind === 'top') return [{ field, property: control.property }];
		if (control.kind === 'collection') return [{ field, property: control.property, collection: control.collection }];
		return [];
	});
}

/**
 * Parameters for the operation with every required value valid, and the target's value (when
 * given) replaced by `value`, given to n8n as `toParameter` makes it (typed text, or an expression).
 */
export function parametersFor(target: Pick<ValueTarget, 'resource' | 'operation'> & Partial<ValueTarget>, replacement?: { value: unknown }): INodeParameters {
	const { resource, operation } = target;
	const parameters: INodeParameters = { resource: resource.value, operation: operation.value };
	if (operation.envelope.kind === 'paged') parameters.returnAll = false;
	const chain = target.chain ?? [];
	const replacing = replacement !== undefined;

	// The API-shaped value of a top-level field, with the target replaced somewhere inside it.
	const apiValueOf = (field: FieldSpec): unknown => {
		if (!replacing || chain[0] !== field) return validApiValue(field);
		if (chain.length === 1) return REPLACED;
		return replaceInside(field, chain.slice(1));
	};

	const fields = topLevelFields(resource, operation);
	// An update must change something: it gets its first Update Fields entry (another than the target's).
	const firstUpdate = fields.find(({ field, collection }) => collection === 'updateFields' && field !== chain[0]);
	for (const { field, property, collection } of fields) {
		const targeted = replacing && chain[0] === field;
		if (!field.required && !targeted && field !== firstUpdate?.field) continue;
		const apiValue = apiValueOf(field);
		const parameter =
			apiValue === REPLACED && replacement !== undefined
				? toParameter(field, replacement.value, collection === undefined)
				: asParameter(field, apiValue, collection === undefined);
		const resolved = substitute(parameter, replacement);
		if (collection === undefined) parameters[property] = resolved;
		else parameters[collection] = { ...((parameters[collection] as INodeParameters | undefined) ?? {}), [property]: resolved };
	}

	const body = operation.body;
	if (body?.kind === 'json') {
		if (replacing && target.kind === 'jsonBody') parameters.jsonBody = expression(replacement.value);
		else parameters.jsonBody = body.shape === 'array' ? '[{}]' : '{}';
	}
	return parameters;
}

/** Marks where the replacement goes while a nested value is built. */
const REPLACED = Symbol('replaced');

function replaceInside(field: FieldSpec, rest: FieldSpec[]): unknown {
	const entry = requiredObject(field.fields ?? []);
	const [next, ...deeper] = rest;
	entry[next.name] = (deeper.length === 0 ? REPLACED : replaceInside(next, deeper)) as IDataObject[string];
	return field.type === 'objectList' ? [entry] : entry;
}

/** Puts the replacement where a nested build left its mark (groups hold it as n8n would). */
function substitute(parameter: NodeParameterValueType, replacement: { value: unknown } | undefined): NodeParameterValueType {
	if (replacement === undefined || parameter === null || typeof parameter !== 'object') return parameter;
	if (Array.isArray(parameter)) return parameter.map((entry) => substitute(entry as NodeParameterValueType, replacement)) as NodeParameterValueType;
	const result: IDataObject = {};
	for (const [key, value] of Object.entries(parameter)) {
		result[key] = (value === REPLACED ? expression(replacement.value) : substitute(value as NodeParameterValueType, replacement)) as IDataObject[string];
	}
	return result as NodeParameterValueType;
}

/** A JavaScript literal for an n8n expression (`={{ … }}`); objects keep spaces so `}}` never appears. */
function literal(value: unknown): string {
	if (value === undefined) return 'undefined';
	if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
	if (typeof value === 'string') return JSON.stringify(value);
	if (Array.isArray(value)) return `[ ${value.map(literal).join(', ')} ]`;
	if (value && typeof value === 'object') {
		return `{ ${Object.entries(value).map(([key, entry]) => `${JSON.stringify(key)}: ${literal(entry)}`).join(', ')} }`;
	}
	return String(value);
}

/** Whether a value can be written into an expression (its strings hold no `{{` / `}}`). */
export function expressible(value: unknown): boolean {
	if (typeof value === 'string') return !value.includes('{{') && !value.includes('}}');
	if (Array.isArray(value)) return value.every(expressible);
	if (value && typeof value === 'object') return Object.entries(value).every(([key, entry]) => expressible(key) && expressible(entry));
	return true;
}

/**
 * Values arrive through an expression, which is how bad data reaches a node at run time (n8n's
 * editor itself refuses to run a workflow with, say, a typed ID that fails the field's pattern).
 */
function expression(value: unknown): NodeParameterValueType {
	return `={{ ${literal(value)} }}`;
}

function toParameter(field: FieldSpec, value: unknown, top: boolean): NodeParameterValueType {
	const given = expression(value);
	if (top && field.type === 'id' && field.locator) return { __rl: true, mode: 'id', value: given as string };
	return given;
}

// What may leave the node -------------------------------------------------------------------------

const ID = /^[1-9]\d{0,18}$/;
const UTC_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const INT64_MAX = BigInt('9223372036854775807');

/** An int64 ID as written in the JSON body (read digit for digit). */
function isApiId(value: unknown): boolean {
	return isNumberText(value) && ID.test(value.$number) && BigInt(value.$number) <= INT64_MAX;
}

function isApiDate(value: unknown): boolean {
	return typeof value === 'string' && UTC_ISO.test(value) && new Date(value).toISOString() === value;
}

function bodyViolations(fields: FieldSpec[], value: unknown, at: string, into: string[]): void {
	if (!value || typeof value !== 'object' || Array.isArray(value)) return;
	const record = value as IDataObject;
	for (const field of fields) {
		const entry = record[field.name];
		if (entry === undefined || (entry === null && field.nullable)) continue;
		const where = `${at}${field.name}`;
		if (field.type === 'id' && !isApiId(entry)) into.push(`body ${where} = ${JSON.stringify(entry)}`);
		if (field.type === 'idList' && !(Array.isArray(entry) && entry.every(isApiId))) into.push(`body ${where} = ${JSON.stringify(entry)}`);
		if (field.type === 'dateTime' && !isApiDate(entry)) into.push(`body ${where} = ${JSON.stringify(entry)}`);
		if (field.type === 'object') bodyViolations(field.fields ?? [], entry, `${where}.`, into);
		if (field.type === 'objectList') {
			if (!Array.isArray(entry)) into.push(`body ${where} is not a list`);
			else entry.forEach((element, index) => bodyViolations(field.fields ?? [], element, `${where}[${index}].`, into));
		}
	}
}

/**
 * What is wrong with a request the simulator received for `operation`: a path that is not the
 * operation's template with positive-integer segments, an ID or date in the query or body that is
 * not in the API's form, or a request that matched another operation.
 */
export function requestViolations(operation: OperationSpec, tenantId: string, request: RecordedRequest): string[] {
	const problems: string[] = [];
	if (request.operationId !== operation.operationId) problems.push(`matched ${request.operationId ?? 'no operation'}, not ${operation.operationId}`);
	const template = `/jpm/v2/tenant/{tenant}${operation.path}`.split('/');
	const segments = request.path.split('/');
	if (segments.length !== template.length) problems.push(`path ${request.path} does not have the shape of ${operation.path}`);
	template.forEach((part, index) => {
		const segment = segments[index] ?? '';
		const name = /^\{(\w+)\}$/.exec(part)?.[1];
		if (name === 'tenant') {
			if (segment !== tenantId) problems.push(`tenant segment ${segment}`);
		} else if (name) {
			if (!ID.test(segment)) problems.push(`path segment {${name}} = ${JSON.stringify(segment)}`);
		} else if (segment !== part) problems.push(`path segment ${JSON.stringify(segment)} where ${part} belongs`);
	});
	for (const parameter of operation.parameters.filter((candidate) => candidate.in === 'query')) {
		for (const raw of request.query[parameter.name] ?? []) {
			if (parameter.type === 'id' && !ID.test(raw)) problems.push(`query ${parameter.name}=${JSON.stringify(raw)}`);
			if (parameter.type === 'idList' && !raw.split(',').every((entry) => ID.test(entry))) problems.push(`query ${parameter.name}=${JSON.stringify(raw)}`);
			if (parameter.type === 'dateTime' && !isApiDate(raw)) problems.push(`query ${parameter.name}=${JSON.stringify(raw)}`);
		}
	}
	const body = operation.body;
	if (request.rawBody === undefined) return problems;
	if (body?.kind === 'fields') bodyViolations(body.fields, readJsonExactly(request.rawBody), '', problems);
	return problems;
}
