import { DEFAULT_SORT_FIELDS, lookupListParameters } from './common';
import type { ResourceSpec } from './types';

export const jobHoldReasonResource: ResourceSpec = {
	value: 'jobHoldReason',
	name: 'Job Hold Reason',
	description: "The tenant's list of reasons a job or appointment can be put on hold with",
	operations: [
		{
			operationId: 'JobHoldReasons_Get',
			value: 'getAll',
			name: 'Get Many',
			action: 'Get many job hold reasons',
			description: 'List the hold reasons set up in ServiceTitan (ID and name), e.g. to pick one for Put an appointment on hold',
			method: 'GET',
			path: '/job-hold-reasons',
			scope: 'tn.jpm.jobholdreasons:r',
			parameters: lookupListParameters('hold reasons', 'Active hold reasons, inactive ones or both (default: both)'),
			envelope: { kind: 'paged' },
			sort: { fields: DEFAULT_SORT_FIELDS },
		},
	],
};
