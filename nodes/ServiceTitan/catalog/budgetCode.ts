import { PAGING, field, pathId, query } from './common';
import type { Envelope, FieldSpec, OperationSpec, ParameterSpec, ResourceSpec } from './types';

/**
 * Budget codes live in the work breakdown structure (WBS): segments (e.g. cost code, cost type) hold
 * segment items, and a budget code combines one item per segment. Most reads come twice: company-wide
 * and for one project (the project's own WBS).
 */
const WBS = '/work-breakdown-structure';
const PROJECT_ID = pathId('projectId', { locator: 'project', displayName: 'Project' });
const SEGMENT_ID = pathId('segmentId', { displayName: 'Segment ID' });
const SEGMENT_ITEM_ID = pathId('segmentItemId', { displayName: 'Segment Item ID' });
const INCLUDE_CHILDREN = query('includeChildren', 'boolean', {
	description: 'Whether to include the child items of hierarchical segments',
});

const FULL_CODE_FIELDS: FieldSpec[] = [
	field('segmentItemIds', 'idList', {
		displayName: 'Segment Item IDs',
		required: true,
		description: 'One segment item per segment (e.g. a cost code item and a cost type item) that together make the budget code',
	}),
];

const PARTIAL_CODE_FIELDS: FieldSpec[] = [
	field('segments', 'objectList', {
		required: true,
		description: 'The segments of the budget code; leave Segment Item ID empty for a segment the code does not fix',
		fields: [
			field('segmentId', 'id', { displayName: 'Segment ID', required: true }),
			field('segmentItemId', 'id', { displayName: 'Segment Item ID', nullable: true }),
		],
	}),
];

interface Twins {
	/** operationIds of the company-wide operation and of its project twin. */
	operationIds: [string, string];
	value: string;
	name: string;
	/** Company action; the project twin appends "for a project". */
	action: string;
	description: string;
	/** Path below the WBS root (the project twin inserts `/projects/{projectId}`). */
	tail: string;
	scope: string;
	parameters: ParameterSpec[];
	envelope: Envelope;
}

/** A company-wide read and its twin for one project, which differ only in the project ID. */
function companyAndProject(t: Twins): OperationSpec[] {
	const shared = { method: 'GET' as const, scope: t.scope, envelope: t.envelope };
	return [
		{
			...shared,
			operationId: t.operationIds[0],
			value: t.value,
			name: t.name,
			action: t.action,
			description: `${t.description}, company-wide`,
			path: `${WBS}${t.tail}`,
			parameters: t.parameters,
		},
		{
			...shared,
			operationId: t.operationIds[1],
			value: `${t.value}ForProject`,
			name: `${t.name} for Project`,
			action: `${t.action} for a project`,
			description: `${t.description}, as set up for one project`,
			path: `${WBS}/projects/{projectId}${t.tail}`,
			parameters: [PROJECT_ID, ...t.parameters],
		},
	];
}

/** The document gives no schema for the batch bodies: the JSON the user writes is sent as written. */
function batchBody(like: string, example: string) {
	return {
		kind: 'json' as const,
		shape: 'array' as const,
		displayName: 'Budget Codes (JSON)',
		description: `ServiceTitan's API document gives no schema for this body. Send a JSON array of the same objects as ${like}, e.g. ${example}; it is sent exactly as written.`,
	};
}

