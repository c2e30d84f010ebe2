/** Turning ServiceTitan's answers into n8n item JSON. */
import type { IDataObject } from 'n8n-workflow';

import type { Envelope } from '../catalog/types';

/** Records as item JSON; a bare value (an ID in a list) becomes `{ value }`. */
export function listToJson(records: unknown[]): IDataObject[] {
	return records.map((record) =>
		record && typeof record === 'object' && !Array.isArray(record) ? (record as IDataObject) : { value: record as IDataObject[keyof IDataObject] },
	);
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
