#!/usr/bin/env node
// n8n's verification lint, locally: the ESLint pass of @n8n/scan-community-package (the gate n8n runs
// before a community package can be verified) on the source folder and on the unpacked `npm pack`
// tarball, exactly as the scanner's analyzePackageByName() does for a published package.
//
//   npm run lint:verify              builds, packs, scans both legs
//   npm run lint:verify -- --no-build  scans the dist/ already built
//
// Exits 1 if either leg reports an error (warnings are printed but do not fail, as in the scanner).
// Installs nothing: @n8n/scan-community-package is a devDependency.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const build = !process.argv.includes('--no-build');
const work = mkdtempSync(path.join(tmpdir(), 'st-verify-lint-'));
// The scanner creates a temp folder when it is imported; keep it inside ours so it is removed too.
process.env.TMPDIR = work;

function run(command, args, cwd = root) {
	return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}

/** Every finding (errors and warnings) with the scanner's own configuration, for the report. */
async function findings(scanner, dir, patterns) {
	const { ESLint } = await import('eslint');
	const { default: glob } = await import('fast-glob');
	const eslint = new ESLint({ cwd: dir, allowInlineConfig: false, overrideConfigFile: true, overrideConfig: await scanner.buildScanConfig() });
	const files = glob.sync(patterns, { cwd: dir, absolute: true, ignore: ['node_modules/**', '**/package-lock.json'] });
	const results = await eslint.lintFiles(files);
	const formatter = await eslint.loadFormatter('stylish');
	return {
		files: files.length,
		errors: results.reduce((sum, result) => sum + result.errorCount, 0),
		warnings: results.reduce((sum, result) => sum + result.warningCount, 0),
		text: await formatter.format(results),
	};
}

async function leg(scanner, label, dir, patterns) {
	const verdict = await scanner.analyzePackage(dir, patterns);
	const detail = await findings(scanner, dir, patterns);
	console.log(`\n== ${label}: ${dir} (${patterns.join(', ')})`);
	console.log(`   ${detail.files} files, ${detail.errors} errors, ${detail.warnings} warnings -> ${verdict.passed ? 'passed' : `FAILED: ${verdict.message}`}`);
	if (detail.text.trim()) console.log(detail.text);
	if (!verdict.passed && verdict.details) console.log(verdict.details);
	return verdict.passed && detail.errors === 0;
}

async function main() {
	if (build) {
		console.log('Building (npm run build)...');
		run('npm', ['run', '--silent', 'build']);
	}
	const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work]));
	const unpacked = path.join(work, 'package');
	run('tar', ['-xzf', path.join(work, packed.filename), '-C', work]);
	console.log(`Packed ${packed.filename}: ${packed.files.map((file) => file.path).filter((p) => !p.startsWith('dist/')).join(', ')} + ${packed.files.filter((file) => file.path.startsWith('dist/')).length} files in dist/`);

	// Imported after TMPDIR is set (see above).
	const scanner = await import('@n8n/scan-community-package/scanner/scanner.mjs');
	const source = await leg(scanner, 'source leg', root, scanner.SOURCE_FILE_PATTERNS);
	const tarball = await leg(scanner, 'tarball leg', unpacked, ['**/*.js', 'package.json']);
	console.log(`\nn8n verification lint (@n8n/scan-community-package analyzePackage): source ${source ? 'passed' : 'FAILED'}, tarball ${tarball ? 'passed' : 'FAILED'}`);
	return source && tarball;
}

main()
	.then((passed) => {
		process.exitCode = passed ? 0 : 1;
	})
	.catch((error) => {
		console.error(error);
		process.exitCode = 1;
	})
	.finally(() => rmSync(work, { recursive: true, force: true }));
