import type { IDataObject, IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { isTokenRefusedWhileFresh, knownTokens, noteTokenAccepted, noteTokenInvalid } from '../../../credentials/tokenRequest';
import type { Connection } from './connection';
import { CREDENTIAL_TYPE, resolveConnection } from './connection';
import type { AttemptFailure, RetryOutcome } from './errors';
import { classifyThrown, headerValue, redactSecrets, statusFailure, toNodeApiError } from './errors';
import { parseJson, toJsonText } from './json';
import { DEFAULT_PROCESSES_SHARING, DEFAULT_REQUESTS_PER_SECOND, tenantPace } from './pacing';
import type { RetrySettings } from './retryPolicy';
import {
	attemptTimeoutMs,
	DeadlineReached,
	DEFAULT_RETRY_SETTINGS,
	isIdempotent,
	isRetryable,
	mayHaveBeenApplied,
	parseRetryAfter,
	retryWait,
	waitFitsDeadline,
} from './retryPolicy';
import type { ServiceTitanContext, ServiceTitanRequest } from './types';

export interface TransportOptions {
	/** The tenant's limit for this app, requests per second; see pacing.ts. */
	requestsPerSecond?: number;
	/** How many processes share that limit (this one paces at the limit divided by it). */
	processesSharing?: number;
	/** Retry policy (default DEFAULT_RETRY_SETTINGS, which n8n always runs with). */
	retry?: RetrySettings;
	/**
	 * Epoch ms by which the request must be done (the trigger's poll budget): each attempt's timeout
	 * and each retry wait are capped at what is left, and a wait that does not fit throws
	 * DeadlineReached instead of sleeping. Without it (the action node) nothing changes.
	 */
	deadline?: number;
}

/** A successful request: the parsed body, and a note when success needed explaining. */
export interface RequestResult<T> {
	value: T;
	/** E.g. a change whose first answer was lost and which a retry found already applied. */
	note?: string;
}

/** Bodies arrive as text (so int64 values keep every digit), or empty for 200/204 without content. */
function parseBody(body: unknown): { ok: true; value: unknown } | { ok: false } {
	if (Buffer.isBuffer(body)) return parseBody(body.toString('utf8'));
	if (typeof body !== 'string') return { ok: true, value: body };
	if (body.trim() === '') return { ok: true, value: undefined };
	try {
		return { ok: true, value: parseJson(body) };
	} catch {
		return { ok: false };
	}
}

type AttemptResult = { ok: true; value: unknown } | { ok: false; failure: AttemptFailure };

async function sendOnce(ctx: ServiceTitanContext, options: IHttpRequestOptions, connection: Connection): Promise<AttemptResult> {
	const send = async (ignoreHttpStatusErrors: boolean) =>
		(await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, {
			...options,
			ignoreHttpStatusErrors,
			returnFullResponse: true,
		})) as IN8nHttpFullResponse;
	let freshTokenRefused = false;
	let refusal: AttemptFailure | undefined;
	try {
		// Statuses come back as responses, so Retry-After and ServiceTitan's error body stay readable.
		let response = await send(true);
		if (response.statusCode === 401) {
			refusal = statusFailure(401, response.headers as IDataObject, response.body);
			if (/invalid_token/i.test(headerValue(response.headers as IDataObject, 'www-authenticate') ?? '')) noteTokenInvalid(connection.credentialKey);
			freshTokenRefused = isTokenRefusedWhileFresh(connection.credentialKey);
			// n8n asks the credential for a new token (and retries once) only for a request that fails,
			// so send it that way; unless the token just issued was refused already (see tokenRequest.ts).
			if (!freshTokenRefused) response = await send(false);
		}
		if (response.statusCode >= 200 && response.statusCode < 300) {
			noteTokenAccepted(connection.credentialKey);
			const parsed = parseBody(response.body);
			if (!parsed.ok) return { ok: false, failure: { reason: { kind: 'invalidJson' } } };
			return { ok: true, value: withoutEchoedSecrets(response.body, parsed.value, currentSecretsOf(connection)) };
		}
		return { ok: false, failure: { ...statusFailure(response.statusCode, response.headers as IDataObject, response.body), freshTokenRefused } };
	} catch (error) {
		// Configuration errors (no credential selected, bad tenant ID) are final and already worded.
		if (error instanceof NodeOperationError) throw new NodeOperationError(ctx.getNode(), error);
		const classified = classifyThrown(error);
		if (!classified) {
			const detail = error instanceof Error ? redactSecrets(error.message, secretsOf(connection)) : undefined;
			throw new NodeApiError(
				ctx.getNode(),
				{ message: 'The request to ServiceTitan failed' },
				{ message: 'The request to ServiceTitan failed', description: detail },
			);
		}
		if (classified.status === 401) {
			classified.freshTokenRefused = isTokenRefusedWhileFresh(connection.credentialKey);
			// n8n's error after its retry keeps the status, not ServiceTitan's answer: use the first one's.
			classified.problem ??= refusal?.problem;
		}
		return { ok: false, failure: classified };
	}
}

