import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { listSearch } from './methods/listSearch';
import { loadOptions } from './methods/loadOptions';
import { pollFeed } from './trigger/poll';
import { TRIGGER_SUBTITLE, triggerProperties } from './trigger/properties';

/**
 * Polls a ServiceTitan JPM export feed and emits each change once. The cursor and de-duplication
 * live in trigger/; the feed is read through the same transport as the action node.
 */
export class ServiceTitanTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ServiceTitan Trigger',
		name: 'serviceTitanTrigger',
		icon: { light: 'file:../../icons/servicetitan.svg', dark: 'file:../../icons/servicetitan.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: TRIGGER_SUBTITLE,
		description: 'Starts the workflow when jobs, appointments, projects, notes or job history change in ServiceTitan',
		defaults: { name: 'ServiceTitan Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'serviceTitanApi', required: true }],
		properties: triggerProperties,
	};

	methods = { loadOptions, listSearch };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollFeed(this);
	}
}
