/**
 * Turns ServiceTitan's OpenAPI document into the project's facts-only description
 * (simulator/api/jpm-v2.json): every fact the simulator and the tests use, in the project's own
 * layout, with the document's prose (descriptions, summaries, titles), examples and enum display
 * names left out. A schema keyword this does not know stops it, so nothing new is dropped unseen.
 */
import type { ApiDescription, ApiOperation, ApiParameter, HttpMethod, JsonSchema } from '../../simulator/api/description';
import { SCHEMA_REF_PREFIX } from '../../simulator/api/description';

/** What the generator reads of the OpenAPI document. */
export interface OpenApiDocument {
	openapi: string;
	info: { version: string };
	servers?: Array<{ url: string }>;
	paths: Record<string, Record<string, OpenApiOperation>>;
	components: {
		schemas: Record<string, Record<string, unknown>>;
		securitySchemes?: Record<string, { type: string; name?: string; in?: string; flows?: { clientCredentials?: { scopes?: Record<string, string> } } }>;
	};
}

interface OpenApiOperation {
	operationId: string;
	tags?: string[];
	parameters?: Array<{ name: string; in: ApiParameter['in']; required?: boolean; schema?: Record<string, unknown> }>;
	requestBody?: { required?: boolean; content?: Record<string, { schema?: Record<string, unknown> }> };
	responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
	security?: Array<Record<string, string[]>>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
/** Keywords that state a fact about values; kept. */
const FACT_KEYWORDS = new Set(['$ref', 'type', 'format', 'enum', 'required', 'properties', 'items', 'oneOf', 'additionalProperties', 'minLength']);
/** Prose, examples and display names; left out. */
const LEFT_OUT = new Set(['description', 'title', 'summary', 'example', 'examples', 'x-enumNames']);
const DOCUMENT_REF_PREFIX = '#/components/schemas/';

const ABOUT =
	"Facts about ServiceTitan's JPM v2 API (operations, parameters, fields, types, enums), generated from its OpenAPI " +
	'document by `npm run describe-api -- --write`; test/contract/apiDescription.test.ts checks them against it.';

function facts(schema: Record<string, unknown>, where: string): JsonSchema {
	const kept: Record<string, unknown> = {};
	for (const [keyword, value] of Object.entries(schema)) {
		if (LEFT_OUT.has(keyword)) continue;
		if (!FACT_KEYWORDS.has(keyword)) throw new Error(`${where}: schema keyword '${keyword}' is new; decide whether it is a fact to keep (scripts/lib/describeApi.ts)`);
		if (keyword === '$ref') {
			const ref = String(value);
			if (!ref.startsWith(DOCUMENT_REF_PREFIX)) throw new Error(`${where}: unsupported $ref ${ref}`);
			kept.$ref = SCHEMA_REF_PREFIX + ref.slice(DOCUMENT_REF_PREFIX.length);
		} else if (keyword === 'properties') {
			kept.properties = Object.fromEntries(
				Object.entries(value as Record<string, Record<string, unknown>>).map(([name, child]) => [name, facts(child, `${where}.${name}`)]),
			);
		} else if (keyword === 'items') {
			kept.items = facts(value as Record<string, unknown>, `${where}[]`);
		} else if (keyword === 'oneOf') {
			kept.oneOf = (value as Array<Record<string, unknown>>).map((alternative, index) => facts(alternative, `${where}.oneOf[${index}]`));
		} else if (keyword === 'additionalProperties' && typeof value === 'object' && value !== null) {
			kept.additionalProperties = facts(value as Record<string, unknown>, `${where}{}`);
		} else {
			kept[keyword] = value;
		}
	}
	return kept as JsonSchema;
}

function jsonSchemaOf(content: Record<string, { schema?: Record<string, unknown> }> | undefined, where: string): JsonSchema | null {
	const types = Object.keys(content ?? {});
	if (types.length === 0) return null;
	if (types.length > 1 || types[0] !== 'application/json') throw new Error(`${where}: content types ${types.join(', ')} (only application/json is described)`);
	const schema = content?.['application/json']?.schema;
	return schema ? facts(schema, where) : null;
}

function operationOf(path: string, method: (typeof METHODS)[number], raw: OpenApiOperation): ApiOperation {
	const where = raw.operationId;
	const body = raw.requestBody ? jsonSchemaOf(raw.requestBody.content, `${where} body`) : null;
	return {
		operationId: raw.operationId,
		tag: raw.tags?.[0] ?? '',
		method: method.toUpperCase() as HttpMethod,
		path,
		scopes: (raw.security ?? []).flatMap((requirement) => requirement.oauth ?? []),
		parameters: (raw.parameters ?? []).map((parameter) => ({
			name: parameter.name,
			in: parameter.in,
			required: parameter.required === true,
			schema: facts(parameter.schema ?? {}, `${where} ${parameter.name}`),
		})),
		...(body ? { body: { required: raw.requestBody?.required === true, schema: body } } : {}),
		responses: Object.fromEntries(Object.entries(raw.responses).map(([status, response]) => [status, jsonSchemaOf(response.content, `${where} ${status}`)])),
	};
}

export function describeApi(document: OpenApiDocument): ApiDescription {
	const operations: ApiOperation[] = [];
	for (const [path, item] of Object.entries(document.paths)) {
		for (const [key, raw] of Object.entries(item)) {
			const method = METHODS.find((candidate) => candidate === key);
			if (!method) throw new Error(`${path}: '${key}' is not a described method`);
			operations.push(operationOf(path, method, raw));
		}
	}
	const prefixes = [...new Set((document.servers ?? []).map((server) => new URL(server.url).pathname.replace(/\/$/, '')))];
	if (prefixes.length !== 1) throw new Error(`The document's servers do not share one path prefix: ${prefixes.join(', ')}`);
	const schemes = Object.values(document.components.securitySchemes ?? {});
	const appKey = schemes.find((scheme) => scheme.type === 'apiKey' && scheme.in === 'header');
	const oauth = schemes.find((scheme) => scheme.type === 'oauth2');
	return {
		about: ABOUT,
		source: { openapi: document.openapi, version: document.info.version },
		prefix: prefixes[0],
		appKeyHeader: appKey?.name ?? '',
		scopes: Object.keys(oauth?.flows?.clientCredentials?.scopes ?? {}).sort(),
		operations,
		schemas: Object.fromEntries(Object.entries(document.components.schemas).map(([name, schema]) => [name, facts(schema, name)])),
	};
}

/** The file's text: one operation or schema per block, stable for diffs. */
export function renderDescription(description: ApiDescription): string {
	return `${JSON.stringify(description, null, '\t')}\n`;
}
