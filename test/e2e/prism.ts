/**
 * Prism between n8n and the simulator, validating every request and every response against
 * ServiceTitan's OpenAPI document:
 *
 *   n8n ──► prefix proxy (here) ──/tenant/...──► prism proxy --errors ──/jpm/v2/tenant/...──► simulator
 *              └── anything else (the token endpoint) ─────────────────────────────────────► simulator
 *
 * Prism serves the document's paths without the `/jpm/v2` of `servers[].url`, so the small proxy here
 * strips it. With `--errors` Prism answers a request violation with 422 and a response violation
 * with 500, both `application/problem+json` with a `https://stoplight.io/prism/errors#...` type: the
 * proxy records each one, and the tests fail on any.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import { freePort, REPO_ROOT } from '../../scripts/lib/n8n';
import { vendorDocumentPath } from '../../scripts/lib/vendorDocument';

export interface ContractViolation {
	method: string;
	path: string;
	status: number;
	body: string;
}

export interface PrismChain {
	/** Use as the credential's API base URL. */
	url: string;
	violations: ContractViolation[];
	/** Requests that went through Prism. */
	readonly validated: number;
	prismLog(): string;
	stop(): Promise<void>;
}

const API_PREFIX = '/jpm/v2';

export async function startPrismChain(simulatorUrl: string): Promise<PrismChain> {
	const prismPort = await freePort();
	const prism: ChildProcess = spawn(
		path.join(REPO_ROOT, 'node_modules', '.bin', 'prism'),
		['proxy', vendorDocumentPath(), `${simulatorUrl}${API_PREFIX}`, '--errors', '-h', '127.0.0.1', '-p', String(prismPort)],
		{ cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	let output = '';
	const exited = new Promise<void>((resolve) => prism.on('close', () => resolve()));
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`Prism did not start within 120 s:\n${output.slice(-3000)}`)), 120_000);
		const onData = (chunk: Buffer) => {
			output += chunk.toString();
			if (output.includes('Prism is listening')) {
				clearTimeout(timer);
				resolve();
			}
		};
		prism.stdout?.on('data', onData);
		prism.stderr?.on('data', onData);
		prism.on('close', (code) => {
			clearTimeout(timer);
			reject(new Error(`Prism exited (code ${code}) before listening:\n${output.slice(-3000)}`));
		});
	});

	const violations: ContractViolation[] = [];
	let validated = 0;
	const upstream = new URL(simulatorUrl);
	const proxy: Server = createServer((req, res) => {
		const url = req.url ?? '/';
		const viaPrism = url.startsWith(`${API_PREFIX}/`);
		if (viaPrism) validated += 1;
		const forward = httpRequest(
			{
				host: '127.0.0.1',
				port: viaPrism ? prismPort : Number(upstream.port),
				method: req.method,
				path: viaPrism ? url.slice(API_PREFIX.length) : url,
				headers: { ...req.headers, host: viaPrism ? `127.0.0.1:${prismPort}` : upstream.host },
			},
			(answer) => {
				const chunks: Buffer[] = [];
				answer.on('data', (chunk: Buffer) => chunks.push(chunk));
				answer.on('end', () => {
					const body = Buffer.concat(chunks);
					const text = body.toString('utf8');
					if (viaPrism && /problem\+json/.test(String(answer.headers['content-type'])) && text.includes('stoplight.io/prism/errors')) {
						violations.push({ method: req.method ?? '?', path: url, status: answer.statusCode ?? 0, body: text });
					}
					const headers = { ...answer.headers };
					delete headers['transfer-encoding'];
					headers['content-length'] = String(body.length);
					res.writeHead(answer.statusCode ?? 502, headers);
					res.end(body);
				});
			},
		);
		forward.on('error', (error) => {
			violations.push({ method: req.method ?? '?', path: url, status: 502, body: `proxy error: ${error.message}` });
			res.writeHead(502, { 'content-type': 'text/plain' });
			res.end(error.message);
		});
		req.pipe(forward);
	});
	await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', () => resolve()));
	const port = (proxy.address() as AddressInfo).port;

	return {
		url: `http://127.0.0.1:${port}`,
		violations,
		get validated() {
			return validated;
		},
		prismLog: () => output,
		stop: async () => {
			await new Promise<void>((resolve) => {
				proxy.close(() => resolve());
				proxy.closeAllConnections();
			});
			if (prism.exitCode === null && prism.signalCode === null && prism.pid) process.kill(prism.pid, 'SIGTERM');
			await exited;
		},
	};
}

/** A readable list of violations for a failing assertion. */
export function describeViolations(violations: ContractViolation[]): string {
	return violations.map((violation) => `${violation.method} ${violation.path} -> ${violation.status}: ${violation.body}`).join('\n');
}
