/** Records the simulator tests create through the typed store (as a ServiceTitan user would). */
import type { TenantStore } from '../../simulator';
import type { JobCreateRequest, JobRecord } from '../../simulator/types';

const HOUR = 3_600_000;

/** ISO time `hours` from a fixed future day, so appointment times never depend on "now". */
export function at(hours: number): string {
	return new Date(Date.UTC(2030, 0, 7, 8) + hours * HOUR).toISOString();
}

/** A job booking request for the tenant's first active job type (and a business unit it allows). */
export function jobRequest(store: TenantStore, overrides: Partial<JobCreateRequest> = {}, appointments = 2): JobCreateRequest {
	const jobType = store.data.jobTypes.toArray().find((candidate) => candidate.active);
	if (!jobType) throw new Error('The tenant has no active job type; start it with sample data');
	return {
		customerId: 150_001,
		locationId: 1_150_001,
		businessUnitId: jobType.businessUnitIds[0] ?? 101,
		jobTypeId: jobType.id,
		priority: 'Normal',
		campaignId: 2001,
		appointments: Array.from({ length: appointments }, (_, index) => ({
			start: at(24 * index),
			end: at(24 * index + 2),
			arrivalWindowStart: at(24 * index),
			arrivalWindowEnd: at(24 * index + 1),
			technicianIds: [30_001],
		})),
		summary: '<p>Created by a test</p>',
		...overrides,
	};
}

export function bookJob(store: TenantStore, overrides: Partial<JobCreateRequest> = {}, appointments = 2): JobRecord {
	return store.jobs.create(jobRequest(store, overrides, appointments));
}

export function firstId<T extends { id: number }>(records: T[], what: string, predicate: (record: T) => boolean = () => true): number {
	const record = records.find(predicate);
	if (!record) throw new Error(`No ${what} in the sample data`);
	return record.id;
}
