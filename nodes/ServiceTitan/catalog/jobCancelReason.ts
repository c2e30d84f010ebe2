import { DEFAULT_SORT_FIELDS, lookupListParameters } from './common';
import type { ResourceSpec } from './types';

export const jobCancelReasonResource: ResourceSpec = {
	value: 'jobCancelReason',
	name: 'Job Cancel Reason',
	description: "The tenant's list of reasons a job can be canceled with",
	operations: [
		{
			operationId: 'JobCancelReasons_GetList',
			value: 'getAll',
			name: 'Get Many',
			action: 'Get many job cancel reasons',
			description: 'List the cancel reasons set up in ServiceTitan (ID and name), e.g. to pick one for Cancel a job',
			method: 'GET',
			path: '/job-cancel-reasons',
			scope: 'tn.jpm.jobcancelreasons:r',
			parameters: lookupListParameters('cancel reasons', 'Active cancel reasons, inactive ones or both (default: both)'),
			envelope: { kind: 'paged' },
			sort: { fields: DEFAULT_SORT_FIELDS },
		},
	],
};
