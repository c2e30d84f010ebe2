/** A minimal HTTP client for the simulator tests: tokens, operation calls by operationId, raw calls. */
import type { Simulator, TenantCredentials } from '../../simulator';
import { getOperation, type QueryInput } from '../helpers/vendorSpec';

export interface ApiCall {
	pathParams?: Record<string, string | number>;
	query?: QueryInput;
	body?: unknown;
	headers?: Record<string, string>;
}

export interface ApiResult {
	status: number;
	headers: Headers;
	text: string;
	/** Parsed JSON, or undefined for an empty body. */
	body: unknown;
}

/** Shape-free access to a JSON response in assertions. */
export type Json = Record<string, unknown> & { data?: Array<Record<string, unknown>> };

export function json(result: ApiResult): Json {
	return result.body as Json;
}

export async function fetchToken(simulator: Simulator, credentials: TenantCredentials = simulator.tenant): Promise<string> {
	const response = await fetch(simulator.tokenUrl, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ grant_type: 'client_credentials', client_id: credentials.clientId, client_secret: credentials.clientSecret }),
	});
	const body = (await response.json()) as { access_token?: string };
	if (!body.access_token) throw new Error(`No token: ${JSON.stringify(body)}`);
	return body.access_token;
}

export function toSearchParams(query: QueryInput | undefined): URLSearchParams {
	if (query instanceof URLSearchParams) return query;
	const search = new URLSearchParams();
	for (const [key, value] of Object.entries(query ?? {})) {
		if (value === undefined) continue;
		for (const item of Array.isArray(value) ? value : [value]) search.append(key, String(item));
	}
	return search;
}

export async function send(url: string, init: RequestInit): Promise<ApiResult> {
	const response = await fetch(url, init);
	const text = await response.text();
	let body: unknown;
	try {
		body = text === '' ? undefined : JSON.parse(text);
	} catch {
		body = text;
	}
	return { status: response.status, headers: response.headers, text, body };
}

/** Calls one operation of the document by operationId, filling `{tenant}` from the credentials. */
export class SimClient {
	private token: string | undefined;

	constructor(
		readonly simulator: Simulator,
		readonly credentials: TenantCredentials = simulator.tenant,
	) {}

	async accessToken(): Promise<string> {
		this.token ??= await fetchToken(this.simulator, this.credentials);
		return this.token;
	}

	forgetToken(): void {
		this.token = undefined;
	}

	/** Full path params (with the tenant) as the vendor validator wants them. */
	pathParams(call: ApiCall): Record<string, string | number> {
		return { tenant: this.credentials.tenantId, ...call.pathParams };
	}

	url(operationId: string, call: ApiCall = {}): string {
		const operation = getOperation(operationId);
		const params = this.pathParams(call);
		const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => {
			if (params[name] === undefined) throw new Error(`${operationId} needs path parameter ${name}`);
			return encodeURIComponent(String(params[name]));
		});
		const search = toSearchParams(call.query).toString();
		return `${this.simulator.url}/jpm/v2${path}${search ? `?${search}` : ''}`;
	}

	async call(operationId: string, call: ApiCall = {}): Promise<ApiResult> {
		const operation = getOperation(operationId);
		const headers: Record<string, string> = {
			Authorization: `Bearer ${await this.accessToken()}`,
			'ST-App-Key': this.credentials.appKey,
			...call.headers,
		};
		if (call.body !== undefined) headers['Content-Type'] = 'application/json';
		return send(this.url(operationId, call), {
			method: operation.method,
			headers,
			body: call.body === undefined ? undefined : JSON.stringify(call.body),
		});
	}
}
