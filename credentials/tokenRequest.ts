import { createHash } from 'crypto';
import type { ICredentialDataDecryptedObject, IHttpRequestHelper } from 'n8n-workflow';

import { apiBaseUrlOf, insecureUrlProblem, tokenUrlOf } from './environments';

/**
 * A failed token request, worded for the user and free of secrets (the HTTP client's own error
 * carries the form body with the client secret, so it never leaves this module).
 */
class ServiceTitanTokenError extends Error {
	override readonly name = 'ServiceTitanTokenError';

	/**
	 * n8n wraps this error in a NodeApiError that keeps `message`, `description` and `httpCode` but
	 * not the error itself, so the code is how the transport recognises a token failure (and whether
	 * trying again is safe: the API itself was not reached).
	 */
	readonly httpCode: string;

	constructor(
		message: string,
		readonly description: string,
		retryable: boolean,
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

/**
 * The OAuth error code (`invalid_client`…) when the answer carries a well-formed one. Anything else
 * is dropped: a gateway may echo the form it received, client secret included, in that field.
 */
function oauthErrorCode(data: unknown): string | undefined {
	const body = typeof data === 'string' ? safeJsonParse(data) : data;
	if (!body || typeof body !== 'object' || !('error' in body)) return undefined;
	const code = (body as { error: unknown }).error;
	return typeof code === 'string' && /^[a-z][a-z0-9_]{0,39}$/.test(code) ? code : undefined;
}

/** The URL without user info, query or fragment, which could hold secrets. */
function displayUrl(url: string): string {
	try {
		const parsed = new URL(url);
		return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
	} catch {
		return 'the token URL';
	}
}

function describeFailure(failure: HttpClientFailure, tokenUrl: string): ServiceTitanTokenError {
	const status = failure.response?.status;
	const where = displayUrl(tokenUrl);
	if (status === undefined) {
		// The error code goes in the description: n8n replaces a message naming a Node.js error code
		// (ECONNRESET…) with generic wording when it wraps this error.
		const code = typeof failure.code === 'string' && /^E[A-Z_]{2,30}$/.test(failure.code) ? failure.code : 'network error';
		return new ServiceTitanTokenError(
			'Could not reach the ServiceTitan token endpoint',
			`No answer from ${where} (${code}). Check the environment (or the custom token URL) and the network.`,
			true,
		);
	}
	const code = oauthErrorCode(failure.response?.data);
	if (status === 400 || status === 401) {
		return new ServiceTitanTokenError(
			`ServiceTitan rejected the Client ID or Client Secret${code ? ` (${code})` : ''}`,
			'Client IDs and secrets belong to one environment and one tenant: check that both were generated for this tenant (Settings > Integrations > API Application Access) and for the chosen environment.',
			false,
		);
	}
	return new ServiceTitanTokenError(
		`The ServiceTitan token endpoint answered ${status}${code ? ` (${code})` : ''}`,
		`The token request to ${where} failed. ServiceTitan throttles token requests; if this persists, check ServiceTitan's status page.`,
		status === 429 || status >= 500,
	);
}

// Tokens this process holds ---------------------------------------------------------------------

/**
 * n8n asks the credential for a token when the stored one is empty and again after every 401 —
 * per request, so concurrent items that all see an expired token would each fetch one, and a wrong
 * App Key (401 with any token) would cost a token per item. What this process knows about each
 * credential's tokens prevents both: one fetch at a time per credential, a caller still holding a
 * token that was already replaced gets the replacement, and a token ServiceTitan refused without
 * ever accepting it is not replaced for a while (a new one would be refused the same way).
 */
interface IssuedToken {
	token: string;
	issuedAt: number;
	/**
	 * Set once a request of this credential succeeded while this was its newest token: the App Key and
	 * the tenant's connection are right, so a later 401 means the token expired or was revoked.
	 */
	acceptedAt?: number;
	/** Set when a 401 came back on it before it was ever accepted. */
	refusedAt?: number;
	/** Set when a 401 said the token itself is bad (`WWW-Authenticate: Bearer error="invalid_token"`). */
	invalidAt?: number;
}

interface CredentialTokens {
	latest?: IssuedToken;
	/** Tokens replaced in this process, oldest first (bounded). */
	replaced: string[];
	inFlight?: Promise<string>;
}

/** A token a caller held before the current one was issued is replaced by it for this long. */
const REPLACEMENT_REUSE_MS = 5 * 60_000;
/**
 * A caller that read the credential before the token just fetched was stored presents an empty
 * token: it gets that token for this long (n8n reads the credential per request, so concurrent
 * first requests of a run race the fetch).
 */
const EMPTY_TOKEN_REUSE_MS = 60_000;
/** A token refused before ever being accepted is not replaced for this long. */
const REFUSED_HOLD_MS = 5 * 60_000;
const MAX_REPLACED = 20;
const MAX_CREDENTIALS = 500;

const registry = new Map<string, CredentialTokens>();

/** Identifies a credential by what its tokens depend on (never stored as such: a hash). */
export function credentialKeyOf(credentials: ICredentialDataDecryptedObject): string {
	const parts = [tokenUrlOf(credentials), String(credentials.clientId ?? '').trim(), String(credentials.clientSecret ?? '')];
	return createHash('sha256').update(parts.join('\n')).digest('hex');
}

function entryFor(key: string): CredentialTokens {
	let entry = registry.get(key);
	if (!entry) {
		if (registry.size >= MAX_CREDENTIALS) registry.delete(registry.keys().next().value as string);
		entry = { replaced: [] };
		registry.set(key, entry);
	}
	return entry;
}

/** The transport reports a request that succeeded, so a later 401 means an expired token. */
export function noteTokenAccepted(key: string): void {
	const latest = registry.get(key)?.latest;
	if (latest && latest.acceptedAt === undefined) latest.acceptedAt = Date.now();
}

/**
 * The transport reports a 401 whose answer blames the token itself (RFC 6750 `invalid_token`:
 * expired or revoked), so replacing it is worthwhile even though it was never accepted.
 */
export function noteTokenInvalid(key: string): void {
	const latest = registry.get(key)?.latest;
	if (latest) latest.invalidAt = Date.now();
}

/**
 * Whether the credential's newest token was refused without ever being accepted (and without the
 * answer blaming the token) and is still held: a 401 then means the App Key or the tenant's
 * connection, and asking for a new token is pointless.
 */
export function isTokenRefusedWhileFresh(key: string): boolean {
	const latest = registry.get(key)?.latest;
	return latest?.refusedAt !== undefined && latest.acceptedAt === undefined && latest.invalidAt === undefined && Date.now() - latest.issuedAt < REFUSED_HOLD_MS;
}

/** Tokens this process issued for the credential, so error messages can be searched for them. */
export function knownTokens(key: string): string[] {
	const entry = registry.get(key);
	return entry ? [...entry.replaced, ...(entry.latest ? [entry.latest.token] : [])] : [];
}

/** The token to use now for a caller that presents `presented`, or undefined when one must be fetched. */
function reusableToken(entry: CredentialTokens, presented: string, now: number): string | undefined {
	const latest = entry.latest;
	if (!latest) return undefined;
	const age = now - latest.issuedAt;
	if (presented === latest.token) {
		if (latest.acceptedAt !== undefined || latest.invalidAt !== undefined || age >= REFUSED_HOLD_MS) return undefined;
		latest.refusedAt ??= now;
		return latest.token;
	}
	if (presented === '') return age < EMPTY_TOKEN_REUSE_MS && latest.invalidAt === undefined ? latest.token : undefined;
	return entry.replaced.includes(presented) && age < REPLACEMENT_REUSE_MS ? latest.token : undefined;
}

/**
 * The credential's `preAuthentication`: a token for these credentials, fetched at most once at a
 * time per credential in this process.
 */
export async function requestAccessToken(helper: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject): Promise<string> {
	const tokenUrl = tokenUrlOf(credentials);
	const tokenUrlProblem = /^https?:\/\//i.test(tokenUrl) ? insecureUrlProblem(tokenUrl) : 'it is missing or not an http(s) URL';
	if (tokenUrlProblem) {
		throw new ServiceTitanTokenError(
			`The token URL of the ServiceTitan credential cannot be used: ${tokenUrlProblem}`,
			'With the Custom environment, enter the full https token URL, e.g. https://auth.example.com/connect/token (plain http only to this machine, e.g. http://127.0.0.1:4010/connect/token).',
			false,
		);
	}
	// The token goes to the API host next: refuse before fetching one that would travel in the clear.
	const apiProblem = insecureUrlProblem(apiBaseUrlOf(credentials));
	if (apiProblem) {
		throw new ServiceTitanTokenError(
			`The API Base URL of the ServiceTitan credential cannot be used: ${apiProblem}`,
			'With the Custom environment, enter the https API host root, e.g. https://api.servicetitan.io (plain http only to this machine).',
			false,
		);
	}
	const key = credentialKeyOf(credentials);
	const entry = entryFor(key);
	if (entry.inFlight) return await entry.inFlight;
	const presented = String(credentials.accessToken ?? '');
	const reusable = reusableToken(entry, presented, Date.now());
	if (reusable !== undefined) return reusable;

	// Replaced: this process's newest token, and the one the caller holds (it may have been fetched by
	// another process or an earlier run and read from n8n's store).
	const fetching = fetchToken(helper, credentials, tokenUrl).then((token) => {
		const replaced = [entry.latest?.token, presented].filter((old): old is string => !!old && old !== token);
		entry.replaced = [...entry.replaced.filter((old) => !replaced.includes(old)), ...replaced].slice(-MAX_REPLACED);
		entry.latest = { token, issuedAt: Date.now() };
		return token;
	});
	entry.inFlight = fetching;
	try {
		return await fetching;
	} finally {
		entry.inFlight = undefined;
	}
}

/** OAuth2 client-credentials grant against the environment's token URL. */
async function fetchToken(helper: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject, tokenUrl: string): Promise<string> {
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
	const token = body && typeof body === 'object' ? (body as { access_token?: unknown }).access_token : undefined;
	if (typeof token !== 'string' || token === '') {
		throw new ServiceTitanTokenError(
			'The ServiceTitan token endpoint answered without an access token',
			`The answer from ${displayUrl(tokenUrl)} was not an OAuth2 token response. Check the token URL.`,
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
