/**
 * The project's own description of ServiceTitan's JPM v2 API: facts only (operations, paths, methods,
 * scopes, parameter names and types, field names and types, enums, statuses), no prose and no
 * examples. Generated from ServiceTitan's OpenAPI document by `npm run describe-api -- --write`
 * (scripts/describe-api.ts); test/contract/apiDescription.test.ts checks it says what the document
 * says. The simulator, the demo and every suite but the contract ones read the API from here, so a
 * bare clone runs without the document.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The JSON Schema facts the description keeps (a subset of JSON Schema 2020-12). */
export interface JsonSchema {
	/** `#/schemas/<name>`: a schema of this description. */
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
}

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH';

export interface ApiParameter {
	name: string;
	in: 'path' | 'query' | 'header' | 'cookie';
	required: boolean;
	schema: JsonSchema;
}

export interface ApiOperation {
	operationId: string;
	tag: string;
	method: HttpMethod;
	/** As the document writes it, e.g. `/tenant/{tenant}/jobs/{id}` (served under `prefix`). */
	path: string;
	/** OAuth scopes of the operation's security requirement. */
	scopes: string[];
	parameters: ApiParameter[];
	/** The JSON request body, when the operation takes one. */
	body?: { required: boolean; schema: JsonSchema };
	/** Every declared status: the JSON body's schema, or null when the response has no body. */
	responses: Record<string, JsonSchema | null>;
}

export interface ApiDescription {
	about: string;
	/** The document this was generated from: its OpenAPI and API versions. */
	source: { openapi: string; version: string };
	/** The path every operation is served under (the document's server URLs end in it). */
	prefix: string;
	/** Header carrying the app key (the document's apiKey security scheme). */
	appKeyHeader: string;
	/** Every OAuth scope the document defines. */
	scopes: string[];
	/** In document order. */
	operations: ApiOperation[];
	schemas: Record<string, JsonSchema>;
}

export const SCHEMA_REF_PREFIX = '#/schemas/';

/** The description file beside this module. */
export const API_DESCRIPTION_FILE = join(__dirname, 'jpm-v2.json');

let description: ApiDescription | undefined;

/** The description, read once per process. */
export function apiDescription(): ApiDescription {
	description ??= JSON.parse(readFileSync(API_DESCRIPTION_FILE, 'utf8')) as ApiDescription;
	return description;
}

/** The schema a `#/schemas/<name>` reference points at. */
export function resolveRef(ref: string): JsonSchema {
	if (!ref.startsWith(SCHEMA_REF_PREFIX)) throw new Error(`Unsupported $ref ${ref}`);
	const schema = apiDescription().schemas[ref.slice(SCHEMA_REF_PREFIX.length)];
	if (!schema) throw new Error(`Unresolvable $ref ${ref}`);
	return schema;
}
