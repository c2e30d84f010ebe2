/**
 * The test command's legs, run concurrently: the jest suites, the e2e legs inside real n8n, the
 * browser suite and whatever else needs real processes. One list (LEGS) says what each leg runs and
 * which n8n versions it needs; the runner installs those versions (scripts/install-n8n.sh, cached in
 * ~/.cache/n8n-nodes-servicetitan) while the legs that need none already run, builds the package
 * once, starts each leg when its installs are ready and a slot is free, and prints every leg's time.
 *
 *   node -r ts-node/register/transpile-only scripts/legs.ts            every leg
 *   ... scripts/legs.ts jest e2e-2.8.4                                 only the named legs
 *   LEGS_CONCURRENCY=1 ... scripts/legs.ts                             one leg at a time
 *
 * Each leg's output goes to .tmp/legs/<leg>.log; a failed leg's log is printed in full at the end.
 * Exits non-zero if any leg fails.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { hasVendorDocument, SUITES_NEEDING_DOCUMENT } from './lib/vendorDocument';

const ROOT = path.resolve(__dirname, '..');
const LOG_DIR = path.join(ROOT, '.tmp', 'legs');

interface Leg {
	name: string;
	/** A bash command line, run from the repository root. */
	command: string;
	/** n8n versions that must be in the cache before the leg starts. */
	n8n: string[];
	/** Legs whose script is not in this checkout are reported as missing (a failure), never skipped. */
	script?: string;
	/**
	 * Validates against ServiceTitan's OpenAPI document: without it (a bare clone outside CI) the leg is
	 * not run and the summary says so; in CI the document check has already failed the run.
	 */
	needsVendorDocument?: boolean;
}

/**
 * The jest suites run once: those that hold the package against ServiceTitan's document here
 * ('contract'), every other one inside the bare clone ('bare-clone', scripts/bare-clone.sh: a clone
 * of HEAD where no document is, which also runs the demo headless) — the proof that a clone anywhere
 * runs them. `npm run test:jest` runs them all in this checkout.
 */
const LEGS: Leg[] = [
	{ name: 'contract', command: `npx jest --ci ${SUITES_NEEDING_DOCUMENT.join(' ')}`, n8n: [], needsVendorDocument: true },
	{ name: 'bare-clone', command: 'bash scripts/bare-clone.sh', n8n: ['2.40.7'], script: 'scripts/bare-clone.sh' },
	{ name: 'e2e-2.40.7', command: 'bash scripts/e2e.sh 2.40.7', n8n: ['2.40.7'], script: 'scripts/e2e.sh' },
	{ name: 'e2e-2.8.4', command: 'bash scripts/e2e.sh 2.8.4', n8n: ['2.8.4'], script: 'scripts/e2e.sh' },
	{ name: 'e2e-2.8.4-prism', command: 'PRISM=1 bash scripts/e2e.sh 2.8.4', n8n: ['2.8.4'], script: 'scripts/e2e.sh', needsVendorDocument: true },
	{ name: 'browser', command: 'bash scripts/browser.sh', n8n: ['2.40.7'], script: 'scripts/browser.sh' },
	{ name: 'queue', command: 'bash scripts/queue.sh', n8n: ['2.40.7'], script: 'scripts/queue.sh' },
	{ name: 'trigger-2.40.7-durable', command: 'bash scripts/trigger-e2e.sh 2.40.7 durable', n8n: ['2.40.7'], script: 'scripts/trigger-e2e.sh' },
	{ name: 'trigger-2.40.7-default', command: 'bash scripts/trigger-e2e.sh 2.40.7 default', n8n: ['2.40.7'], script: 'scripts/trigger-e2e.sh' },
	{ name: 'trigger-2.8.4-default', command: 'bash scripts/trigger-e2e.sh 2.8.4 default', n8n: ['2.8.4'], script: 'scripts/trigger-e2e.sh' },
];

const startedAt = Date.now();
const clock = () => `${((Date.now() - startedAt) / 1000).toFixed(0).padStart(5)}s`;
const say = (line: string) => console.log(`[legs ${clock()}] ${line}`);

/**
 * Child processes get the environment without npm's npm_config_* variables: under `npm test`
 * npm exports the repo's `ignore-scripts=true`, which would turn the n8n installer's native
 * rebuild into a silent no-op.
 */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) if (!/^npm_config_/i.test(key)) env[key] = value;
	return { ...env, ...extra };
}

