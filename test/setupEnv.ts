// n8n-core keeps instance settings in N8N_USER_FOLDER; tests get one folder per jest worker (reused
// across runs rather than a new temporary folder per test file) and quiet logs.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

if (!process.env.N8N_USER_FOLDER) {
	const folder = join(tmpdir(), `n8n-nodes-servicetitan-jest-${process.env.JEST_WORKER_ID ?? '1'}`);
	mkdirSync(folder, { recursive: true });
	process.env.N8N_USER_FOLDER = folder;
}
process.env.N8N_LOG_LEVEL ??= 'silent';
process.env.N8N_ENCRYPTION_KEY ??= 'test-encryption-key-for-jest-only';
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';

// Short retry waits for every test: the transport's defaults are replaced by a test-owned object
// (see test/helpers/retrySettings.ts); n8n itself always runs with the real defaults.
jest.mock('../nodes/ServiceTitan/transport/retryPolicy', () => {
	const actual = jest.requireActual('../nodes/ServiceTitan/transport/retryPolicy');
	const { testRetrySettings } = jest.requireActual('./helpers/retrySettings');
	return { ...actual, DEFAULT_RETRY_SETTINGS: testRetrySettings };
});
