import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { allOperations } from '../catalog';
import type { LoaderName } from '../catalog/types';
import { LOADER_METHODS } from '../engine/properties';
import { iteratePages, MAX_PAGE_SIZE } from '../transport';

/**
 * Where each dropdown reads from: a catalog operation (so the path is written once) and the query
 * that keeps the list to what a user can pick. API errors are not caught: n8n shows them in the
 * dropdown instead of an empty list that would look like "no data".
 */
const SOURCES: Record<LoaderName, { operationId: string; qs: IDataObject; describe?: (record: IDataObject) => string | undefined }> = {
	jobTypes: { operationId: 'JobTypes_GetList', qs: { active: 'True' } },
	jobCancelReasons: { operationId: 'JobCancelReasons_GetList', qs: { active: 'True' } },
	jobHoldReasons: { operationId: 'JobHoldReasons_Get', qs: { active: 'True' } },
	projectStatuses: { operationId: 'ProjectStatuses_GetList', qs: {} },
	projectSubStatuses: {
		operationId: 'ProjectSubStatuses_GetList',
		qs: { active: 'True' },
		describe: (record) => (record.statusId !== undefined ? `Sub-status of status ${String(record.statusId)}` : undefined),
	},
	projectTypes: { operationId: 'ProjectTypes_GetList', qs: {} },
};

async function loadOptionsFrom(ctx: ILoadOptionsFunctions, loader: LoaderName): Promise<INodePropertyOptions[]> {
	const source = SOURCES[loader];
	const found = allOperations().find(({ operation }) => operation.operationId === source.operationId);
	if (!found) throw new Error(`Catalog has no operation ${source.operationId}`);
	const { operation } = found;
	const options: INodePropertyOptions[] = [];
	const request = { method: operation.method, path: operation.path, qs: source.qs as Record<string, string>, label: operation.action, scope: operation.scope };
	for await (const page of iteratePages<IDataObject>(ctx, request, MAX_PAGE_SIZE)) {
		for (const record of page.data) {
			const name = typeof record.name === 'string' && record.name !== '' ? record.name : `#${String(record.id)}`;
			options.push({ name, value: record.id as number, description: source.describe?.(record) });
		}
	}
	return options.sort((a, b) => a.name.localeCompare(b.name));
}

type LoadOptionsMethod = (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]>;

export const loadOptions = Object.fromEntries(
	(Object.keys(LOADER_METHODS) as LoaderName[]).map((loader) => [
		LOADER_METHODS[loader],
		async function (this: ILoadOptionsFunctions) {
			return await loadOptionsFrom(this, loader);
		} as LoadOptionsMethod,
	]),
) as Record<string, LoadOptionsMethod>;
