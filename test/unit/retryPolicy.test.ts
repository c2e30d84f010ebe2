import type { Failure, RetrySettings } from '../../nodes/ServiceTitan/transport/retryPolicy';
import { isRetryable, mayHaveBeenApplied, parseRetryAfter, retryWait } from '../../nodes/ServiceTitan/transport/retryPolicy';

/** The settings n8n runs with (the test setup replaces the module's exported defaults, so they are spelled out here). */
const N8N: RetrySettings = { maxRetries: 5, baseDelayMs: 1000, maxDelayMs: 60_000, maxRetryAfterMs: 120_000, timeoutMs: 100_000 };

describe('retry decisions', () => {
	const status = (code: number): Failure => ({ kind: 'status', status: code });

	it('retries 429 for every method, a POST included: the API did not act', () => {
		expect(isRetryable(status(429), false)).toBe(true);
		expect(isRetryable(status(429), true)).toBe(true);
	});

	it('retries gateway errors only when repeating is harmless', () => {
		for (const code of [500, 502, 503, 504]) {
			expect(isRetryable(status(code), true)).toBe(true);
			expect(isRetryable(status(code), false)).toBe(false);
		}
		expect(isRetryable(status(501), true)).toBe(false);
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

	it('knows which failures may hide an applied change', () => {
		expect([status(429), status(400), status(409), { kind: 'token', retryable: true } as Failure].map(mayHaveBeenApplied)).toEqual([false, false, false, false]);
		expect([status(500), status(504), { kind: 'timeout' } as Failure, { kind: 'invalidJson' } as Failure].map(mayHaveBeenApplied)).toEqual([true, true, true, true]);
		expect(mayHaveBeenApplied({ kind: 'network', code: 'ECONNREFUSED', neverReachedServer: true })).toBe(false);
		expect(mayHaveBeenApplied({ kind: 'network', code: 'ECONNRESET', neverReachedServer: false })).toBe(true);
	});
});

describe('Retry-After', () => {
	const now = Date.parse('2026-11-29T12:00:00Z');
	const limited = (retryAfter: string | undefined): Failure => ({ kind: 'status', status: 429, retryAfter });
	/** The wait for each of the five retries, with jitter fixed at its lowest. */
	const waits = (retryAfter: string | undefined) => [1, 2, 3, 4, 5].map((retry) => retryWait(limited(retryAfter), retry, N8N, () => 0, now));

	it('reads seconds and HTTP dates (IMF and the obsolete forms)', () => {
		expect(parseRetryAfter('3', now)).toBe(3000);
		expect(parseRetryAfter('0.5', now)).toBe(500);
		expect(parseRetryAfter('Sun, 29 Nov 2026 12:00:07 GMT', now)).toBe(7000);
		expect(parseRetryAfter('Sunday, 29-Nov-26 12:00:07 GMT', now)).toBe(7000);
		expect(parseRetryAfter('Sun, 29 Nov 2026 11:59:00 GMT', now)).toBe(0);
	});

	it('treats negative numbers, text and empty values as unreadable', () => {
		for (const value of [undefined, '', '  ', '-5', '-0.5', 'soon', 'NaN', '1e3', '5 seconds', '+5']) {
			expect({ value, parsed: parseRetryAfter(value, now) }).toEqual({ value, parsed: undefined });
		}
	});

	it('waits what the server asked when it is sane', () => {
		expect(waits('4').map((wait) => wait.delayMs)).toEqual([4000, 4000, 4000, 4000, 4000]);
		expect(waits('Sun, 29 Nov 2026 12:00:07 GMT')[0]).toEqual({ delayMs: 7000, askedMs: 7000, tooLong: false });
	});

	it.each(['0', '0.001', 'Sun, 29 Nov 2026 11:00:00 GMT', '-5', 'garbage', undefined])('never spins on %p: exponential backoff instead', (value) => {
		const delays = waits(value).map((wait) => wait.delayMs);
		expect(delays).toEqual([500, 1000, 2000, 4000, 8000]);
		expect(waits(value).every((wait) => !wait.tooLong)).toBe(true);
	});

	it.each([
		['3 hours in seconds', '10800', 10_800_000],
		['an HTTP date tomorrow', 'Mon, 30 Nov 2026 12:00:00 GMT', 86_400_000],
	])('reports %s as too long to wait inside an execution instead of sleeping', (_what, value, asked) => {
		expect(waits(value)[0]).toEqual({ delayMs: asked, askedMs: asked, tooLong: true });
	});

	it('honours a wait up to the limit', () => {
		expect(waits('120')[0]).toEqual({ delayMs: 120_000, askedMs: 120_000, tooLong: false });
		expect(waits('121')[0].tooLong).toBe(true);
	});
});

describe('backoff', () => {
	it('grows exponentially with jitter and is capped', () => {
		const settings = { ...N8N, baseDelayMs: 100, maxDelayMs: 1000 };
		const failure: Failure = { kind: 'status', status: 503 };
		const delay = (retry: number, random: number) => retryWait(failure, retry, settings, () => random).delayMs;
		expect(delay(1, 0)).toBe(50);
		expect(delay(1, 1)).toBe(100);
		expect(delay(3, 1)).toBe(400);
		expect(delay(10, 1)).toBe(1000);
		expect(delay(10, 0)).toBe(500);
	});
});
