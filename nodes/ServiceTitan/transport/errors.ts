import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { Failure } from './retryPolicy';
import type { ServiceTitanProblem, ServiceTitanRequest } from './types';

/** One failed attempt: the retry decision plus what the user should see if it is final. */
export interface AttemptFailure {
	failure: Failure;
	status?: number;
	problem?: ServiceTitanProblem;
	/** Wording from the credential's token request, already free of secrets. */
	tokenMessage?: { message: string; description: string };
}

interface HttpClientError {
	name?: string;
	message?: string;
	code?: string;
	httpCode?: string | null;
	cause?: unknown;
	retryable?: boolean;
	description?: string;
	response?: { status?: number; headers?: Record<string, unknown>; data?: unknown };
}

const NEVER_REACHED_SERVER = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function headerValue(headers: Record<string, unknown> | undefined, name: string): string | undefined {
	if (!headers) return undefined;
	const direct = headers[name] ?? headers[name.toLowerCase()];
	if (direct !== undefined) return String(direct);
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

/**
 * Reads the error n8n's request helper threw (a NodeApiError wrapping the HTTP client's error, or the
 * credential's token error) without keeping any of it: the client's error holds the request headers,
 * i.e. the bearer token and the app key.
 */
export function classifyThrown(thrown: unknown): AttemptFailure | undefined {
	const outer = thrown as HttpClientError | undefined;
	if (!outer || typeof outer !== 'object') return undefined;
	const inner = (outer.cause && typeof outer.cause === 'object' ? outer.cause : outer) as HttpClientError;

	if (inner.name === 'ServiceTitanTokenError') {
		return {
			failure: { kind: 'token', retryable: inner.retryable === true },
			tokenMessage: { message: inner.message ?? 'Token request failed', description: inner.description ?? '' },
		};
	}

	const status = inner.response?.status;
	if (typeof status === 'number') {
		return {
			failure: { kind: 'status', status, retryAfter: headerValue(inner.response?.headers, 'retry-after') },
			status,
			problem: parseProblem(inner.response?.data),
		};
	}

	const code = inner.code ?? '';
	if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(inner.message ?? '')) {
		return { failure: { kind: 'timeout' } };
	}
	if (code !== '' || /socket hang up|aborted|network/i.test(inner.message ?? '')) {
		return {
			failure: { kind: 'network', code: code || 'ECONNRESET', neverReachedServer: NEVER_REACHED_SERVER.has(code) },
		};
	}
	return undefined;
}

function flattenFieldErrors(errors: Record<string, string[]> | undefined): string[] {
	if (!errors) return [];
	return Object.entries(errors).map(([field, messages]) => `${field || 'request'}: ${messages.join(' ')}`);
}

function statusMessage(request: ServiceTitanRequest, status: number, tenantId: string): { message: string; hint: string } {
	const what = request.label ?? `${request.method} ${request.path}`;
	switch (status) {
		case 400:
			return { message: `ServiceTitan rejected the request (${what})`, hint: 'Correct the fields listed below and run again.' };
		case 401:
			return {
				message: 'ServiceTitan did not accept the credential',
				hint: 'A new access token was fetched and the request retried once. Check the App Key, and that the Client ID and Secret belong to this tenant and environment.',
			};
		case 403:
			return {
				message: `ServiceTitan refused access (${what})`,
				hint: `The app may lack the scope${request.scope ? ` ${request.scope}` : ''} for this operation, the tenant admin may not have accepted the app's latest version, or the app is not connected to tenant ${tenantId}.`,
			};
		case 404:
			return { message: `Not found in ServiceTitan (${what})`, hint: 'Check the ID: the record may not exist in this tenant, or it was deleted.' };
		case 409:
			return {
				message: `ServiceTitan refused the change because of the record's current state (${what})`,
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
						hint:
							request.idempotent === false || (request.idempotent === undefined && request.method === 'POST')
								? 'This request creates data, so it was not sent again automatically: check in ServiceTitan whether it was applied before running it again.'
								: 'It was retried with backoff. Try again later.',
					}
				: { message: `ServiceTitan answered HTTP ${status} (${what})`, hint: '' };
	}
}

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
		hint = 'ServiceTitan stops requests after 100 seconds. For large reads, lower the page size or narrow the filters.';
	} else if (failure.kind === 'invalidJson') {
		message = 'ServiceTitan sent a response that is not valid JSON';
		hint = 'The response was cut off or corrupted on the way. Try again.';
	} else if (failure.kind === 'network') {
		message = `The connection to ServiceTitan failed (${failure.code})`;
		hint = failure.neverReachedServer
			? 'The API host could not be reached: check the environment or API base URL and the network.'
			: 'The connection dropped before the answer arrived.';
	} else {
		message = 'The ServiceTitan token request failed';
		hint = '';
	}

	const details = [hint];
	const fieldErrors = flattenFieldErrors(problem?.errors);
	if (fieldErrors.length > 0) details.push(`Field errors: ${fieldErrors.join('; ')}`);
	if (attempts > 1) details.push(`Attempts: ${attempts}.`);
	if (problem?.traceId) details.push(`ServiceTitan trace ID: ${problem.traceId} (quote it to ServiceTitan support).`);
	const description = details.filter((part) => part !== '').join('\n');

	const errorData: JsonObject = {
		message,
		description,
		...(attempt.status !== undefined ? { httpCode: String(attempt.status) } : {}),
		...(problem ? { serviceTitan: problem as unknown as JsonObject } : {}),
	};
	return new NodeApiError(node, errorData, {
		message,
		description,
		httpCode: attempt.status !== undefined ? String(attempt.status) : undefined,
		itemIndex: request.itemIndex,
	});
}

/**
 * For catch blocks that pass an error on: n8n's own errors go through unchanged (they are already
 * worded and secret-free), anything else is wrapped so n8n can display it.
 */
export function ensureNodeError(node: INode, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error instanceof Error ? error : String(error));
}