export const budgetCodeResource: ResourceSpec = {
	value: 'budgetCode',
	name: 'Budget Code',
	description: 'Budget codes and the segments they are built from (work breakdown structure)',
	operations: [
		{
			operationId: 'BudgetCodes_CreateBudgetCode',
			value: 'create',
			name: 'Create',
			action: 'Create a budget code',
			description: 'Create a budget code from one segment item per segment',
			method: 'POST',
			path: `${WBS}/budget-codes`,
			scope: 'tn.jpm.budgetcodes:w',
			parameters: [],
			body: { kind: 'fields', fields: FULL_CODE_FIELDS },
			envelope: { kind: 'single', unwrap: 'code' },
		},
		{
			operationId: 'BudgetCodes_CreateBudgetCodesBatch',
			value: 'createBatch',
			name: 'Create Batch',
			action: 'Create budget codes in a batch',
			description:
				'Create several budget codes in one request from a JSON array (the body format is not documented by ServiceTitan; test it first)',
			method: 'POST',
			path: `${WBS}/budget-codes/batch`,
			scope: 'tn.jpm.budgetcodes:w',
			parameters: [],
			body: batchBody('Create', '[{"segmentItemIds": [101, 202]}]'),
			envelope: { kind: 'list', key: 'codes' },
		},
		{
			operationId: 'BudgetCodes_CreateBudgetCodePartial',
			value: 'createPartial',
			name: 'Create Partial',
			action: 'Create a partial budget code',
			description: 'Create a budget code that fixes items for only some of its segments',
			method: 'POST',
			path: `${WBS}/budget-codes/partial`,
			scope: 'tn.jpm.budgetcodes:w',
			parameters: [],
			body: { kind: 'fields', fields: PARTIAL_CODE_FIELDS },
			envelope: { kind: 'single', unwrap: 'code' },
		},
		{
			operationId: 'BudgetCodes_CreateBudgetCodesPartialBatch',
			value: 'createPartialBatch',
			name: 'Create Partial Batch',
			action: 'Create partial budget codes in a batch',
			description:
				'Create several partial budget codes in one request from a JSON array (the body format is not documented by ServiceTitan; test it first)',
			method: 'POST',
			path: `${WBS}/budget-codes/partial/batch`,
			scope: 'tn.jpm.budgetcodes:w',
			parameters: [],
			body: batchBody('Create Partial', '[{"segments": [{"segmentId": 1, "segmentItemId": 101}, {"segmentId": 2}]}]'),
			envelope: { kind: 'list', key: 'codes' },
		},
		...companyAndProject({
			operationIds: ['BudgetCodes_ListCompanyBudgetCodes', 'BudgetCodes_ListProjectBudgetCodes'],
			value: 'getAll',
			name: 'Get Many',
			action: 'Get many budget codes',
			description: 'List budget codes, optionally only some codes or those using some segments or segment items',
			tail: '/budget-codes',
			scope: 'tn.jpm.budgetcodes:r',
			parameters: [
				query('budgetCodeIds', 'idList', { displayName: 'Budget Code IDs' }),
				query('segmentIds', 'idList', { displayName: 'Segment IDs', description: 'Only budget codes using these segments' }),
				query('segmentItemIds', 'idList', { displayName: 'Segment Item IDs', description: 'Only budget codes using these segment items' }),
				...PAGING,
			],
			envelope: { kind: 'paged' },
		}),
		...companyAndProject({
			operationIds: ['BudgetCodes_ListCompanySegmentItemChildren', 'BudgetCodes_ListProjectSegmentItemChildren'],
			value: 'getSegmentItemChildren',
			name: 'Get Segment Item Children',
			action: 'Get the children of a segment item',
			description: 'List the child items of one item of a hierarchical segment',
			tail: '/segments/{segmentId}/items/{segmentItemId}/children',
			scope: 'tn.jpm.segments:r',
			parameters: [SEGMENT_ID, SEGMENT_ITEM_ID, ...PAGING, INCLUDE_CHILDREN],
			envelope: { kind: 'paged' },
		}),
		...companyAndProject({
			operationIds: ['BudgetCodes_ListCompanySegmentItems', 'BudgetCodes_ListProjectSegmentItems'],
			value: 'getSegmentItems',
			name: 'Get Segment Items',
			action: 'Get the items of a segment',
			description: 'List the items of one segment (e.g. the cost codes of the cost code segment)',
			tail: '/segments/{segmentId}/items',
			scope: 'tn.jpm.segments:r',
			parameters: [SEGMENT_ID, ...PAGING, INCLUDE_CHILDREN],
			envelope: { kind: 'paged' },
		}),
		...companyAndProject({
			operationIds: ['BudgetCodes_ListCompanySegments', 'BudgetCodes_ListProjectSegments'],
			value: 'getSegments',
			name: 'Get Segments',
			action: 'Get budget code segments',
			description: 'List the segments budget codes are built from (type, structure, whether required)',
			tail: '/segments',
			scope: 'tn.jpm.segments:r',
			parameters: PAGING,
			envelope: { kind: 'list', key: 'data', sendsPaging: true },
		}),
		...companyAndProject({
			operationIds: ['BudgetCodes_MatchCompanyBudgetCodes', 'BudgetCodes_MatchProjectBudgetCodes'],
			value: 'match',
			name: 'Match',
			action: 'Match budget codes',
			description: 'Check code strings against the budget codes; one item per code says whether it is valid and which budget codes it matches',
			tail: '/budget-codes/match',
			scope: 'tn.jpm.budgetcodes:r',
			parameters: [query('codes', 'stringList', { required: true, explode: true, description: 'The budget code strings to look up' })],
			envelope: { kind: 'list', key: 'matches' },
		}),
	],
};
