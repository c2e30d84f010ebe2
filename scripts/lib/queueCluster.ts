/**
 * n8n's queue mode on this machine, the way an admin runs it: PostgreSQL (Debian's `postgresql`) and
 * Redis (Debian's `redis-server`) on 127.0.0.1, one `n8n start` main with EXECUTIONS_MODE=queue and
 * N `n8n worker` processes, all sharing one encryption key and one database. The package is installed
 * in every process's own user folder the documented manual way (`npm install` in `~/.n8n/nodes`).
 * Used by the queue-mode tests (test/queue) and the benchmark's queue phase (bench/queueMode.ts).
 * Every process is started here and stopped by its PID; every folder is a temp folder removed at the end.
 * Dev-only code.
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { freePort, N8n, type N8nInstall, N8nServer, PACKAGE_NAME } from './n8n';
import { ServerProcess } from './serverProcess';

type Log = (line: string) => void;

/** Debian's PostgreSQL binaries (PG_BIN overrides; else the newest /usr/lib/postgresql/<version>/bin). */
export function postgresBinDir(): string {
	if (process.env.PG_BIN) return process.env.PG_BIN;
	const root = '/usr/lib/postgresql';
	const versions = existsSync(root) ? readdirSync(root).filter((entry) => /^\d+$/.test(entry)).sort((a, b) => Number(b) - Number(a)) : [];
	for (const version of versions) if (existsSync(path.join(root, version, 'bin', 'postgres'))) return path.join(root, version, 'bin');
	throw new Error('PostgreSQL is missing: apt-get install -y postgresql (or set PG_BIN to the folder holding postgres and initdb)');
}

export const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';

/** PostgreSQL refuses to run as root: as root, its processes run as `nobody`. */
const NOBODY = { uid: 65534, gid: 65534 };
const runAs = (): { uid?: number; gid?: number } => (process.getuid?.() === 0 ? NOBODY : {});

