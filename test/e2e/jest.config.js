/**
 * End-to-end tests inside real n8n processes (`npm run test:e2e`; scripts/e2e.sh runs both n8n
 * versions and the Prism variant). Not part of the normal jest run: the root config ignores test/e2e.
 *
 *   N8N_E2E_VERSION=2.8.4|2.40.7   which n8n (default 2.40.7); installed into the cache if missing
 *   N8N_E2E_PRISM=1                put Prism (validating against ServiceTitan's OpenAPI document)
 *                                  between n8n and the simulator; any violation fails the suite
 */
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');

module.exports = {
	rootDir: root,
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	globalSetup: '<rootDir>/test/e2e/globalSetup.ts',
	globalTeardown: '<rootDir>/test/e2e/globalTeardown.ts',
	// n8n processes are slow to start on a shared 2-core machine; every test sets its own budget too.
	testTimeout: 10 * 60 * 1000,
	maxWorkers: 1,
	verbose: true,
};
