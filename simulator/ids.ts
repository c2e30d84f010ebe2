/** Id layout of a simulated tenant. */

/** First id of each table. Distinct ranges make a job id never look like an appointment id. */
export const FIRST_IDS = {
	jobs: 10_000_001,
	appointments: 20_000_001,
	projects: 30_000_001,
	jobNotes: 40_000_001,
	projectNotes: 50_000_001,
	canceledLogs: 60_000_001,
	bookedLogs: 80_000_001,
	seededHistory: 100_000_000,
	history: 1_500_000_000,
	jobTypes: 7_001,
	cancelReasons: 31,
	holdReasons: 41,
	projectStatuses: 11,
	projectSubStatuses: 111,
	projectTypes: 51,
	jobCustomFieldTypes: 801,
	projectCustomFieldTypes: 901,
	segments: 61,
	segmentItems: 6_001,
	budgetCodes: 9_001,
} as const;

/** Locations are numbered from their customer so a project's customer can be derived from its location. */
export const LOCATION_OFFSET = 1_000_000;
