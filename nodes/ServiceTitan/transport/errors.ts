import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { TOKEN_FAILURE_FINAL, TOKEN_FAILURE_RETRYABLE } from '../../../credentials/tokenRequest';
import type { Failure } from './retryPolicy';
import { isIdempotent } from './retryPolicy';
import type { ServiceTitanProblem, ServiceTitanRequest } from './types';

/** One failed attempt: the retry decision plus what the user should see if it is final. */
export interface AttemptFailure {
	failure: Failure;
	status?: number;
	problem?: ServiceTitanProblem;
	/** Wording from the credential's token request, already free of secrets. */
	tokenMessage?: { message: string; description: string };
}

/** What n8n's request helper throws: a NodeApiError (or, in newer n8n, one still holding its cause). */
interface ThrownRequestError {
	name?: string;
	message?: string;
	messages?: unknown;
	description?: unknown;
	code?: string;
	httpCode?: string | null;
	cause?: unknown;
	retryable?: boolean;
	context?: { data?: unknown };
	response?: { status?: number; headers?: Record<string, unknown>; data?: unknown };
}

const NEVER_REACHED_SERVER = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|refused the connection/i;
const TIMED_OUT = /ETIMEDOUT|ECONNABORTED|timeout|timed out/i;
const CONNECTION_LOST = /ECONNRESET|EPIPE|socket hang up|aborted|network|closed/i;

export function headerValue(headers: Record<string, unknown> | undefined, name: string): string | undefined {
	if (!headers) return undefined;
	const match = Object.keys(headers).find((key) => key.toLowerCase() === name.toLowerCase());
	return match === undefined ? undefined : String(headers[match]);
}

export function parseProblem(data: unknown): ServiceTitanProblem | undefined {
	let body = data;
	if (typeof body === 'string') {
		try {
			body = JSON.parse(body);
		} catch {
			return undefined;
		}
	}
	if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
	const candidate = body as Record<string, unknown>;
	const problem: ServiceTitanProblem = {};
	if (typeof candidate.title === 'string') problem.title = candidate.title;
	if (typeof candidate.type === 'string') problem.type = candidate.type;
	if (typeof candidate.traceId === 'string') problem.traceId = candidate.traceId;
	if (typeof candidate.status === 'number') problem.status = candidate.status;
	if (candidate.errors && typeof candidate.errors === 'object') {
		const errors: Record<string, string[]> = {};
		for (const [field, messages] of Object.entries(candidate.errors as Record<string, unknown>)) {
			errors[field] = Array.isArray(messages) ? messages.map(String) : [String(messages)];
		}
		problem.errors = errors;
	}
	return Object.keys(problem).length > 0 ? problem : undefined;
}

/** A response that arrived with a non-2xx status. */
export function statusFailure(status: number, headers: Record<string, unknown> | undefined, body: unknown): AttemptFailure {
	return {
		failure: { kind: 'status', status, retryAfter: headerValue(headers, 'retry-after') },
		status,
		problem: parseProblem(body),
	};
}

function allMessages(error: ThrownRequestError): string {
	const messages = Array.isArray(error.messages) ? error.messages.map(String) : [];
	return [error.message ?? '', error.code ?? '', ...messages].join(' | ');
}

/**
 * Reads the error n8n's request helper threw without keeping any of it: the HTTP client's error
 * holds the request headers, i.e. the bearer token and the app key.
 */
export function classifyThrown(thrown: unknown): AttemptFailure | undefined {
	if (!thrown || typeof thrown !== 'object') return undefined;
	const outer = thrown as ThrownRequestError;
	const inner = outer.cause && typeof outer.cause === 'object' ? (outer.cause as ThrownRequestError) : undefined;

	const tokenCode = [outer.httpCode, inner?.httpCode].find(
		(code) => code === TOKEN_FAILURE_RETRYABLE || code === TOKEN_FAILURE_FINAL,
	);
	if (tokenCode !== undefined) {
		return {
			failure: { kind: 'token', retryable: tokenCode === TOKEN_FAILURE_RETRYABLE },
			tokenMessage: {
				message: outer.message ?? 'The ServiceTitan token request failed',
				description: typeof outer.description === 'string' ? outer.description : '',
			},
		};
	}

	const response = inner?.response ?? outer.response;
	if (typeof response?.status === 'number') return statusFailure(response.status, response.headers, response.data);
	const status = Number(outer.httpCode);
	if (Number.isInteger(status) && status >= 100) return statusFailure(status, undefined, outer.context?.data);

	const text = `${allMessages(outer)} | ${inner ? allMessages(inner) : ''}`;
	if (NEVER_REACHED_SERVER.test(text)) {
		return { failure: { kind: 'network', code: /ENOTFOUND|EAI_AGAIN/.test(text) ? 'ENOTFOUND' : 'ECONNREFUSED', neverReachedServer: true } };
	}
	if (TIMED_OUT.test(text)) return { failure: { kind: 'timeout' } };
	if (CONNECTION_LOST.test(text)) return { failure: { kind: 'network', code: 'ECONNRESET', neverReachedServer: false } };
	return undefined;
}

const withoutStop = (text: string) => text.trim().replace(/[.\s]+$/, '');

/**
 * ServiceTitan's field errors as "field: message" parts, without the ones that only repeat the title
 * (a 404 names the record in both), so the description never says the same thing twice.
 */
