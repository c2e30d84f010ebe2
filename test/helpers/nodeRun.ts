/**
 * Shared pieces of the action-node integration tests: parameter shorthands, running the node and
 * checking its items, and holding the requests the simulator received against ServiceTitan's own
 * OpenAPI document.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { RecordedRequest } from '../../simulator';
import type { RunResult } from './n8n';
import { runNode } from './n8n';
import type { SimulatorEnv } from './nodeSim';
import { getOperation, validateRequest } from './vendorSpec';

export { group, jobCreateParameters, rl } from './parameters';

export type RunOptions = Omit<Parameters<typeof runNode>[0], 'parameters'>;

/** Runs the node and expects it to succeed: returns the item JSON, after checking every item's pairedItem. */
export async function runOk(parameters: INodeParameters, options: RunOptions = {}): Promise<IDataObject[]> {
	const result = await runNode({ parameters, ...options });
	if (result.error) throw new Error(`The node failed: ${result.error.message}\n${result.error.description ?? ''}`);
	const inputCount = (options.input ?? [{}]).length;
	for (const item of result.items) {
		const paired = item.pairedItem as { item: number } | undefined;
		expect(paired).toEqual({ item: expect.any(Number) });
		expect(paired?.item).toBeLessThan(inputCount);
	}
	return result.items.map((item) => item.json);
}

/** Runs the node and expects it to fail; returns the error. */
export async function runFailing(parameters: INodeParameters, options: RunOptions = {}): Promise<NonNullable<RunResult['error']>> {
	const result = await runNode({ parameters, ...options });
	if (!result.error) throw new Error(`The node was expected to fail but returned ${result.items.length} item(s)`);
	return result.error;
}

/** `path` (below `/jpm/v2`) read against a document template such as `/tenant/{tenant}/jobs/{id}`. */
export function pathParameters(template: string, path: string): Record<string, string> | undefined {
	const expected = template.split('/');
	const actual = path.split('/');
	if (expected.length !== actual.length) return undefined;
	const values: Record<string, string> = {};
	for (let index = 0; index < expected.length; index++) {
		const name = /^\{(\w+)\}$/.exec(expected[index])?.[1];
		if (name) values[name] = decodeURIComponent(actual[index]);
		else if (expected[index] !== actual[index]) return undefined;
	}
	return values;
}

const API_PREFIX = '/jpm/v2';

/**
 * Everything the vendor document says is wrong with a request the node sent for `operationId`:
 * method, path (incl. tenant and IDs), query (types, enums, repeated keys, undeclared keys) and body.
 */
export function documentViolations(operationId: string, request: RecordedRequest): string[] {
	const operation = getOperation(operationId);
	const problems: string[] = [];
	if (request.method !== operation.method) problems.push(`method ${request.method}; the document says ${operation.method}`);
	if (!request.path.startsWith(API_PREFIX)) return [...problems, `path ${request.path} is not below ${API_PREFIX}`];
	const pathParams = pathParameters(operation.path, request.path.slice(API_PREFIX.length));
	if (!pathParams) return [...problems, `path ${request.path} does not match ${operation.path}`];
	return [...problems, ...validateRequest(operationId, { pathParams, query: request.query, body: request.body })];
}

/** The API requests of the current test, each checked against the document as `operationId`. */
export function expectRequestsConform(env: SimulatorEnv, operationId: string): RecordedRequest[] {
	const requests = env.receivedRequests().filter((request) => !request.path.startsWith('/connect'));
	expect(requests.length).toBeGreaterThan(0);
	for (const request of requests) {
		expect({ request: `${request.method} ${request.path}?${request.rawQuery}`, violations: documentViolations(operationId, request) }).toEqual({
			request: expect.any(String),
			violations: [],
		});
		expect(request.operationId).toBe(operationId);
		expect(request.status).toBeGreaterThanOrEqual(200);
		expect(request.status).toBeLessThan(300);
	}
	return requests;
}

/** The IDs of items (or records), in order. */
export function idsOf(records: Array<{ id?: unknown }>): unknown[] {
	return records.map((record) => record.id);
}
