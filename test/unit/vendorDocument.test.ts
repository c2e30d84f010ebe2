/**
 * One loader for ServiceTitan's OpenAPI document (scripts/lib/vendorDocument.js): what it says when the
 * document is absent, that the suites it names are exactly the ones that read the document, and that
 * nothing else finds the document its own way.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

import { DEFAULT_VENDOR_DOCUMENT, missingDocumentMessage, SUITES_NEEDING_DOCUMENT } from '../../scripts/lib/vendorDocument';

const ROOT = join(__dirname, '..', '..');
const LOADER = join(ROOT, 'scripts', 'lib', 'vendorDocument.js');

function filesUnder(folder: string): string[] {
	return readdirSync(folder).flatMap((name) => {
		const path = join(folder, name);
		if (name === 'node_modules' || name === '.git' || name === '.tmp' || name === 'dist') return [];
		return statSync(path).isDirectory() ? filesUnder(path) : [path];
	});
}

function check(env: Record<string, string>): { status: number | null; output: string } {
	const environment: Record<string, string | undefined> = { ...process.env, ...env };
	if (!('CI' in env)) delete environment.CI;
	const result = spawnSync(process.execPath, [LOADER, 'check'], { env: environment, encoding: 'utf8' });
	return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('the vendor document loader', () => {
	it('reads ../shared/servicetitan/jpm-v2.openapi.json beside the repository unless SERVICETITAN_SPEC_PATH says otherwise', () => {
		expect(DEFAULT_VENDOR_DOCUMENT).toBe(join(ROOT, '..', 'shared', 'servicetitan', 'jpm-v2.openapi.json'));
	});

	it('says which suites need the absent document, where to get it and where to put it; fails only when CI is set', () => {
		const missing = '/nonexistent/jpm-v2.openapi.json';
		const local = check({ SERVICETITAN_SPEC_PATH: missing });
		expect(local.status).toBe(0);
		expect(local.output).toContain(`not at ${missing}`);
		for (const suite of SUITES_NEEDING_DOCUMENT) expect(local.output).toContain(`- ${suite}`);
		expect(local.output).toContain('the e2e leg behind Prism (scripts/e2e.sh)');
		expect(local.output).toContain("ServiceTitan's developer portal (developer.servicetitan.io) → API reference → JPM v2 →");
		expect(local.output).toContain('../shared/servicetitan/jpm-v2.openapi.json beside the repository');
		expect(local.output).toContain('set SERVICETITAN_SPEC_PATH to its path');
		expect(local.output).not.toContain('CI is set');
		const ci = check({ SERVICETITAN_SPEC_PATH: missing, CI: 'true' });
		expect(ci.status).toBe(1);
		expect(ci.output).toContain('CI is set: CI must run these suites, so this run fails.');
	});

	it('throws the same message from loadVendorDocument when the document is absent', () => {
		const previous = process.env.SERVICETITAN_SPEC_PATH;
		process.env.SERVICETITAN_SPEC_PATH = '/nonexistent/jpm-v2.openapi.json';
		try {
			jest.isolateModules(() => {
				// eslint-disable-next-line @typescript-eslint/no-require-imports
				const fresh = require('../../scripts/lib/vendorDocument') as typeof import('../../scripts/lib/vendorDocument');
				expect(() => fresh.loadVendorDocument()).toThrow(fresh.missingDocumentMessage());
			});
		} finally {
			if (previous === undefined) delete process.env.SERVICETITAN_SPEC_PATH;
			else process.env.SERVICETITAN_SPEC_PATH = previous;
		}
		expect(missingDocumentMessage()).toContain('Everything else runs from the repository alone.');
	});

	it('names exactly the jest suites that read the document', () => {
		const readers = filesUnder(join(ROOT, 'test'))
			.filter((file) => file.endsWith('.test.ts') && !file.includes(`${join('test', 'e2e')}`))
			.filter((file) => file !== __filename)
			.filter((file) => /scripts\/lib\/vendorDocument'/.test(readFileSync(file, 'utf8')))
			.map((file) => relative(ROOT, file))
			.sort();
		expect(readers).toEqual([...SUITES_NEEDING_DOCUMENT].sort());
	});

	it('is the only place that spells out where the document is', () => {
		const spelled = filesUnder(ROOT)
			.filter((file) => /\.(ts|js|mjs|sh)$/.test(file) || file.endsWith(join('.ci', 'run')))
			.filter((file) => file !== LOADER && file !== __filename)
			.filter((file) => /jpm-v2\.openapi\.json|SERVICETITAN_SPEC_PATH|shared[/\\]servicetitan[/\\]jpm/.test(readFileSync(file, 'utf8')))
			.map((file) => relative(ROOT, file));
		expect(spelled).toEqual([]);
	});
});
