import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { TOKEN_FAILURE_FINAL, TOKEN_FAILURE_RETRYABLE } from '../../../credentials/tokenRequest';
import { parseJson } from './json';
import type { Failure } from './retryPolicy';
import type { ServiceTitanProblem, ServiceTitanRequest } from './types';

/** One failed attempt: the retry decision's input plus what the user should see if it is final. */
export interface AttemptFailure {
	reason: Failure;
	status?: number;
	problem?: ServiceTitanProblem;
	/** Wording from the credential's token request, already free of secrets. */
	tokenMessage?: { message: string; description: string };
	/** A 401 on a token ServiceTitan had just issued and never accepted: no new token was asked for. */
	freshTokenRefused?: boolean;
}

/** What the retry loop did, handed to the error mapping so the message says what really happened. */
export interface RetryOutcome {
	attempts: number;
	/** Why no further attempt was made. */
	stop: 'final' | 'notRepeatable' | 'exhausted' | 'retryAfterTooLong';
	/** An attempt's answer was lost or failed on the server's side: a change may have been applied. */
	mayHaveBeenApplied: boolean;
	/** After a lost answer, a read of the record showed it is not in the requested state. */
	readShowsNotApplied?: boolean;
	/** The last Retry-After ServiceTitan sent, as sent and as read. */
	retryAfter?: { raw: string; askedMs?: number };
	/** The longest wait the node takes inside an execution. */
	maxRetryAfterMs: number;
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

function parseProblem(data: unknown): ServiceTitanProblem | undefined {
	let body = data;
	if (Buffer.isBuffer(body)) body = body.toString('utf8');
	if (typeof body === 'string') {
		try {
			body = parseJson(body);
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
		reason: { kind: 'status', status, retryAfter: headerValue(headers, 'retry-after') },
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
			reason: { kind: 'token', retryable: tokenCode === TOKEN_FAILURE_RETRYABLE },
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
		return { reason: { kind: 'network', code: /ENOTFOUND|EAI_AGAIN/.test(text) ? 'ENOTFOUND' : 'ECONNREFUSED', neverReachedServer: true } };
	}
	if (TIMED_OUT.test(text)) return { reason: { kind: 'timeout' } };
	if (CONNECTION_LOST.test(text)) return { reason: { kind: 'network', code: 'ECONNRESET', neverReachedServer: false } };
	return undefined;
}

// Secrets ----------------------------------------------------------------------------------------

const REDACTED = '[redacted]';

/**
 * Removes secrets from text a server, gateway or proxy sent back (it may echo the request: headers,
 * the token form): the known secret values, and anything shaped like a bearer token or a form
 * field carrying a secret.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
	let clean = text;
	for (const secret of [...secrets].filter((value) => value.length >= 4).sort((a, b) => b.length - a.length)) {
		clean = clean.split(secret).join(REDACTED);
	}
	return clean
		.replace(/((?:client_secret|access_token|st-app-key|authorization)["']?\s*[:=]\s*["']?)(?!(?:bearer\s+)?\[redacted\])((?:bearer\s+)?)[^\s"'&,;]+/gi, `$1$2${REDACTED}`)
		.replace(/(bearer\s+)(?!\[redacted\])[^\s"',;]+/gi, `$1${REDACTED}`);
}

function redactProblem(problem: ServiceTitanProblem | undefined, secrets: readonly string[]): ServiceTitanProblem | undefined {
	if (!problem) return undefined;
	const clean = (text: string) => redactSecrets(text, secrets);
	return {
		...problem,
		...(problem.title !== undefined ? { title: clean(problem.title) } : {}),
		...(problem.type !== undefined ? { type: clean(problem.type) } : {}),
		...(problem.traceId !== undefined ? { traceId: clean(problem.traceId) } : {}),
		...(problem.errors
			? { errors: Object.fromEntries(Object.entries(problem.errors).map(([field, messages]) => [clean(field), messages.map(clean)])) }
			: {}),
	};
}

// User-facing errors ------------------------------------------------------------------------------

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

function statusMessage(request: ServiceTitanRequest, attempt: AttemptFailure, tenantId: string): { message: string; hint: string } {
	const status = attempt.status ?? 0;
	switch (status) {
		case 400:
			return { message: 'ServiceTitan rejected the request', hint: 'Correct the fields listed below and run again.' };
		case 401:
			return {
				message: 'ServiceTitan did not accept the credential',
				hint: attempt.freshTokenRefused
					? `ServiceTitan refused an access token it had just issued, so no further token was requested. Check the App Key (it must belong to the app tenant ${tenantId} connected), and that the Client ID and Secret belong to this tenant and environment.`
					: 'A new access token was requested and the request sent again with it; ServiceTitan refused that too. Check the App Key, and that the Client ID and Secret belong to this tenant and environment.',
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
				message: 'ServiceTitan answered "too many requests"',
				hint: "Lower 'Requests per Second' in the node's options, or run fewer workflows against this tenant at once.",
			};
		default:
			return status >= 500
				? { message: `ServiceTitan could not handle the request right now (HTTP ${status})`, hint: '' }
				: { message: `ServiceTitan answered HTTP ${status}`, hint: '' };
	}
}

function duration(ms: number): string {
	const seconds = Math.round(ms / 1000);
	if (seconds < 120) return `${seconds} s`;
	const minutes = Math.round(seconds / 60);
	if (minutes < 120) return `${minutes} min`;
	return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** One sentence on the attempts: how many, whether retried, what Retry-After asked. */
function attemptsSentence(request: ServiceTitanRequest, attempt: AttemptFailure, outcome: RetryOutcome): string {
	const asked = outcome.retryAfter;
	const askedText = asked ? (asked.askedMs !== undefined ? `Retry-After: ${asked.raw}, i.e. ${duration(asked.askedMs)}` : `an unreadable Retry-After (${JSON.stringify(asked.raw.slice(0, 40))})`) : '';
	switch (outcome.stop) {
		case 'retryAfterTooLong':
			return `ServiceTitan asked to wait ${asked?.askedMs !== undefined ? duration(asked.askedMs) : 'longer'} before trying again (${askedText}), longer than the ${duration(outcome.maxRetryAfterMs)} the node waits inside an execution, so it was not retried${outcome.attempts > 1 ? ` after ${outcome.attempts} attempts` : ''}.${asked?.askedMs !== undefined ? ` Run it again after ${new Date(Date.now() + asked.askedMs).toISOString()}.` : ''}`;
		case 'exhausted':
			return `Sent ${outcome.attempts} times (${outcome.attempts - 1} retries with backoff${asked ? `; the last answer had ${askedText}` : ''}); every attempt failed.`;
		case 'notRepeatable':
			return `Sent once and not retried: ${request.method} ${request.method === 'POST' ? 'creates data' : 'changes data'}, and sending it again could apply it twice.`;
		case 'final':
			if (attempt.reason.kind === 'token') return outcome.attempts > 1 ? `Tried ${outcome.attempts} times.` : '';
			return outcome.attempts > 1
				? `Sent ${outcome.attempts} times; the last answer is final, so it was not retried further.`
				: 'Sent once; this answer is final, so it was not retried.';
	}
}

function appliedSentence(request: ServiceTitanRequest, outcome: RetryOutcome): string {
	if (request.method === 'GET') return '';
	if (outcome.readShowsNotApplied) return "An earlier attempt's answer was lost; reading the record afterwards showed it is not in the requested state, so ServiceTitan did not apply the change.";
	return outcome.mayHaveBeenApplied
		? 'The change may have been applied: check in ServiceTitan before running it again.'
		: 'ServiceTitan did not apply the change.';
}

/** The final, user-facing error for a failed request: message, what happened, what to do, ServiceTitan's details. */
export function toNodeApiError(
	node: INode,
	request: ServiceTitanRequest,
	attempt: AttemptFailure,
	outcome: RetryOutcome,
	tenantId: string,
	secrets: readonly string[],
): NodeApiError {
	const { reason } = attempt;
	const problem = redactProblem(attempt.problem, secrets);
	let message: string;
	let hint: string;
	if (attempt.tokenMessage) {
		message = attempt.tokenMessage.message;
		hint = attempt.tokenMessage.description;
	} else if (reason.kind === 'status') {
		({ message, hint } = statusMessage(request, attempt, tenantId));
		if (problem?.title) message = `${message}: ${problem.title}`;
	} else if (reason.kind === 'timeout') {
		message = 'ServiceTitan did not answer in time';
		hint = request.method === 'GET' ? 'ServiceTitan stops requests after 100 seconds. For large reads, lower the page size or narrow the filters.' : '';
	} else if (reason.kind === 'invalidJson') {
		message = 'ServiceTitan sent a response that is not valid JSON';
		hint = 'The response was cut off or corrupted on the way.';
	} else if (reason.kind === 'network') {
		message = `The connection to ServiceTitan failed (${reason.code})`;
		hint = reason.neverReachedServer
			? 'The API host could not be reached: check the environment or API base URL and the network.'
			: 'The connection dropped before the answer arrived.';
	} else {
		message = 'The ServiceTitan token request failed';
		hint = '';
	}
	message = redactSecrets(message, secrets);

	// Every part is a sentence of its own (n8n shows the description as one paragraph).
	const details = [`Request: ${request.label ?? `${request.method} ${request.path}`}.`, hint, attemptsSentence(request, attempt, outcome), appliedSentence(request, outcome)];
	const fieldErrors = flattenFieldErrors(problem?.errors, problem?.title);
	if (fieldErrors.length > 0) details.push(`Field errors: ${fieldErrors.join('; ')}.`);
	if (problem?.traceId) details.push(`ServiceTitan trace ID: ${problem.traceId} (quote it to ServiceTitan support).`);
	const description = redactSecrets(details.filter((part) => part !== '').join('\n'), secrets);

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
