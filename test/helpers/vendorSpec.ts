/**
 * What ServiceTitan's JPM v2 OpenAPI document says, as a test oracle: read from the project's
 * facts-only description of it (simulator/api/jpm-v2.json, which test/contract/apiDescription.test.ts
 * holds equal to the document), so these checks run in a bare clone too; compiled with Ajv's JSON
 * Schema 2020-12 dialect, which is what OpenAPI 3.1 schemas are.
 *
 * Stable API (the simulator's conformance tests and the node's contract tests use it):
 * - `listOperations()` / `getOperation(id)`: every operation with method, path template, scopes,
 *   parameters (name, in, required, schema), request-body schema and responses.
 * - `validateRequest(id, { pathParams, query, body })`: violations of what a client sends.
 * - `validateResponse(id, status, body)`: violations of what a server answers.
 * - `validateSchema(name, value)`: violations against one component schema.
 * All validators return a list of human-readable violations; an empty list means valid.
 */
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { apiDescription, type ApiParameter, type HttpMethod, type JsonSchema } from '../../simulator/api/description';

export type { HttpMethod, JsonSchema } from '../../simulator/api/description';

/** name, in (path/query/header), required, schema. */
export type VendorParameter = ApiParameter;

export interface VendorResponse {
	/** Undefined for responses without a body (e.g. `200` of a delete, `204`). */
	schema?: JsonSchema;
}

export interface VendorOperation {
	operationId: string;
	method: HttpMethod;
	/** As written in the document, e.g. `/tenant/{tenant}/jobs/{id}` (served under `/jpm/v2`). */
	path: string;
	tags: string[];
	/** OAuth scopes from the operation's `security` requirement. */
	scopes: string[];
	parameters: VendorParameter[];
	requestBody?: { required: boolean; schema: JsonSchema };
	responses: Record<string, VendorResponse>;
}

/** Query values as a client would send them: repeated keys as arrays, or a URLSearchParams. */
export type QueryInput = URLSearchParams | Record<string, string | number | boolean | ReadonlyArray<string | number | boolean> | undefined>;

export interface RequestParts {
	pathParams?: Record<string, string | number>;
	query?: QueryInput;
	body?: unknown;
}

/**
 * Operations whose body the document leaves undefined (ENDPOINTS.md §9: the budget-code batch
 * creates). Any JSON body is accepted for them; there is nothing to check it against.
 */
export const OPERATIONS_WITHOUT_DOCUMENTED_BODY: ReadonlySet<string> = new Set([
	'BudgetCodes_CreateBudgetCodesBatch',
	'BudgetCodes_CreateBudgetCodesPartialBatch',
]);

const ROOT_ID = 'https://servicetitan.invalid/jpm-v2.json';
let operations: VendorOperation[] | undefined;
let ajv: Ajv2020 | undefined;
const validators = new Map<string, ValidateFunction>();

/** Every operation of the document, in document order. */
export function listOperations(): VendorOperation[] {
	if (operations) return operations;
	const list: VendorOperation[] = apiDescription().operations.map((operation) => ({
		operationId: operation.operationId,
		method: operation.method,
		path: operation.path,
		tags: [operation.tag],
		scopes: operation.scopes,
		parameters: operation.parameters,
		requestBody: operation.body,
		responses: Object.fromEntries(Object.entries(operation.responses).map(([status, schema]) => [status, { schema: schema ?? undefined }])),
	}));
	operations = list;
	return list;
}

export function getOperation(operationId: string): VendorOperation {
	const operation = listOperations().find((candidate) => candidate.operationId === operationId);
	if (!operation) throw new Error(`Operation ${operationId} is not in the vendor document (nor in simulator/api/jpm-v2.json)`);
	return operation;
}

function compiler(): Ajv2020 {
	if (ajv) return ajv;
	const instance = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
	addFormats(instance);
	// Formats the document uses beyond JSON Schema's: descriptive only, except guid.
	instance.addFormat('guid', /^[{(]?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}[)}]?$/i);
	instance.addFormat('multiline', true);
	instance.addFormat('html', true);
	instance.addFormat('decimal', { type: 'number', validate: (value: number) => Number.isFinite(value) });
	instance.addSchema({ $id: ROOT_ID, schemas: apiDescription().schemas });
	ajv = instance;
	return instance;
}

