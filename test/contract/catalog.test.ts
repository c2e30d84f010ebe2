/**
 * Contract test: the operation catalog against ServiceTitan's OpenAPI document for JPM v2.
 *
 * Every check collects readable problems ("Jobs_Get: parameter 'id' …") and expects the list to be
 * empty, so a failure names the operation and the field at fault.
 */
import * as fs from 'fs';

import { RESOURCES, allOperations, findOperation } from '../../nodes/ServiceTitan/catalog';
import type { FieldSpec, OperationSpec, ResourceSpec } from '../../nodes/ServiceTitan/catalog/types';
import { besideVendorDocument, loadVendorDocument } from '../../scripts/lib/vendorDocument';

// Vendor document ---------------------------------------------------------------------------------

const ENDPOINTS_FILE = besideVendorDocument('ENDPOINTS.md');

if (!fs.existsSync(ENDPOINTS_FILE)) {
	throw new Error(`Contract test needs ${ENDPOINTS_FILE} (ServiceTitan's reference beside the OpenAPI document) and it is missing.`);
}

interface Schema {
	$ref?: string;
	type?: string | string[];
	format?: string;
	enum?: string[];
	items?: Schema;
	properties?: Record<string, Schema>;
	required?: string[];
	oneOf?: Schema[];
	anyOf?: Schema[];
	allOf?: Schema[];
	description?: string;
}

interface VendorParameter {
	name: string;
	in: 'path' | 'query' | 'header' | 'cookie';
	required?: boolean;
	description?: string;
	schema: Schema;
}

interface VendorOperation {
	operationId: string;
	method: string;
	/** Below `/tenant/{tenant}`. */
	path: string;
	tag: string;
	summary?: string;
	description?: string;
	/** Every parameter but `tenant`. */
	parameters: VendorParameter[];
	body?: Schema;
	bodyContentTypes: string[];
	/** 2xx responses: status → JSON schema, or null when the response has no JSON body. */
	responses: Record<string, Schema | null>;
	scope: string | undefined;
}

interface OpenApiDocument {
	paths: Record<string, Record<string, unknown>>;
	components: { schemas: Record<string, Schema>; parameters?: Record<string, VendorParameter> };
}

const doc = loadVendorDocument() as OpenApiDocument;
const SCHEMAS = doc.components.schemas;
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

function refName(ref: string): string {
	return ref.replace('#/components/schemas/', '');
}

/** Local loader (no shared vendor-spec helper existed when this test was written). */
function listVendorOperations(): VendorOperation[] {
	const result: VendorOperation[] = [];
	for (const [rawPath, item] of Object.entries(doc.paths)) {
		const shared = (item.parameters as VendorParameter[] | undefined) ?? [];
		for (const method of HTTP_METHODS) {
			const op = item[method] as
				| {
						operationId: string;
						tags?: string[];
						summary?: string;
						description?: string;
						parameters?: Array<VendorParameter | { $ref: string }>;
						requestBody?: { content: Record<string, { schema: Schema }> };
						responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
						security?: Array<Record<string, string[]>>;
				  }
				| undefined;
			if (!op) continue;
			const parameters = [...shared, ...(op.parameters ?? [])]
				.map((p) => ('$ref' in p ? doc.components.parameters![p.$ref.split('/').pop()!] : p))
				.filter((p) => p.name !== 'tenant');
			const responses: Record<string, Schema | null> = {};
			for (const [status, response] of Object.entries(op.responses)) {
				if (!status.startsWith('2')) continue;
				const json = response.content?.['application/json'] ?? response.content?.['text/json'];
				responses[status] = json ? json.schema : null;
			}
			const bodyContent = op.requestBody?.content;
			result.push({
				operationId: op.operationId,
				method: method.toUpperCase(),
				path: rawPath.replace(/^\/tenant\/\{tenant\}/, ''),
				tag: op.tags?.[0] ?? '',
				summary: op.summary,
				description: op.description,
				parameters,
				body: bodyContent ? (bodyContent['application/json'] ?? Object.values(bodyContent)[0]).schema : undefined,
				bodyContentTypes: bodyContent ? Object.keys(bodyContent) : [],
				responses,
				scope: op.security?.find((s) => Array.isArray(s.oauth))?.oauth[0],
			});
		}
	}
	return result;
}

const VENDOR = listVendorOperations();
const VENDOR_BY_ID = new Map(VENDOR.map((v) => [v.operationId, v]));
const CATALOG = allOperations();
const CATALOG_IDS = CATALOG.map(({ operation }) => operation.operationId);

