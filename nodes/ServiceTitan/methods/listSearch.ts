import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import type { LookupName, LookupSpec } from '../catalog/lookups';
import { LOOKUP_NAMES, LOOKUPS, searchMethodName } from '../catalog/lookups';
import { parameterPaths } from '../engine/layout';
import { idDigits, MAX_PAGE_SIZE } from '../transport';
import { lookupLabel } from './labels';
import { readLookupPage } from './lookupSource';

/** Results per page when ServiceTitan narrows the list itself (or nothing is typed). */
const BROWSE_PAGE_SIZE = 50;
/**
 * Pages of MAX_PAGE_SIZE (5000) read in one call while the narrowing is ours (a project's name: the
 * API has no name filter): 40 × 5000 covers 200,000 records. A call reads on until a screenful of
 * matches (BROWSE_PAGE_SIZE) is found or the list ends, so a first page without a match never reads
 * as "no results"; past the budget, the pagination token says where to go on.
 */
const MAX_SCANNED_PAGES = 40;

type Query = Record<string, string | number>;

function readPageToken(token: unknown): number {
	return typeof token === 'string' && /^[1-9]\d*$/.test(token) ? Number(token) : 1;
}

/** The ID a resource locator, an option or a typed value holds (the one ID rule, transport/paths.ts). */
function idOf(value: unknown): string | undefined {
	const raw = value && typeof value === 'object' && 'value' in value ? (value as IDataObject).value : value;
	return idDigits(typeof raw === 'string' ? raw.trim() : raw);
}

/** The value of the parameter a list depends on, wherever the layout shows it (top level or a collection). */
function dependency(ctx: ILoadOptionsFunctions, property: string): string | undefined {
	for (const path of parameterPaths(property)) {
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

/** Our own narrowing: what the user sees in the label, case-insensitively, or the exact ID. */
function matches(item: INodeListSearchItems, typed: string): boolean {
	return item.name.toLowerCase().includes(typed.toLowerCase()) || String(item.value) === typed;
}

/** A tenant setting: all of it, narrowed locally and sorted by name. */
async function searchSmall(ctx: ILoadOptionsFunctions, name: LookupName, typed: string): Promise<INodeListSearchResult> {
	const items: INodeListSearchItems[] = [];
	for (let page = 1; ; page++) {
		const response = await readLookupPage(ctx, name, { ...LOOKUPS[name].qs, page, pageSize: MAX_PAGE_SIZE }, 'By ID');
		for (const record of response?.data ?? []) items.push(toItem(ctx, name, record));
		if (response?.hasMore !== true) break;
	}
	const kept = typed !== '' ? items.filter((item) => matches(item, typed)) : items;
	return { results: kept.sort((a, b) => a.name.localeCompare(b.name)) };
}

/**
 * The API's own narrowing for what was typed: typed digits are looked up by ID (found even when the
 * record is inactive) and, where the list has one, by its number or text filter as well (the digits
 * may be a job's number or part of a name); other text goes to the text filter. Empty when no filter
 * of the API covers the typed text: it is then matched page by page here.
 */
function serverQueries(spec: LookupSpec, base: Query, typed: string): Query[] {
	const queries: Query[] = [];
	if (idDigits(typed) !== undefined) {
		queries.push({ ...base, ...(base.active !== undefined ? { active: 'Any' } : {}), ids: typed });
		if (spec.search.number) queries.push({ ...base, [spec.search.number]: typed });
		else if (spec.search.text) queries.push({ ...base, [spec.search.text]: typed });
	} else if (spec.search.text) {
		queries.push({ ...base, [spec.search.text]: typed });
	}
	return queries;
}

/** Whether the API's filters cover what was typed, or it must be matched here. */
function narrowedHere(spec: LookupSpec, typed: string): boolean {
	if (typed === '' || spec.search.text) return false;
	return !(idDigits(typed) !== undefined && spec.search.number);
}

async function search(ctx: ILoadOptionsFunctions, name: LookupName, rawFilter?: string, token?: unknown): Promise<INodeListSearchResult> {
	const spec = LOOKUPS[name];
	const typed = rawFilter?.trim() ?? '';
	if (spec.small) return await searchSmall(ctx, name, typed);

	const base: Query = { ...spec.qs };
	if (spec.dependsOn) {
		const id = dependency(ctx, spec.dependsOn.property);
		if (id) base[spec.dependsOn.query] = id;
	}
	const page = readPageToken(token);
	const found = new Map<string, INodeListSearchItems>();
	const keep = (record: IDataObject) => {
		const item = toItem(ctx, name, record);
		if (!found.has(item.value as string)) found.set(item.value as string, item);
	};
	const results = () => [...found.values()];

	if (typed === '') {
		const response = await readLookupPage(ctx, name, { ...base, ...(spec.sort ? { sort: spec.sort } : {}), page, pageSize: BROWSE_PAGE_SIZE }, 'By ID');
		for (const record of response?.data ?? []) keep(record);
		return { results: results(), paginationToken: response?.hasMore === true ? String(page + 1) : undefined };
	}

	const queries = serverQueries(spec, base, typed);
	if (!narrowedHere(spec, typed)) {
		let hasMore = false;
		for (const [index, qs] of queries.entries()) {
			// A lookup by ID has one answer: only the last filter goes on to further pages.
			const last = index === queries.length - 1;
			if (!last && page > 1) continue;
			const response = await readLookupPage(ctx, name, { ...qs, page, pageSize: BROWSE_PAGE_SIZE }, 'By ID');
			for (const record of response?.data ?? []) keep(record);
			if (last) hasMore = response?.hasMore === true;
		}
		return { results: results(), paginationToken: hasMore ? String(page + 1) : undefined };
	}

	// Typed digits may be an ID: the API finds that record directly, before the pages are read.
	if (page === 1) {
		for (const qs of queries) {
			const response = await readLookupPage(ctx, name, { ...qs, page: 1, pageSize: BROWSE_PAGE_SIZE }, 'By ID');
			for (const record of response?.data ?? []) keep(record);
		}
	}
	let current = page;
	let hasMore = true;
	// Read on until a screenful is found, the list ends, or this call's budget of pages is spent.
	for (let read = 0; read < MAX_SCANNED_PAGES && hasMore && found.size < BROWSE_PAGE_SIZE; read++, current++) {
		const response = await readLookupPage(ctx, name, { ...base, ...(spec.sort ? { sort: spec.sort } : {}), page: current, pageSize: MAX_PAGE_SIZE }, 'By ID');
		for (const record of response?.data ?? []) {
			const item = toItem(ctx, name, record);
			if (matches(item, typed) && !found.has(item.value as string)) found.set(item.value as string, item);
		}
		hasMore = response?.hasMore === true;
	}
	return { results: results(), paginationToken: hasMore ? String(current) : undefined };
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