/**
 * A gateway or proxy may echo the request (headers, token) into an answer that otherwise succeeded:
 * no secret of the credential reaches an output item. The parsed value is walked only when the raw
 * answer holds a secret at all, so an ordinary answer costs one scan per secret.
 */
function withoutEchoedSecrets(raw: unknown, value: unknown, secrets: readonly string[]): unknown {
	const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : typeof raw === 'string' ? raw : '';
	const present = secrets.filter((secret) => secret.length >= 4 && text.includes(secret));
	if (present.length === 0) return value;
	const walk = (entry: unknown): unknown => {
		if (typeof entry === 'string') return present.some((secret) => entry.includes(secret)) ? redactSecrets(entry, present) : entry;
		if (Array.isArray(entry)) return entry.map(walk);
		if (entry && typeof entry === 'object') return Object.fromEntries(Object.entries(entry).map(([key, inner]) => [key, walk(inner)]));
		return entry;
	};
	return walk(value);
}

/** Every secret an error may have to hide: the credential's and every token this process issued for it. */
function secretsOf(connection: Connection): string[] {
	return [...connection.secrets, ...knownTokens(connection.credentialKey)];
}

/** The credential's secrets and its newest token: what a successful answer could echo. */
function currentSecretsOf(connection: Connection): string[] {
	return [...connection.secrets, ...knownTokens(connection.credentialKey).slice(-1)];
}

const STATE_CONFIRMED_NOTE =
	"The first attempt's answer was lost on the way; the retry found the record already in the requested state, so the change was applied once.";

/**
 * The one way a request reaches ServiceTitan: tenant URL, both auth headers (through the
 * credential), pacing under the tenant's rate limit, retries with Retry-After or backoff, and
 * ServiceTitan's errors turned into NodeApiErrors that say what happened and never carry a secret.
 */
