/**
 * Every field the node offers, for every operation of ServiceTitan's document, filled in with a
 * distinctive value chosen from the document's own schema (int64 IDs beyond 2^53, texts with commas
 * and quotes, dates with an offset, the last enum value…); each query parameter and body property
 * the document declares must then arrive with exactly what was typed. The expectations come from
 * the vendor document (its facts-only description; ENDPOINTS.md beside the document) and from the values typed here, never from the
 * engine: the fields are found in the node's rendered description (what a user sees), and matched
 * to the document by their API names.
 *
 * Declared parameters the node does not let the user set are listed in NOT_OFFERED with the reason;
 * the last test pins the coverage figure (declared query parameters and body properties sent with
 * the user's value, out of all declared).
 */
import * as fs from 'node:fs';
import type { IDataObject, INode, INodeParameters, INodeProperties, INodeTypeDescription, NodeParameterValueType } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { allOperations } from '../../nodes/ServiceTitan/catalog';
import { ServiceTitan } from '../../nodes/ServiceTitan/ServiceTitan.node';
import { apiDescription, SCHEMA_REF_PREFIX } from '../../simulator/api/description';
import { besideVendorDocument } from '../../scripts/lib/vendorDocument';
import { useCaptureServer, type CapturedRequest } from '../helpers/captureServer';
import { isNumberText, readJsonExactly } from '../helpers/losslessJson';
import { runNode } from '../helpers/n8n';
import type { JsonSchema, VendorOperation } from '../helpers/vendorSpec';
import { listOperations, validateRequest } from '../helpers/vendorSpec';

const server = useCaptureServer();
const DESCRIPTION: INodeTypeDescription = new ServiceTitan().description;
const SCHEMAS = apiDescription().schemas;

/** Declared parameters the node does not let the user set, and why. */
const NOT_OFFERED: Record<string, string> = {
	page: 'the node pages itself (Return All / Limit), starting at page 1',
	includeTotal: 'the node pages by hasMore and never asks for a total count',
};
/** Declared parameters the node sets itself on operations without Return All / Limit. */
const ENGINE_SET_ON_UNPAGED_LISTS: Record<string, string> = {
	pageSize: 'a list without paging in its answer (budget-code segments) is read as one page of the maximum size',
};

// The document (through its facts-only description), read independently of the engine -------------------------------------------------

function resolve(schema: JsonSchema | undefined): JsonSchema {
	let current: JsonSchema = schema ?? {};
	for (let guard = 0; guard < 20; guard++) {
		if (current.$ref) {
			current = SCHEMAS[current.$ref.replace(SCHEMA_REF_PREFIX, '')] ?? {};
			continue;
		}
		const nonNull = (current.oneOf ?? []).filter((branch) => branch.type !== 'null');
		if (nonNull.length === 1 && !current.properties) {
			current = nonNull[0];
			continue;
		}
		return current;
	}
	return current;
}

function typeOf(schema: JsonSchema): string | undefined {
	const resolved = resolve(schema);
	const types = Array.isArray(resolved.type) ? resolved.type : resolved.type ? [resolved.type] : [];
	return types.find((type) => type !== 'null') ?? (resolved.properties ? 'object' : undefined);
}

/** ENDPOINTS.md §"Multi-value filters": the string-typed query parameters that take a comma-separated list. */
function commaSeparatedLists(): (operationId: string, name: string) => boolean {
	const text = fs.readFileSync(besideVendorDocument('ENDPOINTS.md'), 'utf8');
	const sentence = /Multi-value filters \(([^)]*)\)/.exec(text)?.[1] ?? '';
	const general = new Set<string>();
	const scoped: Array<[string, string]> = [];
	for (const match of sentence.matchAll(/(?:(\w+) )?`(\w+)`/g)) {
		if (match[1] && /^[A-Z]/.test(match[1])) scoped.push([match[1], match[2]]);
		else general.add(match[2]);
	}
	if (general.size < 8) throw new Error(`ENDPOINTS.md no longer lists the comma-separated filters as expected: ${sentence}`);
	return (operationId, name) => general.has(name) || scoped.some(([prefix, scopedName]) => scopedName === name && operationId.startsWith(`${prefix}_`));
}
const isCommaSeparated = commaSeparatedLists();

