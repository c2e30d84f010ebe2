/**
 * n8n's queue mode end to end (`bash scripts/queue.sh`): PostgreSQL, Redis, n8n 2.40.7 main with
 * EXECUTIONS_MODE=queue and two `n8n worker` processes, all started by the test on 127.0.0.1.
 * Not part of the normal jest run: the root config ignores test/queue.
 */
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');

module.exports = {
	rootDir: root,
	testEnvironment: 'node',
	roots: ['<rootDir>/test/queue'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	// Starting three n8n processes on a shared 2-core machine is slow; every step sets its own budget too.
	testTimeout: 10 * 60 * 1000,
	maxWorkers: 1,
	verbose: true,
};
