/**
 * Return All on a paged list: once the first page gives the total, the other pages are read several
 * at a time, while the simulator answers them out of order and slowly; the items still come in the
 * list's exact order, with exactly one request per page, and a page that fails mid-way fails the
 * item truthfully.
 */
import { NodeApiError } from 'n8n-workflow';

import { runFailing, runOk } from '../helpers/nodeRun';
import { useSimulator } from '../helpers/nodeSim';

const env = useSimulator();

/** With the sample tenant's own jobs: two full pages of 5000 and a short third one. */
const SEEDED_JOBS = 10_000;
beforeAll(() => {
	env.sim.seed({ jobs: SEEDED_JOBS });
});

/** The list's own order: what a reader of page 1, 2, 3… one after the other gets (the simulator's records by slot). */
const listOrder = () => env.sim.store.data.jobs.toArray().map((job) => job.id);
const jobRequests = () => env.apiRequests().filter((request) => request.operationId === 'Jobs_GetList');
const pageOf = (request: { query: Record<string, string[]> }) => Number(request.query.page[0]);
const returnAll = { resource: 'job', operation: 'getAll', returnAll: true, simplify: false };

it('pages answered out of order and slowly still give the exact order, one request per page', async () => {
	const expected = listOrder();
	expect(Math.ceil(expected.length / 5000)).toBe(3);
	// Page 2 answers after page 3.
	env.sim.faults.add({ operationId: 'Jobs_GetList', query: { page: '2' }, fault: { type: 'delay', ms: 600 } });
	const items = await runOk(returnAll);
	expect(items.map((item) => item.id)).toEqual(expected);

	const requests = jobRequests();
	// The simulator logs a request when it has answered: the answers really came out of order.
	expect(requests.map(pageOf)).toEqual([1, 3, 2]);
	expect([...requests].sort((a, b) => pageOf(a) - pageOf(b)).map((request) => request.query)).toEqual([
		{ page: ['1'], pageSize: ['5000'], includeTotal: ['true'] },
		{ page: ['2'], pageSize: ['5000'] },
		{ page: ['3'], pageSize: ['5000'] },
	]);
});

it('with Max Concurrent Requests = 1 the pages are read one after the other, without asking for the total', async () => {
	const items = await runOk({ ...returnAll, options: { maxConcurrency: 1 } });
	expect(items.map((item) => item.id)).toEqual(listOrder());
	expect(jobRequests().map((request) => request.query)).toEqual([1, 2, 3].map((page) => ({ page: [String(page)], pageSize: ['5000'] })));
});

it('a page failing mid-way fails the item with a NodeApiError that names the page, the attempts, and that nothing is output', async () => {
	// Every attempt at page 2 fails (the first and five retries).
	env.sim.faults.add({ operationId: 'Jobs_GetList', query: { page: '2' }, times: 6, fault: { type: 'status', status: 500, retryAfterSeconds: 0 } });
	const error = await runFailing(returnAll);
	expect(error.name).toBe(NodeApiError.name);
	expect(error.httpCode).toBe('500');
	const description = (error.description ?? '').split('\n');
	expect(description).toContain('Request: Get many jobs, page 2 of 3.');
	expect(description).toContain(
		'Page 2 of the list failed, so the pages read before it are not output either: a list with a page missing would look complete.',
	);
	expect(description).toContain('Sent 6 times (5 retries with backoff); every attempt failed.');
	const pageTwo = jobRequests().filter((request) => pageOf(request) === 2);
	expect(pageTwo.map((request) => request.status)).toEqual([500, 500, 500, 500, 500, 500]);
});
