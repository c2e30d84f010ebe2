/**
 * Shared list machinery: typed access to parsed parameters, filters (`ids`, comma lists, date ranges,
 * `active`), `sort=+Field/-Field`, 1-based paging with `pageSize` ≤ 5000, and a per-tenant cache of
 * matching slots so "Return All" over 100k records filters once, not once per page.
 */
import { badRequest } from './errors';
import type { ActiveFilter } from './types';
import type { ParamValue } from './validation';

const DEFAULT_PAGE_SIZE = 50;
/** `ids` and `externalDataValues` accept at most 50 values. */
export const MAX_LOOKUP_VALUES = 50;

export class Params {
	constructor(
		private readonly pathValues: Map<string, number>,
		private readonly queryValues: Map<string, ParamValue>,
	) {}

	/** A path id (all path parameters are int64). */
	id(name = 'id'): number {
		const value = this.pathValues.get(name);
		if (value === undefined) throw new Error(`Path parameter ${name} is missing from the route`);
		return value;
	}

	has(name: string): boolean {
		return this.queryValues.has(name);
	}

	/** Integer or date-time (as epoch ms) query parameter. */
	number(name: string): number | undefined {
		const value = this.queryValues.get(name);
		return typeof value === 'number' ? value : undefined;
	}

	string(name: string): string | undefined {
		const value = this.queryValues.get(name);
		return typeof value === 'string' ? value : undefined;
	}

	boolean(name: string): boolean | undefined {
		const value = this.queryValues.get(name);
		return typeof value === 'boolean' ? value : undefined;
	}

	/** Repeated (array) query parameter such as `codes`. */
	strings(name: string): string[] | undefined {
		const value = this.queryValues.get(name);
		return Array.isArray(value) ? value : undefined;
	}

	/** A comma-separated list of strings (`externalDataValues`, Projects `status`). */
	csv(name: string, max?: number): string[] | undefined {
		const raw = this.string(name);
		if (raw === undefined) return undefined;
		const values = raw.split(',').map((part) => part.trim()).filter((part) => part !== '');
		if (max !== undefined && values.length > max) throw badRequest(name, `${name} accepts at most ${max} values.`);
		return values;
	}

	/** A comma-separated list of int64 ids (`ids`, `tagTypeIds`…). */
	idList(name: string, max?: number): number[] | undefined {
		const values = this.csv(name, max);
		if (values === undefined) return undefined;
		return values.map((value) => {
			if (!/^\d+$/.test(value)) throw badRequest(name, `The value '${value}' in ${name} is not a valid ID.`);
			return Number(value);
		});
	}

	/** Canonical text of all query parameters except paging: the list-cache key. */
	filterKey(): string {
		return [...this.queryValues]
			.filter(([name]) => name !== 'page' && name !== 'pageSize' && name !== 'includeTotal')
			.map(([name, value]) => `${name}=${JSON.stringify(value)}`)
			.sort()
			.join('&');
	}
}

export interface Paging {
	page: number;
	pageSize: number;
	includeTotal: boolean;
}

/** Paging with its defaults (ranges are checked with the other parameters, see `validation.ts`). */
export function readPaging(params: Params): Paging {
	return {
		page: params.number('page') ?? 1,
		pageSize: params.number('pageSize') ?? DEFAULT_PAGE_SIZE,
		includeTotal: params.boolean('includeTotal') === true,
	};
}

export interface PagedEnvelope<T> {
	page: number;
	pageSize: number;
	hasMore: boolean;
	totalCount: number | null;
	data: T[];
}

/** Pages an in-memory array (small lists such as notes or catalogue children). */
export function pageArray<T, R>(items: readonly T[], paging: Paging, render: (item: T) => R): PagedEnvelope<R> {
	const start = (paging.page - 1) * paging.pageSize;
	return {
		page: paging.page,
		pageSize: paging.pageSize,
		hasMore: start + paging.pageSize < items.length,
		totalCount: paging.includeTotal ? items.length : null,
		data: items.slice(start, start + paging.pageSize).map(render),
	};
}

/** A table readable by slot (see `Collection`). */
export interface SlotSource<T> {
	readonly size: number;
	at(slot: number): T | undefined;
}

export type Predicate<T> = (record: T) => boolean;
type SortKey = number | string | null;

/** Matching slots for one (operation, filters, data version): what the cache holds. */
export interface ListCache {
	get(key: string, version: number): Int32Array | undefined;
	set(key: string, version: number, slots: Int32Array): void;
}

/** Keeps the few most recent list results; any write to the tenant makes them stale. */
export class RecentListCache implements ListCache {
	private entries = new Map<string, { version: number; slots: Int32Array }>();

	constructor(private readonly capacity = 16) {}

	get(key: string, version: number): Int32Array | undefined {
		const entry = this.entries.get(key);
		return entry && entry.version === version ? entry.slots : undefined;
	}

	set(key: string, version: number, slots: Int32Array): void {
		this.entries.delete(key);
		this.entries.set(key, { version, slots });
		if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
	}
}

function inRange(value: number, from: number | undefined, before: number | undefined): boolean {
	return (from === undefined || value >= from) && (before === undefined || value < before);
}

/** Builds the filters and sort of one list request, then pages through a table. */
export class ListQuery<T extends { id: number }> {
	private predicates: Array<Predicate<T>> = [];
	private sortKey: ((record: T) => SortKey) | undefined;
	private descending = false;

	constructor(readonly params: Params) {}

	where(predicate: Predicate<T> | undefined): this {
		if (predicate) this.predicates.push(predicate);
		return this;
	}

