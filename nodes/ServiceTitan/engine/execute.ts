import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { findOperation, RESOURCES } from '../catalog';
import type { OperationSpec, ResourceSpec } from '../catalog/types';
import type { ServiceTitanRequest, TransportOptions } from '../transport';
import { ensureNodeError, iterateExport, iteratePages, MAX_PAGE_SIZE, sendRequest, serviceTitanRequest } from '../transport';
import { forEachWithConcurrency } from './concurrency';
import { exportRecordsToJson, listToJson } from './output';
import { appliedCheckFor, prepareRequest, readExportSettings } from './request';
import { simplifyRecord } from './simplify';

/** The value n8n gives Resource and Operation when "Custom API Call" is chosen. */
const CUSTOM_API_CALL = '__CUSTOM_API_CALL__';

interface RunSettings extends TransportOptions {
	maxConcurrency: number;
}

function readRunSettings(ctx: IExecuteFunctions): RunSettings {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const maxConcurrency = Number(options.maxConcurrency ?? 10);
	const requestsPerSecond = options.requestsPerSecond === undefined ? undefined : Number(options.requestsPerSecond);
	const processesSharing = options.processesSharing === undefined ? undefined : Number(options.processesSharing);
	if (!Number.isInteger(maxConcurrency) || maxConcurrency < 1) {
		throw new NodeOperationError(ctx.getNode(), "The option 'Max Concurrent Requests' must be a whole number of at least 1", {
			description: `Got ${JSON.stringify(options.maxConcurrency)}.`,
		});
	}
	if (requestsPerSecond !== undefined && (!Number.isFinite(requestsPerSecond) || requestsPerSecond <= 0)) {
		throw new NodeOperationError(ctx.getNode(), "The option 'Requests per Second' must be a positive number", {
			description: `Got ${JSON.stringify(options.requestsPerSecond)}.`,
		});
	}
	if (processesSharing !== undefined && (!Number.isInteger(processesSharing) || processesSharing < 1)) {
		throw new NodeOperationError(ctx.getNode(), "The option 'Processes Sharing the Limit' must be a whole number of at least 1", {
			description: `Got ${JSON.stringify(options.processesSharing)}: the number of n8n processes (for example queue-mode workers) sending to this tenant with this app at the same time.`,
		});
	}
	return { maxConcurrency, requestsPerSecond, processesSharing };
}

function readLimit(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	if (ctx.getNodeParameter('returnAll', itemIndex, false) === true) return undefined;
	const limit = ctx.getNodeParameter('limit', itemIndex, 50);
	if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
		throw new NodeOperationError(ctx.getNode(), `The parameter 'Limit' must be a whole number from 1 to ${MAX_PAGE_SIZE} [item ${itemIndex}]`, {
			itemIndex,
			description: `Got ${JSON.stringify(limit)}. To get more than ${MAX_PAGE_SIZE} records, turn on 'Return All'.`,
		});
	}
	return limit;
}

/** Turns an item's records into output JSON: one object per record, simplified when asked. */
function recordShaper(ctx: IExecuteFunctions, operation: OperationSpec, itemIndex: number): (records: unknown[]) => IDataObject[] {
	const simplify = operation.simplify !== undefined && ctx.getNodeParameter('simplify', itemIndex, true) === true;
	return (records) =>
		listToJson(records).map((record) => (simplify && operation.simplify ? simplifyRecord(record, operation.simplify) : record));
}

/**
 * What running one item sends and returns: its records as JSON objects, in API order. An export
 * walk also says what it reads (`shareKey`): items asking for the same walk share one reading.
 */
type ItemRun = (() => Promise<IDataObject[]>) & { shareKey?: string };

/**
 * Reads and checks every parameter of one item (request, limit, export position) without sending
 * anything; the returned function sends the item's requests.
 */
function prepareItem(
	ctx: IExecuteFunctions,
	resource: ResourceSpec,
	operation: OperationSpec,
	itemIndex: number,
	settings: RunSettings,
): ItemRun {
	const prepared = prepareRequest(ctx, resource, operation, itemIndex);
	const request: ServiceTitanRequest = { ...prepared.request, alreadyApplied: appliedCheckFor(ctx, operation, prepared, settings) };
	const shape = recordShaper(ctx, operation, itemIndex);
	const envelope = operation.envelope;
	switch (envelope.kind) {
		case 'paged': {
			const limit = readLimit(ctx, itemIndex);
			const pageSize = limit === undefined ? MAX_PAGE_SIZE : Math.min(limit, MAX_PAGE_SIZE);
			return async () => {
				const output: IDataObject[] = [];
				for await (const page of iteratePages(ctx, request, pageSize, settings)) {
					const room = limit === undefined ? page.data.length : limit - output.length;
					for (const record of shape(page.data.slice(0, room))) output.push(record);
					if (limit !== undefined && output.length >= limit) break;
				}
				return output;
			};
		}
		case 'list':
			return async () => {
				const paged = envelope.sendsPaging ? { ...request, qs: { ...request.qs, page: 1, pageSize: MAX_PAGE_SIZE } } : request;
				const response = await serviceTitanRequest<IDataObject>(ctx, paged, settings);
				const list = response?.[envelope.key];
				return shape(Array.isArray(list) ? list : []);
			};
		case 'export': {
			const exportSettings = readExportSettings(ctx, resource, operation, itemIndex);
			const shapeExport = (records: unknown[]) => exportRecordsToJson(shape(records), envelope, exportSettings.oneItemPerEvent);
			const shareKey = JSON.stringify([request.path, request.qs, exportSettings, operation.simplify ? ctx.getNodeParameter('simplify', itemIndex, true) : null]);
			const shared = (run: () => Promise<IDataObject[]>): ItemRun => Object.assign(run, { shareKey });
			if (exportSettings.mode === 'page') {
				return shared(async () => {
					for await (const page of iterateExport(ctx, request, exportSettings.from, settings)) {
						return [{ data: shapeExport(page.data), continueFrom: page.continueFrom, hasMore: page.hasMore }];
					}
					return [];
				});
			}
			return shared(async () => {
				const output: IDataObject[] = [];
				for await (const page of iterateExport(ctx, request, exportSettings.from, settings)) {
					for (const record of shapeExport(page.data)) {
						if (output.length >= exportSettings.maxItems) break;
						output.push(record);
					}
					if (output.length >= exportSettings.maxItems) break;
				}
				return output;
			});
		}
		case 'single':
			return async () => {
				const response = await serviceTitanRequest<unknown>(ctx, request, settings);
				const record =
					envelope.unwrap && response && typeof response === 'object' ? (response as IDataObject)[envelope.unwrap] : response;
				return shape([record ?? {}]);
			};
		case 'none':
			return async () => {
				const { note } = await sendRequest<unknown>(ctx, request, settings);
				return [{ ...(envelope.result === 'deleted' ? { deleted: true } : { success: true }), ...(note ? { note } : {}) }];
			};
	}
}