function run(command: string, args: string[], options: { cwd?: string; uid?: number; gid?: number; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
	return new Promise((resolve, reject) => {
		execFile(command, args, { ...options, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
			if (error) reject(new Error(`${path.basename(command)} ${args.join(' ')} failed: ${error.message}\n${stderr}`));
			else resolve(stdout);
		});
	});
}

// PostgreSQL ------------------------------------------------------------------------------------

export const DATABASE = { name: 'n8n', user: 'n8n' } as const;

/** A throwaway PostgreSQL cluster on 127.0.0.1 (trust auth, no unix socket, fsync off: test data only). */
export class Postgres {
	private constructor(
		readonly port: number,
		private readonly server: ServerProcess,
		private readonly folder: string,
	) {}

	static async start(log?: Log): Promise<Postgres> {
		const bin = postgresBinDir();
		const folder = mkdtempSync(path.join(tmpdir(), 'st-queue-pg-'));
		const user = runAs();
		if (user.uid !== undefined) chownSync(folder, user.uid, user.gid ?? user.uid);
		const dataDir = path.join(folder, 'data');
		await run(path.join(bin, 'initdb'), ['-D', dataDir, '--auth=trust', `--username=${DATABASE.user}`, '--encoding=UTF8', '--no-sync', '--no-instructions'], {
			cwd: folder,
			...user,
		});
		const port = await freePort();
		const server = ServerProcess.start(
			'postgres',
			path.join(bin, 'postgres'),
			['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
			{ cwd: folder, ...user },
			log,
		);
		const postgres = new Postgres(port, server, folder);
		try {
			await server.waitForOutput(/database system is ready to accept connections/, 60_000);
			await postgres.sql(`CREATE DATABASE ${DATABASE.name}`, 'postgres');
		} catch (error) {
			await postgres.stop();
			throw error;
		}
		return postgres;
	}

	get pid(): number | undefined {
		return this.server.pid;
	}

	/** Runs SQL with psql over TCP; rows come back unaligned, tab-separated, without headers. */
	async sql(statement: string, database: string = DATABASE.name): Promise<string> {
		return await run(path.join(postgresBinDir(), 'psql'), ['-h', '127.0.0.1', '-p', String(this.port), '-U', DATABASE.user, '-d', database, '-v', 'ON_ERROR_STOP=1', '-AtX', '-F', '\t', '-c', statement], {
			env: { ...process.env, PGCONNECT_TIMEOUT: '10' },
		});
	}

	/** The environment n8n needs for this database. */
	n8nEnv(): Record<string, string> {
		return {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(this.port),
			DB_POSTGRESDB_DATABASE: DATABASE.name,
			DB_POSTGRESDB_USER: DATABASE.user,
			DB_POSTGRESDB_PASSWORD: '',
		};
	}

	/** Fast shutdown (SIGINT to the postmaster's PID), then the data folder is removed. */
	async stop(): Promise<void> {
		await this.server.stop('SIGINT');
		rmSync(this.folder, { recursive: true, force: true });
	}
}

// Redis -----------------------------------------------------------------------------------------

export class Redis {
	private constructor(
		readonly port: number,
		private readonly server: ServerProcess,
		private readonly folder: string,
	) {}

	static async start(log?: Log): Promise<Redis> {
		if (!existsSync(REDIS_SERVER)) throw new Error(`Redis is missing at ${REDIS_SERVER}: apt-get install -y redis-server (or set REDIS_SERVER)`);
		const folder = mkdtempSync(path.join(tmpdir(), 'st-queue-redis-'));
		const port = await freePort();
		const server = ServerProcess.start(
			'redis',
			REDIS_SERVER,
			['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--dir', folder, '--protected-mode', 'yes'],
			{ cwd: folder },
			log,
		);
		const redis = new Redis(port, server, folder);
		try {
			await server.waitForOutput(/Ready to accept connections/, 30_000);
		} catch (error) {
			await redis.stop();
			throw error;
		}
		return redis;
	}

	get pid(): number | undefined {
		return this.server.pid;
	}

	async stop(): Promise<void> {
		await this.server.stop('SIGTERM');
		rmSync(this.folder, { recursive: true, force: true });
	}
}

// The package in an n8n user folder -------------------------------------------------------------

/**
 * n8n's documented manual install of a community package, in one process's user folder:
 * `cd ~/.n8n/nodes && npm install <package>` (here the packed tarball). `--legacy-peer-deps` keeps npm
 * from installing the peer dependency `n8n-workflow` next to it, as n8n's own installer drops peer
 * dependencies (the node must use the n8n-workflow of the n8n that loads it).
 */
export async function npmInstallPackage(tarball: string, userFolder: string): Promise<void> {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	mkdirSync(nodesDir, { recursive: true });
	// A package.json of its own, so npm never walks up to another project's.
	if (!existsSync(path.join(nodesDir, 'package.json'))) writeFileSync(path.join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true }, null, 2));
	const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_config_/i.test(key)));
	await run('npm', ['install', '--no-audit', '--no-fund', '--legacy-peer-deps', '--ignore-scripts', tarball], { cwd: nodesDir, env });
	if (!existsSync(path.join(nodesDir, 'node_modules', PACKAGE_NAME, 'package.json'))) throw new Error(`npm install did not put ${PACKAGE_NAME} into ${nodesDir}/node_modules`);
}

// n8n workers -----------------------------------------------------------------------------------

/** A running `n8n worker`. */
export class N8nWorker {
	private process?: ServerProcess;

	constructor(
		readonly name: string,
		readonly n8n: N8n,
		readonly concurrency: number,
		private readonly log?: Log,
	) {}

	get pid(): number | undefined {
		return this.process?.pid;
	}

	get logs(): string {
		return this.process?.output ?? '';
	}

	async start(readyTimeoutMs = 180_000): Promise<void> {
		const brokerPort = await freePort();
		const child = this.n8n.spawnN8n(['worker', `--concurrency=${this.concurrency}`], this.n8n.env({ N8N_RUNNERS_BROKER_PORT: String(brokerPort) }));
		this.process = new ServerProcess(this.name, child, this.log);
		await this.process.waitForOutput(/n8n worker is now ready/, readyTimeoutMs);
	}

