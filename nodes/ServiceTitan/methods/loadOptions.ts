import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import type { LookupName } from '../catalog/lookups';
import { LOOKUP_NAMES, LOOKUPS, loadMethodName } from '../catalog/lookups';
import { MAX_PAGE_SIZE } from '../transport';
import { lookupLabel } from './labels';
import { readLookupPage } from './lookupSource';

/**
 * The dropdowns that pick several IDs (technicians of an appointment, a project's managers, the
 * trigger's cancel reasons…): the whole list, read page by page, sorted by name. API errors are
 * not caught: n8n shows them in the dropdown instead of an empty list that would look like "no data".
 */
async function loadOptionsFrom(ctx: ILoadOptionsFunctions, name: LookupName): Promise<INodePropertyOptions[]> {
	const options: INodePropertyOptions[] = [];
	for (let page = 1; ; page++) {
		const response = await readLookupPage(ctx, name, { ...LOOKUPS[name].qs, page, pageSize: MAX_PAGE_SIZE }, 'an expression');
		for (const record of response?.data ?? []) {
			options.push({
				name: lookupLabel(name, record, ctx.getTimezone()),
				value: record.id as number,
				description: record.statusId !== undefined ? `Sub-status of status ${String(record.statusId)}` : undefined,
			});
		}
		if (response?.hasMore !== true) break;
	}
	return options.sort((a, b) => a.name.localeCompare(b.name));
}

type LoadOptionsMethod = (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]>;

export const loadOptions: Record<string, LoadOptionsMethod> = Object.fromEntries(
	LOOKUP_NAMES.map((name) => [
		loadMethodName(name),
		async function (this: ILoadOptionsFunctions) {
			return await loadOptionsFrom(this, name);
		} as LoadOptionsMethod,
	]),
);
