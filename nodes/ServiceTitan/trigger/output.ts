import type { IDataObject } from 'n8n-workflow';

import { simplifyRecord } from '../engine/simplify';
import type { Change, FeedSpec } from './feeds';

export interface OutputSettings {
	simplify: boolean;
	oneItemPerEvent: boolean;
}

/** Changes → item JSON. Job-history events become one item each, or are grouped back per job. */
export function toOutput(changes: Change[], feed: FeedSpec, settings: OutputSettings): IDataObject[] {
	if (feed.value === 'jobHistory') {
		if (settings.oneItemPerEvent) return changes.map((change) => ({ jobId: change.record.jobId, ...change.event }));
		const byJob = new Map<unknown, IDataObject[]>();
		for (const change of changes) {
			const events = byJob.get(change.record.jobId) ?? [];
			events.push(change.event ?? {});
			byJob.set(change.record.jobId, events);
		}
		return [...byJob].map(([jobId, history]) => ({ jobId: jobId as number, history }));
	}
	return changes.map((change) =>
		settings.simplify && feed.simplify ? simplifyRecord(change.record, feed.simplify) : change.record,
	);
}
