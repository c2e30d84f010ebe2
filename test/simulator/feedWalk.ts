/** Reading the simulator's export feeds over HTTP in the simulator suites: one page, or a whole walk. */
import { validateResponse } from '../helpers/vendorSpec';
import type { SimClient } from './client';

export type Row = Record<string, unknown>;

export interface FeedPage {
	hasMore: boolean;
	continueFrom: string;
	data: Row[];
}

/** One export page, answered 200 and valid against the API's response schema. */
export async function page(client: SimClient, operationId: string, query: Record<string, string | boolean> = {}): Promise<FeedPage> {
	const result = await client.call(operationId, { query });
	expect(result.status).toBe(200);
	expect(validateResponse(operationId, 200, result.body)).toEqual([]);
	return result.body as FeedPage;
}

/** Follows continueFrom while hasMore; returns every record, the final token and the number of calls. */
export async function drain(client: SimClient, operationId: string, query: Record<string, string | boolean> = {}) {
	const records: Row[] = [];
	let current = await page(client, operationId, query);
	let calls = 1;
	records.push(...current.data);
	while (current.hasMore) {
		current = await page(client, operationId, { ...query, from: current.continueFrom });
		records.push(...current.data);
		calls++;
	}
	return { records, token: current.continueFrom, calls };
}
