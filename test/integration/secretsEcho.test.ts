/**
 * A gateway, proxy or token endpoint may echo back what it received: the bearer token, the
 * ST-App-Key header, the form with the client secret. None of it may reach an error, an output item,
 * the run data or a log. The capture server plays that misbehaving host; plain http to another
 * machine is refused before any secret is sent.
 */
import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import type { INodeParameters } from 'n8n-workflow';
import { LoggerProxy } from 'n8n-workflow';

import { CAPTURE_CREDENTIAL, CAPTURE_TOKEN, useCaptureServer, type CapturedRequest } from '../helpers/captureServer';
import type { RunResult } from '../helpers/n8n';
import { runNode, testCredential } from '../helpers/n8n';
import { rl } from '../helpers/nodeRun';
import { useRetrySettings } from '../helpers/retrySettings';

const server = useCaptureServer();
const SECRETS = [CAPTURE_CREDENTIAL.clientSecret, CAPTURE_CREDENTIAL.appKey, CAPTURE_TOKEN];
const logged: string[] = [];

beforeAll(() => {
	const capture = (...args: unknown[]) => logged.push(args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' '));
	for (const level of ['error', 'warn', 'info', 'debug'] as const) {
		jest.spyOn(Container.get(Logger), level).mockImplementation(capture);
		jest.spyOn(LoggerProxy, level).mockImplementation(capture);
	}
});
afterAll(() => jest.restoreAllMocks());
beforeEach(() => (logged.length = 0));

/** Everything a user or an operator could see of a run. */
function seen(result: RunResult): string {
	return JSON.stringify({ items: result.items, message: result.error?.message, description: result.error?.description, error: result.error, run: result.run, logged });
}

function expectNoSecret(text: string): void {
	for (const secret of SECRETS) expect({ secret, leaked: text.includes(secret) }).toEqual({ secret, leaked: false });
}

/** What an echoing gateway writes: the request's headers, as received. */
function echo(request: CapturedRequest): string {
	return `Authorization: ${request.headers.authorization}; ST-App-Key: ${request.headers['st-app-key']}`;
}

const getJob: INodeParameters = { resource: 'job', operation: 'get', jobId: rl(42) };

describe('an API host that echoes the request', () => {
	it.each([400, 401, 403, 404, 409, 500, 503])('in a %i problem body (title, field errors, trace ID)', async (status) => {
		useRetrySettings({ maxRetries: 1 });
		server.respond((request) => ({
			status,
			body: { title: `Refused: ${echo(request)}`, status, traceId: `trace-${request.headers.authorization}`, errors: { 'ST-App-Key': [echo(request)], [String(request.headers['st-app-key'])]: ['x'] } },
		}));
		const result = await runNode({ parameters: getJob });
		expect(result.error?.httpCode).toBe(String(status));
		expect(result.error?.message).toMatch(/Refused: Authorization: Bearer \[redacted\]; ST-App-Key: \[redacted\]/);
		expectNoSecret(seen(result));
		expectNoSecret(seen(await runNode({ parameters: getJob, continueOnFail: true })));
	});

	it('in an HTML error page', async () => {
		useRetrySettings({ maxRetries: 0 });
		server.respond((request) => ({ status: 502, body: `<html><body><pre>${echo(request)}</pre></body></html>`, headers: { 'Content-Type': 'text/html' } }));
		expectNoSecret(seen(await runNode({ parameters: getJob })));
	});

	it('in an answer that otherwise succeeded: the output holds no secret', async () => {
		server.respond((request) => ({ status: 200, body: { id: 42, summary: `debug ${echo(request)}`, nested: [{ token: CAPTURE_TOKEN }] } }));
		const result = await runNode({ parameters: { ...getJob, simplify: false } });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({ id: 42, summary: 'debug Authorization: Bearer [redacted]; ST-App-Key: [redacted]', nested: [{ token: '[redacted]' }] });
		expectNoSecret(seen(result));
	});
});

describe('a token endpoint that echoes the form it received', () => {
	it.each([
		['a 400 whose OAuth error code is the form', 400, (form: string) => ({ error: `invalid_client ${form}`, error_description: form })],
		['a 401 with the form as the body', 401, (form: string) => form],
		['a 500 text page', 500, (form: string) => `Internal error while handling ${form}`],
		['a 200 without a token', 200, (form: string) => ({ echo: form })],
		['a 429 naming the secret', 429, () => ({ error: CAPTURE_CREDENTIAL.clientSecret })],
	])('%s', async (_what, status, body) => {
		useRetrySettings({ maxRetries: 1 });
		server.respondToToken((request) => ({ status, body: body(request.rawBody) }));
		const result = await runNode({ parameters: getJob });
		expect(result.error?.message).toMatch(/token|Client ID or Client Secret/i);
		expect(server.apiRequests()).toEqual([]);
		expectNoSecret(seen(result));
		expectNoSecret(JSON.stringify(await testCredential({ environment: 'custom', apiBaseUrl: server.url, tokenUrl: `${server.url}/connect/token`, ...CAPTURE_CREDENTIAL, accessToken: '' })));
	});

	it('the OAuth error code is kept when it is one', async () => {
		server.respondToToken(() => ({ status: 400, body: { error: 'invalid_client' } }));
		const result = await runNode({ parameters: getJob });
		expect(result.error?.message).toBe('ServiceTitan rejected the Client ID or Client Secret (invalid_client)');
	});
});

describe('secrets never travel over plain http to another machine', () => {
	const port = () => new URL(server.url).port;

	it('an http API base URL that is not this machine is refused before anything is sent', async () => {
		server.useCredential({ apiBaseUrl: `http://0.0.0.0:${port()}`, tokenUrl: `${server.url}/connect/token` });
		const result = await runNode({ parameters: getJob });
		expect(result.error?.message).toBe('The API Base URL of the ServiceTitan credential cannot be used: it uses plain http to another machine, which would send the secrets unencrypted');
		expect(server.requests).toEqual([]);
	});

	it('an http token URL that is not this machine is refused before the secret is sent', async () => {
		server.useCredential({ tokenUrl: `http://0.0.0.0:${port()}/connect/token` });
		const result = await runNode({ parameters: getJob });
		expect(result.error?.message).toBe('The token URL of the ServiceTitan credential cannot be used: it uses plain http to another machine, which would send the secrets unencrypted');
		expect(server.requests).toEqual([]);
		const test = await testCredential({ environment: 'custom', apiBaseUrl: server.url, tokenUrl: `http://0.0.0.0:${port()}/connect/token`, ...CAPTURE_CREDENTIAL, accessToken: '' });
		expect(test.status).toBe('Error');
		expect(server.requests).toEqual([]);
	});

	it.each(['127.0.0.1', 'localhost'])('http to this machine (%s, e.g. the simulator) is fine', async (host) => {
		server.useCredential({ apiBaseUrl: `http://${host}:${port()}`, tokenUrl: `http://${host}:${port()}/connect/token` });
		const result = await runNode({ parameters: getJob });
		expect(result.error).toBeUndefined();
		expect(server.apiRequests()).toHaveLength(1);
	});
});
