import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Envelope } from '../catalog/types';
import { toUtcIso } from './dates';

/** Records as item JSON; a bare value (an ID in a list) becomes `{ value }`. */
export function listToJson(records: unknown[]): IDataObject[] {
	return records.map((record) =>
		record && typeof record === 'object' && !Array.isArray(record) ? (record as IDataObject) : { value: record as IDataObject[keyof IDataObject] },
	);
}

export interface ExportSettings {
	mode: 'page' | 'all';
	from?: string;
	maxItems: number;
	oneItemPerEvent: boolean;
}

const DATE_LIKE = /^\d{4}-\d{2}-\d{2}/;

export function readExportSettings(
	ctx: IExecuteFunctions,
	itemIndex: number,
	envelope: Extract<Envelope, { kind: 'export' }>,
): ExportSettings {
	const mode = ctx.getNodeParameter('exportMode', itemIndex, 'all') === 'page' ? 'page' : 'all';
	const rawFrom = ctx.getNodeParameter('exportFrom', itemIndex, '');
	if (typeof rawFrom !== 'string' && !(rawFrom instanceof Date)) {
		throw new NodeOperationError(ctx.getNode(), `The parameter 'Start From' must be a date or a continueFrom token [item ${itemIndex}]`, { itemIndex });
	}
	let from: string | undefined = typeof rawFrom === 'string' ? rawFrom.trim() : undefined;
	// A date is sent as UTC; anything else is ServiceTitan's opaque continuation token, sent untouched.
	if (rawFrom instanceof Date || (from && DATE_LIKE.test(from))) {
		from = toUtcIso(rawFrom, ctx.getTimezone());
		if (from === undefined) {
			throw new NodeOperationError(ctx.getNode(), `The parameter 'Start From' is not a valid date [item ${itemIndex}]`, {
				itemIndex,
				description: `Got ${JSON.stringify(rawFrom)}. Use an ISO 8601 date such as 2026-01-31 or 2026-01-31T14:00:00Z, or a continueFrom token.`,
			});
		}
	}
	const maxItems = ctx.getNodeParameter('maxItems', itemIndex, 10000);
	if (mode === 'all' && (typeof maxItems !== 'number' || !Number.isInteger(maxItems) || maxItems < 1)) {
		throw new NodeOperationError(ctx.getNode(), `The parameter 'Max Items' must be a whole number of at least 1 [item ${itemIndex}]`, {
			itemIndex,
		});
	}
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return {
		mode,
		from: from === '' ? undefined : from,
		maxItems: Number(maxItems),
		oneItemPerEvent: envelope.flattenHistory === true && options.oneItemPerEvent === true,
	};
}

/** Job-history export records carry a `history` list; flattened, each event is one item with its job ID. */
export function exportRecordsToJson(
	records: IDataObject[],
	envelope: Extract<Envelope, { kind: 'export' }>,
	oneItemPerEvent: boolean,
): IDataObject[] {
	if (!envelope.flattenHistory || !oneItemPerEvent) return records;
	return records.flatMap((record) => {
		const events = Array.isArray(record.history) ? (record.history as IDataObject[]) : [];
		return events.map((event) => ({ jobId: record.jobId, ...event }));
	});
}
