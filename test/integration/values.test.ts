/**
 * Values arrive unchanged: what the user typed is what ServiceTitan receives, byte for byte where it
 * matters. The capture server records each request exactly as it arrived and answers with whatever
 * the test needs (IDs beyond 2^53 included), so nothing here depends on the simulator's model.
 */
import type { INodeParameters } from 'n8n-workflow';

import { useCaptureServer } from '../helpers/captureServer';
import { readJsonExactly } from '../helpers/losslessJson';
import { group, rl, runFailing, runOk } from '../helpers/nodeRun';

const server = useCaptureServer();

const INT64_MAX = '9223372036854775807';
/** Above 2^53: a double holds 9007199254740992 instead. */
const BEYOND_DOUBLE = '9007199254740993';

/** The one API request of the run, its body read digit for digit. */
function sent() {
	const requests = server.apiRequests();
	expect(requests).toHaveLength(1);
	const [request] = requests;
	return { ...request, body: request.rawBody === '' ? undefined : (readJsonExactly(request.rawBody) as Record<string, unknown>) };
}

const n = (digits: string) => ({ $number: digits });

describe('a list entry may contain a comma', () => {
	it('body lists keep each entry whole ("HVAC, Level 2" is one skill)', async () => {
		await runOk({ resource: 'jobType', operation: 'create', name: 'Boiler service', additionalFields: { skills: ['HVAC, Level 2', ' Gas '] } });
		expect(sent().body?.skills).toEqual(['HVAC, Level 2', ' Gas ']);
	});

	it('one text from an expression is one entry, not split at its commas', async () => {
		await runOk({ resource: 'jobType', operation: 'create', name: 'Boiler service', additionalFields: { skills: '={{ "HVAC, Level 2" }}' } });
		expect(sent().body?.skills).toEqual(['HVAC, Level 2']);
	});

	it('a query array (codes) goes out as repeated keys, commas kept', async () => {
		await runOk({ resource: 'budgetCode', operation: 'match', codes: ['01.100, L', '02.200-M'] });
		expect(sent().query.codes).toEqual(['01.100, L', '02.200-M']);
	});

	it('only the document\'s comma-separated query lists are joined with commas', async () => {
		await runOk({ resource: 'project', operation: 'getAll', filters: { status: ['In Progress', 'On Hold'], businessUnitIds: ['101', '102'] } });
		const { query } = sent();
		expect(query.status).toEqual(['In Progress,On Hold']);
		expect(query.businessUnitIds).toEqual(['101,102']);
	});
});

describe('clearing a field in Update Fields reaches ServiceTitan', () => {
	it('an empty text is sent as "", an empty list as [], an empty nullable ID as null', async () => {
		await runOk({ resource: 'job', operation: 'update', jobId: rl(5), updateFields: { summary: '', customerPo: '', tagTypeIds: [], soldById: '' } });
		expect(sent().body).toEqual({ summary: '', customerPo: '', tagTypeIds: [], soldById: null });
	});

	it('null typed through an expression is sent as null where the document allows it', async () => {
		await runOk({ resource: 'job', operation: 'update', jobId: rl(5), updateFields: { soldById: '={{ null }}', jobGeneratedLeadSource: group({ jobId: '={{ null }}' }) } });
		expect(sent().body).toEqual({ soldById: null, jobGeneratedLeadSource: { jobId: null } });
	});

	it('an empty nullable date clears the arrival window of an appointment', async () => {
		await runOk({ resource: 'appointment', operation: 'reschedule', appointmentId: rl(5), updateFields: { arrivalWindowStart: '', arrivalWindowEnd: '' } });
		expect(sent().body).toEqual({ arrivalWindowStart: null, arrivalWindowEnd: null });
	});

	it('an empty nullable dropdown clears a project type', async () => {
		await runOk({ resource: 'project', operation: 'update', projectId: rl(5), updateFields: { projectTypeId: '', name: 'Renamed' } });
		expect(sent().body).toEqual({ projectTypeId: null, name: 'Renamed' });
	});

	it('a field the document cannot clear is refused before anything is sent', async () => {
		const error = await runFailing({ resource: 'project', operation: 'update', projectId: rl(5), updateFields: { startDate: '' } });
		expect(error.message).toBe("The parameter 'Start Date' cannot be cleared: ServiceTitan does not accept an empty value for it [item 0]");
		expect(server.requests).toEqual([]);
	});

	it('an update with nothing to send is refused before the network, not reported as a success', async () => {
		const error = await runFailing({ resource: 'job', operation: 'update', jobId: rl(5), updateFields: {} });
		expect(error.message).toBe("Nothing to update: 'Update Fields' is empty [item 0]");
		expect(server.requests).toEqual([]);
	});

	it('a create leaves out additional fields left empty (there is nothing to clear)', async () => {
		await runOk({ resource: 'jobType', operation: 'create', name: 'Boiler service', additionalFields: { summary: '', tagTypeIds: [], duration: 3600 } });
		expect(sent().body).toEqual({ name: 'Boiler service', duration: n('3600') });
	});
});

