import type { IDataObject } from 'n8n-workflow';

import type { SimplifyName } from '../catalog/types';

/**
 * The fields a workflow usually needs from ServiceTitan's large records (jobs carry 40 fields,
 * projects 20). Export records also keep `active`, which tells deleted and inactive records apart.
 */
export const SIMPLIFIED_FIELDS: Record<SimplifyName, readonly string[]> = {
	job: ['id', 'jobNumber', 'jobStatus', 'customerId', 'locationId', 'jobTypeId', 'priority', 'projectId', 'completedOn', 'modifiedOn', 'active'],
	appointment: ['id', 'appointmentNumber', 'jobId', 'status', 'start', 'end', 'arrivalWindowStart', 'arrivalWindowEnd', 'modifiedOn', 'active'],
	project: ['id', 'number', 'name', 'status', 'subStatus', 'customerId', 'locationId', 'targetCompletionDate', 'modifiedOn', 'active'],
};

export function simplifyRecord(record: IDataObject, name: SimplifyName): IDataObject {
	const simplified: IDataObject = {};
	for (const key of SIMPLIFIED_FIELDS[name]) {
		if (key in record) simplified[key] = record[key];
	}
	return simplified;
}
