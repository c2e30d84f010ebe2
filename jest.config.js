/** Tests run the TypeScript sources directly; `dist/` is only for packaging. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	// test/e2e runs real n8n processes (`npm run test:e2e`), test/e2e-trigger the trigger inside real n8n
	// per kind of host (`bash scripts/trigger-e2e.sh`) and test/browser drives n8n's editor in Chromium
	// (`bash scripts/browser.sh`), each with its own config, not in the normal run.
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/', '<rootDir>/test/e2e-trigger/', '<rootDir>/test/browser/'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	setupFiles: ['<rootDir>/test/setupEnv.ts'],
	setupFilesAfterEnv: ['<rootDir>/test/setupAfterEnv.ts'],
	testTimeout: 60000,
	maxWorkers: 2,
};
