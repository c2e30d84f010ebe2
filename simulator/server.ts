/**
 * The HTTP layer: routing by the document's path templates, the token endpoint, auth (app key,
 * bearer token, tenant, scope), the per-tenant rate limit, latency, fault injection, parameter and
 * body validation, and RFC 7807 errors. Handlers only see validated, typed input.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClientRecord } from './auth';
import { handleControl } from './control';
import { type LookupMatch, matchLookup } from './lookups';
import { ApiError, type FieldErrors, problemBody, validationError } from './errors';
import { type Fault, retryAfterHeader, TOKEN_OPERATION_ID } from './faults';
import { Params } from './query';
import { handlers } from './routes';
import { invalidContinuationToken, isDateLike } from './routes/exports';
import { canonicalTenantId, type RecordedRequest, type SimulatorRuntime } from './runtime';
import { specOperations, type SpecOperation } from './spec';
import { checkValue, parseParameters, type QueryValues } from './validation';

const MAX_BODY_BYTES = 20 * 1024 * 1024;
const JSON_TYPE = 'application/json; charset=utf-8';

/** What to send back; `raw` bypasses JSON encoding (malformed-body fault). */
interface Outgoing {
	status: number;
	body?: unknown;
	raw?: string;
	headers?: Record<string, string>;
	/** Sends half the body then destroys the socket (dropped-connection fault). */
	drop?: boolean;
	/** Resets the connection without any response (token endpoint down). */
	destroy?: boolean;
}

interface RouteMatch {
	operation: SpecOperation;
	pathValues: Map<string, string>;
}

function matchOperation(method: string, path: string): RouteMatch | { methodNotAllowed: true } | undefined {
	let pathMatched = false;
	for (const operation of specOperations()) {
		const match = operation.pattern.exec(path);
		if (!match) continue;
		pathMatched = true;
		if (operation.method !== method) continue;
		const pathValues = new Map(operation.pathParamNames.map((name, index) => [name, match[index + 1]]));
		return { operation, pathValues };
	}
	return pathMatched ? { methodNotAllowed: true } : undefined;
}

function problem(status: number, title: string, errors: FieldErrors = {}, headers?: Record<string, string>): Outgoing {
	return { status, body: problemBody(status, title, errors), headers };
}

/** 404/409 on an operation whose document lists neither becomes a 400 (the spec's universal error). */
function problemFor(error: ApiError, operation: SpecOperation | undefined): Outgoing {
	const undeclared = operation && (error.status === 404 || error.status === 409) && !operation.declaredStatuses.includes(error.status);
	return problem(undeclared ? 400 : error.status, error.title, error.errors);
}

function readBody(request: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		request.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				reject(new ApiError(400, 'The request body is too large.'));
				request.destroy();
				return;
			}
			chunks.push(chunk);
		});
		request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		request.on('error', reject);
	});
}

function queryValuesOf(search: URLSearchParams): QueryValues {
	const values: QueryValues = new Map();
	for (const [key, value] of search) {
		const list = values.get(key);
		if (list) list.push(value);
		else values.set(key, [value]);
	}
	return values;
}

function headerOf(request: IncomingMessage, name: string): string | undefined {
	const value = request.headers[name];
	return Array.isArray(value) ? value[0] : value;
}

const DEFAULT_FAULT_TITLES: Record<number, string> = {
	429: 'Too many requests.',
	500: 'An unexpected error occurred.',
	502: 'Bad gateway.',
	503: 'The service is temporarily unavailable.',
	504: 'The gateway timed out.',
};

