/**
 * The retry settings every jest test runs with. test/setupEnv.ts replaces the transport's
 * DEFAULT_RETRY_SETTINGS with `testRetrySettings` (module replacement), so waits are milliseconds
 * instead of seconds without the production code having a setter. A test that needs other settings
 * calls `useRetrySettings` (reset by `resetRetrySettings`, which useSimulator runs before each test).
 */
import type { RetrySettings } from '../../nodes/ServiceTitan/transport/retryPolicy';

export const FAST_RETRIES: RetrySettings = { maxRetries: 5, baseDelayMs: 5, maxDelayMs: 50, maxRetryAfterMs: 120_000, timeoutMs: 5_000 };

export const testRetrySettings: RetrySettings = { ...FAST_RETRIES };

export function useRetrySettings(overrides: Partial<RetrySettings>): void {
	Object.assign(testRetrySettings, FAST_RETRIES, overrides);
}

export function resetRetrySettings(): void {
	Object.assign(testRetrySettings, FAST_RETRIES);
}
