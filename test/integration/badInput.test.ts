/**
 * Bad input never reaches ServiceTitan: each case fails before the simulator receives anything (not
 * even a token request) with a NodeOperationError whose message names the parameter and the item.
 * Values n8n's editor would refuse are fed as expressions, which is how bad data reaches a node in
 * real workflows.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { useSimulator } from '../helpers/nodeSim';
import { group, rl, runFailing } from '../helpers/nodeRun';

const env = useSimulator();

const JOB = 10_000_001;
const expr = (value: unknown) => `={{ ${JSON.stringify(value)} }}`;
const getJob = (id: unknown): INodeParameters => ({ resource: 'job', operation: 'get', jobId: rl(expr(id)) });
const getJobs = (filters: INodeParameters, extra: INodeParameters = {}): INodeParameters => ({ resource: 'job', operation: 'getAll', filters, ...extra });
const manyIds = (count: number) => Array.from({ length: count }, (_, index) => String(JOB + index));
const batch = (jsonBody: string): INodeParameters => ({ resource: 'budgetCode', operation: 'createBatch', jsonBody });

/** [what, node parameters, the parameter's name as the message gives it]. */
const CASES: Array<[string, INodeParameters, string]> = [
	// IDs: path (resource locator and plain), query, lists and bodies
	['a path traversal as an ID', getJob('12/../34'), 'Job'],
	['an exponent as an ID', getJob('1e3'), 'Job'],
	['an ID with a leading space', getJob(' 7'), 'Job'],
	['a negative ID (text)', getJob('-3'), 'Job'],
	['a negative ID (number)', getJob(-3), 'Job'],
	['a fractional ID (text)', getJob('4.5'), 'Job'],
	['a fractional ID (number)', getJob(4.5), 'Job'],
	['letters as an ID', getJob('abc'), 'Job'],
	['zero as an ID', getJob('0'), 'Job'],
	['an ID beyond int64', getJob('99999999999999999999'), 'Job'],
	['an ID one above the int64 maximum', getJob('9223372036854775808'), 'Job'],
	['an ID as a number too large to be exact (it has lost digits already)', getJob(2 ** 53 + 2), 'Job'],
	['an empty required ID', getJob(''), 'Job'],
	['a bad ID from a dropdown', { resource: 'projectStatus', operation: 'get', projectStatusId: expr('1e3') }, 'Project Status'],
	['a bad segment ID in the path', { resource: 'budgetCode', operation: 'getSegmentItems', segmentId: '12/../34' }, 'Segment ID'],
	['a bad ID in a filter', { resource: 'appointment', operation: 'getAll', filters: { jobId: ' 7' } }, 'Job'],
	['a bad entry in a list of IDs', getJobs({ ids: [String(JOB), 'abc'] }), 'IDs'],
	['a bad ID in a body', { resource: 'jobEquipment', operation: 'attach', jobId: rl(JOB), equipmentIds: ['5', '-5'] }, 'Equipment IDs'],
	[
		'a bad ID inside a fixed collection',
		{ resource: 'budgetCode', operation: 'createPartial', segments: group([{ segmentId: '61' }, { segmentId: '6x' }]) },
		'Segments 2 › Segment ID',
	],
	// Empty required fields
	['an empty required text', { resource: 'job', operation: 'cancel', jobId: rl(JOB), reasonId: 31, memo: expr('') }, 'Memo'],
	['a blank required name', { resource: 'jobType', operation: 'create', name: expr('') }, 'Name'],
	['an empty required list', { resource: 'budgetCode', operation: 'match', codes: [] }, 'Codes'],
	['required job IDs left empty', { resource: 'job', operation: 'getCancelReasons', ids: [] }, 'Job IDs'],
	// Dates
	['February 30th in a filter', getJobs({ createdOnOrAfter: '2026-02-30' }), 'Created On Or After'],
	['"tomorrow" in a filter', getJobs({ modifiedBefore: expr('tomorrow') }), 'Modified Before'],
	[
		'February 30th in a body',
		{ resource: 'appointment', operation: 'create', jobId: rl(JOB), start: '2026-02-30T10:00:00', end: '2026-03-01T12:00:00' },
		'Start',
	],
	['a 25th hour', getJobs({ completedBefore: '2026-03-01T25:00:00' }), 'Completed Before'],
	['February 30th as an export start', { resource: 'export', operation: 'jobs', exportStart: 'date', exportFromDate: '2026-02-30' }, 'Start Date'],
	// JSON bodies
	['malformed JSON in a batch body', batch('[{"segmentItemIds": [6002,}]'), 'Budget Codes (JSON)'],
	['a JSON object where an array is required', batch('{"segmentItemIds": [6002, 6009]}'), 'Budget Codes (JSON)'],
	['an empty batch body', batch('  '), 'Budget Codes (JSON)'],
	// Update Fields: nothing to send, or a clear ServiceTitan cannot take
	['Update Fields left empty (nothing to update)', { resource: 'job', operation: 'update', jobId: rl(JOB), updateFields: {} }, 'Update Fields'],
	['Reschedule without any time', { resource: 'appointment', operation: 'reschedule', appointmentId: rl(JOB) }, 'Update Fields'],
	['clearing a date the document gives no empty value for', { resource: 'project', operation: 'update', projectId: rl(JOB), updateFields: { startDate: '' } }, 'Start Date'],
	// Customer is a resource locator (From List / By ID), saved by the editor as { __rl, mode, value }.
	['clearing an ID the document gives no empty value for', { resource: 'job', operation: 'update', jobId: rl(JOB), updateFields: { customerId: rl('', 'list') } }, 'Customer'],
	['clearing an ID typed as plain text', { resource: 'job', operation: 'update', jobId: rl(JOB), updateFields: { customerId: '' } }, 'Customer'],
	['null for a field the document does not allow null for', { resource: 'job', operation: 'update', jobId: rl(JOB), updateFields: { summary: expr(null) } }, 'Summary'],
	// Lists the document takes comma-separated cannot hold an entry with a comma
	['a comma inside an entry of a comma-separated filter', { resource: 'project', operation: 'getAll', filters: { status: ['In Progress', 'On Hold, Waiting'] } }, 'Status'],
	['a comma inside an external data value filter', getJobs({ externalDataKey: 'crm', externalDataValues: ['A,1'] }), 'External Data Values'],
	// Limits and list lengths
	['a limit above 5000', getJobs({}, { limit: expr(5001) }), 'Limit'],
	['a limit of 0', getJobs({}, { limit: expr(0) }), 'Limit'],
	['a fractional limit', getJobs({}, { limit: expr(2.5) }), 'Limit'],
	['more than 50 IDs in a filter', getJobs({ ids: manyIds(51) }), 'IDs'],
	['more than 50 job IDs', { resource: 'job', operation: 'getHoldReasons', ids: manyIds(51) }, 'Job IDs'],
	['more than 50 IDs as one comma-separated string', getJobs({ ids: expr(manyIds(51).join(',')) }), 'IDs'],
	// Options
	['a value outside an enum', getJobs({ jobStatus: expr('Deleted') }), 'Job Status'],
	['a sort field the operation does not sort by', getJobs({}, { sort: group({ field: expr('Total'), direction: '+' }) }), 'Sort'],
];

