import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { CREDENTIAL_TYPE, resolveConnection } from './connection';
import type { AttemptFailure } from './errors';
import { classifyThrown, toNodeApiError } from './errors';
import { DEFAULT_REQUESTS_PER_SECOND, tenantSchedule } from './pacing';
import { isRetryable, retryDelayMs, retrySettings } from './retryPolicy';
import type { ServiceTitanContext, ServiceTitanRequest } from './types';

export interface TransportOptions {
	/** Pace for this tenant; see pacing.ts. */
	requestsPerSecond?: number;
}

function isIdempotent(request: ServiceTitanRequest): boolean {
	return request.idempotent ?? request.method !== 'POST';
}

/** Empty bodies (200/204 without content) come back as '' or undefined. */
function parseBody(body: unknown): { ok: true; value: unknown } | { ok: false } {
	if (typeof body !== 'string') return { ok: true, value: body };
	if (body.trim() === '') return { ok: true, value: undefined };
	try {
		return { ok: true, value: JSON.parse(body) };
	} catch {
		return { ok: false };
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
	const { maxRetries, maxRetryAfterMs } = retrySettings();

	const qs: IDataObject = {};
	for (const [key, value] of Object.entries(request.qs ?? {})) {
		if (value !== undefined) qs[key] = value;
	}
	const httpOptions: IHttpRequestOptions = {
		method: request.method,
		url: `${connection.tenantBaseUrl}${request.path}`,
		qs,
		// Array query values go out as repeated keys (`codes=A&codes=B`), the OpenAPI default.
		arrayFormat: 'repeat',
		json: true,
		timeout: retrySettings().timeoutMs,
	};
	if (request.body !== undefined) httpOptions.body = request.body as IHttpRequestOptions['body'];

	for (let attempt = 1; ; attempt++) {
		await schedule.waitForSlot(requestsPerSecond);
		let outcome: AttemptFailure;
		try {
			const raw: unknown = await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, {
				...httpOptions,
			});
			const parsed = parseBody(raw);
			if (parsed.ok) return parsed.value as T;
			outcome = { failure: { kind: 'invalidJson' } };
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
						itemIndex: request.itemIndex,
					},
				);
			}
			outcome = classified;
		}

		const retriesLeft = attempt <= maxRetries;
		if (retriesLeft && isRetryable(outcome.failure, idempotent)) {
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
