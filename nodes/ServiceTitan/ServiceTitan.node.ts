import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { executeCatalogOperation } from './engine/execute';
import { buildNodeProperties, operationSubtitle } from './engine/properties';
import { listSearch } from './methods/listSearch';
import { loadOptions } from './methods/loadOptions';

/**
 * Every operation of ServiceTitan's JPM API v2. The properties and the requests come from the
 * operation catalog (catalog/), rendered and executed by the engine (engine/).
 */
export class ServiceTitan implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ServiceTitan',
		name: 'serviceTitan',
		icon: { light: 'file:../../icons/servicetitan.svg', dark: 'file:../../icons/servicetitan.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: operationSubtitle(),
		description:
			'Manage ServiceTitan jobs, appointments, projects, job types and budget codes, and read the JPM export feeds',
		defaults: { name: 'ServiceTitan' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'serviceTitanApi', required: true }],
		properties: buildNodeProperties(),
	};

	methods = { loadOptions, listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeCatalogOperation(this);
	}
}
