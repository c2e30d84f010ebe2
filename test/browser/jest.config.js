/**
 * The browser suite (`bash scripts/browser.sh`): n8n's editor in Debian's Chromium, against the
 * demo's n8n and the simulator. Not part of the normal jest run (the root config ignores it).
 */
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');

module.exports = {
	rootDir: root,
	testEnvironment: 'node',
	roots: ['<rootDir>/test/browser'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	testTimeout: 180_000,
	maxWorkers: 1,
	verbose: true,
};
