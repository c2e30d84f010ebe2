import type { Envelope } from '../catalog/types';

/** Query parameters the engine sets itself (paging, sorting, export position) instead of the user. */
export const ENGINE_OWNED_QUERY = new Set(['page', 'pageSize', 'includeTotal', 'sort', 'from', 'includeRecentChanges']);

/** Operations that return many records get Filters; the others get their optional query in Options. */
export function isListEnvelope(envelope: Envelope): boolean {
	return envelope.kind === 'paged' || envelope.kind === 'export' || envelope.kind === 'list';
}
