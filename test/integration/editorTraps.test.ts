/**
 * What a no-code user met in the editor (issue 11), through the node against the simulator:
 * Custom API Call, Export → Start From, an export walk under many input items, Reschedule's fields.
 */
import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../helpers/n8n';
import { useSimulator } from '../helpers/nodeSim';

const env = useSimulator({ exportPageSize: 50 });
const exportRequests = () => env.apiRequests().filter((request) => request.operationId === 'Export_Jobs');

describe("'Custom API Call' (added by n8n to Resource and Operation)", () => {
	it.each([
		['as the resource', { resource: '__CUSTOM_API_CALL__' }],
		['as the operation', { resource: 'job', operation: '__CUSTOM_API_CALL__' }],
	])('%s: says to use the HTTP Request node instead of failing on a missing parameter', async (_where, parameters) => {
		const result = await runNode({ parameters });
		expect(result.error?.message).toBe("'Custom API Call' runs in n8n's HTTP Request node, not in this node");
		expect(result.error?.description).toContain("Credential Type to 'ServiceTitan API'");
		expect(env.apiRequests()).toEqual([]);
	});
});

describe('Export → Start From', () => {
	it('"last week" typed as a date is refused as a date, before any request (never as a continuation token)', async () => {
		const result = await runNode({ parameters: { resource: 'export', operation: 'jobs', exportStart: 'date', exportFromDate: 'last week' } });
		expect(result.error?.message).toBe("The parameter 'Start Date' must be a date [item 0]");
		expect(result.error?.description).toContain('Got "last week"');
		expect(exportRequests()).toEqual([]);
	});

	it('a date is sent as UTC, a token as typed, the beginning as no position', async () => {
		const page = async (parameters: IDataObject) => {
			const result = await runNode({ parameters: { resource: 'export', operation: 'jobs', exportMode: 'page', ...parameters } });
			if (result.error) throw new Error(result.error.message);
			return result.items[0].json as { continueFrom: string };
		};
		const first = await page({ exportStart: 'beginning' });
		await page({ exportStart: 'token', exportContinueFrom: ` ${first.continueFrom} ` });
		await page({ exportStart: 'date', exportFromDate: '2026-01-15T09:30:00Z' });
		expect(exportRequests().map((request) => request.query.from)).toEqual([undefined, [first.continueFrom], ['2026-01-15T09:30:00.000Z']]);
	});
});

describe('an export walk under many input items', () => {
	it('31 items asking for the same walk read the feed once; the records are paired with all of them, and the run says so', async () => {
		const alone = await runNode({ parameters: { resource: 'export', operation: 'jobs', exportStart: 'beginning', simplify: true } });
		const oneWalk = exportRequests().length;
		const records = alone.items.length;
		// From the beginning, the jobs feed holds every job the simulator has.
		expect(records).toBe(env.sim.store.data.jobs.size);

		const input = Array.from({ length: 31 }, (_, index) => ({ index }));
		const before = exportRequests().length;
		const result = await runNode({ parameters: { resource: 'export', operation: 'jobs', exportStart: 'beginning', simplify: true }, input });
		expect(result.error).toBeUndefined();
		expect(exportRequests().length - before).toBe(oneWalk);
		expect(result.items).toHaveLength(records);
		for (const item of result.items) expect(item.pairedItem).toEqual(input.map((_, index) => ({ item: index })));
		const hints = (result.run.data.resultData.runData.ServiceTitan?.[0] as { hints?: Array<{ message: string }> }).hints ?? [];
		expect(hints.map((hint) => hint.message)).toEqual([
			'The export feed was read once for 31 input items asking for the same records; its items are paired with all of them.',
		]);
	});

	it('items asking for different walks each read their own', async () => {
		const input = [{ from: '2020-01-01' }, { from: '2020-01-01' }, { from: '2021-06-01' }];
		const result = await runNode({
			parameters: { resource: 'export', operation: 'jobs', exportMode: 'page', exportStart: 'date', exportFromDate: '={{ $json.from }}' },
			input,
		});
		expect(result.error).toBeUndefined();
		expect(exportRequests().map((request) => request.query.from)).toEqual([['2020-01-01T00:00:00.000Z'], ['2021-06-01T00:00:00.000Z']]);
		expect(result.items.map((item) => item.pairedItem)).toEqual([[{ item: 0 }, { item: 1 }], { item: 2 }]);
	});
});
