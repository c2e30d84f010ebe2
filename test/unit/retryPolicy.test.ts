import type { Failure } from '../../nodes/ServiceTitan/transport/retryPolicy';
import {
	configureRetries,
	isRetryable,
	parseRetryAfter,
	resetRetrySettings,
	retryDelayMs,
} from '../../nodes/ServiceTitan/transport/retryPolicy';

afterEach(() => resetRetrySettings());

describe('retry decisions', () => {
	const status = (code: number): Failure => ({ kind: 'status', status: code });

	it('retries 429 for every method, a POST included: the API did not act', () => {
		expect(isRetryable(status(429), false)).toBe(true);
		expect(isRetryable(status(429), true)).toBe(true);
	});

	it('retries gateway errors only when repeating is harmless', () => {
		for (const code of [502, 503, 504]) {
			expect(isRetryable(status(code), true)).toBe(true);
			expect(isRetryable(status(code), false)).toBe(false);
		}
		expect(isRetryable(status(500), true)).toBe(true);
		expect(isRetryable(status(500), false)).toBe(false);
	});

	it('never retries client errors', () => {
		for (const code of [400, 401, 403, 404, 409]) expect(isRetryable(status(code), true)).toBe(false);
	});

	it('retries a lost connection for a POST only when the server was never reached', () => {
		expect(isRetryable({ kind: 'network', code: 'ECONNRESET', neverReachedServer: false }, false)).toBe(false);
		expect(isRetryable({ kind: 'network', code: 'ECONNREFUSED', neverReachedServer: true }, false)).toBe(true);
		expect(isRetryable({ kind: 'network', code: 'ECONNRESET', neverReachedServer: false }, true)).toBe(true);
	});

	it('retries timeouts and broken bodies only for idempotent requests', () => {
		expect(isRetryable({ kind: 'timeout' }, true)).toBe(true);
		expect(isRetryable({ kind: 'timeout' }, false)).toBe(false);
		expect(isRetryable({ kind: 'invalidJson' }, false)).toBe(false);
	});

	it('follows the credential on token failures', () => {
		expect(isRetryable({ kind: 'token', retryable: true }, false)).toBe(true);
		expect(isRetryable({ kind: 'token', retryable: false }, true)).toBe(false);
	});
});

describe('Retry-After', () => {
	const now = Date.parse('2026-11-29T12:00:00Z');

	it('reads seconds and HTTP dates', () => {
		expect(parseRetryAfter('3', now)).toBe(3000);
		expect(parseRetryAfter('0.5', now)).toBe(500);
		expect(parseRetryAfter('Sun, 29 Nov 2026 12:00:07 GMT', now)).toBe(7000);
		expect(parseRetryAfter('Sun, 29 Nov 2026 11:59:00 GMT', now)).toBe(0);
	});

	it('ignores absent or unreadable values', () => {
		expect(parseRetryAfter(undefined, now)).toBeUndefined();
		expect(parseRetryAfter('', now)).toBeUndefined();
		expect(parseRetryAfter('soon', now)).toBeUndefined();
	});

	it('uses the server delay over backoff', () => {
		expect(retryDelayMs({ kind: 'status', status: 429, retryAfter: '4' }, 1, () => 0.5, now)).toBe(4000);
	});
});

describe('backoff', () => {
	it('grows exponentially with jitter and is capped', () => {
		configureRetries({ baseDelayMs: 100, maxDelayMs: 1000 });
		const failure: Failure = { kind: 'status', status: 503 };
		expect(retryDelayMs(failure, 1, () => 0)).toBe(50);
		expect(retryDelayMs(failure, 1, () => 1)).toBe(100);
		expect(retryDelayMs(failure, 3, () => 1)).toBe(400);
		expect(retryDelayMs(failure, 10, () => 1)).toBe(1000);
		expect(retryDelayMs(failure, 10, () => 0)).toBe(500);
	});
});
