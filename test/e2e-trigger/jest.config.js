/**
 * The ServiceTitan Trigger inside real n8n processes, per kind of host (`bash scripts/trigger-e2e.sh`
 * runs every leg). Not part of the normal jest run: the root config ignores test/e2e-trigger.
 *
 *   N8N_E2E_VERSION=2.40.7|2.8.4      which n8n (installed into the cache by scripts/install-n8n.sh if missing)
 *   TRIGGER_E2E_HOST=default|durable  durable = n8n's durable scheduler with durable poll cursors (2.40.7 flags)
 *
 * The set-up (n8n, the packed package, a migrated user folder) is test/e2e's.
 */
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');

module.exports = {
	rootDir: root,
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e-trigger'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	globalSetup: '<rootDir>/test/e2e/globalSetup.ts',
	globalTeardown: '<rootDir>/test/e2e/globalTeardown.ts',
	testTimeout: 10 * 60 * 1000,
	maxWorkers: 1,
	verbose: true,
};