/** Points local `#/schemas/...` references at the registered description. */
function anchored(schema: JsonSchema): JsonSchema {
	return JSON.parse(JSON.stringify(schema).replace(/"\$ref":"#\//g, `"$ref":"${ROOT_ID}#/`)) as JsonSchema;
}

function validatorFor(key: string, schema: JsonSchema): ValidateFunction {
	let validate = validators.get(key);
	if (!validate) {
		validate = compiler().compile(anchored(schema));
		validators.set(key, validate);
	}
	return validate;
}

function describe(errors: ErrorObject[] | null | undefined, prefix: string): string[] {
	return (errors ?? []).map((error) => {
		const where = `${prefix}${error.instancePath}`;
		const detail = error.keyword === 'additionalProperties' ? ` '${String(error.params.additionalProperty)}'` : '';
		return `${where || '(root)'} ${error.message ?? error.keyword}${detail}`;
	});
}

/** Violations of `value` against the component schema `name` (e.g. `ApiErrorResponse`). */
export function validateSchema(name: string, value: unknown): string[] {
	if (!apiDescription().schemas[name]) throw new Error(`No component schema ${name}`);
	const validate = validatorFor(`schema:${name}`, { $ref: `#/schemas/${name}` });
	return validate(value) ? [] : describe(validate.errors, name);
}

/**
 * Violations of a response. An undeclared status is a violation; a declared status without content
 * must have no body (undefined, null or '').
 */
export function validateResponse(operationId: string, status: number, body: unknown): string[] {
	const operation = getOperation(operationId);
	const response = operation.responses[String(status)];
	if (!response) {
		return [`${operationId}: status ${status} is not declared (declared: ${Object.keys(operation.responses).join(', ')})`];
	}
	if (!response.schema) {
		return body === undefined || body === null || body === '' ? [] : [`${operationId} ${status}: the document declares no body, got one`];
	}
	const validate = validatorFor(`response:${operationId}:${status}`, response.schema);
	return validate(body) ? [] : describe(validate.errors, `${operationId} ${status} body`);
}

function queryEntries(query: QueryInput | undefined): Map<string, string[]> {
	const entries = new Map<string, string[]>();
	const add = (key: string, value: string) => entries.set(key, [...(entries.get(key) ?? []), value]);
	if (query instanceof URLSearchParams) {
		for (const [key, value] of query) add(key, value);
	} else {
		for (const [key, value] of Object.entries(query ?? {})) {
			if (value === undefined) continue;
			for (const item of Array.isArray(value) ? value : [value]) add(key, String(item));
		}
	}
	return entries;
}

/** The schema's effective type after following a `oneOf: [{$ref}]` wrapper. */
function scalarType(schema: JsonSchema): string | undefined {
	const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
	return types.find((type) => type !== 'null');
}

/** Turns the text a query string carries into the JSON value its schema describes. */
function coerce(schema: JsonSchema, text: string): unknown {
	const type = scalarType(schema);
	if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
	if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
	return text;
}

/**
 * Violations of a request: path parameters (including `tenant`), query parameters (types, enums,
 * formats, required, no undeclared or repeated scalar keys) and the JSON body against the
 * request-body schema.
 */
export function validateRequest(operationId: string, parts: RequestParts): string[] {
	const operation = getOperation(operationId);
	const violations: string[] = [];
	const query = queryEntries(parts.query);
	for (const parameter of operation.parameters) {
		const check = (value: unknown, label: string) => {
			const validate = validatorFor(`parameter:${operationId}:${parameter.in}:${parameter.name}`, parameter.schema);
			if (!validate(value)) violations.push(...describe(validate.errors, label));
		};
		if (parameter.in === 'path') {
			const value = parts.pathParams?.[parameter.name];
			if (value === undefined) violations.push(`path parameter ${parameter.name} is required`);
			else check(coerce(parameter.schema, String(value)), `path ${parameter.name}`);
		} else if (parameter.in === 'query') {
			const values = query.get(parameter.name);
			query.delete(parameter.name);
			if (!values) {
				if (parameter.required) violations.push(`query parameter ${parameter.name} is required`);
				continue;
			}
			if (scalarType(parameter.schema) === 'array') {
				check(values.map((value) => coerce(parameter.schema.items ?? {}, value)), `query ${parameter.name}`);
			} else if (values.length > 1) {
				violations.push(`query parameter ${parameter.name} is not an array but was sent ${values.length} times`);
			} else {
				check(coerce(parameter.schema, values[0]), `query ${parameter.name}`);
			}
		}
	}
	for (const name of query.keys()) violations.push(`query parameter ${name} is not declared for ${operationId}`);

	if (OPERATIONS_WITHOUT_DOCUMENTED_BODY.has(operationId)) return violations;
	if (!operation.requestBody) {
		if (parts.body !== undefined) violations.push(`${operationId} takes no request body, got one`);
	} else if (parts.body === undefined) {
		if (operation.requestBody.required) violations.push(`${operationId} requires a request body`);
	} else {
		const validate = validatorFor(`request:${operationId}`, operation.requestBody.schema);
		if (!validate(parts.body)) violations.push(...describe(validate.errors, 'body'));
	}
	return violations;
}