function errorJson(error: unknown): IDataObject {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		return {
			error: error.message,
			...(error.description ? { description: error.description } : {}),
			...(error instanceof NodeApiError && error.httpCode ? { httpCode: error.httpCode } : {}),
		};
	}
	return { error: error instanceof Error ? error.message : String(error) };
}

/** The action node's execute(): every input item through its catalog operation. */
export async function executeCatalogOperation(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	// n8n adds "Custom API Call" to Resource and Operation (the credential authenticates any request);
	// with it chosen the Operation parameter may be hidden, so both are read with a fallback.
	const resourceValue = String(ctx.getNodeParameter('resource', 0, ''));
	const operationValue = String(ctx.getNodeParameter('operation', 0, ''));
	if (resourceValue === CUSTOM_API_CALL || operationValue === CUSTOM_API_CALL) {
		throw new NodeOperationError(ctx.getNode(), "'Custom API Call' runs in n8n's HTTP Request node, not in this node", {
			description:
				"Add an HTTP Request node, set Authentication to 'Predefined Credential Type' and Credential Type to 'ServiceTitan API', and call any ServiceTitan API, e.g. https://api.servicetitan.io/crm/v2/tenant/{tenant}/customers (the credential fills in {tenant}). Or pick one of this node's operations.",
		});
	}
	const resource = RESOURCES.find((candidate) => candidate.value === resourceValue);
	const operation = findOperation(resourceValue, operationValue);
	if (!resource || !operation) {
		throw new NodeOperationError(ctx.getNode(), `The operation '${operationValue}' of resource '${resourceValue}' is not supported`);
	}
	const settings = readRunSettings(ctx);
	const results: INodeExecutionData[][] = new Array(items.length);

	const continueOnFail = ctx.continueOnFail();
	const errorItem = (itemIndex: number, error: unknown): INodeExecutionData[] => [{ json: errorJson(error), pairedItem: { item: itemIndex } }];
	// Every item is read and checked before the first request: bad input in any item stops the run
	// (or, with "Continue On Fail", becomes that item's error item) with nothing sent for the others.
	const runs = new Map<number, ItemRun>();
	items.forEach((_item, itemIndex) => {
		try {
			runs.set(itemIndex, prepareItem(ctx, resource, operation, itemIndex, settings));
		} catch (error) {
			if (!continueOnFail) throw ensureNodeError(ctx.getNode(), error);
			results[itemIndex] = errorItem(itemIndex, error);
		}
	});

	// An export feed does not depend on the input: items asking for the same walk read it once, and
	// its records are paired with all of them (31 items no longer read the feed 31 times).
	const sharing = new Map<string, number[]>();
	for (const [itemIndex, run] of runs) {
		if (run.shareKey === undefined) continue;
		const group = sharing.get(run.shareKey);
		if (group) {
			group.push(itemIndex);
			runs.delete(itemIndex);
		} else {
			sharing.set(run.shareKey, [itemIndex]);
		}
	}
	const pairedWith = new Map<number, number[]>();
	for (const group of sharing.values()) pairedWith.set(group[0], group);
	const sharedGroups = [...sharing.values()].filter((group) => group.length > 1);
	if (sharedGroups.length > 0) {
		const readers = sharedGroups.reduce((sum, group) => sum + group.length, 0);
		ctx.addExecutionHints({
			message: `The export feed was read ${sharedGroups.length === 1 ? 'once' : `${sharedGroups.length} times`} for ${readers} input items asking for the same records; its items are paired with all of them.`,
			location: 'outputPane',
		});
	}

	const runnable = [...runs.keys()];
	await forEachWithConcurrency(runnable.length, settings.maxConcurrency, async (position) => {
		const itemIndex = runnable[position];
		const run = runs.get(itemIndex) as ItemRun;
		const group = pairedWith.get(itemIndex);
		const pairedItem = group && group.length > 1 ? group.map((item) => ({ item })) : { item: itemIndex };
		const toItems = (records: IDataObject[]) => records.map((json) => ({ json, pairedItem }));
		if (!continueOnFail) {
			results[itemIndex] = toItems(await run());
			return;
		}
		// With "Continue On Fail", a failed item becomes one error item and the others go on.
		await run().then(
			(records) => (results[itemIndex] = toItems(records)),
			(error: unknown) => (results[itemIndex] = errorItem(itemIndex, error)),
		);
	});
	return [results.flat()];
}