// Distinctive values ----------------------------------------------------------------------------

let counter = 0;
const next = () => ++counter;
/** An int64 above 2^53: a double would round it. */
const bigId = () => (BigInt('9223372036854770000') + BigInt(next())).toString();
const guid = () => `6f1c0b52-3c7a-4f1e-9a57-${String(next()).padStart(12, '0')}`;
const text = (comma: boolean) => `Wert ${next()}${comma ? ', with a comma' : ''} & "quotes" ✓`;
/** A moment written with an offset; ServiceTitan must get the same instant. */
const moment = () => {
	const n = next();
	return `2031-${String((n % 12) + 1).padStart(2, '0')}-${String((n % 27) + 1).padStart(2, '0')}T${String(n % 24).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}:07.250+02:00`;
};

/** What must arrive for one declared parameter or property. */
type Expected =
	| { kind: 'exact'; value: string | number | boolean }
	| { kind: 'int64'; digits: string }
	| { kind: 'instant'; value: string }
	| { kind: 'list'; items: Expected[] }
	| { kind: 'object'; properties: Record<string, Expected> }
	| { kind: 'objects'; entries: Array<Record<string, Expected>> };

interface Filled {
	value: NodeParameterValueType;
	expected: Expected;
}

function optionValues(property: INodeProperties): Array<string | number | boolean> {
	return (property.options ?? []).map((option) => (option as { value: string | number | boolean }).value);
}

/** A value the document's schema allows, typed into the node property the way a user would. */
function fill(property: INodeProperties, schema: JsonSchema, where: { operationId: string; name: string; in: 'path' | 'query' | 'body'; top: boolean }): Filled {
	const filled = fillValue(property, schema, where);
	// A query string carries text: a number or a boolean arrives as its text.
	if (where.in === 'query' && filled.expected.kind === 'exact') return { ...filled, expected: { kind: 'exact', value: String(filled.expected.value) } };
	return filled;
}

function fillValue(property: INodeProperties, schema: JsonSchema, where: { operationId: string; name: string; in: 'path' | 'query' | 'body'; top: boolean }): Filled {
	const resolved = resolve(schema);
	const type = typeOf(schema);
	if (property.type === 'fixedCollection') return fillGroup(property, schema, where.operationId);
	if (type === 'array') {
		const items = resolve(resolved.items);
		const int64 = typeOf(items) === 'integer' && items.format === 'int64';
		const entries = int64 ? [bigId(), bigId()] : [text(true), text(true)];
		const value = property.type === 'multiOptions' || property.typeOptions?.multipleValues ? entries : entries.join(',');
		return { value, expected: { kind: 'list', items: entries.map((entry) => (int64 ? { kind: 'int64', digits: entry } : { kind: 'exact', value: entry })) } };
	}
	if (where.in === 'query' && isCommaSeparated(where.operationId, where.name)) {
		const ids = /ids$|Ids$/.test(where.name);
		const entries = ids ? [bigId(), bigId()] : [text(false), text(false)];
		return { value: entries, expected: { kind: 'exact', value: entries.join(',') } };
	}
	if (type === 'integer' && resolved.format === 'int64') {
		const digits = bigId();
		const value = property.type === 'resourceLocator' ? ({ __rl: true, mode: 'id', value: digits } as unknown as NodeParameterValueType) : digits;
		return { value, expected: { kind: 'int64', digits } };
	}
	if (type === 'integer') {
		const number = 7000 + next();
		return { value: number, expected: { kind: 'exact', value: number } };
	}
	if (type === 'number') {
		const number = 1234.5 + next();
		return { value: number, expected: { kind: 'exact', value: number } };
	}
	if (type === 'boolean') {
		const value = property.default !== true;
		return { value, expected: { kind: 'exact', value } };
	}
	if (resolved.format === 'date-time') {
		const value = moment();
		return { value, expected: { kind: 'instant', value } };
	}
	if (property.type === 'options') {
		const options = optionValues(property);
		const value = options.filter((option) => option !== property.default).pop() ?? options[0];
		return { value, expected: { kind: 'exact', value } };
	}
	const value = resolved.format === 'guid' ? guid() : text(true);
	return { value, expected: { kind: 'exact', value } };
}

