/** Work-breakdown structure: segments, segment items, budget codes (company and project level). */
import { SCHEMA_REF_PREFIX } from '../api/description';
import { validationError, type FieldErrors } from '../errors';
import { readPaging } from '../query';
import { renderBudgetCode, renderSegment, renderSegmentItem } from '../render';
import { pageArray } from '../query';
import type { BudgetCodeRecord, CreateFullBudgetCodeArgs, CreatePartialBudgetCodeArgs } from '../types';
import { checkValue } from '../validation';
import { bodyOf, created, type HandlerContext, type HandlerTable, listQuery, ok, pagedList } from './context';

/**
 * The two batch operations have no request body in the document; the simulator takes a JSON array
 * of the single-create arguments (`CreateFullBudgetCodeArgs` / `CreatePartialBudgetCodeArgs`).
 */
function arrayBody<T>(context: HandlerContext, schemaName: string): T[] {
	const errors: FieldErrors = {};
	checkValue({ type: 'array', items: { $ref: `${SCHEMA_REF_PREFIX}${schemaName}` } }, context.body, '', errors);
	if (Object.keys(errors).length > 0) throw validationError(errors);
	return context.body as T[];
}

/** Project-level WBS operations share the company's structure; the project must exist. */
function checkProject(context: HandlerContext): void {
	if (context.operation.pathParamNames.includes('projectId')) context.store.projects.require(context.params.id('projectId'), 'projectId');
}

function listSegments(context: HandlerContext) {
	checkProject(context);
	const segments = context.store.budgetCodes.activeSegments();
	// The response has no paging envelope even though page/pageSize are accepted.
	return ok({ data: pageArray(segments, readPaging(context.params), renderSegment).data });
}

function listSegmentItems(context: HandlerContext) {
	checkProject(context);
	const { params, store } = context;
	const includeChildren = params.boolean('includeChildren') === true;
	const items = context.operation.pathParamNames.includes('segmentItemId')
		? store.budgetCodes.itemChildren(params.id('segmentId'), params.id('segmentItemId'), includeChildren)
		: store.budgetCodes.segmentItems(params.id('segmentId'), includeChildren);
	return ok(pageArray(items, readPaging(params), (item) => renderSegmentItem(store.data, item)));
}

function listBudgetCodes(context: HandlerContext) {
	checkProject(context);
	const data = context.store.data;
	const query = listQuery<BudgetCodeRecord>(context)
		.overlaps('budgetCodeIds', (code) => code.id)
		.overlaps('segmentIds', (code) => code.segments.filter((segment) => segment.segmentItemId !== null).map((segment) => segment.segmentId))
		.overlaps('segmentItemIds', (code) => code.segments.flatMap((segment) => (segment.segmentItemId === null ? [] : [segment.segmentItemId])));
	return ok(pagedList(context, query, data.budgetCodes, (code) => renderBudgetCode(data, code)));
}

function matchBudgetCodes(context: HandlerContext) {
	checkProject(context);
	const data = context.store.data;
	const matches = context.store.budgetCodes.match(context.params.strings('codes') ?? []);
	return ok({
		matches: matches.map((match) => ({ ...match, budgetCodes: match.budgetCodes.map((code) => renderBudgetCode(data, code)) })),
	});
}

export const budgetCodeHandlers: HandlerTable = {
	BudgetCodes_ListCompanySegments: listSegments,
	BudgetCodes_ListProjectSegments: listSegments,
	BudgetCodes_ListCompanySegmentItems: listSegmentItems,
	BudgetCodes_ListProjectSegmentItems: listSegmentItems,
	BudgetCodes_ListCompanySegmentItemChildren: listSegmentItems,
	BudgetCodes_ListProjectSegmentItemChildren: listSegmentItems,
	BudgetCodes_ListCompanyBudgetCodes: listBudgetCodes,
	BudgetCodes_ListProjectBudgetCodes: listBudgetCodes,
	BudgetCodes_MatchCompanyBudgetCodes: matchBudgetCodes,
	BudgetCodes_MatchProjectBudgetCodes: matchBudgetCodes,
	BudgetCodes_CreateBudgetCode: (context) => {
		const [code] = context.store.budgetCodes.createFull([bodyOf<CreateFullBudgetCodeArgs>(context)]);
		return created({ code: renderBudgetCode(context.store.data, code) });
	},
	BudgetCodes_CreateBudgetCodePartial: (context) => {
		const [code] = context.store.budgetCodes.createPartial([bodyOf<CreatePartialBudgetCodeArgs>(context)]);
		return created({ code: renderBudgetCode(context.store.data, code) });
	},
	BudgetCodes_CreateBudgetCodesBatch: (context) => {
		const codes = context.store.budgetCodes.createFull(arrayBody<CreateFullBudgetCodeArgs>(context, 'Jpm.V2.CreateFullBudgetCodeArgs'), true);
		return created({ codes: codes.map((code) => renderBudgetCode(context.store.data, code)) });
	},
	BudgetCodes_CreateBudgetCodesPartialBatch: (context) => {
		const codes = context.store.budgetCodes.createPartial(
			arrayBody<CreatePartialBudgetCodeArgs>(context, 'Jpm.V2.CreatePartialBudgetCodeArgs'),
			true,
		);
		return created({ codes: codes.map((code) => renderBudgetCode(context.store.data, code)) });
	},
};
