import { NodeOperationError } from 'n8n-workflow';

import { apiBaseUrlOf, insecureUrlProblem } from '../../../credentials/environments';
import { credentialKeyOf } from '../../../credentials/tokenRequest';
import { idDigits } from './paths';
import type { ServiceTitanContext } from './types';

export const CREDENTIAL_TYPE = 'serviceTitanApi';

export interface Connection {
	/** `https://api.servicetitan.io/jpm/v2/tenant/123`, without a trailing slash. */
	tenantBaseUrl: string;
	/** `https://api.servicetitan.io`: the root other ServiceTitan APIs (`/crm/v2/tenant/123`) hang off. */
	apiBaseUrl: string;
	/** Key of the tenant's rate-limit budget (per API host and tenant). */
	budgetKey: string;
	tenantId: string;
	/** The credential's key in the token registry (credentials/tokenRequest.ts). */
	credentialKey: string;
	/** Values no error or log may show (client secret, app key, the token read with them). */
	secrets: string[];
}

/**
 * Reading a credential decrypts it, so a context reuses what it read. Only for a minute, though: a
 * polling trigger keeps one context for as long as it is active, and the credential may be edited
 * meanwhile.
 */
const REUSE_MS = 60_000;
const connections = new WeakMap<object, { connection: Promise<Connection>; readAt: number }>();

export async function resolveConnection(ctx: ServiceTitanContext): Promise<Connection> {
	const cached = connections.get(ctx);
	if (cached && Date.now() - cached.readAt < REUSE_MS) return await cached.connection;
	const connection = readConnection(ctx);
	connections.set(ctx, { connection, readAt: Date.now() });
	connection.catch(() => connections.delete(ctx));
	return await connection;
}

async function readConnection(ctx: ServiceTitanContext): Promise<Connection> {
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	const tenantId = idDigits(String(credentials.tenantId ?? '').trim());
	if (tenantId === undefined) {
		throw new NodeOperationError(ctx.getNode(), 'The Tenant ID in the ServiceTitan credential is not a number', {
			description: 'Open the credential and enter the numeric tenant ID, e.g. 1234567890.',
		});
	}
	const apiBaseUrl = apiBaseUrlOf(credentials);
	if (!/^https?:\/\/[^/]/i.test(apiBaseUrl)) {
		throw new NodeOperationError(ctx.getNode(), 'The API Base URL in the ServiceTitan credential is not an http(s) URL', {
			description: 'With the Custom environment, enter the API host root, e.g. https://api.servicetitan.io.',
		});
	}
	const insecure = insecureUrlProblem(apiBaseUrl);
	if (insecure) {
		throw new NodeOperationError(ctx.getNode(), `The API Base URL of the ServiceTitan credential cannot be used: ${insecure}`, {
			description:
				'The access token and the App Key travel with every request. Use an https URL (plain http is accepted only for this machine, e.g. a local simulator at http://127.0.0.1).',
		});
	}
	const secrets = [credentials.clientSecret, credentials.appKey, credentials.accessToken]
		.map((value) => (typeof value === 'string' ? value : ''))
		.filter((value) => value.length >= 4);
	return {
		tenantBaseUrl: `${apiBaseUrl}/jpm/v2/tenant/${tenantId}`,
		apiBaseUrl,
		budgetKey: `${apiBaseUrl}|${tenantId}`,
		tenantId,
		credentialKey: credentialKeyOf(credentials),
		secrets,
	};
}
