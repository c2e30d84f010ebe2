/**
 * ServiceTitan's error answers through the node: a NodeApiError whose message carries the problem's
 * `title`, whose description lists the field errors and the `traceId`, and which never holds a
 * secret (client secret, app key, access token), neither in the error nor anywhere in the run.
 *
 * The credential points at a small recording proxy in front of the simulator, so the test compares
 * the error with the exact problem body ServiceTitan (the simulator) sent.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { bookJob } from '../simulator/fixtures';
import { credentialsHelper, runNode } from '../helpers/n8n';
import { useSimulator } from '../helpers/nodeSim';
import { rl } from '../helpers/nodeRun';

const env = useSimulator();
const store = () => env.sim.store;

interface Answer {
	path: string;
	status: number;
	body: string;
}

/** Forwards every request to the simulator and keeps what came back. */
function recordingProxy(target: () => string): { start(): Promise<string>; stop(): Promise<void>; answers: Answer[] } {
	const answers: Answer[] = [];
	let server: Server | undefined;
	return {
		answers,
		start: async () => {
			server = createServer((incoming, outgoing) => {
				const upstream = httpRequest(`${target()}${incoming.url ?? ''}`, { method: incoming.method, headers: incoming.headers }, (response) => {
					const chunks: Buffer[] = [];
					response.on('data', (chunk: Buffer) => chunks.push(chunk));
					response.on('end', () => {
						const body = Buffer.concat(chunks);
						answers.push({ path: incoming.url ?? '', status: response.statusCode ?? 0, body: body.toString('utf8') });
						outgoing.writeHead(response.statusCode ?? 502, response.headers);
						outgoing.end(body);
					});
				});
				upstream.on('error', () => outgoing.destroy());
				incoming.pipe(upstream);
			});
			await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
			return `http://127.0.0.1:${(server?.address() as AddressInfo).port}`;
		},
		stop: async () => {
			server?.closeAllConnections();
			await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
		},
	};
}

const proxy = recordingProxy(() => env.sim.url);
let proxyUrl = '';
beforeAll(async () => {
	proxyUrl = await proxy.start();
});
afterAll(async () => await proxy.stop());
beforeEach(() => {
	proxy.answers.length = 0;
	env.useCredential({ apiBaseUrl: proxyUrl });
});

interface Problem {
	title: string;
	status: number;
	traceId: string;
	errors: Record<string, string[]>;
}

/** The problem body of the one failed API answer of the run. */
function sentProblem(): Problem {
	const failed = proxy.answers.filter((answer) => answer.status >= 400 && answer.path.startsWith('/jpm/'));
	expect(failed).toHaveLength(1);
	return JSON.parse(failed[0].body) as Problem;
}

/** The credential's secrets as they stand after the run (the access token is fetched during it). */
function secrets(): string[] {
	const stored = credentialsHelper.storedCredentials();
	const values = [stored.clientSecret, stored.appKey, stored.accessToken].map(String);
	for (const value of values) expect(value.length).toBeGreaterThan(8);
	return values;
}

function expectNoSecret(...texts: unknown[]): void {
	const haystack = texts.map((text) => (typeof text === 'string' ? text : JSON.stringify(text))).join('\n');
	for (const secret of secrets()) expect(haystack).not.toContain(secret);
}

const CANCELED_REASON_INACTIVE = 35;

/** [case, status, node parameters, field errors expected in the answer]. */
const CASES: Array<[string, number, () => INodeParameters, string[]]> = [
	[
		'400 with field errors (an inactive cancel reason)',
		400,
		() => ({ resource: 'job', operation: 'cancel', jobId: rl(bookJob(store()).id), reasonId: CANCELED_REASON_INACTIVE, memo: 'Rain' }),
		['reasonId'],
	],
	['404 (a job that does not exist)', 404, () => ({ resource: 'job', operation: 'get', jobId: rl(99_999_999) }), ['id']],
	[
		"409 (deleting a job's only appointment)",
		409,
		() => {
			const job = bookJob(store(), {}, 1);
			return { resource: 'appointment', operation: 'delete', appointmentId: rl(job.appointmentIds[0]) };
		},
		[],
	],
];

describe('ServiceTitan error answers become NodeApiErrors', () => {
	it.each(CASES)('%s', async (_case, status, parameters, fields) => {
		const result = await runNode({ parameters: parameters() });
		const error = result.error as NonNullable<typeof result.error>;
		const problem = sentProblem();
		expect(problem.status).toBe(status);

		expect(error.name).toBe(NodeApiError.name);
		expect(error.httpCode).toBe(String(status));
		expect(error.message).toContain(problem.title);
		expect(error.description).toContain(problem.traceId);
		expect(Object.keys(problem.errors).sort()).toEqual([...fields].sort());
		// Each field error is in the description once, without its final stop; one that only repeats
		// the title (which is in the message already) is left out, so nothing is said twice.
		const stripped = (text: string) => text.trim().replace(/[.\s]+$/, '');
		for (const [field, messages] of Object.entries(problem.errors)) {
			for (const message of messages) {
				const repeatsTitle = stripped(message).toLowerCase() === stripped(problem.title).toLowerCase();
				if (repeatsTitle) expect(error.description).not.toContain(stripped(message));
				else expect(error.description?.split(stripped(message)).length).toBe(2);
				if (!repeatsTitle) expect(error.description).toContain(`${field}: ${stripped(message)}`);
			}
		}
		// Every line of the description is a sentence, so the lines never run together when n8n shows them as one paragraph.
		for (const line of error.description?.split('\n') ?? []) expect(line).toMatch(/[.)]$/);
		expectNoSecret(error.message, error.description, error, result.run);
	});

	it('with Continue On Fail the error item carries the same details and no secret', async () => {
		const result = await runNode({ parameters: { resource: 'job', operation: 'get', jobId: rl(99_999_999) }, continueOnFail: true });
		const problem = sentProblem();
		expect(result.items).toHaveLength(1);
		const json = result.items[0].json as IDataObject;
		expect(json.error).toEqual(expect.stringContaining(problem.title));
		expect(json.description).toEqual(expect.stringContaining(problem.traceId));
		expect(json.httpCode).toBe('404');
		expectNoSecret(result.run);
	});

	it('a connection dropped mid-answer (a create, so not retried) is reported without any secret', async () => {
		env.useCredential();
		env.sim.faults.add({ operationId: 'Jobs_CreateNote', fault: { type: 'drop' } });
		const job = bookJob(store());
		const result = await runNode({ parameters: { resource: 'job', operation: 'createNote', jobId: rl(job.id), text: 'Hello' } });
		expect(result.error?.name).toBe(NodeApiError.name);
		expect(result.error?.message).toMatch(/connection/i);
		expect(env.apiRequests().filter((request) => request.operationId === 'Jobs_CreateNote')).toHaveLength(1);
		expectNoSecret(result.error?.message, result.error?.description, result.error, result.run);
	});

	it('a missing scope (403) names the scope and holds no secret', async () => {
		const limited = env.sim.addClient({ tenantId: env.sim.tenant.tenantId, scopes: ['tn.jpm.jobs:r'], appKey: env.sim.tenant.appKey });
		env.useCredential({ apiBaseUrl: proxyUrl }, limited);
		const result = await runNode({ parameters: { resource: 'project', operation: 'get', projectId: rl(30_000_001) } });
		const problem = sentProblem();
		expect(result.error?.httpCode).toBe('403');
		expect(result.error?.message).toContain(problem.title);
		expect(result.error?.description).toContain('tn.jpm.projects:r');
		expectNoSecret(result.error?.message, result.error?.description, result.error, result.run);
	});
});
