/**
 * The example workflows in examples/ (files users import into their own n8n) and the credential the
 * demo and the e2e tests import next to them, pointing at the simulator.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { REPO_ROOT } from './n8n';

/** The id and name every example workflow references its credential by. */
export const EXAMPLE_CREDENTIAL = { id: 'stCredSimulator01', name: 'ServiceTitan (simulator)' } as const;

export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	executeOnce?: boolean;
	[key: string]: unknown;
}

export interface Workflow {
	id: string;
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	active?: boolean;
	[key: string]: unknown;
}

export interface ServiceTitanTarget {
	/** API root, without /jpm/v2 (the simulator's URL, or a proxy in front of it). */
	apiBaseUrl: string;
	tokenUrl: string;
	tenantId: string;
	clientId: string;
	clientSecret: string;
	appKey: string;
}

/** A `serviceTitanApi` credential (environment Custom) in `n8n import:credentials` form. */
export function serviceTitanCredential(
	target: ServiceTitanTarget,
	identity: { id: string; name: string } = EXAMPLE_CREDENTIAL,
): { id: string; name: string; type: string; data: Record<string, string> } {
	return {
		...identity,
		type: 'serviceTitanApi',
		data: {
			environment: 'custom',
			apiBaseUrl: target.apiBaseUrl,
			tokenUrl: target.tokenUrl,
			tenantId: target.tenantId,
			clientId: target.clientId,
			clientSecret: target.clientSecret,
			appKey: target.appKey,
		},
	};
}

export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');

/** The workflows in examples/, by file name. */
export function readExamples(): Array<{ file: string; workflow: Workflow }> {
	return readdirSync(EXAMPLES_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => ({ file, workflow: JSON.parse(readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) as Workflow }));
}

/** Is the workflow started by a polling trigger (runs under `n8n start`, not `n8n execute`)? */
export function isTriggerWorkflow(workflow: Workflow): boolean {
	return workflow.nodes.some((node) => node.type.endsWith('Trigger') && node.type !== 'n8n-nodes-base.manualTrigger');
}

/** The API host the examples are written for (production). */
export const EXAMPLE_API_HOST = 'https://api.servicetitan.io';

/**
 * The examples ready for a given API: URLs of HTTP Request nodes written for production
 * (`https://api.servicetitan.io/...`, with `{tenant}` filled in by the credential) pointed at `target`.
 */
export function examplesFor(target: Pick<ServiceTitanTarget, 'apiBaseUrl'>): Workflow[] {
	return readExamples().map(({ workflow }) => {
		for (const node of workflow.nodes) {
			if (node.type !== 'n8n-nodes-base.httpRequest' || typeof node.parameters.url !== 'string') continue;
			if (node.parameters.url.startsWith(EXAMPLE_API_HOST)) node.parameters.url = target.apiBaseUrl + node.parameters.url.slice(EXAMPLE_API_HOST.length);
		}
		return workflow;
	});
}