/** A fixedCollection: every field of its group; two entries where it takes several. */
function fillGroup(property: INodeProperties, schema: JsonSchema, operationId: string): Filled {
	const resolved = resolve(schema);
	const list = typeOf(schema) === 'array';
	const objectSchema = list ? resolve(resolved.items) : resolved;
	const group = (property.options ?? [])[0] as { name: string; values: INodeProperties[] };
	const entry = () => {
		const values: IDataObject = {};
		const expected: Record<string, Expected> = {};
		for (const child of group.values) {
			const childSchema = objectSchema.properties?.[child.name];
			if (!childSchema) throw new Error(`${operationId}: ${property.name} › ${child.name} is not a property of the document's schema`);
			const filled = fill(child, childSchema, { operationId, name: child.name, in: 'body', top: false });
			values[child.name] = filled.value as IDataObject[string];
			expected[child.name] = filled.expected;
		}
		return { values, expected };
	};
	if (!list) {
		const one = entry();
		return { value: { [group.name]: one.values } as NodeParameterValueType, expected: { kind: 'object', properties: one.expected } };
	}
	const entries = [entry(), entry()];
	return {
		value: { [group.name]: entries.map((one) => one.values) } as NodeParameterValueType,
		expected: { kind: 'objects', entries: entries.map((one) => one.expected) },
	};
}

// Filling an operation ---------------------------------------------------------------------------

/** Node parameters that steer the node rather than name an API parameter. */
const CONTROLS = new Set(['resource', 'operation', 'returnAll', 'limit', 'exportMode', 'exportStart', 'exportFromDate', 'exportContinueFrom', 'maxItems', 'simplify', 'sort', 'jsonBody', 'listReplacementNotice', 'maxConcurrency', 'requestsPerSecond', 'processesSharing', 'oneItemPerEvent']);
const COLLECTIONS: Record<string, 'query' | 'body'> = { filters: 'query', options: 'query', additionalFields: 'body', updateFields: 'body' };

interface Plan {
	parameters: INodeParameters;
	/** Declared query parameters and body properties (top level) → what must arrive. */
	query: Record<string, Expected>;
	body: Record<string, Expected>;
	path: Record<string, string>;
	/** Raw JSON typed for a body the document gives no schema for. */
	rawBody?: string;
	problems: string[];
}

function isShown(property: INodeProperties, values: INodeParameters): boolean {
	const node = { name: 'ServiceTitan', parameters: values } as unknown as INode;
	return NodeHelpers.displayParameter(values, property, node, DESCRIPTION);
}

