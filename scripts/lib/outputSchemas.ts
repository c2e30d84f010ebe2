/**
 * The output schemas n8n shows before a run (and AI agents read): one JSON Schema per read
 * operation, `nodes/ServiceTitan/__schema__/v1.0.0/<resource>/<operation>.json`, describing ONE
 * output item as the node emits it by default (Simplify on where it exists, export walks one item
 * per record). Derived from the field names and types of ServiceTitan's OpenAPI document, through
 * the project's facts-only description of it (simulator/api/jpm-v2.json), and the catalog's envelopes. `npm run schemas` writes them;
 * test/contract/outputSchemas.test.ts checks they are current and that the simulator's answers,
 * through the node, match them.
 */
import path from 'node:path';

import { apiDescription, SCHEMA_REF_PREFIX } from '../../simulator/api/description';

import { allOperations } from '../../nodes/ServiceTitan/catalog';
import type { OperationSpec } from '../../nodes/ServiceTitan/catalog/types';
import { SIMPLIFIED_FIELDS } from '../../nodes/ServiceTitan/engine/simplify';

export const SCHEMA_ROOT = path.resolve(__dirname, '..', '..', 'nodes', 'ServiceTitan', '__schema__', 'v1.0.0');

type Schema = Record<string, unknown>;

const JSON_SCHEMA_FORMATS = new Set(['date-time', 'date', 'time', 'uuid', 'uri', 'email']);

/** Output schemas exist for the operations that read (GET) and answer with records. */
export function schemaOperations(): Array<{ resource: string; operation: OperationSpec }> {
	return allOperations()
		.filter(({ operation }) => operation.method === 'GET' && operation.envelope.kind !== 'none')
		.map(({ resource, operation }) => ({ resource: resource.value, operation }));
}

export function schemaFile(resource: string, operation: string): string {
	return path.join(SCHEMA_ROOT, resource, `${operation}.json`);
}

/** The document's schema as plain JSON Schema: references resolved, null alternatives folded into `type`. */
function plain(schema: Schema | undefined, depth = 0): Schema {
	if (!schema || depth > 12) return {};
	if (typeof schema.$ref === 'string') {
		const name = schema.$ref.replace(SCHEMA_REF_PREFIX, '');
		return plain(apiDescription().schemas[name] as Schema | undefined, depth + 1);
	}
	if (Array.isArray(schema.oneOf)) {
		const alternatives = (schema.oneOf as Schema[]).map((alternative) => plain(alternative, depth + 1));
		const concrete = alternatives.filter((alternative) => alternative.type !== 'null');
		const nullable = concrete.length < alternatives.length;
		if (concrete.length === 1) return nullable ? withNull(concrete[0]) : concrete[0];
		return { anyOf: alternatives };
	}
	const result: Schema = {};
	if (schema.type !== undefined) result.type = schema.type;
	// JSON Schema's own formats only (the document's int64, double, decimal… are OpenAPI's).
	if (typeof schema.format === 'string' && JSON_SCHEMA_FORMATS.has(schema.format)) result.format = schema.format;
	if (Array.isArray(schema.enum)) result.enum = schema.enum;
	if (schema.properties && typeof schema.properties === 'object') {
		result.properties = Object.fromEntries(
			Object.entries(schema.properties as Record<string, Schema>).map(([name, child]) => [name, plain(child, depth + 1)]),
		);
	}
	if (schema.items) result.items = plain(schema.items as Schema, depth + 1);
	if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
		result.additionalProperties = plain(schema.additionalProperties as Schema, depth + 1);
	}
	return result;
}

function withNull(schema: Schema): Schema {
	const types = Array.isArray(schema.type) ? (schema.type as string[]) : schema.type === undefined ? [] : [schema.type as string];
	if (types.length === 0) return schema;
	return { ...schema, type: [...new Set([...types, 'null'])], ...(schema.enum ? { enum: [...(schema.enum as unknown[]), null] } : {}) };
}

function responseSchema(operationId: string): Schema {
	const operation = apiDescription().operations.find((candidate) => candidate.operationId === operationId);
	if (!operation) throw new Error(`The document has no operation ${operationId}`);
	return plain((operation.responses['200'] ?? undefined) as Schema | undefined);
}

function propertyOf(schema: Schema, name: string): Schema {
	return ((schema.properties as Record<string, Schema> | undefined) ?? {})[name] ?? {};
}

/** One output item of the operation, as the node emits it with its default settings. */
export function outputSchema(operation: OperationSpec): Schema {
	const response = responseSchema(operation.operationId);
	const envelope = operation.envelope;
	let item: Schema;
	switch (envelope.kind) {
		case 'paged':
		case 'export':
			item = (propertyOf(response, 'data').items as Schema) ?? {};
			break;
		case 'list':
			item = (propertyOf(response, envelope.key).items as Schema) ?? {};
			break;
		case 'single':
			item = envelope.unwrap ? propertyOf(response, envelope.unwrap) : response;
			break;
		default:
			item = {};
	}
	// A list of bare values comes out as one `{ value }` item per entry.
	if (item.type !== 'object' && item.properties === undefined) item = { type: 'object', properties: { value: item } };
	if (operation.simplify) {
		const keep = new Set(SIMPLIFIED_FIELDS[operation.simplify]);
		const properties = Object.fromEntries(Object.entries((item.properties as Record<string, Schema>) ?? {}).filter(([name]) => keep.has(name)));
		item = { ...item, properties };
	}
	return { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: item.properties ?? {} };
}

/** Every schema file and its content, as `npm run schemas` writes them. */
export function renderSchemas(): Map<string, string> {
	const files = new Map<string, string>();
	for (const { resource, operation } of schemaOperations()) {
		files.set(schemaFile(resource, operation.value), `${JSON.stringify(outputSchema(operation), null, '\t')}\n`);
	}
	return files;
}
