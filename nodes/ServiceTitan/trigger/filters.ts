import type { Change, FeedSpec } from './feeds';

export interface TriggerFilters {
	changeType: 'any' | 'created' | 'updated';
	active: 'all' | 'active' | 'inactive';
	/** Job status (jobs) or appointment status (appointments). */
	statuses: string[];
	projectStatusIds: number[];
	eventTypes: string[];
	cancelReasonIds: number[];
}

function sameMoment(a: unknown, b: unknown): boolean {
	const ta = typeof a === 'string' ? Date.parse(a) : NaN;
	const tb = typeof b === 'string' ? Date.parse(b) : NaN;
	// ServiceTitan stamps both when a record is created; a second apart still reads as "created".
	return !Number.isNaN(ta) && !Number.isNaN(tb) && Math.abs(ta - tb) < 1000;
}

/** Filters applied after reading: the export feeds themselves take none. */
export function matches(change: Change, feed: FeedSpec, filters: TriggerFilters): boolean {
	const { record, event } = change;
	if (filters.active !== 'all' && typeof record.active === 'boolean' && record.active !== (filters.active === 'active')) {
		return false;
	}
	if (filters.changeType !== 'any' && feed.tellsCreated) {
		const created = sameMoment(record.createdOn, record.modifiedOn);
		if (created !== (filters.changeType === 'created')) return false;
	}
	if (filters.statuses.length > 0) {
		const status = feed.statusField === undefined ? undefined : record[feed.statusField];
		if (status !== undefined && !filters.statuses.includes(String(status))) return false;
	}
	if (filters.projectStatusIds.length > 0 && feed.value === 'projects') {
		if (!filters.projectStatusIds.includes(Number(record.statusId))) return false;
	}
	if (filters.eventTypes.length > 0 && event) {
		const type = String(event.eventType ?? '').toLowerCase();
		if (!filters.eventTypes.some((wanted) => wanted.toLowerCase() === type)) return false;
	}
	if (filters.cancelReasonIds.length > 0 && feed.value === 'jobCanceledLogs') {
		if (!filters.cancelReasonIds.includes(Number(record.reasonId))) return false;
	}
	return true;
}