function planFor(vendor: VendorOperation, resource: string, operation: string): Plan {
	const plan: Plan = { parameters: { resource, operation }, query: {}, body: {}, path: {}, problems: [] };
	const declared = (name: string) => vendor.parameters.find((parameter) => parameter.name === name && parameter.in !== 'header');
	const bodySchema = vendor.requestBody ? resolve(vendor.requestBody.schema) : undefined;
	const pathNames = vendor.parameters.filter((parameter) => parameter.in === 'path' && parameter.name !== 'tenant').map((parameter) => parameter.name);

	for (const property of DESCRIPTION.properties) {
		if (property.name === 'resource' || property.name === 'operation' || !isShown(property, plan.parameters)) continue;
		const name = property.name;
		if (COLLECTIONS[name]) {
			const collection: IDataObject = {};
			for (const option of (property.options ?? []) as INodeProperties[]) {
				if (CONTROLS.has(option.name)) {
					collection[option.name] = option.name === 'requestsPerSecond' ? 1000 : option.name === 'maxConcurrency' ? 1 : (option.default as IDataObject[string]);
					continue;
				}
				const destination = COLLECTIONS[name];
				const schema = destination === 'query' ? declared(option.name)?.schema : bodySchema?.properties?.[option.name];
				if (!schema || (destination === 'query' && declared(option.name)?.in !== 'query')) {
					plan.problems.push(`${name} › ${option.name} is offered but the document declares no such ${destination === 'query' ? 'query parameter' : 'body property'}`);
					continue;
				}
				const filled = fill(option, schema, { operationId: vendor.operationId, name: option.name, in: destination, top: false });
				collection[option.name] = filled.value as IDataObject[string];
				plan[destination][option.name] = filled.expected;
			}
			plan.parameters[name] = collection as INodeParameters;
			continue;
		}
		switch (name) {
			case 'listReplacementNotice':
				continue;
			case 'returnAll':
				plan.parameters.returnAll = false;
				continue;
			case 'limit':
				plan.parameters.limit = 7;
				plan.query.pageSize = { kind: 'exact', value: '7' };
				continue;
			case 'exportMode':
				plan.parameters.exportMode = 'page';
				continue;
			case 'exportStart':
				// Start From a continuation token: the token field is shown next and carries `from`.
				plan.parameters.exportStart = 'token';
				continue;
			case 'exportContinueFrom': {
				const token = `continue-token-${next()}/+=`;
				plan.parameters.exportContinueFrom = token;
				plan.query.from = { kind: 'exact', value: token };
				continue;
			}
			case 'simplify':
				plan.parameters.simplify = false;
				continue;
			case 'sort': {
				const group = (property.options ?? [])[0] as { values: INodeProperties[] };
				const fields = optionValues(group.values.find((value) => value.name === 'field') as INodeProperties);
				const field = String(fields[fields.length - 1]);
				plan.parameters.sort = { values: { direction: '-', field } };
				plan.query.sort = { kind: 'exact', value: `-${field}` };
				continue;
			}
			case 'jsonBody': {
				const raw = `[ {"segmentItemIds": [${bigId()}, 7], "note": "as written, ${next()}"},\n  {"segments": [{"segmentId": ${bigId()}}]} ]`;
				plan.parameters.jsonBody = raw;
				plan.rawBody = raw;
				continue;
			}
		}
		// A parameter of its own: the document's parameter of that name, else (a bare `{id}` is named
		// after what it identifies) the path `id`.
		const parameter = declared(name);
		const bodyProperty = bodySchema?.properties?.[name];
		if (parameter?.in === 'path' || (!parameter && !bodyProperty && pathNames.includes('id') && /Id$/.test(name) && !pathNames.includes(name))) {
			const pathName = parameter?.in === 'path' ? name : 'id';
			const filled = fill(property, parameter?.schema ?? { type: 'integer', format: 'int64' }, { operationId: vendor.operationId, name: pathName, in: 'path', top: true });
			plan.parameters[name] = filled.value;
			plan.path[pathName] = (filled.expected as { digits: string }).digits;
		} else if (parameter?.in === 'query') {
			const filled = fill(property, parameter.schema, { operationId: vendor.operationId, name, in: 'query', top: true });
			plan.parameters[name] = filled.value;
			plan.query[name] = filled.expected;
		} else if (bodyProperty) {
			const filled = fill(property, bodyProperty, { operationId: vendor.operationId, name, in: 'body', top: true });
			plan.parameters[name] = filled.value;
			plan.body[name] = filled.expected;
		} else {
			plan.problems.push(`parameter '${name}' is offered but the document declares nothing of that name`);
		}
	}
	return plan;
}

// Comparing what arrived ---------------------------------------------------------------------------

