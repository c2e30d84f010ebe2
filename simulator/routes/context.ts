/** What every operation handler receives and returns. */
import type { ContinuationTokens, ExportWindow } from '../exportFeeds';
import { ListQuery, type PagedEnvelope, type Params, readPaging, type SlotSource } from '../query';
import type { SpecOperation } from '../spec';
import type { TenantStore } from '../tenantStore';

export interface HandlerContext {
	readonly operation: SpecOperation;
	readonly store: TenantStore;
	readonly params: Params;
	/** The JSON body, already checked against the operation's request schema. */
	readonly body: unknown;
	/** Employee id of the calling client (recorded as createdById). */
	readonly actorId: number;
	readonly exports: { window: ExportWindow; tokens: ContinuationTokens };
}

export interface HandlerResult {
	status: 200 | 204;
	body?: unknown;
	/** Counts towards `stats.creations[operationId]`. */
	created?: boolean;
}

export type Handler = (context: HandlerContext) => HandlerResult;
export type HandlerTable = Record<string, Handler>;

export const ok = (body?: unknown): HandlerResult => ({ status: 200, body });
export const created = (body: unknown): HandlerResult => ({ status: 200, body, created: true });
export const noContent = (): HandlerResult => ({ status: 204 });

/** Request bodies are schema-checked before the handler runs, so the cast only names the shape. */
export function bodyOf<T>(context: HandlerContext): T {
	return context.body as T;
}

/** Starts a filtered list over a table of the current tenant. */
export function listQuery<T extends { id: number }>(context: HandlerContext): ListQuery<T> {
	return new ListQuery<T>(context.params);
}

/**
 * Runs a list query with paging and the tenant's list cache. `dense` tables (no gaps: jobs,
 * projects, catalogues) page unfiltered requests by arithmetic.
 */
export function pagedList<T extends { id: number }, R>(
	context: HandlerContext,
	query: ListQuery<T>,
	source: SlotSource<T>,
	render: (record: T) => R,
	dense = true,
): PagedEnvelope<R> {
	const { store, operation } = context;
	return query.page(source, readPaging(context.params), render, {
		store: store.listCache,
		key: operation.operationId,
		version: store.data.version,
		dense,
	});
}
