/** The vendor-document helper other tests rely on must itself catch what it claims to catch. */
import {
	getOperation,
	listOperations,
	validateRequest,
	validateResponse,
	validateSchema,
} from '../helpers/vendorSpec';

describe('vendorSpec helper', () => {
	it('lists the 71 operations with method, path template, scopes, parameters and responses', () => {
		const operations = listOperations();
		expect(operations).toHaveLength(71);
		expect(new Set(operations.map((operation) => operation.operationId)).size).toBe(71);
		expect(new Set(operations.map((operation) => operation.path)).size).toBe(56);
		for (const operation of operations) {
			expect(operation.path.startsWith('/tenant/{tenant}')).toBe(true);
			expect(operation.scopes).toHaveLength(1);
			expect(operation.responses['400']?.schema).toBeDefined();
		}
		const create = getOperation('Jobs_Create');
		expect(create).toMatchObject({ method: 'POST', path: '/tenant/{tenant}/jobs', scopes: ['tn.jpm.jobs:w'], tags: ['Jobs'] });
		expect(create.requestBody?.schema).toBeDefined();
		const match = getOperation('BudgetCodes_MatchCompanyBudgetCodes').parameters.find((parameter) => parameter.name === 'codes');
		expect(match).toMatchObject({ in: 'query', required: true });
		expect(() => getOperation('Jobs_Teleport')).toThrow(/not in the vendor document/);
	});

	it('accepts a valid request and reports bad path/query types, enums, required, repeats and undeclared keys', () => {
		expect(validateRequest('Jobs_GetList', { pathParams: { tenant: 123 }, query: { jobStatus: 'Hold', pageSize: 10, includeTotal: true } })).toEqual([]);
		const violations = validateRequest('Jobs_GetList', {
			pathParams: { tenant: 'abc' },
			query: { jobStatus: 'Paused', pageSize: 'ten', includeTotal: 'yes', createdBefore: 'yesterday', colour: 'red', customerId: ['1', '2'] },
		});
		const text = violations.join('\n');
		for (const fragment of ['path tenant', 'query jobStatus', 'query pageSize', 'query includeTotal', 'query createdBefore', 'colour is not declared', 'customerId is not an array']) {
			expect(text).toContain(fragment);
		}
		expect(validateRequest('Jobs_Get', { query: {} }).sort()).toEqual(['path parameter id is required', 'path parameter tenant is required']);
		expect(validateRequest('BudgetCodes_MatchCompanyBudgetCodes', { pathParams: { tenant: 1 } })).toEqual(['query parameter codes is required']);
		expect(validateRequest('BudgetCodes_MatchCompanyBudgetCodes', { pathParams: { tenant: 1 }, query: new URLSearchParams('codes=A&codes=B') })).toEqual([]);
	});

	it('checks request bodies against the request schema, and flags bodies where none is declared', () => {
		const pathParams = { tenant: 1, id: 2 };
		expect(validateRequest('Jobs_Cancel', { pathParams, body: { reasonId: 3, memo: 'x' } })).toEqual([]);
		expect(validateRequest('Jobs_Cancel', { pathParams, body: { reasonId: 'three' } }).join('\n')).toMatch(/memo[\s\S]*reasonId|reasonId[\s\S]*memo/);
		expect(validateRequest('Jobs_Update', { pathParams, body: { priority: 'High', unknownField: 1 } }).join('\n')).toContain("'unknownField'");
		expect(validateRequest('Jobs_Update', { pathParams, body: { externalData: { applicationGuid: 'not-a-guid', externalData: [] } } }).join('\n')).toContain('format');
		expect(validateRequest('Appointments_Confirm', { pathParams, body: {} })).toEqual(['Appointments_Confirm takes no request body, got one']);
		expect(validateRequest('BudgetCodes_CreateBudgetCodesBatch', { pathParams: { tenant: 1 }, body: [{ anything: true }] })).toEqual([]);
	});

	it('checks responses: declared statuses only, required fields, no extra properties, no body where none is declared', () => {
		const note = { text: 'x', isPinned: false, createdById: 1, createdOn: '2024-01-01T00:00:00Z', modifiedOn: '2024-01-01T00:00:00Z' };
		expect(validateResponse('Jobs_CreateNote', 200, note)).toEqual([]);
		expect(validateResponse('Jobs_CreateNote', 200, { ...note, createdOn: 'yesterday' }).join('\n')).toContain('createdOn');
		expect(validateResponse('Jobs_CreateNote', 200, { ...note, id: 5 }).join('\n')).toContain("'id'");
		const withoutText: Record<string, unknown> = { ...note };
		delete withoutText.text;
		expect(validateResponse('Jobs_CreateNote', 200, withoutText).join('\n')).toContain('text');
		expect(validateResponse('Jobs_CreateNote', 409, {})[0]).toMatch(/status 409 is not declared/);
		expect(validateResponse('Appointments_Confirm', 200, undefined)).toEqual([]);
		expect(validateResponse('Appointments_Confirm', 200, { ok: true })[0]).toMatch(/declares no body/);
		expect(validateResponse('JobEquipment_Detach', 204, undefined)).toEqual([]);
	});

	it('validates single component schemas such as ApiErrorResponse', () => {
		const problem = { type: 't', title: 'x', status: 400, traceId: 'id', errors: { field: ['bad'] }, data: {} };
		expect(validateSchema('ApiErrorResponse', problem)).toEqual([]);
		expect(validateSchema('ApiErrorResponse', { ...problem, errors: { field: 'bad' } })).not.toEqual([]);
		expect(() => validateSchema('NoSuchSchema', {})).toThrow(/No component schema/);
	});
});