function run(command: string, logFile: string, env: NodeJS.ProcessEnv): Promise<number> {
	return new Promise((resolve) => {
		const log = createWriteStream(logFile);
		const child = spawn('bash', ['-c', command], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
		child.stdout.pipe(log, { end: false });
		child.stderr.pipe(log, { end: false });
		child.on('close', (code, signal) => {
			log.end(() => resolve(code ?? (signal ? 128 : 1)));
		});
	});
}

interface Outcome {
	name: string;
	ok: boolean;
	seconds: number;
	note: string;
}

async function main(): Promise<void> {
	const wanted = process.argv.slice(2);
	const unknown = wanted.filter((name) => !LEGS.some((leg) => leg.name === name));
	if (unknown.length > 0) throw new Error(`Unknown leg(s) ${unknown.join(', ')}; legs: ${LEGS.map((leg) => leg.name).join(', ')}`);
	const named = wanted.length > 0 ? LEGS.filter((leg) => wanted.includes(leg.name)) : LEGS;
	const documentHere = hasVendorDocument();
	const notRun = named.filter((leg) => leg.needsVendorDocument && !documentHere);
	const legs = named.filter((leg) => !notRun.includes(leg));
	const concurrency = Math.max(1, Number(process.env.LEGS_CONCURRENCY ?? 3) || 3);
	mkdirSync(LOG_DIR, { recursive: true });

	// The package is built once here; the legs pack it without building again (concurrent builds
	// would write the same dist/ at once).
	if (legs.some((leg) => leg.n8n.length > 0)) {
		say('building the package once for every leg');
		const code = await run('npm run --silent build', path.join(LOG_DIR, 'build.log'), childEnv());
		if (code !== 0) {
			process.stdout.write(readFileSync(path.join(LOG_DIR, 'build.log'), 'utf8'));
			throw new Error('npm run build failed');
		}
	}

	const installs = new Map<string, Promise<{ ok: boolean; seconds: number }>>();
	const install = (version: string) => {
		let pending = installs.get(version);
		if (!pending) {
			const began = Date.now();
			pending = run(`bash scripts/install-n8n.sh ${version}`, path.join(LOG_DIR, `install-n8n-${version}.log`), childEnv()).then((code) => {
				const seconds = Math.round((Date.now() - began) / 1000);
				say(`n8n ${version} ${code === 0 ? 'ready' : 'FAILED to install'} (${seconds}s)`);
				return { ok: code === 0, seconds };
			});
			installs.set(version, pending);
		}
		return pending;
	};
	for (const leg of legs) for (const version of leg.n8n) void install(version);

	let free = concurrency;
	const waiters: Array<() => void> = [];
	const acquire = () => (free > 0 ? (free--, Promise.resolve()) : new Promise<void>((resolve) => waiters.push(resolve)));
	const release = () => {
		const next = waiters.shift();
		if (next) next();
		else free++;
	};

	const runLeg = async (leg: Leg): Promise<Outcome> => {
		if (leg.script && !existsSync(path.join(ROOT, leg.script))) {
			return { name: leg.name, ok: false, seconds: 0, note: `${leg.script} is missing` };
		}
		const ready = await Promise.all(leg.n8n.map(install));
		if (ready.some((result) => !result.ok)) {
			return { name: leg.name, ok: false, seconds: 0, note: `n8n ${leg.n8n.join(', ')} did not install (see ${path.relative(ROOT, LOG_DIR)}/install-n8n-*.log)` };
		}
		await acquire();
		const began = Date.now();
		say(`${leg.name}: started`);
		const logFile = path.join(LOG_DIR, `${leg.name}.log`);
		const code = await run(
			leg.command,
			logFile,
			childEnv({
				N8N_E2E_SKIP_BUILD: '1',
				BROWSER_SKIP_BUILD: '1',
				LEGS_SKIP_BUILD: '1',
				N8N_E2E_LOG_DIR: path.join(LOG_DIR, `${leg.name}-n8n-logs`),
			}),
		);
		release();
		const seconds = Math.round((Date.now() - began) / 1000);
		say(`${leg.name}: ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${seconds}s`);
		return { name: leg.name, ok: code === 0, seconds, note: path.relative(ROOT, logFile) };
	};

	const outcomes = await Promise.all(legs.map(runLeg));
	for (const outcome of outcomes.filter((result) => !result.ok && result.seconds > 0)) {
		console.log(`\n===== log of the failed leg ${outcome.name} (${outcome.note}) =====`);
		process.stdout.write(readFileSync(path.join(ROOT, outcome.note), 'utf8'));
	}
	console.log(`\n[legs] summary (concurrency ${concurrency}, wall time ${Math.round((Date.now() - startedAt) / 1000)}s):`);
	for (const [version, pending] of installs) {
		const result = await pending;
		console.log(`  install n8n ${version}: ${result.ok ? 'ok' : 'FAILED'} in ${result.seconds}s`);
	}
	for (const outcome of outcomes) console.log(`  ${outcome.name}: ${outcome.ok ? 'passed' : 'FAILED'} in ${outcome.seconds}s (${outcome.note})`);
	for (const leg of notRun) console.log(`  ${leg.name}: NOT RUN — it needs ServiceTitan's OpenAPI document (see the message above)`);
	process.exitCode = outcomes.every((result) => result.ok) ? 0 : 1;
}

main().catch((error: unknown) => {
	console.error(`[legs] ${(error as Error).message}`);
	process.exitCode = 1;
});
