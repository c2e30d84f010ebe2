import { NodeOperationError } from 'n8n-workflow';

import { apiBaseUrlOf } from '../../../credentials/environments';
import type { ServiceTitanContext } from './types';

export const CREDENTIAL_TYPE = 'serviceTitanApi';

export interface Connection {
	/** `https://api.servicetitan.io/jpm/v2/tenant/123`, without a trailing slash. */
	tenantBaseUrl: string;
	/** Key of the tenant's rate-limit budget (per API host and tenant). */
	budgetKey: string;
	tenantId: string;
}

// Reading a credential decrypts it; one read per execution context is enough.
const connections = new WeakMap<object, Promise<Connection>>();

export async function resolveConnection(ctx: ServiceTitanContext): Promise<Connection> {
	let connection = connections.get(ctx);
	if (!connection) {
		connection = readConnection(ctx);
		connections.set(ctx, connection);
		connection.catch(() => connections.delete(ctx));
	}
	return await connection;
}

async function readConnection(ctx: ServiceTitanContext): Promise<Connection> {
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	const tenantId = String(credentials.tenantId ?? '').trim();
	if (!/^[1-9]\d{0,18}$/.test(tenantId)) {
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
	return {
		tenantBaseUrl: `${apiBaseUrl}/jpm/v2/tenant/${tenantId}`,
		budgetKey: `${apiBaseUrl}|${tenantId}`,
		tenantId,
	};
}
