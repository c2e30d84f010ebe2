import { PAGING, SORT_PARAMETER, createdModifiedFilters, idsFilter, pathId, query } from './common';
import type { ResourceSpec } from './types';

export const projectStatusResource: ResourceSpec = {
	value: 'projectStatus',
	name: 'Project Status',
	description: 'The statuses a project can be in, as set up in the tenant',
	operations: [
		{
			operationId: 'ProjectStatuses_Get',
			value: 'get',
			name: 'Get',
			action: 'Get a project status',
			description: 'Get one project status by ID',
			method: 'GET',
			path: '/project-statuses/{id}',
			scope: 'tn.jpm.projectstatuses:r',
			parameters: [pathId('id', { displayName: 'Project Status', locator: 'projectStatus' })],
			envelope: { kind: 'single' },
		},
		{
			operationId: 'ProjectStatuses_GetList',
			value: 'getAll',
			name: 'Get Many',
			action: 'Get many project statuses',
			description: 'List project statuses (ID, name, order)',
			method: 'GET',
			path: '/project-statuses',
			scope: 'tn.jpm.projectstatuses:r',
			parameters: [
				...PAGING,
				query('name', 'string', { description: 'Project status name' }),
				idsFilter('project statuses'),
				...createdModifiedFilters('project statuses'),
				SORT_PARAMETER,
			],
			envelope: { kind: 'paged' },
			sort: { fields: ['Id', 'Name', 'Order', 'ModifiedOn', 'CreatedOn'] },
		},
	],
};
