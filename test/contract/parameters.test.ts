/**
 * Saved workflows store parameter names, types and option values: renaming one silently breaks
 * every workflow that set it. parameters.golden.json holds them for every operation of the action
 * node; a difference fails here, and an intended change is made by regenerating the file
 * (`UPDATE_GOLDEN=1 npx jest test/contract/parameters.test.ts`) and reviewing its diff.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { INodeProperties, INodePropertyCollection, INodeTypeDescription } from 'n8n-workflow';

import { ServiceTitan } from '../../nodes/ServiceTitan/ServiceTitan.node';

const GOLDEN = path.join(__dirname, 'parameters.golden.json');

function optionValues(property: INodeProperties): string {
	const values = (property.options ?? []).map((option) => String((option as { value?: unknown }).value));
	return values.length > 0 ? `: ${values.join('|')}` : '';
}

/** One line per stored value: `path (type[: values])`, nested collection and group entries included. */
function describe(property: INodeProperties, prefix = ''): string[] {
	const at = `${prefix}${property.name}`;
	switch (property.type) {
		case 'notice':
			return [];
		case 'collection':
			return [`${at} (collection)`, ...((property.options ?? []) as INodeProperties[]).flatMap((option) => describe(option, `${at}.`))];
		case 'fixedCollection':
			return [
				`${at} (fixedCollection${property.typeOptions?.multipleValues ? ', multiple' : ''})`,
				...((property.options ?? []) as INodePropertyCollection[]).flatMap((group) => group.values.flatMap((value) => describe(value, `${at}.${group.name}.`))),
			];
		case 'resourceLocator':
			return [`${at} (resourceLocator: ${(property.modes ?? []).map((mode) => mode.name).join('|')})`];
		case 'options':
		case 'multiOptions':
			return [`${at} (${property.type}${property.typeOptions?.loadOptionsMethod ? ` from ${property.typeOptions.loadOptionsMethod}` : optionValues(property)})`];
		default:
			return [`${at} (${property.type}${property.typeOptions?.multipleValues ? ', multiple' : ''})`];
	}
}

function shownFor(property: INodeProperties, resource: string, operation: string): boolean {
	const show = property.displayOptions?.show;
	return !!show && (show.resource as string[] | undefined)?.includes(resource) === true && (show.operation as string[] | undefined)?.includes(operation) === true;
}

function actionParameters(description: INodeTypeDescription): Record<string, string[]> {
	const resource = description.properties.find((property) => property.name === 'resource') as INodeProperties;
	const result: Record<string, string[]> = { '(node)': describe(resource) };
	for (const { value: resourceValue } of (resource.options ?? []) as Array<{ value: string }>) {
		const selector = description.properties.find((property) => property.name === 'operation' && (property.displayOptions?.show?.resource as string[]).includes(resourceValue)) as INodeProperties;
		for (const { value: operationValue } of (selector.options ?? []) as Array<{ value: string }>) {
			result[`${resourceValue}.${operationValue}`] = description.properties.filter((property) => shownFor(property, resourceValue, operationValue)).flatMap((property) => describe(property));
		}
	}
	return result;
}

function currentParameters(): Record<string, Record<string, string[]>> {
	return { serviceTitan: actionParameters(new ServiceTitan().description) };
}

it('every operation keeps the parameter names, types and option values saved workflows rely on', () => {
	const current = currentParameters();
	if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(GOLDEN, `${JSON.stringify(current, null, '\t')}\n`);
	const golden = JSON.parse(fs.readFileSync(GOLDEN, 'utf8')) as typeof current;
	expect(current).toEqual(golden);
});

it('covers all 71 operations', () => {
	expect(Object.keys(currentParameters().serviceTitan).filter((key) => key !== '(node)')).toHaveLength(71);
});
