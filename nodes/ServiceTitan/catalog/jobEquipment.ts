import { field, pathId } from './common';
import type { ResourceSpec } from './types';

const JOB_ID = pathId('id', { locator: 'job', displayName: 'Job' });

export const jobEquipmentResource: ResourceSpec = {
	value: 'jobEquipment',
	name: 'Job Equipment',
	description: 'Customer equipment (installed units) attached to a job',
	operations: [
		{
			operationId: 'JobEquipment_Attach',
			value: 'attach',
			name: 'Attach',
			action: 'Attach equipment to a job',
			description: 'Attach one or more equipment items to a job; returns the IDs of all equipment now attached',
			method: 'POST',
			path: '/jobs/{id}/equipment',
			scope: 'tn.jpm.jobs:w',
			parameters: [JOB_ID],
			body: {
				kind: 'fields',
				fields: [field('equipmentIds', 'idList', { displayName: 'Equipment IDs', required: true, description: 'Equipment items to attach' })],
			},
			envelope: { kind: 'single' },
		},
		{
			operationId: 'JobEquipment_Detach',
			value: 'detach',
			name: 'Detach',
			action: 'Detach equipment from a job',
			description: 'Detach one equipment item from a job; fails with "not found" if it is not attached',
			method: 'DELETE',
			path: '/jobs/{id}/equipment/{equipmentId}',
			scope: 'tn.jpm.jobs:w',
			parameters: [JOB_ID, pathId('equipmentId', { displayName: 'Equipment ID' })],
			envelope: { kind: 'none', result: 'success' },
			appliedCheck: { read: 'JobEquipment_Get', field: 'equipmentIds', is: { lacks: 'equipmentId' } },
		},
		{
			operationId: 'JobEquipment_DetachBulk',
			value: 'detachMany',
			name: 'Detach Many',
			action: 'Detach many equipment items from a job',
			description: 'Detach several equipment items from a job in one request',
			method: 'DELETE',
			path: '/jobs/{id}/equipment',
			scope: 'tn.jpm.jobs:w',
			parameters: [JOB_ID],
			body: {
				kind: 'fields',
				fields: [field('equipmentIds', 'idList', { displayName: 'Equipment IDs', required: true, description: 'Equipment items to detach' })],
			},
			envelope: { kind: 'none', result: 'success' },
			appliedCheck: { read: 'JobEquipment_Get', field: 'equipmentIds', is: { lacks: 'equipmentIds' } },
		},
		{
			operationId: 'JobEquipment_Get',
			value: 'get',
			name: 'Get',
			action: 'Get the equipment of a job',
			description: 'Get the IDs of the equipment items attached to a job',
			method: 'GET',
			path: '/jobs/{id}/equipment',
			scope: 'tn.jpm.jobs:r',
			parameters: [JOB_ID],
			envelope: { kind: 'single' },
		},
	],
};
