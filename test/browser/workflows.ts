/** Workflows the browser suite (and the screenshot script) opens in the editor. */
import { EXAMPLE_CREDENTIAL, type Workflow } from '../../scripts/lib/examples';

const credentials = { serviceTitanApi: { ...EXAMPLE_CREDENTIAL } };
const manual = { id: 'm', name: 'When clicking ‘Execute workflow’', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };

function single(id: string, name: string, node: { name: string; type?: string; parameters: Record<string, unknown> }): Workflow {
	return {
		id,
		name,
		nodes: [
			manual,
			{ id: `${id}-1`, name: node.name, type: node.type ?? 'n8n-nodes-servicetitan.serviceTitan', typeVersion: 1, position: [240, 0], parameters: node.parameters, credentials },
		],
		connections: { [manual.name]: { main: [[{ node: node.name, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

/** A ServiceTitan node as the editor adds it: no parameters set, every default n8n's. */
export const FRESH_NODE = single('stBrFresh', 'Browser: a fresh ServiceTitan node', { name: 'ServiceTitan', parameters: {} });

export const JOB_CREATE = single('stBrJobCreate', 'Browser: Job → Create', { name: 'Create job', parameters: { resource: 'job', operation: 'create' } });

export const EXPORT_JOBS = single('stBrExport', 'Browser: Export → Jobs', { name: 'Export jobs', parameters: { resource: 'export', operation: 'jobs' } });

export const CUSTOM_API_CALL = single('stBrCustom', 'Browser: Custom API Call', { name: 'Custom call', parameters: { resource: '__CUSTOM_API_CALL__' } });

/** An AI agent with a ServiceTitan tool just added (no parameters set). */
export const AGENT_TOOL: Workflow = {
	id: 'stBrAgentTool',
	name: 'Browser: AI agent with a ServiceTitan tool',
	nodes: [
		{ id: 'a1', name: 'When chat message received', type: '@n8n/n8n-nodes-langchain.chatTrigger', typeVersion: 1.1, position: [0, 0], parameters: {} },
		{ id: 'a2', name: 'AI Agent', type: '@n8n/n8n-nodes-langchain.agent', typeVersion: 1.7, position: [240, 0], parameters: {} },
		{ id: 'a3', name: 'ServiceTitan', type: 'n8n-nodes-servicetitan.serviceTitanTool', typeVersion: 1, position: [320, 220], parameters: {}, credentials },
	],
	connections: {
		'When chat message received': { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
		ServiceTitan: { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
	},
	settings: { executionOrder: 'v1' },
	active: false,
};

export const BROWSER_WORKFLOWS = [FRESH_NODE, JOB_CREATE, EXPORT_JOBS, CUSTOM_API_CALL, AGENT_TOOL];
