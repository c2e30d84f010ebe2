import { PAGING, SORT_PARAMETER, activeFilter, createdModifiedFilters, idsFilter, pathId, query } from './common';
import type { ResourceSpec } from './types';

export const projectSubStatusResource: ResourceSpec = {
	value: 'projectSubStatus',
	name: 'Project Sub-Status',
	description: 'Finer-grained statuses within a project status, as set up in the tenant',
	operations: [
		{
			operationId: 'ProjectSubStatuses_Get',
			value: 'get',
			name: 'Get',
			action: 'Get a project sub-status',
			description: 'Get one project sub-status by ID',
			method: 'GET',
			path: '/project-substatuses/{id}',
			scope: 'tn.jpm.projectsubstatuses:r',
			parameters: [pathId('id', { displayName: 'Project Sub-Status', locator: 'projectSubStatus' })],
			envelope: { kind: 'single' },
		},
		{
			operationId: 'ProjectSubStatuses_GetList',
			value: 'getAll',
			name: 'Get Many',
			action: 'Get many project sub-statuses',
			description: 'List project sub-statuses (ID, name, parent status, order), optionally of one status',
			method: 'GET',
			path: '/project-substatuses',
			scope: 'tn.jpm.projectsubstatuses:r',
			parameters: [
				...PAGING,
				query('name', 'string', { description: 'Project sub-status name' }),
				query('statusId', 'id', { displayName: 'Status', locator: 'projectStatus', description: 'Only sub-statuses of this project status' }),
				idsFilter('project sub-statuses'),
				activeFilter('Active sub-statuses, inactive ones or both (default: active only)'),
				...createdModifiedFilters('project sub-statuses'),
				SORT_PARAMETER,
			],
			envelope: { kind: 'paged' },
			sort: { fields: ['Id', 'Name', 'Order', 'StatusId', 'ModifiedOn', 'CreatedOn'] },
		},
	],
};
