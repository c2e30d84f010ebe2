import { readFileSync } from 'node:fs';

import type { N8nInstall } from '../../scripts/lib/n8n';

/** What globalSetup prepared, shared with the test files through a JSON file ($ST_E2E_STATE). */
export interface E2eState {
	version: string;
	/** Temp folder of this run (removed by globalTeardown). */
	root: string;
	install: N8nInstall;
	tarball: string;
	/** n8n user folder with the package installed and the database migrated; copied per test file. */
	template: string;
	nodeTypes: string[];
}

export function readState(): E2eState {
	const file = process.env.ST_E2E_STATE;
	if (!file) throw new Error('ST_E2E_STATE is not set: run the e2e tests with `npm run test:e2e` (test/e2e/jest.config.js)');
	return JSON.parse(readFileSync(file, 'utf8')) as E2eState;
}