/** Faults that answer instead of the handler; the rest adjust how the request proceeds. */
function faultResponse(fault: Fault, runtime: SimulatorRuntime): Outgoing | undefined {
	switch (fault.type) {
		case 'status':
		case 'rateLimit': {
			const status = fault.type === 'rateLimit' ? 429 : fault.status;
			const seconds = fault.retryAfterSeconds ?? 1;
			const format = fault.retryAfterFormat ?? (status === 429 || status === 503 ? 'seconds' : 'absent');
			const retryAfter = fault.retryAfterRaw ?? retryAfterHeader(seconds, format);
			const title = (fault.type === 'status' ? fault.title : undefined) ?? DEFAULT_FAULT_TITLES[status] ?? `Simulated ${status}.`;
			return problem(status, title, {}, retryAfter === undefined ? undefined : { 'Retry-After': retryAfter });
		}
		case 'malformedJson':
			return { status: 200, raw: '{"page":1,"pageSize":50,"hasMore":true,"data":[{"id":10000001,"jobNumber":' };
		case 'tokenEndpointDown':
			return fault.mode === 'destroy' ? { status: 0, destroy: true } : problem(503, DEFAULT_FAULT_TITLES[503], {}, { 'Retry-After': '1' });
		case 'invalidContinuationToken': {
			const error = invalidContinuationToken();
			return problem(fault.status ?? error.status, error.title, error.errors);
		}
		case 'expireTokens':
			runtime.auth.expireAll();
			return undefined;
		default:
			return undefined;
	}
}

function tokenEndpoint(runtime: SimulatorRuntime, request: IncomingMessage, bodyText: string): Outgoing {
	if (request.method !== 'POST') return { status: 405, body: { error: 'invalid_request' } };
	runtime.stats.tokenRequests++;
	const form = new URLSearchParams(bodyText);
	let clientId = form.get('client_id') ?? '';
	let clientSecret = form.get('client_secret') ?? '';
	// Client credentials may also come as HTTP Basic auth.
	const basic = /^Basic\s+(\S+)$/i.exec(headerOf(request, 'authorization') ?? '');
	if (basic && !clientId) {
		const [id, ...secret] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
		clientId = decodeURIComponent(id);
		clientSecret = decodeURIComponent(secret.join(':'));
	}
	if (form.get('grant_type') !== 'client_credentials') return { status: 400, body: { error: 'unsupported_grant_type' } };
	const issued = runtime.auth.issue(clientId, clientSecret);
	if (!issued) return { status: 400, body: { error: 'invalid_client' } };
	runtime.stats.tokensIssued++;
	return { status: 200, body: issued, headers: { 'Cache-Control': 'no-store' } };
}

const UNAUTHORIZED_TITLES = {
	missing: 'Authorization has been denied: no bearer token was sent.',
	invalid: 'Authorization has been denied: the access token is invalid or was revoked.',
	expired: 'Authorization has been denied: the access token has expired.',
} as const;

function parseJsonBody(bodyText: string): unknown {
	if (bodyText.trim() === '') return {};
	try {
		return JSON.parse(bodyText);
	} catch {
		throw validationError({ $: ['The request body is not valid JSON.'] });
	}
}

/** App key, bearer token, tenant, scope and rate limit: the client, or the answer refusing it. */
function authorize(
	runtime: SimulatorRuntime,
	request: IncomingMessage,
	tenantRaw: string,
	operation: { operationId: string; scope: string },
): { client: ClientRecord } | { refused: Outgoing } {
	const appKey = headerOf(request, 'st-app-key');
	const refuse = (outgoing: Outgoing) => ({ refused: outgoing });
	if (!runtime.auth.isKnownApp(appKey)) {
		return refuse(problem(401, 'The app key is invalid or missing: send a registered app key in the ST-App-Key header.'));
	}
	const check = runtime.auth.check(headerOf(request, 'authorization'));
	if (!check.ok) return refuse(problem(401, UNAUTHORIZED_TITLES[check.reason], {}, { 'WWW-Authenticate': `Bearer error="invalid_token"` }));
	const client = check.token.client;
	if (client.appKey !== appKey) return refuse(problem(401, 'The app key does not belong to the application the access token was issued to.'));
	if (canonicalTenantId(tenantRaw) !== client.tenantId) {
		return refuse(problem(403, `The application is not connected to tenant ${tenantRaw}.`));
	}
	if (!client.scopes.has(operation.scope)) {
		return refuse(
			problem(403, `The access token lacks the scope ${operation.scope} required by ${operation.operationId}.`, {
				scope: [`Missing scope ${operation.scope}`],
			}),
		);
	}
	if (!runtime.rateLimiter.tryAcquire(`${appKey}:${client.tenantId}`, runtime.clock.now())) {
		runtime.stats.rateLimited++;
		return refuse(problem(429, 'Too many requests: the rate limit for this application and tenant was exceeded.', {}, { 'Retry-After': '1' }));
	}
	return { client };
}

