import type { IExecuteFunctions, ILoadOptionsFunctions, IPollFunctions } from 'n8n-workflow';

/** Every n8n context that talks to ServiceTitan: the action node, its loaders and the trigger. */
export type ServiceTitanContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type QueryValue = string | number | boolean | Array<string | number>;

export interface ServiceTitanRequest {
	method: HttpMethod;
	/** Path below `/{api}/tenant/{tenant}`, already expanded with `buildPath`, e.g. `/jobs/42/notes`. */
	path: string;
	/** The ServiceTitan API the path belongs to (default `jpm/v2`; lookups read CRM, Settings, Marketing). */
	api?: string;
	qs?: Record<string, QueryValue | undefined>;
	body?: unknown;
	/**
	 * Whether sending the request twice is harmless. Defaults to true for everything but POST: a POST
	 * that failed with a 5xx or a lost connection may have been applied, so it is never re-sent blindly.
	 */
	idempotent?: boolean;
	/** What the request does, for error messages, e.g. "Get job 42". */
	label?: string;
	/** OAuth scope the operation needs, named in 403 messages. */
	scope?: string;
	/** Item the request belongs to, for error messages. */
	itemIndex?: number;
	/**
	 * For a state change (confirm, hold, cancel, delete…): reads the record and says whether it is in
	 * the state the request asks for (undefined: the read failed). Asked only when an earlier attempt's
	 * answer was lost and the retry was refused with 400/404/409, to tell "applied by the lost attempt"
	 * from a real refusal.
	 */
	alreadyApplied?: () => Promise<boolean | undefined>;
}

/** ServiceTitan's paged envelope (`PaginatedResponse_Of_*`). */
export interface PagedResponse<T> {
	page: number;
	pageSize: number;
	hasMore: boolean;
	totalCount?: number | null;
	data: T[];
}

/** ServiceTitan's export-feed envelope (`ExportResponse_Of_*`). */
export interface ExportResponse<T> {
	hasMore: boolean;
	continueFrom: string;
	data: T[];
}

/** RFC 7807 body ServiceTitan sends with 4xx answers (`ApiErrorResponse`). */
export interface ServiceTitanProblem {
	type?: string;
	title?: string;
	status?: number;
	traceId?: string;
	errors?: Record<string, string[]>;
}