// Schema helpers ----------------------------------------------------------------------------------

/** Follows `$ref`s and drops the `null` branch of nullable `oneOf`/`anyOf` wrappers. */
function resolve(schema: Schema | undefined): Schema {
	let current: Schema = schema ?? {};
	for (let guard = 0; guard < 20; guard++) {
		if (current.$ref) {
			current = SCHEMAS[refName(current.$ref)] ?? {};
			continue;
		}
		const union = current.oneOf ?? current.anyOf ?? (current.allOf?.length === 1 ? current.allOf : undefined);
		if (union) {
			const nonNull = union.filter((s) => s.type !== 'null');
			if (nonNull.length === 1) {
				current = nonNull[0];
				continue;
			}
		}
		return current;
	}
	return current;
}

function typeOf(schema: Schema): string | undefined {
	if (Array.isArray(schema.type)) return schema.type.find((t) => t !== 'null');
	if (schema.type) return schema.type;
	if (schema.properties) return 'object';
	return undefined;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
	return a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');
}

const ID_LIST_NAME = /^ids$|Ids$/;
/** Where the document states the values of a free-string field elsewhere (job priority). */
const PRIORITY_TEXT = VENDOR_BY_ID.get('Jobs_GetList')?.parameters.find((p) => p.name === 'priority')?.description ?? '';

/** Values of an `options` field on a string the document types without an enum must be quoted in its text. */
function undocumentedValues(values: readonly string[], name: string, description: string | undefined): string[] {
	const text = `${description ?? ''} ${name === 'priority' ? PRIORITY_TEXT : ''}`.toLowerCase();
	return values.filter((v) => !text.includes(`"${v.toLowerCase()}"`));
}

/** Why a catalog type does not fit the vendor schema, or undefined when it does. */
function typeMismatch(
	spec: FieldSpec,
	schema: Schema,
	where: 'path' | 'query' | 'body',
	description: string | undefined,
): string | undefined {
	const s = resolve(schema);
	const t = typeOf(s);
	const items = s.items ? resolve(s.items) : undefined;
	const describe = `${spec.type} does not fit ${JSON.stringify({ type: t, format: s.format, enum: s.enum, items: items && typeOf(items) })}`;
	switch (spec.type) {
		case 'id':
			return t === 'integer' && s.format === 'int64' ? undefined : describe;
		case 'integer':
			return t === 'integer' && s.format !== 'int64' ? undefined : `${describe} (int64 values are 'id')`;
		case 'number':
			return t === 'number' ? undefined : describe;
		case 'boolean':
			return t === 'boolean' ? undefined : describe;
		case 'dateTime':
			return t === 'string' && s.format === 'date-time' ? undefined : describe;
		case 'string':
		case 'text': {
			if (t !== 'string' || s.enum || s.format === 'date-time') return describe;
			if (where === 'query' && ID_LIST_NAME.test(spec.name)) return `${describe}: a comma-separated ID list is 'idList'`;
			if (spec.type === 'text' && where !== 'body') return `${describe}: 'text' is for body fields`;
			return undefined;
		}
		case 'options': {
			if (s.enum) {
				return sameSet(spec.options ?? [], s.enum)
					? undefined
					: `options ${JSON.stringify(spec.options)} differ from the enum ${JSON.stringify(s.enum)}`;
			}
			if (t !== 'string') return describe;
			const missing = undocumentedValues(spec.options ?? [], spec.name, description);
			return missing.length === 0 ? undefined : `options ${JSON.stringify(missing)} are not documented for this free string`;
		}
		case 'idList':
			if (where === 'query') {
				return t === 'string' && !s.format && ID_LIST_NAME.test(spec.name) ? undefined : describe;
			}
			return t === 'array' && items && typeOf(items) === 'integer' && items.format === 'int64' ? undefined : describe;
		case 'stringList':
			if (where === 'query' && t === 'string' && !s.format) {
				return ID_LIST_NAME.test(spec.name) ? `${describe}: a comma-separated ID list is 'idList'` : undefined;
			}
			if (where === 'query' && t === 'array' && !spec.explode) return `the document's array parameter is sent as repeated keys: set explode`;
			return t === 'array' && items && typeOf(items) === 'string' && !items.format ? undefined : describe;
		case 'object':
			return t === 'object' && s.properties ? undefined : describe;
		case 'objectList':
			return t === 'array' && items && typeOf(items) === 'object' && items.properties ? undefined : describe;
	}
}