function mismatch(expected: Expected, actual: unknown, at: string, into: string[]): void {
	const show = (value: unknown) => JSON.stringify(value);
	switch (expected.kind) {
		case 'exact': {
			const got = isNumberText(actual) ? Number(actual.$number) : actual;
			if (got !== expected.value) into.push(`${at}: typed ${show(expected.value)}, arrived ${show(actual)}`);
			return;
		}
		case 'int64': {
			const got = isNumberText(actual) ? actual.$number : actual;
			if (got !== expected.digits) into.push(`${at}: typed ${expected.digits}, arrived ${show(actual)}`);
			return;
		}
		case 'instant':
			if (typeof actual !== 'string' || !/Z$/.test(actual) || Date.parse(actual) !== Date.parse(expected.value)) {
				into.push(`${at}: typed ${expected.value}, arrived ${show(actual)} (not the same instant in UTC)`);
			}
			return;
		case 'list':
			if (!Array.isArray(actual) || actual.length !== expected.items.length) into.push(`${at}: typed a list of ${expected.items.length}, arrived ${show(actual)}`);
			else expected.items.forEach((item, index) => mismatch(item, actual[index], `${at}[${index}]`, into));
			return;
		case 'object':
			if (!actual || typeof actual !== 'object' || Array.isArray(actual)) into.push(`${at}: typed an object, arrived ${show(actual)}`);
			else for (const [key, value] of Object.entries(expected.properties)) mismatch(value, (actual as IDataObject)[key], `${at}.${key}`, into);
			return;
		case 'objects':
			if (!Array.isArray(actual) || actual.length !== expected.entries.length) into.push(`${at}: typed ${expected.entries.length} entries, arrived ${show(actual)}`);
			else expected.entries.forEach((entry, index) => mismatch({ kind: 'object', properties: entry }, actual[index], `${at}[${index}]`, into));
	}
}

/** Every property the document declares in a body schema, as paths (`appointments[].start`). */
function declaredProperties(schema: JsonSchema | undefined, prefix = ''): string[] {
	const resolved = resolve(schema);
	return Object.entries(resolved.properties ?? {}).flatMap(([name, property]) => {
		const path = `${prefix}${name}`;
		const inner = resolve(property);
		if (typeOf(property) === 'object') return [path, ...declaredProperties(inner, `${path}.`)];
		if (typeOf(property) === 'array' && typeOf(inner.items ?? {}) === 'object') return [path, ...declaredProperties(inner.items, `${path}[].`)];
		return [path];
	});
}

/** The property paths an expectation covers. */
function coveredProperties(expected: Record<string, Expected>, prefix = ''): string[] {
	return Object.entries(expected).flatMap(([name, value]) => {
		const path = `${prefix}${name}`;
		if (value.kind === 'object') return [path, ...coveredProperties(value.properties, `${path}.`)];
		if (value.kind === 'objects') return [path, ...coveredProperties(value.entries[0] ?? {}, `${path}[].`)];
		return [path];
	});
}

interface Outcome {
	operationId: string;
	declared: string[];
	sent: string[];
	notOffered: Array<{ name: string; reason: string }>;
	problems: string[];
}

const outcomes = new Map<string, Outcome>();

