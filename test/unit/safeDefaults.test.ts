/**
 * Safe by default: a new node, a new AI-agent tool, and every resource a user switches to start on
 * an operation that only reads. The expectation comes from ServiceTitan's document (the HTTP method
 * of the operation the rendered description starts on), not from the catalog's own choice.
 */
import type { INode, INodeParameters, INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { findOperation } from '../../nodes/ServiceTitan/catalog';
import { ServiceTitan } from '../../nodes/ServiceTitan/ServiceTitan.node';
import { getOperation } from '../helpers/vendorSpec';

const nodeType = new ServiceTitan();
const { description } = nodeType;

function methodInDocument(resource: string, operation: string): string {
	const spec = findOperation(resource, operation);
	if (!spec) throw new Error(`the rendered operation ${resource}.${operation} is not in the catalog`);
	return getOperation(spec.operationId).method;
}

/** The parameters n8n gives a node just added to the canvas (the editor's own defaults). */
function freshParameters(values: INodeParameters = {}): INodeParameters {
	return NodeHelpers.getNodeParameters(description.properties, values, true, false, { typeVersion: 1 }, description) ?? {};
}

function freshNode(parameters: INodeParameters): INode {
	return { id: 'n1', name: 'ServiceTitan', type: 'n8n-nodes-servicetitan.serviceTitan', typeVersion: 1, position: [0, 0], parameters };
}

describe('safe defaults', () => {
	const resources = (description.properties.find((property) => property.name === 'resource')?.options ?? []) as Array<{ value: string }>;

	it.each(resources.map((resource) => [resource.value]))('switching to %s starts on an operation the document makes a GET', (resource) => {
		const parameters = freshParameters({ resource });
		expect(parameters.resource).toBe(resource);
		expect(methodInDocument(resource, String(parameters.operation))).toBe('GET');
	});

	it('a new node (and so a new AI-agent tool, which n8n builds from the same description) starts on a read', () => {
		const parameters = freshParameters();
		expect(methodInDocument(String(parameters.resource), String(parameters.operation))).toBe('GET');
		// The tool tells the agent what it does; it says it only reads.
		const toolDescription = NodeHelpers.getToolDescriptionForNode(freshNode({ ...parameters, descriptionType: 'auto' }), nodeType);
		expect(toolDescription).toBe('Get many jobs (read-only) in ServiceTitan');
	});

	it('every operation tells an agent whether it reads or changes data, as its method in the document says', () => {
		for (const selector of description.properties.filter((property) => property.name === 'operation')) {
			const resource = (selector.displayOptions?.show?.resource as string[])[0];
			for (const option of selector.options as Array<{ value: string; action: string; description: string }>) {
				const reads = methodInDocument(resource, option.value) === 'GET';
				expect(option.action.endsWith(reads ? '(read-only)' : '(changes data)')).toBe(true);
				expect(option.description).toContain(reads ? 'Read-only.' : 'Changes data in ServiceTitan.');
				expect(option.description).toMatch(/Returns .+\.$/);
			}
		}
	});

	it('a fresh node has no parameter issues (no red field before the user did anything)', () => {
		const parameters = freshParameters();
		expect(NodeHelpers.getNodeParametersIssues(description.properties as INodeProperties[], freshNode(parameters), description)).toBeNull();
	});
});

describe('canvas subtitles', () => {
	it('show the chosen action, evaluated as n8n evaluates a subtitle (the expression is not cut short)', () => {
		const subtitle = String(description.subtitle);
		// n8n's template ends an expression at the first "}}".
		expect(subtitle.slice(3).indexOf('}}')).toBe(subtitle.length - 5);
		const evaluate = new Function('$parameter', `return ${subtitle.slice(3, -2)};`) as (parameter: Record<string, string>) => string;
		expect(evaluate({ resource: 'appointment', operation: 'reschedule' })).toBe('Reschedule an appointment');
		expect(evaluate({ resource: 'job', operation: 'getAll' })).toBe('Get many jobs');
		expect(evaluate({ resource: '__CUSTOM_API_CALL__', operation: '' })).toBe('');
	});
});