describe('a body the document gives no schema for is sent as written', () => {
	const written = '[ {"segmentItemIds": [9223372036854775807, 6002], "extra": "kept"},\n\t{"segmentItemIds":[1,2]} ]';

	it('byte for byte: spacing, unknown keys and int64 digits', async () => {
		await runOk({ resource: 'budgetCode', operation: 'createBatch', jsonBody: written });
		const request = sent();
		expect(request.rawBody).toBe(written);
		expect(request.headers['content-type']).toMatch(/^application\/json/);
	});

	it('an empty array is sent too', async () => {
		await runOk({ resource: 'budgetCode', operation: 'createPartialBatch', jsonBody: '[]' });
		expect(sent().rawBody).toBe('[]');
	});

	it.each([
		['not JSON', '[{"segmentItemIds": [1,}]', "The parameter 'Budget Codes (JSON)' is not valid JSON [item 0]"],
		['an object where the batch is an array', '{"segmentItemIds": [1, 2]}', "The parameter 'Budget Codes (JSON)' must be a JSON array [item 0]"],
	])('%s is refused before sending', async (_what, jsonBody, message) => {
		const error = await runFailing({ resource: 'budgetCode', operation: 'createBatch', jsonBody });
		expect(error.message).toBe(message);
		expect(server.requests).toEqual([]);
	});
});

describe('int64 IDs keep every digit', () => {
	it('in the path', async () => {
		await runOk({ resource: 'job', operation: 'get', jobId: rl(INT64_MAX) });
		expect(sent().path).toMatch(new RegExp(`/jobs/${INT64_MAX}$`));
	});

	it('in query filters and comma-separated lists', async () => {
		await runOk({ resource: 'job', operation: 'getAll', filters: { customerId: INT64_MAX, ids: [BEYOND_DOUBLE, '7'] } });
		const { query } = sent();
		expect(query.customerId).toEqual([INT64_MAX]);
		expect(query.ids).toEqual([`${BEYOND_DOUBLE},7`]);
	});

	it('in JSON bodies, as numbers, nested ones included', async () => {
		const parameters: INodeParameters = {
			resource: 'job',
			operation: 'create',
			customerId: INT64_MAX,
			locationId: BEYOND_DOUBLE,
			businessUnitId: '101',
			jobTypeId: rl(BEYOND_DOUBLE),
			priority: 'High',
			campaignId: '2001',
			appointments: group([{ start: '2030-04-01T08:00:00Z', end: '2030-04-01T10:00:00Z', technicianIds: `${INT64_MAX},30001` }]),
			additionalFields: { tagTypeIds: [BEYOND_DOUBLE] },
		};
		await runOk(parameters);
		const { body, rawBody } = sent();
		expect(body).toMatchObject({
			customerId: n(INT64_MAX),
			locationId: n(BEYOND_DOUBLE),
			businessUnitId: n('101'),
			jobTypeId: n(BEYOND_DOUBLE),
			campaignId: n('2001'),
			tagTypeIds: [n(BEYOND_DOUBLE)],
			appointments: [{ technicianIds: [n(INT64_MAX), n('30001')] }],
		});
		// A number the user typed stays a number: never quoted.
		expect(rawBody).not.toMatch(/"(customerId|businessUnitId)":"/);
	});

	it('in responses: an integer a number cannot hold arrives as its exact digits, the others as numbers', async () => {
		server.respond(() => ({ status: 200, body: `{"id": ${INT64_MAX}, "customerId": ${BEYOND_DOUBLE}, "locationId": 1150001, "total": 12.5, "tagTypeIds": [${INT64_MAX}, 5], "summary": "${INT64_MAX}"}` }));
		const [item] = await runOk({ resource: 'job', operation: 'get', jobId: rl(INT64_MAX), simplify: false });
		expect(item).toEqual({ id: INT64_MAX, customerId: BEYOND_DOUBLE, locationId: 1150001, total: 12.5, tagTypeIds: [INT64_MAX, 5], summary: INT64_MAX });
	});

	it('in paged responses too', async () => {
		server.respond(() => ({ status: 200, body: `{"page":1,"pageSize":50,"hasMore":false,"data":[{"id": ${BEYOND_DOUBLE}}, {"id": 7}]}` }));
		const items = await runOk({ resource: 'job', operation: 'getAll', returnAll: true, simplify: false });
		expect(items).toEqual([{ id: BEYOND_DOUBLE }, { id: 7 }]);
	});
});
