import type { IDataObject, ILoadOptionsFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { findOperationById } from '../catalog';
import type { LookupName } from '../catalog/lookups';
import { LOOKUPS } from '../catalog/lookups';
import type { PagedResponse, ServiceTitanRequest } from '../transport';
import { ensureNodeError, serviceTitanRequest } from '../transport';

/** The list a lookup reads, resolved from the catalog (JPM) or the lookup table (other APIs). */
interface LookupRequest {
	api?: string;
	path: string;
	scope: string;
	action: string;
}

function lookupRequest(name: LookupName): LookupRequest {
	const { source } = LOOKUPS[name];
	if ('operationId' in source) {
		const operation = findOperationById(source.operationId);
		if (!operation) throw new Error(`The catalog has no operation ${source.operationId}`);
		return { path: operation.path, scope: operation.scope, action: operation.action };
	}
	return { api: source.api, path: source.path, scope: source.scope, action: source.action };
}

/**
 * One page of a lookup's list. Without the scope (403) the list says so in one line, pointing to
 * the way that still works; other failures pass through with ServiceTitan's own wording.
 */
export async function readLookupPage(
	ctx: ILoadOptionsFunctions,
	name: LookupName,
	qs: Record<string, string | number>,
	fallback: 'By ID' | 'an expression',
): Promise<PagedResponse<IDataObject>> {
	const source = lookupRequest(name);
	const request: ServiceTitanRequest = { method: 'GET', api: source.api, path: source.path, qs, label: source.action, scope: source.scope };
	try {
		return await serviceTitanRequest<PagedResponse<IDataObject>>(ctx, request);
	} catch (error) {
		if (error instanceof NodeApiError && error.httpCode === '403') {
			const how = fallback === 'By ID' ? "choose 'By ID' and enter the ID" : 'enter the IDs with an expression';
			throw new NodeOperationError(
				ctx.getNode(),
				`ServiceTitan did not let this app list ${LOOKUPS[name].plural} (it needs the scope ${source.scope}): ${how} instead`,
			);
		}
		throw ensureNodeError(ctx.getNode(), error);
	}
}
