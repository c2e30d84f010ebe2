import type { IDataObject, IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { CREDENTIAL_TYPE, resolveConnection } from './connection';
import type { AttemptFailure } from './errors';
import { classifyThrown, statusFailure, toNodeApiError } from './errors';
import { DEFAULT_REQUESTS_PER_SECOND, tenantSchedule } from './pacing';
import { isIdempotent, isRetryable, retryDelayMs, retrySettings } from './retryPolicy';
import type { ServiceTitanContext, ServiceTitanRequest } from './types';

export interface TransportOptions {
	/** Pace for this tenant; see pacing.ts. */
	requestsPerSecond?: number;
}

/** Bodies arrive parsed, as text when they are not JSON, or empty for 200/204 without content. */
function parseBody(body: unknown): { ok: true; value: unknown } | { ok: false } {
	if (Buffer.isBuffer(body)) return parseBody(body.toString('utf8'));
	if (typeof body !== 'string') return { ok: true, value: body };
	if (body.trim() === '') return { ok: true, value: undefined };
	try {
		return { ok: true, value: JSON.parse(body) };
	} catch {
		return { ok: false };
	}
}

type AttemptResult = { ok: true; value: unknown } | { ok: false; failure: AttemptFailure };

async function sendOnce(ctx: ServiceTitanContext, options: IHttpRequestOptions): Promise<AttemptResult> {
	const send = async (ignoreHttpStatusErrors: boolean) =>
		(await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, {
			...options,
			ignoreHttpStatusErrors,
			returnFullResponse: true,
		})) as IN8nHttpFullResponse;
	try {
		// Statuses come back as responses, so Retry-After and ServiceTitan's error body stay readable.
		let response = await send(true);
		if (response.statusCode === 401) {
			// n8n renews the token (and retries once) only for a request that fails, so send it that way.
			response = await send(false);
		}
		if (response.statusCode >= 200 && response.statusCode < 300) {
			const parsed = parseBody(response.body);
			return parsed.ok ? parsed : { ok: false, failure: { failure: { kind: 'invalidJson' } } };
		}
		return { ok: false, failure: statusFailure(response.statusCode, response.headers as IDataObject, response.body) };
	} catch (error) {
		// Configuration errors (no credential selected, bad tenant ID) are final and already worded.
		if (error instanceof NodeOperationError) throw new NodeOperationError(ctx.getNode(), error);
		const classified = classifyThrown(error);
		if (!classified) {
			throw new NodeApiError(
				ctx.getNode(),
				{ message: 'The request to ServiceTitan failed' },
				{
					message: 'The request to ServiceTitan failed',
					description: error instanceof Error ? error.message : undefined,
				},
			);
		}
		return { ok: false, failure: classified };
	}
}

/**
 * The one way a request reaches ServiceTitan: tenant URL, both auth headers (through the
 * credential), pacing under the tenant's rate limit, retries with Retry-After or backoff, and
 * ServiceTitan's errors turned into NodeApiErrors that say what to do and never carry a secret.
 */
export async function serviceTitanRequest<T = unknown>(
	ctx: ServiceTitanContext,
	request: ServiceTitanRequest,
	options: TransportOptions = {},
): Promise<T> {
	const connection = await resolveConnection(ctx);
	const schedule = tenantSchedule(connection.budgetKey);
	const requestsPerSecond = options.requestsPerSecond ?? DEFAULT_REQUESTS_PER_SECOND;
	const idempotent = isIdempotent(request);
	const { maxRetries, maxRetryAfterMs, timeoutMs } = retrySettings();

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
		timeout: timeoutMs,
	};
	if (request.body !== undefined) httpOptions.body = request.body as IHttpRequestOptions['body'];

	for (let attempt = 1; ; attempt++) {
		await schedule.waitForSlot(requestsPerSecond);
		const result = await sendOnce(ctx, httpOptions);
		if (result.ok) return result.value as T;
		const outcome = result.failure;

		if (attempt <= maxRetries && isRetryable(outcome.failure, idempotent)) {
			const delay = retryDelayMs(outcome.failure, attempt);
			if (delay <= maxRetryAfterMs) {
				if (outcome.failure.kind === 'status' && outcome.failure.status === 429) {
					schedule.holdUntil(Date.now() + delay);
				}
				ctx.logger.debug('ServiceTitan request will be retried', {
					request: request.label ?? `${request.method} ${request.path}`,
					reason: outcome.failure.kind === 'status' ? `HTTP ${outcome.failure.status}` : outcome.failure.kind,
					attempt,
					delayMs: delay,
				});
				await sleep(delay);
				continue;
			}
		}
		throw toNodeApiError(ctx.getNode(), request, outcome, connection.tenantId, attempt);
	}
}
