/**
 * A background process (n8n, a worker, PostgreSQL, Redis) whose output is kept and can be waited
 * for, stopped by its PID. Dev-only code, shared by the e2e, queue-mode and benchmark harnesses.
 */
import { type ChildProcess, spawn, type SpawnOptions } from 'node:child_process';

export type Log = (line: string) => void;

/** A background process whose output is kept, stopped by its PID. */
export class ServerProcess {
	output = '';
	private readonly exited: Promise<void>;
	private readonly waiters = new Set<() => void>();
	private running = true;

	constructor(
		readonly name: string,
		private readonly child: ChildProcess,
		private readonly log?: Log,
	) {
		const onData = (chunk: Buffer) => {
			this.output += chunk.toString();
			if (this.log) for (const line of chunk.toString().split('\n')) if (line.trim()) this.log(`[${name}] ${line}`);
			for (const waiter of this.waiters) waiter();
		};
		child.stdout?.on('data', onData);
		child.stderr?.on('data', onData);
		this.exited = new Promise((resolve) =>
			child.on('close', () => {
				this.running = false;
				for (const waiter of this.waiters) waiter();
				resolve();
			}),
		);
	}

	static start(name: string, command: string, args: string[], options: SpawnOptions, log?: Log): ServerProcess {
		return new ServerProcess(name, spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] }), log);
	}

	get pid(): number | undefined {
		return this.child.pid;
	}

	get isRunning(): boolean {
		return this.running;
	}

	/** Resolves when the process has exited (at once if it already has). */
	whenExited(): Promise<void> {
		return this.exited;
	}

	/** Resolves when the output (from `from` on) matches `pattern`. */
	waitForOutput(pattern: RegExp, timeoutMs: number, from = 0): Promise<void> {
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => finish(new Error(`${this.name} did not print ${pattern} within ${timeoutMs} ms:\n${this.output.slice(-3000)}`)), timeoutMs);
			const check = () => {
				if (pattern.test(this.output.slice(from))) finish();
				else if (!this.running) finish(new Error(`${this.name} exited before printing ${pattern}:\n${this.output.slice(-3000)}`));
			};
			const finish = (error?: Error) => {
				clearTimeout(timer);
				this.waiters.delete(check);
				if (error) reject(error);
				else resolve();
			};
			this.waiters.add(check);
			check();
		});
	}

	/** `signal` to the PID, SIGKILL if it has not exited after `timeoutMs`. */
	async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 30_000): Promise<void> {
		if (!this.running || !this.child.pid) return;
		process.kill(this.child.pid, signal);
		const timer = setTimeout(() => {
			if (this.running && this.child.pid) process.kill(this.child.pid, 'SIGKILL');
		}, timeoutMs);
		await this.exited;
		clearTimeout(timer);
	}
}
