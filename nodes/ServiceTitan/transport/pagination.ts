import type { TransportOptions } from './request';
import { serviceTitanRequest } from './request';
import type { ExportResponse, PagedResponse, ServiceTitanContext, ServiceTitanRequest } from './types';

/** ServiceTitan's practical page-size maximum (partner API docs: 1..5000). */
export const MAX_PAGE_SIZE = 5000;

export interface Page<T> {
	page: number;
	data: T[];
	hasMore: boolean;
	totalCount?: number | null;
}

/**
 * Walks a paged list (`page`, `pageSize`, `hasMore`), one page in memory at a time. The caller stops
 * early by leaving the loop; `hasMore` is the contract, not a short page.
 */
export async function* iteratePages<T>(
	ctx: ServiceTitanContext,
	request: ServiceTitanRequest,
	pageSize: number,
	options: TransportOptions = {},
): AsyncGenerator<Page<T>> {
	for (let page = 1; ; page++) {
		const response = await serviceTitanRequest<PagedResponse<T>>(
			ctx,
			{ ...request, qs: { ...request.qs, page, pageSize } },
			options,
		);
		const data = Array.isArray(response?.data) ? response.data : [];
		yield { page, data, hasMore: response?.hasMore === true, totalCount: response?.totalCount };
		if (response?.hasMore !== true) return;
	}
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
