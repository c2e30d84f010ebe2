/**
 * A bare HTTP server on 127.0.0.1 that stands in for ServiceTitan where the simulator's own model
 * would get in the way: it records every request exactly as it arrived (raw query and body) and
 * answers with whatever the test says, e.g. IDs beyond 2^53, or an echo of the request's secrets
 * the way a misbehaving gateway would. `POST /connect/token` issues a fixed token unless told
 * otherwise. Use inside a test file:
 *   const server = useCaptureServer();
 *   server.respond((request) => ({ status: 200, body: '{"id": 9223372036854775807}' }));
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { credentialsHelper } from './n8n';

export interface CapturedRequest {
	method: string;
	path: string;
	rawQuery: string;
	/** Every value of every query key, in order, decoded. */
	query: Record<string, string[]>;
	headers: Record<string, string>;
	rawBody: string;
}

export interface Answer {
	status: number;
	/** Sent as is (a string), or JSON-encoded. */
	body?: string | object;
	headers?: Record<string, string>;
}

export type Responder = (request: CapturedRequest) => Answer;

export const CAPTURE_TOKEN = 'capture-server-access-token-0f3e9a';

/** A body every envelope of the catalog reads without complaint: empty page, feed end, no lists. */
export const EMPTY_ENVELOPE = { page: 1, pageSize: 50, hasMore: false, totalCount: null, continueFrom: 'end-of-feed', data: [], codes: [], matches: [], history: [] };

const defaultToken: Responder = () => ({ status: 200, body: { access_token: CAPTURE_TOKEN, token_type: 'Bearer', expires_in: 900 } });
const defaultApi: Responder = () => ({ status: 200, body: EMPTY_ENVELOPE });

export interface CaptureServer {
	url: string;
	requests: CapturedRequest[];
	/** API requests (the token endpoint left out). */
	apiRequests(): CapturedRequest[];
	tokenRequests(): CapturedRequest[];
	respond(responder: Responder): void;
	respondToToken(responder: Responder): void;
	/**
	 * Points the n8n harness's credential at this server: a credential of its own each time (its own
	 * client ID), so no token this process holds for an earlier one is reused.
	 */
	useCredential(overrides?: Partial<ICredentialDataDecryptedObject>): void;
}

async function readBody(request: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

export const CAPTURE_CREDENTIAL = { tenantId: '5550001', clientId: 'capture-client', clientSecret: 'capture-secret-7d1c44be', appKey: 'capture-app-key-29aa10' };

let credentials = 0;

export function useCaptureServer(): CaptureServer {
	let server: Server | undefined;
	let api: Responder = defaultApi;
	let token: Responder = defaultToken;
	const capture: CaptureServer = {
		url: '',
		requests: [],
		apiRequests: () => capture.requests.filter((request) => !request.path.startsWith('/connect/')),
		tokenRequests: () => capture.requests.filter((request) => request.path.startsWith('/connect/')),
		respond: (responder) => (api = responder),
		respondToToken: (responder) => (token = responder),
		useCredential: (overrides = {}) =>
			credentialsHelper.setCredentials({
				environment: 'custom',
				apiBaseUrl: capture.url,
				tokenUrl: `${capture.url}/connect/token`,
				...CAPTURE_CREDENTIAL,
				clientId: `${CAPTURE_CREDENTIAL.clientId}-${++credentials}`,
				accessToken: '',
				...overrides,
			} as ICredentialDataDecryptedObject),
	};
	beforeAll(async () => {
		server = createServer((incoming, outgoing) => {
			void readBody(incoming).then((rawBody) => {
				const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
				const query: Record<string, string[]> = {};
				for (const [key, value] of url.searchParams) (query[key] ??= []).push(value);
				const request: CapturedRequest = {
					method: incoming.method ?? 'GET',
					path: url.pathname,
					rawQuery: url.search.replace(/^\?/, ''),
					query,
					headers: Object.fromEntries(Object.entries(incoming.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : (value ?? '')])),
					rawBody,
				};
				capture.requests.push(request);
				const answer = (url.pathname.startsWith('/connect/') ? token : api)(request);
				const body = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
				outgoing.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers });
				outgoing.end(body);
			});
		});
		await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
		capture.url = `http://127.0.0.1:${(server?.address() as AddressInfo).port}`;
	});
	beforeEach(() => {
		capture.requests.length = 0;
		api = defaultApi;
		token = defaultToken;
		capture.useCredential();
	});
	afterAll(async () => {
		server?.closeAllConnections();
		await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
	});
	return capture;
}
