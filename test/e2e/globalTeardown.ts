import { rmSync } from 'node:fs';

import { readState } from './state';

export default async function globalTeardown(): Promise<void> {
	if (!process.env.ST_E2E_STATE) return;
	if (process.env.N8N_E2E_KEEP === '1') {
		console.log(`[e2e] kept ${readState().root} (N8N_E2E_KEEP=1)`);
		return;
	}
	rmSync(readState().root, { recursive: true, force: true });
}
