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