function check(vendor: VendorOperation, plan: Plan, requests: CapturedRequest[]): Outcome {
	const problems = [...plan.problems];
	const outcome: Outcome = { operationId: vendor.operationId, declared: [], sent: [], notOffered: [], problems };
	if (requests.length !== 1) {
		problems.push(`expected one request, got ${requests.length}`);
		return outcome;
	}
	const [request] = requests;
	const template = vendor.path.split('/');
	const segments = request.path.replace(/^\/jpm\/v2/, '').split('/');
	const pathValues: Record<string, string> = {};
	template.forEach((part, index) => {
		const name = /^\{(\w+)\}$/.exec(part)?.[1];
		if (name && name !== 'tenant') pathValues[name] = decodeURIComponent(segments[index] ?? '');
	});
	for (const [name, digits] of Object.entries(plan.path)) {
		if (pathValues[name] !== digits) problems.push(`path {${name}}: typed ${digits}, arrived ${JSON.stringify(pathValues[name])}`);
	}

	const queryDeclared = vendor.parameters.filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name);
	for (const name of queryDeclared) {
		outcome.declared.push(`query ${name}`);
		const expected = plan.query[name];
		if (expected) {
			const values = request.query[name];
			const arrived = values === undefined ? undefined : typeOf(vendor.parameters.find((parameter) => parameter.name === name)?.schema ?? {}) === 'array' ? values : values.length === 1 ? values[0] : values;
			const before = problems.length;
			mismatch(expected, arrived, `query ${name}`, problems);
			if (problems.length === before) outcome.sent.push(`query ${name}`);
			continue;
		}
		const reason = NOT_OFFERED[name] ?? (name === 'pageSize' && !('limit' in plan.parameters) ? ENGINE_SET_ON_UNPAGED_LISTS[name] : undefined);
		if (reason) outcome.notOffered.push({ name: `query ${name}`, reason });
		else problems.push(`query ${name}: declared by the document, not offered by the node`);
	}

	if (plan.rawBody !== undefined) {
		outcome.declared.push('body (no schema)');
		if (request.rawBody === plan.rawBody) outcome.sent.push('body (no schema)');
		else problems.push(`raw JSON body: typed ${JSON.stringify(plan.rawBody)}, arrived ${JSON.stringify(request.rawBody)}`);
	} else if (vendor.requestBody) {
		const declared = declaredProperties(vendor.requestBody.schema);
		outcome.declared.push(...declared.map((path) => `body ${path}`));
		let body: unknown;
		try {
			body = readJsonExactly(request.rawBody);
		} catch (error) {
			problems.push(`the body is not JSON: ${(error as Error).message}`);
		}
		const before = problems.length;
		for (const [name, expected] of Object.entries(plan.body)) mismatch(expected, (body as IDataObject | undefined)?.[name], `body ${name}`, problems);
		const covered = new Set(coveredProperties(plan.body));
		if (problems.length === before) outcome.sent.push(...declared.filter((path) => covered.has(path)).map((path) => `body ${path}`));
		for (const path of declared.filter((candidate) => !covered.has(candidate))) problems.push(`body ${path}: declared by the document, not offered by the node`);
	}

	// And the request as a whole is one the document accepts (types, enums, no undeclared keys).
	const parsedBody = request.rawBody === '' ? undefined : (JSON.parse(request.rawBody) as unknown);
	const violations = validateRequest(vendor.operationId, { pathParams: { ...pathValues, tenant: segments[2] }, query: new URLSearchParams(request.rawQuery), body: parsedBody });
	problems.push(...violations.map((violation) => `document: ${violation}`));
	return outcome;
}

// Tests -----------------------------------------------------------------------------------------

const VENDOR = listOperations();
const IDENTITY = new Map(allOperations().map(({ resource, operation }) => [operation.operationId, { resource: resource.value, operation: operation.value }]));

describe('every field the node offers arrives exactly as typed', () => {
	it.each(VENDOR.map((vendor) => [vendor.operationId, vendor] as const))('%s', async (operationId, vendor) => {
		const identity = IDENTITY.get(operationId);
		if (!identity) throw new Error(`${operationId} is not offered by the node at all`);
		const plan = planFor(vendor, identity.resource, identity.operation);
		const result = await runNode({ parameters: plan.parameters });
		if (result.error) throw new Error(`${operationId}: the node failed: ${result.error.message}\n${result.error.description ?? ''}`);
		const outcome = check(vendor, plan, server.apiRequests());
		outcomes.set(operationId, outcome);
		expect({ operationId, problems: outcome.problems }).toEqual({ operationId, problems: [] });
	});

	it('covers every declared query parameter and body property but those listed, each with its reason', () => {
		expect(outcomes.size).toBe(VENDOR.length);
		const all = [...outcomes.values()];
		const declared = all.reduce((sum, outcome) => sum + outcome.declared.length, 0);
		const sent = all.reduce((sum, outcome) => sum + outcome.sent.length, 0);
		const notOffered = all.flatMap((outcome) => outcome.notOffered.map((entry) => `${outcome.operationId} ${entry.name}`));
		expect(sent + notOffered.length).toBe(declared);
		// The figure the issue asks for; a change here is a reviewed change of what the node can send.
		expect({ sent, declared, notOffered: notOffered.length }).toEqual({ sent: 347, declared: 393, notOffered: 46 });
		expect(new Set(all.flatMap((outcome) => outcome.notOffered.map((entry) => entry.name.replace(/^query /, ''))))).toEqual(new Set(['page', 'includeTotal', 'pageSize']));
	});
});
