/**
 * When a failed request is tried again, and after how long. Pure functions, so the policy is tested
 * without a network.
 */
import type { ServiceTitanRequest } from './types';

export interface RetrySettings {
	/** Retries after the first attempt. */
	maxRetries: number;
	/** First backoff step when the server gives no Retry-After. */
	baseDelayMs: number;
	/** Cap of one backoff step. */
	maxDelayMs: number;
	/** Longest Retry-After honoured; a longer one fails the request instead of stalling the workflow. */
	maxRetryAfterMs: number;
	/** ServiceTitan's own server-side limit is 100 s. */
	timeoutMs: number;
}

export const DEFAULT_RETRY_SETTINGS: Readonly<RetrySettings> = {
	maxRetries: 5,
	baseDelayMs: 1000,
	maxDelayMs: 60_000,
	maxRetryAfterMs: 120_000,
	timeoutMs: 100_000,
};

const settings: RetrySettings = { ...DEFAULT_RETRY_SETTINGS };

export function retrySettings(): Readonly<RetrySettings> {
	return settings;
}

/** Lets tests and benchmarks shorten waits; n8n itself always runs with the defaults. */
export function configureRetries(overrides: Partial<RetrySettings>): void {
	Object.assign(settings, overrides);
}

export function resetRetrySettings(): void {
	Object.assign(settings, DEFAULT_RETRY_SETTINGS);
}

/** A request may be sent again only when repeating it is harmless; a POST creates data unless it says otherwise. */
export function isIdempotent(request: Pick<ServiceTitanRequest, 'method' | 'idempotent'>): boolean {
	return request.idempotent ?? request.method !== 'POST';
}

/** What went wrong with one attempt, reduced to what the retry decision needs. */
export type Failure =
	| { kind: 'status'; status: number; retryAfter?: string }
	| { kind: 'network'; code: string; neverReachedServer: boolean }
	| { kind: 'timeout' }
	| { kind: 'invalidJson' }
	| { kind: 'token'; retryable: boolean };

/**
 * Rate limiting (429) and an unreachable token endpoint are safe to retry for every method: the API
 * did not act. Gateway errors, timeouts, lost connections and broken bodies are retried only when
 * repeating the request is harmless, so a POST that may have been applied is never sent twice.
 */
export function isRetryable(failure: Failure, idempotent: boolean): boolean {
	switch (failure.kind) {
		case 'status':
			if (failure.status === 429) return true;
			if (failure.status === 502 || failure.status === 503 || failure.status === 504) return idempotent;
			return failure.status === 500 && idempotent;
		case 'network':
			return idempotent || failure.neverReachedServer;
		case 'timeout':
		case 'invalidJson':
			return idempotent;
		case 'token':
			return failure.retryable;
	}
}

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
	if (value === undefined || value.trim() === '') return undefined;
	const trimmed = value.trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
	const date = Date.parse(trimmed);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}

/**
 * Delay before retry number `retry` (1-based): the server's Retry-After when it sent one, else
 * exponential backoff with full jitter, capped.
 */
export function retryDelayMs(
	failure: Failure,
	retry: number,
	random: () => number = Math.random,
	now: number = Date.now(),
): number {
	const { baseDelayMs, maxDelayMs } = settings;
	const retryAfter = failure.kind === 'status' ? parseRetryAfter(failure.retryAfter, now) : undefined;
	if (retryAfter !== undefined) return retryAfter;
	const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (retry - 1));
	// Full jitter spreads the retries of concurrent items so they do not hit the limit together.
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
