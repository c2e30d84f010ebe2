/** Tests run the TypeScript sources directly; `dist/` is only for packaging. */
const { hasVendorDocument, isCi, missingDocumentMessage, SUITES_NEEDING_DOCUMENT } = require('./scripts/lib/vendorDocument');

// Without ServiceTitan's OpenAPI document the suites that hold the package against it cannot run: they
// are left out and the message says which, where to get the document and where to put it. CI must
// run them, so there the run fails instead.
const withoutDocument = hasVendorDocument() ? [] : SUITES_NEEDING_DOCUMENT;
if (withoutDocument.length > 0) {
	if (isCi()) throw new Error(missingDocumentMessage());
	console.warn(missingDocumentMessage());
}

module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	// Suites with their own config, not in the normal run: test/e2e runs real n8n processes
	// (`npm run test:e2e`), test/e2e-trigger the trigger inside real n8n per kind of host
	// (`bash scripts/trigger-e2e.sh`), test/browser drives n8n's editor in Chromium
	// (`bash scripts/browser.sh`) and test/queue runs n8n's queue mode (`bash scripts/queue.sh`).
	testPathIgnorePatterns: [
		'/node_modules/',
		'<rootDir>/test/e2e/',
		'<rootDir>/test/e2e-trigger/',
		'<rootDir>/test/browser/',
		'<rootDir>/test/queue/',
		...withoutDocument.map((suite) => `<rootDir>/${suite}`),
	],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	setupFiles: ['<rootDir>/test/setupEnv.ts'],
	setupFilesAfterEnv: ['<rootDir>/test/setupAfterEnv.ts'],
	testTimeout: 60000,
	maxWorkers: 2,
};
