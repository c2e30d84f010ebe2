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

/**
 * Records of other ServiceTitan APIs (CRM, Settings, Marketing) that JPM records point at. Seeded
 * jobs and projects draw from these, and simulator/lookups serves the same records read-only.
 */
export const REFERENCED = {
	/** Every id in this range is a customer (a tenant of 99,999 customers). */
	customers: { first: 100_001, last: 199_999 },
	businessUnitIds: [101, 102, 103, 104, 105],
	campaignIds: [2001, 2002, 2003, 2004],
	employeeIds: [20_001, 20_002, 20_003, 20_004, 20_005, 20_006, 20_007, 20_008],
	technicianIds: [30_001, 30_002, 30_003, 30_004, 30_005, 30_006, 30_007, 30_008, 30_009, 30_010],
} as const;
