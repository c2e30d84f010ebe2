import { NodeApiError } from 'n8n-workflow';

import type { TransportOptions } from './request';
import { serviceTitanRequest } from './request';
import type { ExportResponse, PagedResponse, ServiceTitanContext, ServiceTitanRequest } from './types';

/** ServiceTitan's practical page-size maximum (partner API docs: 1..5000). */
export const MAX_PAGE_SIZE = 5000;

/**
 * Pages of one list read at once, at most: enough to hide a page's server time behind the work on
 * the pages before it, while no more than four pages (about 20 MB of JSON at 5000 records) wait in memory.
 */
export const PAGE_READ_AHEAD = 4;

export interface Page<T> {
	page: number;
	data: T[];
	hasMore: boolean;
}

/**
 * Walks a paged list (`page`, `pageSize`, `hasMore`) and yields its pages in order. The caller
 * stops early by leaving the loop; `hasMore` is the contract, not a short page.
 *
 * With `concurrency` above 1 (Return All), the first page also asks for the total (`includeTotal`);
 * once it is known, the remaining pages are read up to `concurrency` (at most PAGE_READ_AHEAD) at a time, within the tenant's
 * pace, and still yielded in page order, so a list of N pages takes N requests either way. The
 * total is a hint, not the contract: a page before the last that says `hasMore: false` (records
 * deleted meanwhile) ends the walk there, and a last page that says `hasMore: true` (records added)
 * goes on page by page. Without a total (a server that ignores includeTotal) the walk is sequential.
 */
export async function* iteratePages<T>(
	ctx: ServiceTitanContext,
	request: ServiceTitanRequest,
	pageSize: number,
	options: TransportOptions = {},
	concurrency = 1,
): AsyncGenerator<Page<T>> {
	const label = request.label ?? `${request.method} ${request.path}`;
	const readAhead = Math.min(concurrency, PAGE_READ_AHEAD);
	let lastPlanned: number | undefined;
	const read = async (page: number, includeTotal: boolean) => {
		const pageLabel = lastPlanned === undefined ? `${label}, page ${page}` : `${label}, page ${page} of ${lastPlanned}`;
		try {
			const response = await serviceTitanRequest<PagedResponse<T>>(
				ctx,
				{ ...request, label: pageLabel, qs: { ...request.qs, page, pageSize, ...(includeTotal ? { includeTotal: true } : {}) } },
				options,
			);
			const data = Array.isArray(response?.data) ? response.data : [];
			return { page, data, hasMore: response?.hasMore === true, totalCount: response?.totalCount };
		} catch (error) {
			throw withPagesRead(error, page);
		}
	};

	const first = await read(1, concurrency > 1);
	yield { page: first.page, data: first.data, hasMore: first.hasMore };
	if (!first.hasMore) return;
	let page = 2;
	const total = first.totalCount;
	if (concurrency > 1 && typeof total === 'number' && Number.isInteger(total) && total > pageSize) {
		lastPlanned = Math.ceil(total / pageSize);
		const last = lastPlanned;
		const inFlight = new Map<number, ReturnType<typeof read>>();
		let next = 2;
		const launch = () => {
			while (next <= last && inFlight.size < readAhead) {
				const reading = read(next, false);
				// Read ahead of the one awaited: a failure is reported when its turn comes (or not at all
				// when the walk ends before it), never as an unhandled rejection.
				reading.catch(() => undefined);
				inFlight.set(next, reading);
				next++;
			}
		};
		try {
			for (; page <= last; page++) {
				launch();
				const current = await (inFlight.get(page) as ReturnType<typeof read>);
				inFlight.delete(page);
				yield { page: current.page, data: current.data, hasMore: current.hasMore };
				if (!current.hasMore) return;
			}
		} finally {
			inFlight.clear();
		}
		lastPlanned = undefined;
	}
	for (; ; page++) {
		const current = await read(page, false);
		yield { page: current.page, data: current.data, hasMore: current.hasMore };
		if (!current.hasMore) return;
	}
}

/** A later page's error says that the pages read before it are not output: a list with a gap would look whole. */
function withPagesRead(error: unknown, page: number): unknown {
	if (!(error instanceof NodeApiError) || page === 1) return error;
	const note = `Page ${page} of the list failed, so the pages read before it are not output either: a list with a page missing would look complete.`;
	error.description = error.description ? `${error.description}\n${note}` : note;
	return error;
}

export interface ExportPage<T> {
	data: T[];
	hasMore: boolean;
	continueFrom: string;
	/** The `from` this page was read with (undefined = from the beginning). */
	from?: string;
}

/**
 * Walks an export feed from `from` (a continuation token, a date, or nothing for the beginning),
 * one page in memory at a time, following `continueFrom` while `hasMore`.
 */
export async function* iterateExport<T>(
	ctx: ServiceTitanContext,
	request: ServiceTitanRequest,
	from: string | undefined,
	options: TransportOptions = {},
): AsyncGenerator<ExportPage<T>> {
	let position = from;
	for (;;) {
		const response = await serviceTitanRequest<ExportResponse<T>>(
			ctx,
			{ ...request, qs: { ...request.qs, from: position } },
			options,
		);
		const data = Array.isArray(response?.data) ? response.data : [];
		const continueFrom = typeof response?.continueFrom === 'string' ? response.continueFrom : (position ?? '');
		const hasMore = response?.hasMore === true;
		yield { data, hasMore, continueFrom, from: position };
		// A feed that claims more but neither returns data nor moves would loop forever.
		if (!hasMore || (data.length === 0 && continueFrom === position)) return;
		position = continueFrom;
	}
}