	/** Execution IDs this worker logged as started ("Worker started execution <id> (job <job>)"). */
	startedExecutions(): string[] {
		return [...this.logs.matchAll(/Worker started execution (\d+) \(job/g)].map((match) => match[1]);
	}

	/** Execution IDs this worker logged as finished. */
	finishedExecutions(): string[] {
		return [...this.logs.matchAll(/Worker finished execution (\d+) \(job/g)].map((match) => match[1]);
	}

	/** SIGTERM to the worker's PID (n8n waits for running executions, then exits). */
	async stop(): Promise<void> {
		await this.process?.stop('SIGTERM', 60_000);
	}
}

// The cluster -----------------------------------------------------------------------------------

export interface QueueClusterOptions {
	install: N8nInstall;
	/** The packed package (`npm pack`), installed into every process's user folder. */
	tarball: string;
	workers?: number;
	/** `n8n worker --concurrency`. */
	workerConcurrency?: number;
	/** Extra environment for every n8n process. */
	env?: Record<string, string>;
	/** Each process's output, line by line (default: kept, not printed). */
	log?: Log;
	/** Progress of the set-up. */
	progress?: Log;
}

/**
 * Postgres, Redis, one main (`n8n start`, EXECUTIONS_MODE=queue) and N workers. Import credentials and
 * workflows with `cluster.cli` before `start()`: a running main only sees a publish after a restart.
 */
export class QueueCluster {
	readonly workers: N8nWorker[] = [];
	main?: N8nServer;

	private constructor(
		readonly postgres: Postgres,
		readonly redis: Redis,
		/** The main's n8n (its user folder); also runs the CLI (import, publish) against the shared database. */
		readonly cli: N8n,
		private readonly workerInstances: N8n[],
		private readonly folder: string,
		private readonly options: QueueClusterOptions,
	) {}

	/** Starts Postgres and Redis, installs the package into main's and each worker's user folder, migrates the database. */
	static async prepare(options: QueueClusterOptions): Promise<QueueCluster> {
		const progress = options.progress ?? (() => undefined);
		const started = Date.now();
		const folder = mkdtempSync(path.join(tmpdir(), 'st-queue-n8n-'));
		let postgres: Postgres | undefined;
		let redis: Redis | undefined;
		try {
			[postgres, redis] = await Promise.all([Postgres.start(options.log), Redis.start(options.log)]);
			progress(`PostgreSQL on 127.0.0.1:${postgres.port} (PID ${postgres.pid}), Redis on 127.0.0.1:${redis.port} (PID ${redis.pid}) in ${((Date.now() - started) / 1000).toFixed(1)}s`);
			const env = {
				...postgres.n8nEnv(),
				EXECUTIONS_MODE: 'queue',
				QUEUE_BULL_REDIS_HOST: '127.0.0.1',
				QUEUE_BULL_REDIS_PORT: String(redis.port),
				// Workers stop picking up new jobs but finish running ones within this many seconds.
				N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '20',
				...options.env,
			};
			const names = ['main', ...Array.from({ length: options.workers ?? 2 }, (_, index) => `worker-${index + 1}`)];
			const instances = names.map((name) => new N8n({ install: options.install, userFolder: path.join(folder, name), env }));
			await Promise.all(instances.map((instance) => npmInstallPackage(options.tarball, instance.userFolder)));
			progress(`${PACKAGE_NAME} installed with npm into ${names.map((name) => `${name}/.n8n/nodes`).join(', ')} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
			const [main, ...workers] = instances;
			return new QueueCluster(postgres, redis, main, workers, folder, options);
		} catch (error) {
			await redis?.stop();
			await postgres?.stop();
			rmSync(folder, { recursive: true, force: true });
			throw error;
		}
	}

	/** Starts the workers (in parallel) and waits until each is ready. */
	async startWorkers(): Promise<void> {
		const log = this.options.log;
		const workers = this.workerInstances.map((instance, index) => new N8nWorker(`worker-${index + 1}`, instance, this.options.workerConcurrency ?? 5, log));
		this.workers.push(...workers);
		await Promise.all(workers.map((worker) => worker.start(240_000)));
	}

	/** Starts the main (`n8n start`) and waits until its editor and REST API answer. */
	async startMain(): Promise<N8nServer> {
		const log = this.options.log;
		this.main = new N8nServer(this.cli, await freePort(), log ? (line) => log(`[main] ${line}`) : undefined);
		await this.main.start(240_000);
		return this.main;
	}

	/** Starts the main and the workers in parallel. */
	async start(): Promise<void> {
		await Promise.all([this.startWorkers(), this.startMain()]);
	}

	/** Which worker logged starting each execution (execution ID → worker name). */
	executionsByWorker(): Map<string, string> {
		const map = new Map<string, string>();
		for (const worker of this.workers) for (const id of worker.startedExecutions()) map.set(id, worker.name);
		return map;
	}

	/** Everything each process printed, for failure messages and log files. */
	logs(): Record<string, string> {
		return {
			main: this.main?.allLogs ?? '',
			...Object.fromEntries(this.workers.map((worker) => [worker.name, worker.logs])),
		};
	}

	/** Stops workers and main (SIGTERM to each PID), then Redis and Postgres, and removes every folder. */
	async stop(): Promise<void> {
		await Promise.allSettled([this.main?.stop(), ...this.workers.map((worker) => worker.stop())]);
		await Promise.allSettled([this.redis.stop(), this.postgres.stop()]);
		rmSync(this.folder, { recursive: true, force: true });
	}
}
