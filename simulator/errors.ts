/** RFC 7807 problem responses in ServiceTitan's `ApiErrorResponse` shape. */
import { randomBytes } from 'node:crypto';

export type FieldErrors = Record<string, string[]>;

export interface ApiErrorResponse {
	type: string;
	title: string;
	status: number;
	traceId: string;
	errors: FieldErrors;
	data: Record<string, unknown>;
}

const PROBLEM_TYPES: Record<number, string> = {
	400: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
	401: 'https://tools.ietf.org/html/rfc9110#section-15.5.2',
	403: 'https://tools.ietf.org/html/rfc9110#section-15.5.4',
	404: 'https://tools.ietf.org/html/rfc9110#section-15.5.5',
	405: 'https://tools.ietf.org/html/rfc9110#section-15.5.6',
	409: 'https://tools.ietf.org/html/rfc9110#section-15.5.10',
	429: 'https://tools.ietf.org/html/rfc6585#section-4',
	500: 'https://tools.ietf.org/html/rfc9110#section-15.6.1',
	502: 'https://tools.ietf.org/html/rfc9110#section-15.6.3',
	503: 'https://tools.ietf.org/html/rfc9110#section-15.6.4',
	504: 'https://tools.ietf.org/html/rfc9110#section-15.6.5',
};

/** A W3C trace-context style id, like the `traceId` ASP.NET puts into problem details. */
function newTraceId(): string {
	return `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-00`;
}

export function problemBody(status: number, title: string, errors: FieldErrors = {}): ApiErrorResponse {
	return {
		type: PROBLEM_TYPES[status] ?? 'about:blank',
		title,
		status,
		traceId: newTraceId(),
		errors,
		data: {},
	};
}

/** Thrown by handlers and the store; the server turns it into a problem response. */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly title: string,
		readonly errors: FieldErrors = {},
	) {
		super(title);
		this.name = 'ApiError';
	}
}

export function validationError(errors: FieldErrors): ApiError {
	return new ApiError(400, 'One or more validation errors occurred.', errors);
}

export function badRequest(field: string, message: string): ApiError {
	return validationError({ [field]: [message] });
}

export function notFound(what: string, id: number, field = 'id'): ApiError {
	return new ApiError(404, `${what} with ID ${id} not found`, { [field]: [`${what} with ID ${id} not found`] });
}

export function conflict(title: string): ApiError {
	return new ApiError(409, title);
}
