/**
 * Reads ServiceTitan's own OpenAPI document at run time (it is never copied into this repository)
 * and turns it into the routing table the simulator serves: one entry per operation with its path
 * pattern, OAuth scope, parameters, request-body schema and declared response statuses.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The subset of JSON Schema 2020-12 that the JPM document uses. */
export interface JsonSchema {
	$ref?: string;
	type?: string | string[];
	format?: string;
	enum?: unknown[];
	required?: string[];
	properties?: Record<string, JsonSchema>;
	items?: JsonSchema;
	oneOf?: JsonSchema[];
	additionalProperties?: boolean | JsonSchema;
	minLength?: number;
	description?: string;
}

export interface RawParameter {
	name: string;
	in: 'path' | 'query' | 'header' | 'cookie';
	required?: boolean;
	schema?: JsonSchema;
	description?: string;
}

export interface RawOperation {
	operationId: string;
	tags?: string[];
	parameters?: RawParameter[];
	requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
	responses: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
	security?: Array<Record<string, string[]>>;
}

export interface VendorDocument {
	openapi: string;
	paths: Record<string, Record<string, RawOperation>>;
	components: { schemas: Record<string, JsonSchema> };
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
export type HttpMethod = Uppercase<(typeof HTTP_METHODS)[number]>;

export interface SpecParameter {
	name: string;
	in: 'path' | 'query' | 'header' | 'cookie';
	required: boolean;
	schema: JsonSchema;
	description: string;
}

export interface SpecOperation {
	operationId: string;
	tag: string;
	method: HttpMethod;
	/** Template as written in the document, e.g. `/tenant/{tenant}/jobs/{id}`. */
	pathTemplate: string;
	/** Matches the full request path, `/jpm/v2/tenant/...`. */
	pattern: RegExp;
	pathParamNames: string[];
	/** Literal segments count, used to prefer `/jobs/notes`-style literals over `/jobs/{id}`. */
	literalSegments: number;
	scope: string;
	parameters: SpecParameter[];
	requestBodySchema: JsonSchema | undefined;
	declaredStatuses: number[];
}

/** The API prefix every path is served under (the document's server URLs end in `/jpm/v2`). */
export const API_PREFIX = '/jpm/v2';

const REPO_ROOT = path.resolve(__dirname, '..');

/** `../shared/servicetitan/jpm-v2.openapi.json` relative to the repository root; overridable for CI. */
export function vendorSpecPath(): string {
	return (
		process.env.SERVICETITAN_SPEC_PATH ??
		path.resolve(REPO_ROOT, '..', 'shared', 'servicetitan', 'jpm-v2.openapi.json')
	);
}

let cachedDocument: VendorDocument | undefined;

/** Loads the vendor document once per process, failing loudly when it is absent or unreadable. */
export function loadVendorDocument(): VendorDocument {
	if (cachedDocument) return cachedDocument;
	const file = vendorSpecPath();
	if (!fs.existsSync(file)) {
		throw new Error(
			`ServiceTitan OpenAPI document not found at ${file}. The simulator and the contract tests read ` +
				`ServiceTitan's own jpm-v2.openapi.json from ../shared/servicetitan/ next to the repository ` +
				`(or from SERVICETITAN_SPEC_PATH); it is deliberately not copied into the repo.`,
		);
	}
	const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as VendorDocument;
	if (!parsed.paths || !parsed.components?.schemas) {
		throw new Error(`${file} does not look like the JPM v2 OpenAPI document (no paths/components).`);
	}
	cachedDocument = parsed;
	return parsed;
}

/** Resolves a local `#/components/schemas/X` reference. */
export function resolveRef(document: VendorDocument, ref: string): JsonSchema {
	const prefix = '#/components/schemas/';
	if (!ref.startsWith(prefix)) throw new Error(`Unsupported $ref ${ref}`);
	const schema = document.components.schemas[ref.slice(prefix.length)];
	if (!schema) throw new Error(`Unresolvable $ref ${ref}`);
	return schema;
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function buildOperation(pathTemplate: string, method: HttpMethod, raw: RawOperation): SpecOperation {
	const pathParamNames: string[] = [];
	let literalSegments = 0;
	const source = (API_PREFIX + pathTemplate)
		.split('/')
		.map((segment) => {
			const param = /^\{(\w+)\}$/.exec(segment);
			if (param) {
				pathParamNames.push(param[1]);
				return '([^/]+)';
			}
			literalSegments++;
			return escapeRegExp(segment);
		})
		.join('/');
	const scope = raw.security?.flatMap((requirement) => requirement.oauth ?? [])[0];
	if (!scope) throw new Error(`${raw.operationId} declares no oauth scope`);
	return {
		operationId: raw.operationId,
		tag: raw.tags?.[0] ?? '',
		method,
		pathTemplate,
		pattern: new RegExp(`^${source}/?$`, 'i'),
		pathParamNames,
		literalSegments,
		scope,
		parameters: parametersOf(raw),
		requestBodySchema: raw.requestBody?.content?.['application/json']?.schema,
		declaredStatuses: Object.keys(raw.responses).map(Number),
	};
}

/** The operation's parameters with defaults filled in (required: false, schema: {}). */
export function parametersOf(raw: RawOperation): SpecParameter[] {
	return (raw.parameters ?? []).map((parameter) => ({
		name: parameter.name,
		in: parameter.in,
		required: parameter.required === true,
		schema: parameter.schema ?? {},
		description: parameter.description ?? '',
	}));
}

/** Every (path, method, operation object) of the document, in document order. */
export function documentOperations(document: VendorDocument = loadVendorDocument()): Array<{ path: string; method: HttpMethod; raw: RawOperation }> {
	const found: Array<{ path: string; method: HttpMethod; raw: RawOperation }> = [];
	for (const [path, item] of Object.entries(document.paths)) {
		for (const method of HTTP_METHODS) {
			const raw = item[method];
			if (raw) found.push({ path, method: method.toUpperCase() as HttpMethod, raw });
		}
	}
	return found;
}

let cachedOperations: SpecOperation[] | undefined;

/** Every operation in the document, literal-heavy paths first so `/jobs/custom-fields` beats `/jobs/{id}`. */
export function specOperations(): SpecOperation[] {
	if (cachedOperations) return cachedOperations;
	const operations = documentOperations().map(({ path, method, raw }) => buildOperation(path, method, raw));
	operations.sort((a, b) => b.literalSegments - a.literalSegments);
	cachedOperations = operations;
	return operations;
}

/** All OAuth scopes the document defines (clients get all of them unless told otherwise). */
export function allJpmScopes(): string[] {
	return [...new Set(specOperations().map((operation) => operation.scope))].sort();
}
