/**
 * When a failed request is tried again, and after how long. Pure functions of the failure and the
 * settings, so the policy is tested without a network.
 */
import type { ServiceTitanRequest } from './types';

export interface RetrySettings {
	/** Retries after the first attempt. */
	maxRetries: number;
	/** First backoff step when the server gives no usable Retry-After. */
	baseDelayMs: number;
	/** Cap of one backoff step. */
	maxDelayMs: number;
	/** Longest Retry-After waited for inside an execution; a longer one ends the request with an error saying so. */
	maxRetryAfterMs: number;
	/** ServiceTitan's own server-side limit is 100 s. */
	timeoutMs: number;
}

/** What n8n runs with. Tests replace this module's value to shorten waits (test/setupEnv.ts). */
export const DEFAULT_RETRY_SETTINGS: Readonly<RetrySettings> = {
	maxRetries: 5,
	baseDelayMs: 1000,
	maxDelayMs: 60_000,
	maxRetryAfterMs: 120_000,
	timeoutMs: 100_000,
};

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
			return failure.status >= 500 && failure.status <= 504 && failure.status !== 501 && idempotent;
		case 'network':
			return idempotent || failure.neverReachedServer;
		case 'timeout':
		case 'invalidJson':
			return idempotent;
		case 'token':
			return failure.retryable;
	}
}

/**
 * Whether the server may have acted on an attempt that failed this way: its answer was lost (timeout,
 * dropped connection, cut-off body) or it failed on the server's side (5xx). 429s and token failures
 * never reached the operation.
 */
export function mayHaveBeenApplied(failure: Failure): boolean {
	switch (failure.kind) {
		case 'status':
			return failure.status >= 500;
		case 'network':
			return !failure.neverReachedServer;
		case 'timeout':
		case 'invalidJson':
			return true;
		case 'token':
			return false;
	}
}

/**
 * Retry-After (RFC 9110: delay-seconds or an HTTP date) in milliseconds from `now`; undefined when
 * absent or unreadable (a negative number, text, a date that does not parse). A date in the past is 0.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
	if (value === undefined) return undefined;
	const trimmed = value.trim();
	if (trimmed === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
	// An HTTP date names its month in letters; Date.parse alone would read "-5" or "1" as years.
	if (!/[A-Za-z]{3}/.test(trimmed)) return undefined;
	const date = Date.parse(trimmed);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export interface RetryWait {
	/** How long to wait before the next attempt. */
	delayMs: number;
	/** What the server's Retry-After asked for, when it sent a readable one. */
	askedMs?: number;
	/** The wait asked for is longer than the settings allow inside an execution: do not retry. */
	tooLong: boolean;
}

function backoffMs(retry: number, settings: RetrySettings, random: () => number): number {
	const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (retry - 1));
	// Full jitter spreads the retries of concurrent items so they do not hit the limit together.
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * The wait before retry number `retry` (1-based). The server's Retry-After is followed when it is
 * readable and not shorter than half the first backoff step; "0", a past date, a negative or
 * unreadable value fall back to exponential backoff, so retries never spin. A wait longer than
 * `maxRetryAfterMs` is reported as too long instead of sleeping through it.
 */
export function retryWait(
	failure: Failure,
	retry: number,
	settings: RetrySettings,
	random: () => number = Math.random,
	now: number = Date.now(),
): RetryWait {
	const askedMs = failure.kind === 'status' ? parseRetryAfter(failure.retryAfter, now) : undefined;
	const backoff = backoffMs(retry, settings, random);
	const delayMs = askedMs !== undefined && askedMs >= settings.baseDelayMs / 2 ? askedMs : backoff;
	return { delayMs, askedMs, tooLong: delayMs > settings.maxRetryAfterMs };
}

/**
 * A caller's deadline (epoch ms; the trigger's poll budget) came before the request could finish:
 * no attempt was left unanswered on purpose, so the caller ends its read where it is and keeps its
 * position. Only thrown when a deadline was given.
 */
export class DeadlineReached extends Error {
	constructor(readonly label: string) {
		super(`The time left for this run ran out before '${label}' could be answered`);
		this.name = 'DeadlineReached';
	}
}

/** The time an attempt may take: the settings' timeout, capped at what is left before the deadline. */
export function attemptTimeoutMs(settings: RetrySettings, deadline: number | undefined, now: number): number {
	return deadline === undefined ? settings.timeoutMs : Math.min(settings.timeoutMs, Math.max(0, deadline - now));
}

/** Whether waiting `delayMs` and trying again still fits before the deadline (always, without one). */
export function waitFitsDeadline(delayMs: number, deadline: number | undefined, now: number): boolean {
	return deadline === undefined || now + delayMs < deadline;
}