/** n8n hands the error on serialized (a plain object), so the class is read from its name. */
function expectRefusedBeforeAnyRequest(error: Error & { context?: IDataObject }, parameter: string, itemIndex: number): void {
	expect(error.name).toBe(NodeOperationError.name);
	expect(error.context?.itemIndex).toBe(itemIndex);
	expect(error.message).toContain(`'${parameter}'`);
	expect(error.message).toContain(`[item ${itemIndex}]`);
	expect(env.receivedRequests()).toEqual([]);
}

describe('bad input fails before any request, naming the parameter and the item', () => {
	it.each(CASES)('%s', async (_what, parameters, parameter) => {
		const error = await runFailing(parameters);
		expectRefusedBeforeAnyRequest(error, parameter, 0);
	});

	it.each([1, 2])('in item %i of a three-item run, nothing is sent for any item', async (badIndex) => {
		const input = [{ jobId: JOB }, { jobId: JOB + 1 }, { jobId: JOB + 2 }];
		input[badIndex] = { jobId: '12/../34' as unknown as number };
		const error = await runFailing({ resource: 'job', operation: 'get', jobId: rl('={{ $json.jobId }}') }, { input });
		expectRefusedBeforeAnyRequest(error, 'Job', badIndex);
	});

	it('names the item in a multi-item run of a body field too', async () => {
		const input = [{ memo: 'fine' }, { memo: '' }, { memo: 'fine' }];
		const error = await runFailing({ resource: 'job', operation: 'cancel', jobId: rl(JOB), reasonId: 31, memo: '={{ $json.memo }}' }, { input });
		expectRefusedBeforeAnyRequest(error, 'Memo', 1);
	});
});
