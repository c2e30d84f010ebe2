/**
 * Once per e2e run: the pinned n8n (installed into the cache by scripts/install-n8n.sh if missing),
 * the package built and packed, and a template n8n user folder with the tarball installed the way
 * n8n installs community packages and n8n's database migrated. Each test file copies the template.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { DEFAULT_N8N_VERSION, ensureN8n, installPackage, N8n, packPackage } from '../../scripts/lib/n8n';
import type { E2eState } from './state';

export default async function globalSetup(): Promise<void> {
	const started = Date.now();
	const version = process.env.N8N_E2E_VERSION ?? DEFAULT_N8N_VERSION;
	const root = mkdtempSync(path.join(tmpdir(), `st-e2e-${version}-`));
	const log = (line: string) => console.log(`[e2e setup] ${line}`);
	log(`n8n ${version}${process.env.N8N_E2E_PRISM === '1' ? ' behind Prism' : ''}; temp folder ${root}`);
	const install = await ensureN8n(version, log);
	// scripts/e2e.sh builds once for all runs and sets N8N_E2E_SKIP_BUILD=1.
	const tarball = await packPackage(path.join(root, 'pack'), { build: process.env.N8N_E2E_SKIP_BUILD !== '1' });
	const template = path.join(root, 'template');
	await installPackage(tarball, template);
	const types = await new N8n({ install, userFolder: template }).loadedNodeTypes();
	const ours = types.filter((type) => type.startsWith('n8n-nodes-servicetitan.'));
	for (const expected of ['n8n-nodes-servicetitan.serviceTitan', 'n8n-nodes-servicetitan.serviceTitanTrigger']) {
		if (!ours.includes(expected)) throw new Error(`n8n ${version} did not load ${expected} from the installed tarball; loaded: ${ours.join(', ') || 'none of ours'}`);
	}
	const state: E2eState = { version, root, install, tarball, template, nodeTypes: ours };
	const stateFile = path.join(root, 'state.json');
	writeFileSync(stateFile, JSON.stringify(state, null, 2));
	process.env.ST_E2E_STATE = stateFile;
	log(`ready in ${((Date.now() - started) / 1000).toFixed(1)}s: n8n loaded ${ours.join(', ')}`);
}
