/**
 * The ServiceTitan simulator as its own process (`simulator/cli.ts` through ts-node), for the demo.
 * The PID kept is the node process serving the simulator; stop() sends it SIGTERM.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

import { REPO_ROOT } from './n8n';

export interface SimulatorInfo {
	url: string;
	tokenUrl: string;
	tenantId: string;
	clientId: string;
	clientSecret: string;
	appKey: string;
}

export interface SimulatorProcess {
	info: SimulatorInfo;
	pid: number;
	stop(): Promise<void>;
	/** POST /_sim/<route> (control endpoints, no auth). */
	control<T = unknown>(method: string, route: string, body?: unknown): Promise<T>;
}

export async function startSimulatorProcess(args: string[] = [], options: { detached?: boolean } = {}): Promise<SimulatorProcess> {
	const child: ChildProcess = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(REPO_ROOT, 'simulator', 'cli.ts'), ...args], {
		cwd: REPO_ROOT,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: options.detached === true,
		env: { ...process.env, TS_NODE_PROJECT: path.join(REPO_ROOT, 'tsconfig.json') },
	});
	let stderr = '';
	child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
	const info = await new Promise<SimulatorInfo>((resolve, reject) => {
		let stdout = '';
		child.stdout?.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
			const line = stdout.split('\n').find((candidate) => candidate.startsWith('{'));
			if (line && stdout.includes('\n')) resolve(JSON.parse(line) as SimulatorInfo);
		});
		child.on('error', reject);
		child.on('close', (code) => reject(new Error(`the simulator exited (code ${code}) before announcing itself:\n${stderr}`)));
	});
	const control = async <T>(method: string, route: string, body?: unknown): Promise<T> => {
		const response = await fetch(`${info.url}/_sim/${route}`, {
			method,
			headers: { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const parsed = (await response.json()) as T;
		if (!response.ok) throw new Error(`${method} /_sim/${route} answered ${response.status}: ${JSON.stringify(parsed)}`);
		return parsed;
	};
	return {
		info,
		pid: child.pid as number,
		control,
		stop: async () => {
			if (child.exitCode === null && child.signalCode === null && child.pid) process.kill(child.pid, 'SIGTERM');
			await exited;
		},
	};
}
