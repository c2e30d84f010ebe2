/**
 * How a poll fits n8n's scheduler: one poll of a trigger at a time in this process, and a time
 * budget well under the poll interval and the host's own limit.
 */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

/**
 * Without the host's own figure (getPollBudgetMs, n8n 2.38 on): under the 45 s after which a
 * durable-scheduler host gives up on a poll, so the same budget holds on every host.
 */
export const DEFAULT_POLL_BUDGET_MS = 40_000;

const MINUTE_MS = 60_000;

/** The shortest interval of the trigger's "Poll Times", when it is a plain interval (not cron). */
export function shortestIntervalMs(ctx: IPollFunctions): number | undefined {
	let pollTimes: IDataObject;
	try {
		pollTimes = ctx.getNodeParameter('pollTimes', {}) as IDataObject;
	} catch {
		return undefined;
	}
	const items = Array.isArray(pollTimes?.item) ? (pollTimes.item as IDataObject[]) : [];
	const intervals = items.map((item): number | undefined => {
		switch (item.mode) {
			case 'everyMinute':
				return MINUTE_MS;
			case 'everyHour':
				return 60 * MINUTE_MS;
			case 'everyX': {
				const value = Number(item.value);
				const unit = item.unit === 'hours' ? 60 * MINUTE_MS : item.unit === 'seconds' ? 1000 : MINUTE_MS;
				return value > 0 ? value * unit : undefined;
			}
			default:
				return undefined;
		}
	});
	const known = intervals.filter((interval): interval is number => interval !== undefined);
	return known.length > 0 ? Math.min(...known) : undefined;
}

/**
 * The poll's time budget: the host's figure (or DEFAULT_POLL_BUDGET_MS), and at most half the poll
 * interval so a poll ends well before the next tick.
 */
export function pollBudgetMs(ctx: IPollFunctions): number {
	const host = ctx as IPollFunctions & { getPollBudgetMs?: () => number };
	const hostBudget = typeof host.getPollBudgetMs === 'function' ? host.getPollBudgetMs() : DEFAULT_POLL_BUDGET_MS;
	const budget = Number.isFinite(hostBudget) && hostBudget > 0 ? hostBudget : DEFAULT_POLL_BUDGET_MS;
	const interval = shortestIntervalMs(ctx);
	return interval === undefined ? budget : Math.min(budget, interval / 2);
}

/** Polls running in this process, by workflow and node. */
const running = new Set<string>();

function pollKey(ctx: IPollFunctions): string {
	const node = ctx.getNode();
	return `${String(ctx.getWorkflow().id ?? '')}|${node.id ?? ''}|${node.name}`;
}

/**
 * Runs `poll` unless a poll of the same trigger is still running in this process (n8n's in-memory
 * poller fires the next tick without waiting for the previous one): the second returns null at once
 * and says why, so two polls never read from the same position and emit the same changes.
 */
export async function oncePerTrigger<T>(ctx: IPollFunctions, poll: () => Promise<T>): Promise<T | null> {
	const key = pollKey(ctx);
	if (running.has(key)) {
		ctx.logger.info('ServiceTitan Trigger: the previous poll of this trigger is still running; this tick reads nothing', {
			workflowId: ctx.getWorkflow().id,
			node: ctx.getNode().name,
		});
		return null;
	}
	running.add(key);
	try {
		return await poll();
	} finally {
		running.delete(key);
	}
}