function apiEndpoint(runtime: SimulatorRuntime, request: IncomingMessage, route: RouteMatch, query: QueryValues, bodyText: string): Outgoing {
	const { operation, pathValues } = route;
	const authorized = authorize(runtime, request, decodeURIComponent(pathValues.get('tenant') ?? ''), operation);
	if ('refused' in authorized) return authorized.refused;
	const { client } = authorized;

	const errors: FieldErrors = {};
	const parsed = parseParameters(operation, pathValues, query, errors);
	const hasBody = operation.requestBodySchema !== undefined || operation.operationId.endsWith('Batch');
	const body = hasBody ? parseJsonBody(bodyText) : undefined;
	if (operation.requestBodySchema) checkValue(operation.requestBodySchema, body, '', errors);
	if (Object.keys(errors).length > 0) throw validationError(errors);

	const store = runtime.tenantStore(client.tenantId);
	const result = handlers[operation.operationId]({
		operation,
		store,
		params: new Params(parsed.path, parsed.query),
		body,
		actorId: client.employeeId,
		exports: { window: runtime.exportWindow(), tokens: runtime.continuationTokens },
	});
	if (result.created) runtime.stats.count(runtime.stats.creations, operation.operationId);
	return { status: result.status, body: result.body };
}

function lookupEndpoint(runtime: SimulatorRuntime, request: IncomingMessage, lookup: LookupMatch, query: QueryValues): Outgoing {
	const authorized = authorize(runtime, request, lookup.tenant, lookup);
	if ('refused' in authorized) return authorized.refused;
	return lookup.handle(query);
}

function write(response: ServerResponse, outgoing: Outgoing): void {
	if (response.destroyed || response.writableEnded) return;
	if (outgoing.destroy) {
		response.socket?.destroy();
		return;
	}
	// Encode once: handing the socket a Buffer avoids a second UTF-8 pass over multi-megabyte pages.
	const payload = Buffer.from(outgoing.raw ?? (outgoing.body === undefined ? '' : JSON.stringify(outgoing.body)), 'utf8');
	const headers: Record<string, string | number> = { ...outgoing.headers };
	if (payload.length > 0) headers['Content-Type'] = JSON_TYPE;
	if (outgoing.drop) {
		// Promise more bytes than ever arrive, then cut the connection.
		const full = payload.length > 0 ? payload : Buffer.from('{"data":[]}');
		response.writeHead(outgoing.status, { ...headers, 'Content-Length': full.length });
		response.write(full.subarray(0, Math.floor(full.length / 2)));
		response.socket?.destroy();
		return;
	}
	headers['Content-Length'] = payload.length;
	response.writeHead(outgoing.status, headers);
	response.end(payload);
}

function loggedBody(bodyText: string, isToken: boolean): unknown {
	if (bodyText === '') return undefined;
	if (isToken) {
		const form = Object.fromEntries(new URLSearchParams(bodyText));
		return form.client_secret === undefined ? form : { ...form, client_secret: '***' };
	}
	try {
		return JSON.parse(bodyText);
	} catch {
		return bodyText;
	}
}

/** Creates the `request` listener of the HTTP server. */
export function createRequestListener(runtime: SimulatorRuntime, sleep: (ms: number) => Promise<void>) {
	return (request: IncomingMessage, response: ServerResponse): void => {
		handle(runtime, sleep, request, response).catch((error: unknown) => {
			write(response, problem(500, `Simulator error: ${error instanceof Error ? error.message : String(error)}`));
		});
	};
}