/** Whether the document allows null for a property (`type: [..., "null"]` or a null branch). */
function allowsNull(schema: Schema): boolean {
	if (Array.isArray(schema.type) && schema.type.includes('null')) return true;
	return [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])].some((branch) => branch.type === 'null');
}

/**
 * Compares catalog fields with an object schema, recursively; returns problems. `clears`: the body
 * of an update, where a field's nullability decides what clearing it sends, so it must match the
 * document; elsewhere a field may only claim nullability the document grants.
 */
function compareFields(fields: FieldSpec[], objectSchema: Schema, where: string, topLevel: boolean, clears: boolean): string[] {
	const problems: string[] = [];
	const s = resolve(objectSchema);
	const properties = s.properties ?? {};
	const required = new Set(s.required ?? []);
	const names = fields.map((f) => f.name);
	for (const name of names.filter((n, i) => names.indexOf(n) !== i)) problems.push(`${where}: field '${name}' is listed twice`);
	for (const name of Object.keys(properties)) {
		if (!names.includes(name)) problems.push(`${where}: schema property '${name}' is missing from the catalog`);
	}
	for (const f of fields) {
		const at = `${where}.${f.name}`;
		const property = properties[f.name];
		if (!property) {
			problems.push(`${at}: not a property of the schema`);
			continue;
		}
		if (!!f.required !== required.has(f.name)) {
			problems.push(`${at}: required is ${!!f.required} but the schema says ${required.has(f.name)}`);
		}
		const mismatch = typeMismatch(f, property, 'body', property.description ?? resolve(property).description);
		if (mismatch) problems.push(`${at}: ${mismatch}`);
		if (f.nullable && !allowsNull(property)) problems.push(`${at}: nullable, but the document does not allow null`);
		if (clears && !f.nullable && allowsNull(property)) problems.push(`${at}: the document allows null here; mark it nullable so clearing it sends null`);
		const format = resolve(property).format;
		if (topLevel && (format === 'multiline' || format === 'html') && f.type !== 'text') {
			problems.push(`${at}: a ${format} string should be 'text'`);
		}
		problems.push(...fieldSanity(f, at));
		if (f.type === 'object' || f.type === 'objectList') {
			const nested = f.type === 'object' ? property : resolve(property).items;
			problems.push(...compareFields(f.fields ?? [], nested ?? {}, at, false, clears));
		} else if (f.fields) {
			problems.push(`${at}: only object and objectList fields have nested fields`);
		}
	}
	return problems;
}

/** Checks a field on its own: options, locator and loader on the right types. */
function fieldSanity(f: FieldSpec, at: string): string[] {
	const problems: string[] = [];
	if (f.type === 'options') {
		if (!f.options || f.options.length === 0) problems.push(`${at}: options field without options`);
		if (f.default !== undefined && !f.options?.includes(String(f.default))) problems.push(`${at}: default '${f.default}' is not an option`);
	} else if (f.options) {
		problems.push(`${at}: options on a ${f.type} field`);
	}
	if (f.locator && f.type !== 'id') problems.push(`${at}: locator on a ${f.type} field`);
	if (f.loader && f.type !== 'id' && f.type !== 'idList') problems.push(`${at}: loader on a ${f.type} field`);
	if (f.locator && f.loader) problems.push(`${at}: both a locator and a loader`);
	if (f.explode && f.type !== 'stringList' && f.type !== 'idList') problems.push(`${at}: explode on a ${f.type} field`);
	if (f.displayName !== undefined && !isTitleCase(f.displayName)) problems.push(`${at}: display name '${f.displayName}' is not Title Case`);
	return problems;
}

// Style helpers -----------------------------------------------------------------------------------

const SMALL_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'from', 'in', 'of', 'on', 'or', 'the', 'to', 'with']);