	/** Exact match on an integer or string parameter. */
	equals(name: string, get: (record: T) => number | string | null): this {
		const value = this.params.number(name) ?? this.params.string(name);
		if (value !== undefined) this.predicates.push((record) => get(record) === value);
		return this;
	}

	/** Case-insensitive "contains" on a string parameter (e.g. `name`). */
	contains(name: string, get: (record: T) => string | null): this {
		const value = this.params.string(name)?.toLowerCase();
		if (value !== undefined) this.predicates.push((record) => (get(record) ?? '').toLowerCase().includes(value));
		return this;
	}

	/** `ids=1,2,3` (at most 50). */
	ids(name = 'ids'): this {
		const ids = this.params.idList(name, MAX_LOOKUP_VALUES);
		if (ids) {
			const wanted = new Set(ids);
			this.predicates.push((record) => wanted.has(record.id));
		}
		return this;
	}

	/** A comma list of ids where the record matches if any of its values is listed. */
	overlaps(name: string, get: (record: T) => readonly number[] | number | null): this {
		const ids = this.params.idList(name);
		if (ids) {
			const wanted = new Set(ids);
			this.predicates.push((record) => {
				const values = get(record);
				if (values === null) return false;
				return typeof values === 'number' ? wanted.has(values) : values.some((value) => wanted.has(value));
			});
		}
		return this;
	}

	/** `${prefix}OnOrAfter` (inclusive) and `${prefix}Before` (exclusive); lists match if any value does. */
	dates(prefix: string, get: (record: T) => number | null | readonly number[]): this {
		const from = this.params.number(`${prefix}OnOrAfter`);
		const before = this.params.number(`${prefix}Before`);
		if (from === undefined && before === undefined) return this;
		this.predicates.push((record) => {
			const value = get(record);
			if (value === null) return false;
			if (typeof value === 'number') return inRange(value, from, before);
			return value.some((item) => inRange(item, from, before));
		});
		return this;
	}

	/** `active=True|Any|False` with the operation's default. */
	active(defaultValue: ActiveFilter, get: (record: T) => boolean, name = 'active'): this {
		const value = (this.params.string(name) as ActiveFilter | undefined) ?? defaultValue;
		if (value !== 'Any') this.predicates.push((record) => get(record) === (value === 'True'));
		return this;
	}

	/** `sort=+Field` / `-Field` (a bare `Field` sorts ascending); field names are case-insensitive. */
	sortable(fields: Record<string, (record: T) => SortKey>, name = 'sort'): this {
		const raw = this.params.string(name);
		if (raw === undefined) return this;
		// An unencoded '+' arrives as a space.
		const match = /^\s*([+-]?)\s*(\w+)\s*$/.exec(raw);
		const field = match && Object.keys(fields).find((candidate) => candidate.toLowerCase() === match[2].toLowerCase());
		if (!match || !field) {
			throw badRequest(name, `Cannot sort by '${raw}'. Available fields are: ${Object.keys(fields).join(', ')}.`);
		}
		return this.orderBy(fields[field], match[1] === '-');
	}

	orderBy(key: (record: T) => SortKey, descending: boolean): this {
		this.sortKey = key;
		this.descending = descending;
		return this;
	}

	private matchingSlots(source: SlotSource<T>): Int32Array {
		const slots: number[] = [];
		const keys: SortKey[] = [];
		const { predicates, sortKey } = this;
		for (let slot = 0; slot < source.size; slot++) {
			const record = source.at(slot);
			if (!record || !predicates.every((predicate) => predicate(record))) continue;
			slots.push(slot);
			if (sortKey) keys.push(sortKey(record));
		}
		if (!sortKey) return Int32Array.from(slots);
		const direction = this.descending ? -1 : 1;
		const order = slots.map((_, index) => index);
		order.sort((a, b) => {
			const left = keys[a];
			const right = keys[b];
			if (left !== right) {
				if (left === null) return -direction;
				if (right === null) return direction;
				return (left < right ? -1 : 1) * direction;
			}
			return slots[a] - slots[b];
		});
		return Int32Array.from(order, (index) => slots[index]);
	}

	/**
	 * One page. Unfiltered, unsorted requests on a gap-free table page by slot arithmetic; everything
	 * else filters the whole table once and caches the matching slots until the next write.
	 */
	page<R>(
		source: SlotSource<T>,
		paging: Paging,
		render: (record: T) => R,
		cache?: { store: ListCache; key: string; version: number; dense: boolean },
	): PagedEnvelope<R> {
		const start = (paging.page - 1) * paging.pageSize;
		const envelope = (total: number, records: T[]): PagedEnvelope<R> => ({
			page: paging.page,
			pageSize: paging.pageSize,
			hasMore: start + paging.pageSize < total,
			totalCount: paging.includeTotal ? total : null,
			data: records.map(render),
		});
		if (cache?.dense && this.predicates.length === 0 && !this.sortKey) {
			const records: T[] = [];
			const end = Math.min(source.size, start + paging.pageSize);
			for (let slot = start; slot < end; slot++) {
				const record = source.at(slot);
				if (record) records.push(record);
			}
			return envelope(source.size, records);
		}
		const key = cache && `${cache.key}?${this.params.filterKey()}`;
		let slots = cache && key ? cache.store.get(key, cache.version) : undefined;
		if (!slots) {
			slots = this.matchingSlots(source);
			if (cache && key) cache.store.set(key, cache.version, slots);
		}
		const records: T[] = [];
		const end = Math.min(slots.length, start + paging.pageSize);
		for (let index = start; index < end; index++) {
			const record = source.at(slots[index]);
			if (record) records.push(record);
		}
		return envelope(slots.length, records);
	}
}
