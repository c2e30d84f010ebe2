import { PAGING, pathId } from './common';
import type { ResourceSpec } from './types';

export const projectTypeResource: ResourceSpec = {
	value: 'projectType',
	name: 'Project Type',
	description: 'The kinds of project set up in the tenant',
	operations: [
		{
			operationId: 'ProjectTypes_Get',
			value: 'get',
			name: 'Get',
			action: 'Get a project type',
			description: 'Get one project type by ID',
			method: 'GET',
			path: '/project-types/{id}',
			scope: 'tn.jpm.projecttypes:r',
			parameters: [pathId('id', { displayName: 'Project Type', locator: 'projectType' })],
			envelope: { kind: 'single' },
		},
		{
			operationId: 'ProjectTypes_GetList',
			value: 'getAll',
			name: 'Get Many',
			action: 'Get many project types',
			description: 'List project types (ID, name, description)',
			method: 'GET',
			path: '/project-types',
			scope: 'tn.jpm.projecttypes:r',
			parameters: PAGING,
			envelope: { kind: 'paged' },
		},
	],
};