async function handle(
	runtime: SimulatorRuntime,
	sleep: (ms: number) => Promise<void>,
	request: IncomingMessage,
	response: ServerResponse,
): Promise<void> {
	const started = performance.now();
	const url = new URL(request.url ?? '/', 'http://127.0.0.1');
	const method = (request.method ?? 'GET').toUpperCase();
	const bodyText = await readBody(request);
	if (url.pathname === '/_sim' || url.pathname.startsWith('/_sim/')) {
		write(response, handleControl(runtime, method, url, bodyText));
		return;
	}

	const query = queryValuesOf(url.searchParams);
	const isToken = url.pathname.replace(/\/+$/, '').toLowerCase() === '/connect/token';
	// Other ServiceTitan APIs (customers, business units…) for the node's lookups: simulator/lookups.
	const lookupRoute = isToken ? undefined : matchLookup(method, url.pathname);
	const lookup = lookupRoute && 'handle' in lookupRoute ? lookupRoute : undefined;
	const route = isToken || lookupRoute ? undefined : matchOperation(method, url.pathname);
	const matched = route && 'operation' in route ? route : undefined;
	const operationId = isToken ? TOKEN_OPERATION_ID : (matched?.operation.operationId ?? lookup?.operationId ?? null);
	runtime.stats.totalRequests++;
	if (operationId) runtime.stats.count(runtime.stats.requests, operationId);

	const from = query.get('from')?.[0];
	const fault = operationId
		? runtime.faults.take({
				operationId,
				method,
				path: url.pathname,
				isTokenEndpoint: isToken,
				hasContinuationToken: operationId.startsWith('Export_') && from !== undefined && from !== '' && !isDateLike(from),
			})
		: undefined;
	if (fault) runtime.stats.faultsFired++;

	let outgoing: Outgoing | undefined = fault && faultResponse(fault, runtime);
	if (fault?.type === 'delay') await sleep(fault.ms);
	if (!outgoing) {
		try {
			if (isToken) outgoing = tokenEndpoint(runtime, request, bodyText);
			else if (lookup) outgoing = lookupEndpoint(runtime, request, lookup, query);
			else if (lookupRoute) outgoing = problem(405, `${method} is not allowed on ${url.pathname}.`);
			else if (matched) outgoing = apiEndpoint(runtime, request, matched, query, bodyText);
			else if (route) outgoing = problem(405, `${method} is not allowed on ${url.pathname}.`);
			else outgoing = problem(404, `No operation matches ${method} ${url.pathname}.`);
		} catch (error) {
			if (!(error instanceof ApiError)) throw error;
			outgoing = problemFor(error, matched?.operation);
		}
		if (fault?.type === 'drop') outgoing = { ...outgoing, drop: true };
	}
	if (runtime.settings.latencyMs > 0) await sleep(runtime.settings.latencyMs);
	write(response, outgoing);

	runtime.stats.count(runtime.stats.statuses, String(outgoing.destroy ? 0 : outgoing.status));
	if (runtime.settings.requestLogLimit > 0) {
		const entry: RecordedRequest = {
			at: new Date().toISOString(),
			method,
			path: url.pathname,
			rawQuery: url.search.replace(/^\?/, ''),
			query: Object.fromEntries(query),
			headers: Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : (value ?? '')])),
			body: loggedBody(bodyText, isToken),
			...(isToken || bodyText === '' ? {} : { rawBody: bodyText }),
			operationId,
			tenantId: matched ? decodeURIComponent(matched.pathValues.get('tenant') ?? '') : (lookup?.tenant ?? null),
			status: outgoing.destroy ? 0 : outgoing.status,
			durationMs: Math.round((performance.now() - started) * 100) / 100,
			fault: fault?.type,
		};
		runtime.record(entry);
	}
}