function isTitleCase(text: string): boolean {
	return text.split(' ').every((word, index) => {
		const bare = word.replace(/^[("']+|[)"'.,:]+$/g, '');
		if (bare === '') return true;
		if (index > 0 && SMALL_WORDS.has(bare)) return true;
		return bare.split('-').every((part) => /^[A-Z0-9]/.test(part));
	});
}

const PROPER_NOUNS = new Set(['ServiceTitan']);

function isSentenceCase(text: string): boolean {
	const words = text.split(' ');
	if (!/^[A-Z]/.test(words[0])) return false;
	return words.slice(1).every((word) => {
		const bare = word.replace(/^[("']+|[)"'.,:]+$/g, '');
		return !/^[A-Z]/.test(bare) || /^[A-Z]{2,}s?$/.test(bare) || PROPER_NOUNS.has(bare);
	});
}

function sortedByName<T extends { name: string }>(items: T[]): boolean {
	return items.every((item, i) => i === 0 || items[i - 1].name.localeCompare(item.name) <= 0);
}

/** The record schema an operation returns (the object, or the element of a paged/export/list wrapper). */
function recordSchemaName(op: OperationSpec, vendor: VendorOperation): string | undefined {
	const response = vendor.responses['200'];
	if (!response?.$ref) return undefined;
	const wrapper = resolve(response);
	let record: Schema | undefined;
	if (op.envelope.kind === 'single') record = op.envelope.unwrap ? wrapper.properties?.[op.envelope.unwrap] : response;
	else if (op.envelope.kind === 'paged' || op.envelope.kind === 'export') record = wrapper.properties?.data?.items;
	else if (op.envelope.kind === 'list') record = resolve(wrapper.properties?.[op.envelope.key]).items;
	return record?.$ref ? refName(record.$ref) : undefined;
}

const SIMPLIFIED_RECORDS: Record<string, string[]> = {
	job: ['Jpm.V2.JobResponse', 'Jpm.V2.ExportJobsResponse'],
	appointment: ['Jpm.V2.AppointmentResponse', 'Jpm.V2.ExportAppointmentsResponse'],
	project: ['Jpm.V2.ProjectResponse', 'Jpm.V2.ExportProjectsResponse'],
};

/** Sort fields per operation from ENDPOINTS.md §4 (the last column of its summary table). */
function endpointsSortFields(): Map<string, string[]> {
	const text = fs.readFileSync(ENDPOINTS_FILE, 'utf8');
	const section = text.slice(text.indexOf('### 4.'), text.indexOf('### 5.'));
	const result = new Map<string, string[]>();
	for (const line of section.split('\n')) {
		const match = /^\| `([A-Za-z_]+)` \|/.exec(line);
		if (!match) continue;
		const cells = line.split('|').map((c) => c.trim());
		const last = cells[cells.length - 2];
		result.set(match[1], last === '—' || last === '' ? [] : last.split(',').map((f) => f.trim()));
	}
	return result;
}

/** Sort fields named in the `sort` parameter's description ("… Available fields are: Id, Name."). */
function documentedSortFields(description: string | undefined): string[] {
	const list = (description ?? '').split(':').pop() ?? '';
	return list
		.replace(/\.\s*$/, '')
		.split(',')
		.map((f) => f.trim())
		.filter((f) => /^[A-Za-z]+$/.test(f));
}

const EXPECTED_COUNTS: Record<string, number> = {
	Appointment: 11,
	'Budget Code': 14,
	Export: 7,
	Job: 14,
	'Job Cancel Reason': 1,
	'Job Equipment': 4,
	'Job Hold Reason': 1,
	'Job Type': 4,
	Project: 9,
	'Project Status': 2,
	'Project Sub-Status': 2,
	'Project Type': 2,
};

/** The vendor tag each resource's operations carry. */
const TAG_OF_RESOURCE: Record<string, string> = {
	appointment: 'Appointments',
	budgetCode: 'BudgetCodes',
	export: 'Export',
	job: 'Jobs',
	jobCancelReason: 'JobCancelReasons',
	jobEquipment: 'JobEquipment',
	jobHoldReason: 'JobHoldReasons',
	jobType: 'JobTypes',
	project: 'Projects',
	projectStatus: 'ProjectStatuses',
	projectSubStatus: 'ProjectSubStatuses',
	projectType: 'ProjectTypes',
};

/** The operations whose request body the document leaves out (ENDPOINTS.md §9.1). */
const UNDOCUMENTED_BODIES = ['BudgetCodes_CreateBudgetCodesBatch', 'BudgetCodes_CreateBudgetCodesPartialBatch'];

// Per-operation checks ----------------------------------------------------------------------------

function checkParameters(op: OperationSpec, vendor: VendorOperation): string[] {
	const problems: string[] = [];
	const id = op.operationId;
	const names = op.parameters.map((p) => p.name);
	for (const name of names.filter((n, i) => names.indexOf(n) !== i)) problems.push(`${id}: parameter '${name}' is listed twice`);
	for (const vp of vendor.parameters) {
		if (!op.parameters.some((p) => p.name === vp.name)) problems.push(`${id}: vendor parameter '${vp.name}' (${vp.in}) is missing`);
	}
	for (const p of op.parameters) {
		const at = `${id}: parameter '${p.name}'`;
		const vp = vendor.parameters.find((v) => v.name === p.name);
		if (!vp) {
			problems.push(`${at} is not in the document`);
			continue;
		}
		if (p.in !== vp.in) problems.push(`${at} is in ${p.in} but the document has it in ${vp.in}`);
		if (!!p.required !== !!vp.required) problems.push(`${at}: required is ${!!p.required} but the document says ${!!vp.required}`);
		const mismatch = typeMismatch(p, vp.schema, p.in, vp.description);
		if (mismatch) problems.push(`${at}: ${mismatch}`);
		if (/maximum 50/i.test(vp.description ?? '') && p.maxItems !== 50) problems.push(`${at}: the document caps it at 50 (maxItems)`);
		if (p.explode && typeOf(resolve(vp.schema)) !== 'array') problems.push(`${at}: explode, but the document takes one comma-separated string`);
		problems.push(...fieldSanity(p, at));
	}
	const placeholders = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
	const pathParameters = op.parameters.filter((p) => p.in === 'path').map((p) => p.name);
	if (!sameSet(placeholders, pathParameters)) {
		problems.push(`${id}: path placeholders ${JSON.stringify(placeholders)} differ from path parameters ${JSON.stringify(pathParameters)}`);
	}
	return problems;
}

function checkBody(op: OperationSpec, vendor: VendorOperation): string[] {
	const id = op.operationId;
	if (!vendor.body) {
		if (!op.body) return [];
		if (op.body.kind !== 'json') return [`${id}: the document has no request body, so only a raw JSON body can be offered`];
		return checkJsonBody(op);
	}
	if (!op.body) return [`${id}: the document has a request body (${vendor.body.$ref ?? 'inline'}) but the catalog has none`];
	if (op.body.kind !== 'fields') return [`${id}: the document describes this body, so its fields belong in the catalog`];
	const problems: string[] = [];
	if (!vendor.bodyContentTypes.includes('application/json')) problems.push(`${id}: the document's body is not JSON`);
	problems.push(...compareFields(op.body.fields, vendor.body, `${id}: body`, true, op.method === 'PATCH'));
	return problems;
}

/** A raw JSON body stands in for an undocumented one; a batch names the single-item operation it repeats. */
function checkJsonBody(op: OperationSpec): string[] {
	const id = op.operationId;
	if (op.body?.kind !== 'json') return [];
	const problems: string[] = [];
	if (!/no schema/i.test(op.body.description)) problems.push(`${id}: the JSON body's description must say the document gives no schema`);
	if (!isTitleCase(op.body.displayName)) problems.push(`${id}: JSON body display name '${op.body.displayName}' is not Title Case`);
	if (op.body.shape === 'array') {
		const singlePath = op.path.replace(/\/batch$/, '');
		const twin = CATALOG.find(({ operation }) => operation.path === singlePath && operation.method === op.method)?.operation;
		if (!twin || twin.body?.kind !== 'fields') problems.push(`${id}: no single-item operation at ${singlePath} whose objects the batch takes`);
		else if (!op.body.description.includes(twin.name)) problems.push(`${id}: the JSON body's description should point at ${twin.name}`);
	}
	return problems;
}

/**
 * An applied-state check reads with a GET whose path parameters this operation has, and looks at a
 * property the read's record has (with a value of its enum or type).
 */
function checkAppliedCheck(op: OperationSpec): string[] {
	const check = op.appliedCheck;
	const id = op.operationId;
	if (!check) return op.method === 'PUT' || op.method === 'DELETE' ? (op.envelope.kind === 'none' ? [`${id}: a state change answered without a body needs an appliedCheck (or a reason it cannot have one)`] : []) : [];
	const problems: string[] = [];
	if (op.method === 'GET' || op.method === 'POST') problems.push(`${id}: only PUT/DELETE/PATCH are retried after a lost answer`);
	const read = VENDOR_BY_ID.get(check.read);
	if (!read || read.method !== 'GET') return [...problems, `${id}: ${check.read} is not a GET of the document`];
	const own = new Set(op.parameters.filter((p) => p.in === 'path').map((p) => p.name));
	for (const parameter of read.parameters.filter((p) => p.in === 'path')) {
		if (!own.has(parameter.name)) problems.push(`${id}: the read needs path parameter '${parameter.name}' this operation lacks`);
	}
	const record = resolve(read.responses['200'] ?? undefined);
	const property = record.properties?.[check.field];
	if (!property) return [...problems, `${id}: ${check.read} records have no '${check.field}'`];
	const schema = resolve(property);
	if ('lacks' in check.is) {
		const source = check.is.lacks;
		const fromPath = own.has(source);
		const fromBody = op.body?.kind === 'fields' && op.body.fields.some((f) => f.name === source && f.type === 'idList');
		if (typeOf(schema) !== 'array' || !(fromPath || fromBody)) problems.push(`${id}: 'lacks ${source}' needs an ID list field and an ID of this operation`);
	} else {
		const value = 'equals' in check.is ? check.is.equals : check.is.notEquals;
		if (schema.enum ? !schema.enum.includes(String(value)) : typeOf(schema) !== typeof value) problems.push(`${id}: ${JSON.stringify(value)} is not a value of ${check.field}`);
	}
	return problems;
}

function checkEnvelope(op: OperationSpec, vendor: VendorOperation): string[] {
	const id = op.operationId;
	const problems: string[] = [];
	const statuses = Object.keys(vendor.responses);
	const jsonStatuses = statuses.filter((s) => vendor.responses[s]);
	const env = op.envelope;
	if (env.kind === 'none') {
		if (jsonStatuses.length > 0) problems.push(`${id}: envelope 'none' but ${jsonStatuses.join('/')} return JSON`);
		if (statuses.length === 0) problems.push(`${id}: the document lists no 2xx response`);
		// 'deleted' when a DELETE removes the record itself (`/appointments/{id}`), not a link or a state.
		const expected = op.method === 'DELETE' && /^\/[a-z-]+\/\{\w+\}$/.test(op.path) ? 'deleted' : 'success';
		if (env.result !== expected) problems.push(`${id}: result '${env.result}' but a ${op.method} of ${op.path} should say '${expected}'`);
		return problems;
	}
	const schema = vendor.responses['200'];
	if (!schema) return [`${id}: envelope '${env.kind}' but the 200 response has no JSON body`];
	const name = schema.$ref ? refName(schema.$ref) : '';
	const wrapper = resolve(schema);
	const hasPage = op.parameters.some((p) => p.name === 'page');
	switch (env.kind) {
		case 'paged':
			if (!name.startsWith('PaginatedResponse_Of_')) problems.push(`${id}: envelope 'paged' but the response is ${name || 'inline'}`);
			if (!hasPage) problems.push(`${id}: envelope 'paged' without a page parameter`);
			break;
		case 'export': {
			if (!name.startsWith('ExportResponse_Of_')) problems.push(`${id}: envelope 'export' but the response is ${name || 'inline'}`);
			if (!/s$/.test(env.recordName)) problems.push(`${id}: record name '${env.recordName}' should be a plural noun`);
			const item = resolve(wrapper.properties?.data?.items);
			const nestsHistory = typeOf(resolve(item.properties?.history)) === 'array';
			if (!!env.flattenHistory !== nestsHistory) problems.push(`${id}: flattenHistory must be set exactly when records nest a history array`);
			break;
		}
		case 'list': {
			const property = wrapper.properties?.[env.key];
			if (!property || typeOf(resolve(property)) !== 'array') problems.push(`${id}: list key '${env.key}' is not an array property of ${name}`);
			if (hasPage && name.startsWith('PaginatedResponse_Of_')) problems.push(`${id}: a paged response with page parameters is 'paged'`);
			if (!!env.sendsPaging !== hasPage) problems.push(`${id}: sendsPaging must be set exactly when the operation takes page parameters`);
			break;
		}
		case 'single': {
			if (typeOf(wrapper) !== 'object' || !wrapper.properties) problems.push(`${id}: envelope 'single' but ${name} is not an object`);
			if (name.startsWith('PaginatedResponse_Of_') || name.startsWith('ExportResponse_Of_')) problems.push(`${id}: ${name} is not a single record`);
			const keys = Object.keys(wrapper.properties ?? {});
			const isWrapper = keys.length === 1 && typeOf(resolve(wrapper.properties![keys[0]])) === 'object';
			if (env.unwrap !== undefined) {
				const inner = wrapper.properties?.[env.unwrap];
				if (!inner || typeOf(resolve(inner)) !== 'object') problems.push(`${id}: unwrap '${env.unwrap}' is not an object property of ${name}`);
			} else if (isWrapper) {
				problems.push(`${id}: ${name} wraps the record in '${keys[0]}'; unwrap it`);
			}
			break;
		}
	}
	return problems;
}

function checkSortAndSimplify(op: OperationSpec, vendor: VendorOperation, endpointsSort: Map<string, string[]>): string[] {
	const id = op.operationId;
	const problems: string[] = [];
	const sortParameter = vendor.parameters.find((p) => p.name === 'sort');
	if (!sortParameter) {
		if (op.sort) problems.push(`${id}: sort fields without a sort parameter in the document`);
	} else {
		const documented = documentedSortFields(sortParameter.description);
		if (!op.sort) problems.push(`${id}: the document's sort parameter takes ${documented.join(', ')}; add sort fields`);
		else {
			if (!sameSet(op.sort.fields, documented)) problems.push(`${id}: sort fields ${op.sort.fields.join(', ')} differ from the document's ${documented.join(', ')}`);
			const listed = endpointsSort.get(id);
			if (listed && !sameSet(op.sort.fields, listed)) problems.push(`${id}: sort fields differ from ENDPOINTS.md §4 (${listed.join(', ')})`);
		}
	}
	const record = recordSchemaName(op, vendor);
	if (op.simplify && !(record && SIMPLIFIED_RECORDS[op.simplify].includes(record))) {
		problems.push(`${id}: simplify '${op.simplify}' but the records are ${record ?? 'unknown'}`);
	}
	const simplifiable = Object.entries(SIMPLIFIED_RECORDS).find(([, records]) => record && records.includes(record))?.[0];
	const isRead = op.method === 'GET' && (op.value === 'get' || op.value === 'getAll' || op.envelope.kind === 'export');
	if (isRead && simplifiable && op.simplify !== simplifiable) problems.push(`${id}: returns ${record}; set simplify '${simplifiable}'`);
	return problems;
}

// Tests -------------------------------------------------------------------------------------------

describe('vendor document', () => {
	it('has the 71 operations ENDPOINTS.md describes', () => {
		expect(VENDOR).toHaveLength(71);
		expect(new Set(VENDOR.map((v) => v.operationId)).size).toBe(71);
	});
});

describe('catalog coverage', () => {
	it('has every vendor operation exactly once', () => {
		const problems = VENDOR.map((v) => v.operationId)
			.map((id) => [id, CATALOG_IDS.filter((c) => c === id).length] as const)
			.filter(([, count]) => count !== 1)
			.map(([id, count]) => `${id} is in the catalog ${count} times`);
		expect(problems).toEqual([]);
	});

	it('has nothing the document lacks', () => {
		expect(CATALOG_IDS.filter((id) => !VENDOR_BY_ID.has(id))).toEqual([]);
		expect(CATALOG).toHaveLength(71);
	});

	it('has the expected resources and operation counts', () => {
		const counts = Object.fromEntries(RESOURCES.map((r) => [r.name, r.operations.length]));
		expect(counts).toEqual(EXPECTED_COUNTS);
	});

	it('puts each operation in the resource its vendor tag names', () => {
		const problems = CATALOG.filter(({ resource, operation }) => VENDOR_BY_ID.get(operation.operationId)?.tag !== TAG_OF_RESOURCE[resource.value]).map(
			({ resource, operation }) => `${operation.operationId} (tag ${VENDOR_BY_ID.get(operation.operationId)?.tag}) is under ${resource.name}`,
		);
		expect(problems).toEqual([]);
	});
});

describe('each operation matches the document', () => {
	const endpointsSort = endpointsSortFields();
	const cases = CATALOG.map(({ operation }) => [operation.operationId, operation] as const);

	function vendorOf(op: OperationSpec): VendorOperation {
		const vendor = VENDOR_BY_ID.get(op.operationId);
		if (!vendor) throw new Error(`${op.operationId} is not in the vendor document`);
		return vendor;
	}

	it.each(cases)('%s: method and path', (_id, op) => {
		const vendor = vendorOf(op);
		expect(`${op.method} ${op.path}`).toBe(`${vendor.method} ${vendor.path}`);
	});

	it.each(cases)('%s: parameters', (_id, op) => {
		expect(checkParameters(op, vendorOf(op))).toEqual([]);
	});

	it.each(cases)('%s: request body', (_id, op) => {
		expect(checkBody(op, vendorOf(op))).toEqual([]);
	});

	it.each(cases)('%s: response envelope', (_id, op) => {
		expect(checkEnvelope(op, vendorOf(op))).toEqual([]);
	});

	it.each(cases)('%s: OAuth scope', (_id, op) => {
		expect(op.scope).toBe(vendorOf(op).scope);
	});

	it.each(cases)('%s: applied-state check', (_id, op) => {
		expect(checkAppliedCheck(op)).toEqual([]);
	});

	it.each(cases)('%s: sort fields and simplify', (_id, op) => {
		expect(checkSortAndSimplify(op, vendorOf(op), endpointsSort)).toEqual([]);
	});

	it('offers a raw JSON body exactly where the document gives none and one is needed', () => {
		const json = CATALOG.filter(({ operation }) => operation.body?.kind === 'json').map(({ operation }) => operation.operationId);
		expect(json.sort()).toEqual([...UNDOCUMENTED_BODIES].sort());
	});
});

describe('n8n style', () => {
	function styleProblems(resource: ResourceSpec): string[] {
		const problems: string[] = [];
		const values = resource.operations.map((o) => o.value);
		for (const v of values.filter((v, i) => values.indexOf(v) !== i)) problems.push(`${resource.name}: operation value '${v}' is used twice`);
		if (!isTitleCase(resource.name)) problems.push(`${resource.name}: resource name is not Title Case`);
		if (!/^[a-z][A-Za-z]*$/.test(resource.value)) problems.push(`${resource.name}: resource value '${resource.value}' is not camelCase`);
		if (!sortedByName(resource.operations)) problems.push(`${resource.name}: operations are not sorted by name (${resource.operations.map((o) => o.name).join(', ')})`);
		for (const op of resource.operations) {
			const at = `${resource.name} › ${op.operationId}`;
			if (!/^[a-z][A-Za-z]*$/.test(op.value)) problems.push(`${at}: value '${op.value}' is not camelCase`);
			if (!isTitleCase(op.name)) problems.push(`${at}: name '${op.name}' is not Title Case`);
			if (!isSentenceCase(op.action)) problems.push(`${at}: action '${op.action}' is not sentence case`);
			if (op.value === 'getAll' && (op.name !== 'Get Many' || !op.action.startsWith('Get many '))) {
				problems.push(`${at}: getAll is named 'Get Many' and its action starts with 'Get many'`);
			}
			if (op.name === 'Get Many' && op.value !== 'getAll') problems.push(`${at}: 'Get Many' has the value getAll`);
			if (!/^[A-Z]/.test(op.description) || op.description.length < 10) problems.push(`${at}: description should be a sentence`);
			const listFields = op.body?.kind === 'fields' && op.body.fields.some((f) => f.type === 'idList' || f.type === 'stringList' || f.type === 'objectList');
			if (op.method === 'PATCH' && listFields && !op.notice) problems.push(`${at}: a PATCH with list fields needs a notice about lists that replace`);
		}
		return problems;
	}

	it.each(RESOURCES.map((r) => [r.name, r] as const))('%s', (_name, resource) => {
		expect(styleProblems(resource)).toEqual([]);
	});

	it('lists resources sorted by name with unique values', () => {
		expect(sortedByName(RESOURCES)).toBe(true);
		expect(new Set(RESOURCES.map((r) => r.value)).size).toBe(RESOURCES.length);
	});

	it('writes its own words rather than copying the document', () => {
		const norm = (t: string | undefined) => (t ?? '').trim().replace(/\.$/, '').toLowerCase();
		const problems: string[] = [];
		for (const { operation } of CATALOG) {
			const vendor = VENDOR_BY_ID.get(operation.operationId);
			if (!vendor) continue;
			const vendorTexts = [vendor.summary, vendor.description, ...vendor.parameters.map((p) => p.description)].map(norm).filter((t) => t.length >= 30);
			const ours = [operation.description, ...operation.parameters.map((p) => p.description)].map(norm);
			for (const text of ours.filter((t) => vendorTexts.includes(t))) problems.push(`${operation.operationId}: '${text}' is the document's wording`);
		}
		expect(problems).toEqual([]);
	});
});

describe('lookups', () => {
	it('findOperation finds each operation by resource and operation value', () => {
		for (const { resource, operation } of CATALOG) expect(findOperation(resource.value, operation.value)).toBe(operation);
		expect(findOperation('job', 'nope')).toBeUndefined();
		expect(findOperation('nope', 'get')).toBeUndefined();
	});

	it('allOperations pairs each operation with its resource', () => {
		for (const { resource, operation } of CATALOG) expect(resource.operations).toContain(operation);
	});
});
