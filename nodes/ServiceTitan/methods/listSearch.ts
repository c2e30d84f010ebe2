import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import type { LookupName } from '../catalog/lookups';
import { LOOKUP_NAMES, LOOKUPS, searchMethodName } from '../catalog/lookups';
import { MAX_PAGE_SIZE } from '../transport';
import { lookupLabel } from './labels';
import { readLookupPage } from './lookupSource';

/** Results per page when ServiceTitan narrows the list itself (or nothing is typed). */
const BROWSE_PAGE_SIZE = 50;
/**
 * Records per request when the narrowing is ours (e.g. projects by name: the API has no name
 * filter). A search keeps reading until it has matches, so a first page without any is never
 * shown as "no results"; it stops after a full page of matches and goes on when n8n asks for more.
 */
const SCAN_PAGE_SIZE = 500;
/** One call reads at most 40 × 500 = 20,000 records looking for matches, then offers to go on. */
const MAX_SCAN_PAGES = 40;
/** Once it has matches, a call stops after this many pages instead of filling a whole page. */
const PAGES_AFTER_FIRST_MATCH = 4;

interface Cursor {
	page: number;
	pageSize: number;
}

function readCursor(token: unknown, pageSize: number): Cursor {
	const match = typeof token === 'string' ? /^(\d+):(\d+)$/.exec(token) : null;
	return match ? { page: Number(match[1]), pageSize: Number(match[2]) } : { page: 1, pageSize };
}

function idOf(value: unknown): string | undefined {
	const raw = value && typeof value === 'object' && 'value' in value ? (value as IDataObject).value : value;
	const id = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
	return /^[1-9]\d{0,18}$/.test(id) ? id : undefined;
}

/** The value of the parameter a list depends on, wherever the node shows it (top level or a collection). */
function dependency(ctx: ILoadOptionsFunctions, property: string): string | undefined {
	for (const path of [property, `filters.${property}`, `additionalFields.${property}`, `updateFields.${property}`]) {
		let value: unknown;
		try {
			value = ctx.getCurrentNodeParameter(path);
		} catch {
			value = undefined;
		}
		const id = idOf(value);
		if (id) return id;
	}
	return undefined;
}

function toItem(ctx: ILoadOptionsFunctions, name: LookupName, record: IDataObject): INodeListSearchItems {
	return { name: lookupLabel(name, record, ctx.getTimezone()), value: String(record.id) };
}

function matches(item: INodeListSearchItems, filter: string): boolean {
	return item.name.toLowerCase().includes(filter.toLowerCase()) || String(item.value) === filter;
}

/** A tenant setting: all of it, narrowed locally and sorted by name. */
async function searchSmall(ctx: ILoadOptionsFunctions, name: LookupName, filter: string | undefined): Promise<INodeListSearchResult> {
	const items: INodeListSearchItems[] = [];
	for (let page = 1; ; page++) {
		const response = await readLookupPage(ctx, name, { ...LOOKUPS[name].qs, page, pageSize: MAX_PAGE_SIZE }, 'By ID');
		for (const record of response?.data ?? []) items.push(toItem(ctx, name, record));
		if (response?.hasMore !== true) break;
	}
	const kept = filter ? items.filter((item) => matches(item, filter)) : items;
	return { results: kept.sort((a, b) => a.name.localeCompare(b.name)) };
}

async function search(ctx: ILoadOptionsFunctions, name: LookupName, rawFilter?: string, token?: unknown): Promise<INodeListSearchResult> {
	const spec = LOOKUPS[name];
	const filter = rawFilter?.trim() || undefined;
	if (spec.small) return await searchSmall(ctx, name, filter);

	const qs: Record<string, string | number> = { ...spec.qs };
	if (spec.dependsOn) {
		const id = dependency(ctx, spec.dependsOn.property);
		if (id) qs[spec.dependsOn.query] = id;
	}
	let narrowHere = false;
	if (filter && /^\d+$/.test(filter) && spec.search.number) {
		qs[spec.search.number] = filter;
		// A typed ID finds the record even when it is inactive.
		if (spec.search.number === 'ids' && qs.active !== undefined) qs.active = 'Any';
	} else if (filter && spec.search.text) {
		qs[spec.search.text] = filter;
	} else if (filter) {
		narrowHere = true;
	}
	if (spec.sort && !(filter && spec.search.text && !narrowHere)) qs.sort = spec.sort;

	if (!narrowHere) {
		const cursor = readCursor(token, BROWSE_PAGE_SIZE);
		const response = await readLookupPage(ctx, name, { ...qs, page: cursor.page, pageSize: cursor.pageSize }, 'By ID');
		return {
			results: (response?.data ?? []).map((record) => toItem(ctx, name, record)),
			paginationToken: response?.hasMore === true ? `${cursor.page + 1}:${cursor.pageSize}` : undefined,
		};
	}

	const cursor = readCursor(token, SCAN_PAGE_SIZE);
	const results: INodeListSearchItems[] = [];
	for (let page = cursor.page, read = 0; read < MAX_SCAN_PAGES; page++, read++) {
		const response = await readLookupPage(ctx, name, { ...qs, page, pageSize: cursor.pageSize }, 'By ID');
		for (const record of response?.data ?? []) {
			const item = toItem(ctx, name, record);
			if (matches(item, filter as string)) results.push(item);
		}
		if (response?.hasMore !== true) return { results };
		if (results.length >= BROWSE_PAGE_SIZE || (results.length > 0 && read + 1 >= PAGES_AFTER_FIRST_MATCH)) {
			return { results, paginationToken: `${page + 1}:${cursor.pageSize}` };
		}
	}
	return { results, paginationToken: `${cursor.page + MAX_SCAN_PAGES}:${cursor.pageSize}` };
}

type SearchMethod = (this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) => Promise<INodeListSearchResult>;

/** One "From List" search per lookup, named as the renderer names them (catalog/lookups.ts). */
export const listSearch: Record<string, SearchMethod> = Object.fromEntries(
	LOOKUP_NAMES.map((name) => [
		searchMethodName(name),
		async function (this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
			return await search(this, name, filter, paginationToken);
		} as SearchMethod,
	]),
);
