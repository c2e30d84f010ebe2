/**
 * The operation catalog: every JPM v2 operation described once, as data. The engine renders n8n
 * properties from it and executes requests from it; a contract test holds it against ServiceTitan's
 * OpenAPI document. Nothing in here knows about HTTP or about n8n's UI.
 */

import type { HttpMethod } from '../transport/types';
import type { LookupName } from './lookups';

/** A single ID picked with a resource locator (From List with search, or By ID); see lookups.ts. */
export type LocatorName = LookupName;

/** Several IDs picked from a dropdown loaded from the API; see lookups.ts. */
export type LoaderName = LookupName;

/** Records big enough to get a Simplify switch; see engine/simplify.ts for the fields kept. */
export type SimplifyName = 'job' | 'appointment' | 'project';

/**
 * How a value is typed for the user and checked before any request:
 * - `id`: a positive int64; `idList`: several, sent comma-separated in a query or as an array in a body
 * - `stringList`: several strings, sent the same way
 * - `dateTime`: any ISO 8601 date/time (or an n8n date); sent as UTC ISO 8601
 * - `object`: nested fields; `objectList`: a list of such objects (e.g. a job's appointments)
 */
export type FieldType =
	| 'string'
	| 'text'
	| 'integer'
	| 'number'
	| 'boolean'
	| 'dateTime'
	| 'options'
	| 'id'
	| 'idList'
	| 'stringList'
	| 'object'
	| 'objectList';

export interface FieldSpec {
	/** Name in the API (query parameter, path parameter or body property). */
	name: string;
	type: FieldType;
	/** Label; defaults to the name in Title Case ("modifiedOnOrAfter" → "Modified On Or After"). */
	displayName?: string;
	required?: boolean;
	/**
	 * The document allows null here. In Update Fields a nullable field left empty is sent as null
	 * (clearing it); a field that is not nullable cannot be cleared and is refused when left empty.
	 */
	nullable?: boolean;
	description?: string;
	/** Allowed values for `options` (vendor enums), in the vendor's spelling. */
	options?: readonly string[];
	default?: string | number | boolean;
	/** `id` only: pick the record with a resource locator. */
	locator?: LocatorName;
	/** `idList` only: pick several from a dropdown loaded from the API. */
	loader?: LoaderName;
	/** `object` / `objectList`: the nested fields. */
	fields?: FieldSpec[];
	/** Vendor limit on list length (e.g. `ids` takes at most 50). */
	maxItems?: number;
	/** Query lists only: send as repeated keys (`codes=A&codes=B`, an OpenAPI array) instead of comma-joined. */
	explode?: boolean;
}

export interface ParameterSpec extends FieldSpec {
	in: 'path' | 'query';
}

/**
 * The response envelope decides how the engine turns a response into n8n items.
 * - `paged`: `{page,pageSize,hasMore,data}`; Return All / Limit, one item per record
 * - `list`: one item per element of `key` (no paging: `{data}` segments, `{matches}`, `{codes}`, `{history}`)
 * - `export`: `{hasMore,continueFrom,data}`; one page, or the feed walked from a date or token
 * - `single`: the object itself (`unwrap` takes one property, e.g. `{code}`)
 * - `none`: no body; the item says what happened
 */
export type Envelope =
	| { kind: 'paged' }
	| { kind: 'list'; key: string; sendsPaging?: boolean }
	| { kind: 'export'; recordName: string; flattenHistory?: boolean }
	| { kind: 'single'; unwrap?: string }
	| { kind: 'none'; result: 'deleted' | 'success' };

/** Request body: described fields, or (where the vendor document has none) raw JSON from the user. */
export type BodySpec =
	| { kind: 'fields'; fields: FieldSpec[] }
	| { kind: 'json'; shape: 'array' | 'object'; displayName: string; description: string };

export interface SortSpec {
	/** `sort=+Field` / `-Field` with these fields. */
	fields: readonly string[];
}

/**
 * How reading the record tells that a state change is already applied. Used when an attempt's answer
 * was lost and the retry is refused (400/404/409): applied by the lost attempt, or really refused?
 */
export interface AppliedCheck {
	/** operationId of the read; its path parameters are this operation's of the same names. */
	read: string;
	/** The field of the record read that shows the state. */
	field: string;
	/** Applied when the field equals / differs from this value, or no longer lists the IDs of this operation's field `lacks`. */
	is: { equals: string | boolean } | { notEquals: string | boolean } | { lacks: string };
	/** A read answering 404 also means applied (a delete). */
	orNotFound?: boolean;
}

/**
 * How the trigger watches a feed: its name there, what a record's change time is (`modifiedOn`, or
 * `createdOn` for canceled logs, whose removal flips `active`), and the record status field its
 * status filter reads.
 */
export interface FeedWatch {
	name: string;
	description: string;
	changedAt: 'modifiedOn' | 'createdOn';
	/** Whether records carry `active` (deactivated and deleted records come too). */
	hasActive: boolean;
	status?: { field: string; values: readonly string[] };
}

export interface OperationSpec {
	/** ServiceTitan's operationId: ties the entry to the vendor document. */
	operationId: string;
	/** n8n operation value (camelCase, `getAll` for Get Many). */
	value: string;
	/** Title Case option name, e.g. "Get Many". */
	name: string;
	/** Sentence-case action, e.g. "Get many jobs". */
	action: string;
	/** What it does, written so an AI agent can pick it. */
	description: string;
	method: HttpMethod;
	/** Path below `/tenant/{tenant}`, e.g. `/jobs/{id}`. */
	path: string;
	/** OAuth scope, e.g. `tn.jpm.jobs:r` (named in 403 errors). */
	scope: string;
	parameters: ParameterSpec[];
	body?: BodySpec;
	envelope: Envelope;
	sort?: SortSpec;
	simplify?: SimplifyName;
	/** A PATCH whose list fields replace whole lists: shown as a notice. */
	notice?: string;
	/** Show the optional fields in catalog order (e.g. Start before End) instead of alphabetically. */
	keepFieldOrder?: boolean;
	/** A state change (PUT/DELETE) whose effect a read can confirm; see AppliedCheck. */
	appliedCheck?: AppliedCheck;
	/** Export feeds: how the trigger watches them. */
	watch?: FeedWatch;
}

export interface ResourceSpec {
	/** n8n resource value. */
	value: string;
	/** Title Case option name. */
	name: string;
	description: string;
	operations: OperationSpec[];
	/** The operation a new node starts on (must be a read); default: Get Many, else Get. */
	defaultOperation?: string;
}
