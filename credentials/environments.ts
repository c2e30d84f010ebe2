import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/**
 * Where each ServiceTitan environment lives. The credential (token requests, its test call) and the
 * node's transport both read this, so an environment is described in exactly one place.
 */
export type ServiceTitanEnvironment = 'production' | 'integration' | 'custom';

export const ENVIRONMENT_HOSTS: Record<
	Exclude<ServiceTitanEnvironment, 'custom'>,
	{ apiBaseUrl: string; tokenUrl: string }
> = {
	production: {
		apiBaseUrl: 'https://api.servicetitan.io',
		tokenUrl: 'https://auth.servicetitan.io/connect/token',
	},
	integration: {
		apiBaseUrl: 'https://api-integration.servicetitan.io',
		tokenUrl: 'https://auth-integration.servicetitan.io/connect/token',
	},
};

function withoutTrailingSlash(url: string): string {
	return url.replace(/\/+$/, '');
}

function environmentOf(credentials: ICredentialDataDecryptedObject): ServiceTitanEnvironment {
	const environment = credentials.environment;
	return environment === 'integration' || environment === 'custom' ? environment : 'production';
}

/** API host root without a trailing slash, e.g. `https://api.servicetitan.io`. */
export function apiBaseUrlOf(credentials: ICredentialDataDecryptedObject): string {
	const environment = environmentOf(credentials);
	if (environment === 'custom') return withoutTrailingSlash(String(credentials.apiBaseUrl ?? ''));
	return ENVIRONMENT_HOSTS[environment].apiBaseUrl;
}

export function tokenUrlOf(credentials: ICredentialDataDecryptedObject): string {
	const environment = environmentOf(credentials);
	if (environment === 'custom') return String(credentials.tokenUrl ?? '').trim();
	return ENVIRONMENT_HOSTS[environment].tokenUrl;
}

/** Hosts that never leave this machine: the only ones plain http may carry a secret to. */
function isLoopbackHost(hostname: string): boolean {
	const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
	return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Why a URL must not carry the credential's secrets (client secret, app key, access token), or
 * undefined when it may: https anywhere, plain http only to this machine (e.g. the simulator).
 */
export function insecureUrlProblem(url: string): string | undefined {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return 'it is not a URL';
	}
	if (parsed.protocol === 'https:') return undefined;
	if (parsed.protocol !== 'http:') return `it uses ${parsed.protocol.replace(/:$/, '')}, not https`;
	return isLoopbackHost(parsed.hostname) ? undefined : 'it uses plain http to another machine, which would send the secrets unencrypted';
}