export async function sendRequest<T = unknown>(
	ctx: ServiceTitanContext,
	request: ServiceTitanRequest,
	options: TransportOptions = {},
): Promise<RequestResult<T>> {
	const connection = await resolveConnection(ctx);
	const pace = tenantPace(connection.budgetKey);
	const limit = {
		requestsPerSecond: options.requestsPerSecond ?? DEFAULT_REQUESTS_PER_SECOND,
		processes: options.processesSharing ?? DEFAULT_PROCESSES_SHARING,
	};
	const settings = options.retry ?? DEFAULT_RETRY_SETTINGS;
	const idempotent = isIdempotent(request);

	const qs: IDataObject = {};
	for (const [key, value] of Object.entries(request.qs ?? {})) {
		if (value !== undefined) qs[key] = value;
	}
	const httpOptions: IHttpRequestOptions = {
		method: request.method,
		url: `${request.api ? `${connection.apiBaseUrl}/${request.api}/tenant/${connection.tenantId}` : connection.tenantBaseUrl}${request.path}`,
		qs,
		// Array query values go out as repeated keys (`codes=A&codes=B`), the OpenAPI default.
		arrayFormat: 'repeat',
		json: true,
		// The body is read as text and parsed here, so an int64 keeps its digits.
		encoding: 'text',
		timeout: settings.timeoutMs,
	};
	if (request.body !== undefined) {
		// Written here for the same reason; a string body is sent as it is, even `{}` or `[]`.
		httpOptions.body = toJsonText(request.body);
		httpOptions.headers = { 'Content-Type': 'application/json' };
	}

	let mayHaveApplied = false;
	let retryAfter: RetryOutcome['retryAfter'];
	const { deadline } = options;
	const label = request.label ?? `${request.method} ${request.path}`;
	for (let attempt = 1; ; attempt++) {
		// The tenant's pace may hold every request (a Retry-After another request was given): a turn
		// that comes after the deadline is not waited for.
		if (deadline !== undefined && !waitFitsDeadline(pace.state.waitMs(Date.now(), limit), deadline, Date.now())) throw new DeadlineReached(label);
		const ticket = await pace.acquire(limit);
		if (deadline !== undefined) {
			if (Date.now() >= deadline) throw new DeadlineReached(label);
			httpOptions.timeout = attemptTimeoutMs(settings, deadline, Date.now());
		}
		const result = await sendOnce(ctx, httpOptions, connection);
		const rateLimited = !result.ok && result.failure.reason.kind === 'status' && result.failure.reason.status === 429;
		// What the server counted within the limit, and what it refused, move the shared pace.
		if (result.ok || (result.failure.reason.kind === 'status' && !rateLimited)) pace.noteAnswered();
		if (result.ok) return { value: result.value as T };
		const failure = result.failure;
		const reason = failure.reason;
		if (rateLimited && reason.kind === 'status') {
			const asked = parseRetryAfter(reason.retryAfter, Date.now());
			// A wait too long for an execution ends this request (below); it does not stall the others.
			pace.noteRateLimited(ticket, asked !== undefined && asked <= settings.maxRetryAfterMs ? asked : undefined, limit);
		}
		const lostBefore = mayHaveApplied;
		mayHaveApplied ||= mayHaveBeenApplied(reason);
		if (reason.kind === 'status' && reason.retryAfter !== undefined) {
			retryAfter = { raw: reason.retryAfter, askedMs: parseRetryAfter(reason.retryAfter, Date.now()) };
		}

		let stop: RetryOutcome['stop'] = 'final';
		if (isRetryable(reason, idempotent)) {
			if (attempt <= settings.maxRetries) {
				const wait = retryWait(reason, attempt, settings);
				// Only reads take a deadline; a read that may not wait ends here, to be read again next run.
				if (!waitFitsDeadline(wait.delayMs, deadline, Date.now())) throw new DeadlineReached(label);
				if (!wait.tooLong) {
					ctx.logger.debug('ServiceTitan request will be retried', {
						request: label,
						reason: reason.kind === 'status' ? `HTTP ${reason.status}` : reason.kind,
						attempt,
						delayMs: wait.delayMs,
					});
					await sleep(wait.delayMs);
					continue;
				}
				stop = 'retryAfterTooLong';
			} else {
				stop = 'exhausted';
			}
		} else if (!idempotent && mayHaveBeenApplied(reason)) {
			stop = 'notRepeatable';
		}

		// A state change whose earlier answer was lost and whose retry is refused (400/404/409: "already
		// canceled", "not attached"…) may have been applied by that earlier attempt: read the record to
		// find out instead of guessing.
		let readShowsNotApplied = false;
		if (lostBefore && request.alreadyApplied && reason.kind === 'status' && [400, 404, 409].includes(reason.status)) {
			const applied = await request.alreadyApplied().catch(() => undefined);
			if (applied === true) return { value: undefined as T, note: STATE_CONFIRMED_NOTE };
			if (applied === false) readShowsNotApplied = true;
		}
		const outcome: RetryOutcome = {
			attempts: attempt,
			stop,
			mayHaveBeenApplied: mayHaveApplied && !readShowsNotApplied,
			readShowsNotApplied,
			retryAfter,
			maxRetryAfterMs: settings.maxRetryAfterMs,
		};
		throw toNodeApiError(ctx.getNode(), request, failure, outcome, connection.tenantId, secretsOf(connection));
	}
}

/** `sendRequest` for callers that need only the body. */
export async function serviceTitanRequest<T = unknown>(
	ctx: ServiceTitanContext,
	request: ServiceTitanRequest,
	options: TransportOptions = {},
): Promise<T> {
	return (await sendRequest<T>(ctx, request, options)).value;
}
