import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { toUtcIso } from '../engine/dates';
import { commaSeparatedEntries } from '../engine/text';
import { ensureNodeError, resolveConnection } from '../transport';
import type { DrainSettings } from './drain';
import { drain, sampleRecentChanges } from './drain';
import type { FeedValue } from './feeds';
import { FEEDS } from './feeds';
import type { TriggerFilters } from './filters';
import type { OutputSettings } from './output';
import { toOutput } from './output';
import type { StartOption } from './state';
import { forgetIdleMs } from './dedupe';
import { oncePerTrigger, pollBudgetMs } from './schedule';
import {
	arm,
	armingHint,
	dropArmingHint,
	forgetReportedFailure,
	isRepeatedFailure,
	lastReportedFailure,
	loadState,
	rememberReportedFailure,
	saveState,
	writeArmingHint,
} from './state';

/** Share of the budget spent reading; the rest covers the page in flight and building the items. */
const BUDGET_SHARE = 0.8;

function list<T>(value: unknown, map: (entry: unknown) => T): T[] {
	return value === undefined || value === null ? [] : commaSeparatedEntries(value).map(map);
}

function readSettings(ctx: IPollFunctions): {
	feed: FeedValue;
	start: StartOption;
	startDate?: string;
	drain: DrainSettings;
	output: OutputSettings;
} {
	const feed = ctx.getNodeParameter('feed') as FeedValue;
	if (!(feed in FEEDS)) throw new NodeOperationError(ctx.getNode(), `Unknown feed '${String(feed)}'`);
	const start = ctx.getNodeParameter('start', 'now') as StartOption;
	let startDate: string | undefined;
	if (start === 'date') {
		const raw = ctx.getNodeParameter('startDate', '');
		startDate = toUtcIso(raw, ctx.getTimezone());
		if (!startDate) {
			throw new NodeOperationError(ctx.getNode(), "The parameter 'Start Date' must be a date", {
				description: `Got ${JSON.stringify(raw)}.`,
			});
		}
	}
	const filters = ctx.getNodeParameter('filters', {}) as IDataObject;
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const maxRecordsPerPoll = Number(options.maxRecordsPerPoll ?? 1000);
	if (!Number.isInteger(maxRecordsPerPoll) || maxRecordsPerPoll < 1) {
		throw new NodeOperationError(ctx.getNode(), "The option 'Max Records per Poll' must be a whole number of at least 1");
	}
	const triggerFilters: TriggerFilters = {
		changeType: (filters.changeType as TriggerFilters['changeType']) ?? 'any',
		active: (filters.active as TriggerFilters['active']) ?? 'all',
		statuses: list(feed === 'jobs' ? filters.jobStatuses : feed === 'appointments' ? filters.appointmentStatuses : [], String),
		projectStatusIds: list(filters.projectStatusIds, Number),
		eventTypes: list(filters.eventTypes, String).filter((type) => type !== ''),
		cancelReasonIds: list(filters.cancelReasonIds, Number),
	};
	return {
		feed,
		start,
		startDate,
		drain: {
			includeRecentChanges: options.includeRecentChanges === true,
			maxRecordsPerPoll,
			filters: triggerFilters,
			forgetIdleJobsMs: forgetIdleMs(options.forgetIdleJobsDays as number | undefined),
		},
		output: {
			simplify: ctx.getNodeParameter('simplify', true) === true,
			oneItemPerEvent: options.oneItemPerEvent !== false,
		},
	};
}

function failureSignature(error: unknown): string {
	const failure = error as { message?: unknown; httpCode?: unknown };
	return `${String(failure.httpCode ?? '')}|${String(failure.message ?? error)}`;
}

/** The trigger's poll(): see the README's "How the trigger works". One at a time per trigger (schedule.ts). */
export async function pollFeed(ctx: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	return await oncePerTrigger(ctx, async () => await pollOnce(ctx));
}

async function pollOnce(ctx: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const settings = readSettings(ctx);
	const feed = FEEDS[settings.feed];
	const toItems = (json: IDataObject[]) => (json.length > 0 ? [ctx.helpers.returnJsonArray(json)] : null);

	if (ctx.getMode() === 'manual') {
		const sample = await sampleRecentChanges(ctx, feed, settings.drain);
		return toItems(toOutput(sample, feed, settings.output));
	}

	const connection = await resolveConnection(ctx);
	const scope = [feed.value, connection.budgetKey, settings.start, settings.startDate ?? ''].join('|');
	const staticData = ctx.getWorkflowStaticData('node');
	const globalData = ctx.getWorkflowStaticData('global');
	const nodeId = ctx.getNode().id;
	const failureKey = `${ctx.getWorkflow().id ?? ''}|${nodeId}|${scope}`;
	let state = loadState(staticData, scope);
	ctx.logger.debug('ServiceTitan Trigger: poll', { mode: ctx.getMode(), activation: ctx.getActivationMode(), armed: state.armed });

	if (!state.armed) {
		// See the README's "On each kind of n8n host, and after a crash": a host may have discarded
		// what the activation poll armed; the hint it left in the workflow's static data says when that was.
		const activatedAt = settings.start === 'now' ? armingHint(globalData, nodeId, scope) : undefined;
		state = arm(state, settings.start, settings.startDate, activatedAt ? new Date(activatedAt) : new Date());
		saveState(staticData, state);
		if (settings.start === 'now' && !activatedAt) {
			// "From now on" emits nothing on activation: the next poll reads from this moment.
			writeArmingHint(globalData, nodeId, scope, state.anchor as string);
			return null;
		}
	} else {
		dropArmingHint(globalData, nodeId);
	}

	const deadline = Date.now() + pollBudgetMs(ctx) * BUDGET_SHARE;
	try {
		const result = await drain(ctx, feed, settings.drain, state, deadline);
		saveState(staticData, { ...result.state, error: undefined });
		forgetReportedFailure(failureKey);
		return toItems(toOutput(result.changes, feed, settings.output));
	} catch (error) {
		// The cursor stays where it was: the next poll reads the same changes again.
		const signature = failureSignature(error);
		const now = Date.now();
		const reported = lastReportedFailure(failureKey, state);
		if (reported && isRepeatedFailure({ error: reported }, signature, now)) {
			ctx.logger.warn('ServiceTitan Trigger: the same failure again; not reporting it until it changes or an hour passes', {
				error: (error as Error).message,
			});
			// Returning null lets a durable-scheduler host commit the record, so it also holds after a restart.
			saveState(staticData, { ...state, error: reported });
			return null;
		}
		const record = { signature, at: now };
		rememberReportedFailure(failureKey, record);
		saveState(staticData, { ...state, error: record });
		throw ensureNodeError(ctx.getNode(), error);
	}
}
