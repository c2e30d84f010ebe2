import type { ICredentialDataDecryptedObject, IHttpRequestHelper } from 'n8n-workflow';

import { tokenUrlOf } from './environments';

/**
 * A failed token request, worded for the user and free of secrets (the HTTP client's own error
 * carries the form body with the client secret, so it never leaves this module).
 * `retryable` tells the transport the API itself was not reached, so trying again is safe.
 */
export class ServiceTitanTokenError extends Error {
	override readonly name = 'ServiceTitanTokenError';

	/**
	 * n8n wraps this error in a NodeApiError that keeps `message`, `description` and `httpCode` but
	 * not the error itself, so the code is how the transport recognises a token failure.
	 */
	readonly httpCode: string;

	constructor(
		message: string,
		readonly description: string,
		readonly retryable: boolean,
		readonly tokenEndpointStatus?: number,
	) {
		super(message);
		this.httpCode = retryable ? TOKEN_FAILURE_RETRYABLE : TOKEN_FAILURE_FINAL;
	}
}

export const TOKEN_FAILURE_RETRYABLE = 'ST_TOKEN_UNAVAILABLE';
export const TOKEN_FAILURE_FINAL = 'ST_TOKEN_REJECTED';

interface HttpClientFailure {
	code?: string;
	response?: { status?: number; data?: unknown };
}

const TOKEN_TIMEOUT_MS = 30_000;

function oauthErrorCode(data: unknown): string | undefined {
	if (data && typeof data === 'object' && 'error' in data) {
		const code = (data as { error: unknown }).error;
		return typeof code === 'string' ? code : undefined;
	}
	return undefined;
}

function describeFailure(failure: HttpClientFailure, tokenUrl: string): ServiceTitanTokenError {
	const status = failure.response?.status;
	if (status === undefined) {
		// The error code goes in the description: n8n replaces a message naming a Node.js error code
		// (ECONNRESET…) with generic wording when it wraps this error.
		return new ServiceTitanTokenError(
			'Could not reach the ServiceTitan token endpoint',
			`No answer from ${tokenUrl} (${failure.code ?? 'network error'}). Check the environment (or the custom token URL) and the network.`,
			true,
		);
	}
	const code = oauthErrorCode(failure.response?.data);
	if (status === 400 || status === 401) {
		return new ServiceTitanTokenError(
			`ServiceTitan rejected the Client ID or Client Secret${code ? ` (${code})` : ''}`,
			'Client IDs and secrets belong to one environment and one tenant: check that both were generated for this tenant (Settings > Integrations > API Application Access) and for the chosen environment.',
			false,
			status,
		);
	}
	return new ServiceTitanTokenError(
		`The ServiceTitan token endpoint answered ${status}${code ? ` (${code})` : ''}`,
		`The token request to ${tokenUrl} failed. ServiceTitan throttles token requests; if this persists, check ServiceTitan's status page.`,
		status === 429 || status >= 500,
		status,
	);
}

/** OAuth2 client-credentials grant against the environment's token URL. */
export async function requestAccessToken(
	helper: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): Promise<string> {
	const tokenUrl = tokenUrlOf(credentials);
	if (!/^https?:\/\//i.test(tokenUrl)) {
		throw new ServiceTitanTokenError(
			'The token URL of the ServiceTitan credential is missing or not an http(s) URL',
			'With the Custom environment, enter the full token URL, e.g. https://auth.example.com/connect/token.',
			false,
		);
	}
	const form = new URLSearchParams({
		grant_type: 'client_credentials',
		client_id: String(credentials.clientId ?? '').trim(),
		client_secret: String(credentials.clientSecret ?? ''),
	});
	let response: unknown;
	try {
		response = await helper.helpers.httpRequest({
			method: 'POST',
			url: tokenUrl,
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
			body: form.toString(),
			timeout: TOKEN_TIMEOUT_MS,
		});
	} catch (error) {
		throw describeFailure(error as HttpClientFailure, tokenUrl);
	}
	const body: unknown = typeof response === 'string' ? safeJsonParse(response) : response;
	const token =
		body && typeof body === 'object' ? (body as { access_token?: unknown }).access_token : undefined;
	if (typeof token !== 'string' || token === '') {
		throw new ServiceTitanTokenError(
			'The ServiceTitan token endpoint answered without an access token',
			`The answer from ${tokenUrl} was not an OAuth2 token response. Check the token URL.`,
			true,
		);
	}
	return token;
}

function safeJsonParse(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}