function flattenFieldErrors(errors: Record<string, string[]> | undefined, title: string | undefined): string[] {
	if (!errors) return [];
	const repeated = title === undefined ? '' : withoutStop(title).toLowerCase();
	return Object.entries(errors)
		.map(([field, messages]) => [field, messages.map(withoutStop).filter((message) => message !== '' && message.toLowerCase() !== repeated)] as const)
		.filter(([, messages]) => messages.length > 0)
		.map(([field, messages]) => `${field || 'request'}: ${messages.join('; ')}`);
}

function statusMessage(request: ServiceTitanRequest, status: number, tenantId: string): { message: string; hint: string } {
	switch (status) {
		case 400:
			return { message: 'ServiceTitan rejected the request', hint: 'Correct the fields listed below and run again.' };
		case 401:
			return {
				message: 'ServiceTitan did not accept the credential',
				hint: 'A new access token was fetched and the request retried once. Check the App Key, and that the Client ID and Secret belong to this tenant and environment.',
			};
		case 403:
			return {
				message: 'ServiceTitan refused access',
				hint: `The app may lack the scope${request.scope ? ` ${request.scope}` : ''} for this operation, the tenant admin may not have accepted the app's latest version, or the app is not connected to tenant ${tenantId}.`,
			};
		case 404:
			return { message: 'Not found in ServiceTitan', hint: 'Check the ID: the record may not exist in this tenant, or it was deleted.' };
		case 409:
			return {
				message: "ServiceTitan refused the change because of the record's current state",
				hint: 'For example an appointment already on hold, or the only appointment of a job. Check the record in ServiceTitan.',
			};
		case 429:
			return {
				message: 'ServiceTitan kept answering "too many requests"',
				hint: "The tenant's rate limit stayed exhausted after every retry. Lower 'Requests per Second' in the node's options, or run fewer workflows against this tenant at once.",
			};
		default:
			return status >= 500
				? {
						message: `ServiceTitan could not handle the request right now (HTTP ${status})`,
						hint: isIdempotent(request) ? 'It was retried with backoff. Try again later.' : NOT_SENT_AGAIN,
					}
				: { message: `ServiceTitan answered HTTP ${status}`, hint: '' };
	}
}

/** For a request that creates data and may have reached ServiceTitan before it failed. */
const NOT_SENT_AGAIN =
	'This request creates data, so it was not sent again automatically: check in ServiceTitan whether it was applied before running it again.';

/** The final, user-facing error for a failed request: message, what to do, ServiceTitan's details. */
export function toNodeApiError(
	node: INode,
	request: ServiceTitanRequest,
	attempt: AttemptFailure,
	tenantId: string,
	attempts: number,
): NodeApiError {
	const { failure, problem } = attempt;
	let message: string;
	let hint: string;
	if (attempt.tokenMessage) {
		message = attempt.tokenMessage.message;
		hint = attempt.tokenMessage.description;
	} else if (failure.kind === 'status') {
		({ message, hint } = statusMessage(request, failure.status, tenantId));
		if (problem?.title) message = `${message}: ${problem.title}`;
	} else if (failure.kind === 'timeout') {
		message = 'ServiceTitan did not answer in time';
		hint = isIdempotent(request)
			? 'ServiceTitan stops requests after 100 seconds. For large reads, lower the page size or narrow the filters.'
			: NOT_SENT_AGAIN;
	} else if (failure.kind === 'invalidJson') {
		message = 'ServiceTitan sent a response that is not valid JSON';
		hint = `The response was cut off or corrupted on the way. ${isIdempotent(request) ? 'Try again.' : NOT_SENT_AGAIN}`;
	} else if (failure.kind === 'network') {
		message = `The connection to ServiceTitan failed (${failure.code})`;
		hint = failure.neverReachedServer
			? 'The API host could not be reached: check the environment or API base URL and the network.'
			: `The connection dropped before the answer arrived.${isIdempotent(request) ? '' : ` ${NOT_SENT_AGAIN}`}`;
	} else {
		message = 'The ServiceTitan token request failed';
		hint = '';
	}

	const details = [`Request: ${request.label ?? `${request.method} ${request.path}`}.`, hint];
	// Every part is a sentence of its own: n8n shows the description as one paragraph.
	const fieldErrors = flattenFieldErrors(problem?.errors, problem?.title);
	if (fieldErrors.length > 0) details.push(`Field errors: ${fieldErrors.join('; ')}.`);
	if (attempts > 1) details.push(`Attempts: ${attempts}.`);
	if (problem?.traceId) details.push(`ServiceTitan trace ID: ${problem.traceId} (quote it to ServiceTitan support).`);
	const description = details.filter((part) => part !== '').join('\n');

	const errorData: JsonObject = {
		message,
		description,
		...(attempt.status !== undefined ? { httpCode: String(attempt.status) } : {}),
		...(problem ? { serviceTitan: problem as unknown as JsonObject } : {}),
	};
	const error = new NodeApiError(node, errorData, {
		message,
		description,
		httpCode: attempt.status !== undefined ? String(attempt.status) : undefined,
		itemIndex: request.itemIndex,
	});
	// NodeApiError swaps a message that mentions a Node.js error code (ECONNRESET, ECONNREFUSED…) for
	// n8n's generic wording ("The connection to the server was closed unexpectedly…"), which drops
	// what happened to this request. The message here is already worded for the user: keep it.
	error.message = message;
	return error;
}

/**
 * For catch blocks that pass an error on: n8n's own errors go through unchanged (they are already
 * worded and secret-free), anything else is wrapped so n8n can display it.
 */
export function ensureNodeError(node: INode, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error instanceof Error ? error : String(error));
}
