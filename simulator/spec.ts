/**
 * The routing table the simulator serves, from the project's facts-only description of the API
 * (api/jpm-v2.json, generated from ServiceTitan's OpenAPI document and held against it by the
 * contract tests): one entry per operation with its path pattern, OAuth scope, parameters,
 * request-body schema and declared response statuses.
 */
import { type ApiOperation, apiDescription, type ApiParameter, type HttpMethod, type JsonSchema } from './api/description';

export type { HttpMethod, JsonSchema } from './api/description';
export type SpecParameter = ApiParameter;

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
export const API_PREFIX = apiDescription().prefix;

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function buildOperation({ path: pathTemplate, method, ...raw }: ApiOperation): SpecOperation {
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
	const scope = raw.scopes[0];
	if (!scope) throw new Error(`${raw.operationId} declares no oauth scope`);
	return {
		operationId: raw.operationId,
		tag: raw.tag,
		method,
		pathTemplate,
		pattern: new RegExp(`^${source}/?$`, 'i'),
		pathParamNames,
		literalSegments,
		scope,
		parameters: raw.parameters,
		requestBodySchema: raw.body?.schema,
		declaredStatuses: Object.keys(raw.responses).map(Number),
	};
}

let cachedOperations: SpecOperation[] | undefined;

/** Every operation in the document, literal-heavy paths first so `/jobs/custom-fields` beats `/jobs/{id}`. */
export function specOperations(): SpecOperation[] {
	if (cachedOperations) return cachedOperations;
	const operations = apiDescription().operations.map(buildOperation);
	operations.sort((a, b) => b.literalSegments - a.literalSegments);
	cachedOperations = operations;
	return operations;
}

/** All OAuth scopes the document defines (clients get all of them unless told otherwise). */
export function allJpmScopes(): string[] {
	return [...apiDescription().scopes];
}
