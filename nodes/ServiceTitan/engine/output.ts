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

/**
 * Start From is chosen explicitly (the beginning, a date, a token), so a date typed wrong ("last
 * week") is reported as a date that does not parse, never as a continuation token ServiceTitan refused.
 */
function readExportStart(ctx: IExecuteFunctions, itemIndex: number): string | undefined {
	const start = ctx.getNodeParameter('exportStart', itemIndex, 'beginning');
	if (start === 'date') {
		const raw = ctx.getNodeParameter('exportFromDate', itemIndex, '');
		const from = toUtcIso(raw, ctx.getTimezone());
		if (from === undefined) {
			throw new NodeOperationError(ctx.getNode(), `The parameter 'Start Date' must be a date [item ${itemIndex}]`, {
				itemIndex,
				description: `Got ${JSON.stringify(raw)}. Use an ISO 8601 date such as 2026-01-31 or 2026-01-31T14:00:00Z, or an expression such as {{ $now.minus({ weeks: 1 }) }}.`,
			});
		}
		return from;
	}
	if (start === 'token') {
		const token = ctx.getNodeParameter('exportContinueFrom', itemIndex, '');
		if (typeof token !== 'string' || token.trim() === '') {
			throw new NodeOperationError(ctx.getNode(), `The parameter 'Continue From' is required [item ${itemIndex}]`, {
				itemIndex,
				description: "Paste the continueFrom of an earlier page, or choose 'The Beginning' or 'A Date' under Start From.",
			});
		}
		return token.trim();
	}
	return undefined;
}

export function readExportSettings(
	ctx: IExecuteFunctions,
	itemIndex: number,
	envelope: Extract<Envelope, { kind: 'export' }>,
): ExportSettings {
	const mode = ctx.getNodeParameter('exportMode', itemIndex, 'all') === 'page' ? 'page' : 'all';
	const from = readExportStart(ctx, itemIndex);
	const maxItems = ctx.getNodeParameter('maxItems', itemIndex, 10000);
	if (mode === 'all' && (typeof maxItems !== 'number' || !Number.isInteger(maxItems) || maxItems < 1)) {
		throw new NodeOperationError(ctx.getNode(), `The parameter 'Max Items' must be a whole number of at least 1 [item ${itemIndex}]`, {
			itemIndex,
		});
	}
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return {
		mode,
		from,
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
