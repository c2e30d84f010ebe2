import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeProperties } from 'n8n-workflow';

import { allOperations, RESOURCES } from '../../nodes/ServiceTitan/catalog';
import { ServiceTitan } from '../../nodes/ServiceTitan/ServiceTitan.node';

const node = new ServiceTitan();
const { description } = node;
const nodeDir = join(__dirname, '..', '..', 'nodes', 'ServiceTitan');

function visibleFor(property: INodeProperties, resource: string, operation: string): boolean {
	const show = property.displayOptions?.show;
	if (!show) return true;
	const resources = show.resource as string[] | undefined;
	const operations = show.operation as string[] | undefined;
	return (!resources || resources.includes(resource)) && (!operations || operations.includes(operation));
}

describe('ServiceTitan node description', () => {
	it('is a first-class, AI-usable action node', () => {
		expect(description.name).toBe('serviceTitan');
		expect(description.usableAsTool).toBe(true);
		expect(description.credentials).toEqual([{ name: 'serviceTitanApi', required: true }]);
		expect(description.subtitle).toContain('$parameter["operation"]');
		const icon = description.icon as { light: string; dark: string };
		expect(icon.light).not.toBe(icon.dark);
		for (const file of [icon.light, icon.dark]) expect(existsSync(join(nodeDir, file.replace('file:', '')))).toBe(true);
	});

	it('has a codex file naming the packaged node type', () => {
		const codex = JSON.parse(readFileSync(join(nodeDir, 'ServiceTitan.node.json'), 'utf8')) as { node: string; categories: string[] };
		expect(codex.node).toBe('n8n-nodes-servicetitan.serviceTitan');
		expect(codex.categories.length).toBeGreaterThan(0);
	});

	it('offers every catalog operation under its resource, with an action and a description', () => {
		const resource = description.properties.find((property) => property.name === 'resource');
		expect(resource?.options?.map((option) => ('value' in option ? option.value : undefined))).toEqual(
			[...RESOURCES].sort((a, b) => a.name.localeCompare(b.name)).map((entry) => entry.value),
		);
		for (const { resource: spec, operation } of allOperations()) {
			const selector = description.properties.find(
				(property) => property.name === 'operation' && (property.displayOptions?.show?.resource as string[]).includes(spec.value),
			);
			const option = selector?.options?.find((candidate) => 'value' in candidate && candidate.value === operation.value);
			expect(option).toMatchObject({ name: operation.name });
			expect((option as { action?: string }).action).toMatch(new RegExp(`^${operation.action} \\((read-only|changes data)\\)$`));
			if (operation.value === 'getAll') expect(operation.action).toMatch(/^Get many /);
		}
	});

	it('never gives one parameter name two different types (values would carry over between operations)', () => {
		const types = new Map<string, Set<string>>();
		for (const property of description.properties) {
			const seen = types.get(property.name) ?? new Set<string>();
			seen.add(property.type);
			types.set(property.name, seen);
		}
		const conflicts = [...types].filter(([, seen]) => seen.size > 1).map(([name, seen]) => `${name}: ${[...seen].join(', ')}`);
		expect(conflicts).toEqual([]);
	});

	it('shows each operation its own parameters only once, with collections sorted', () => {
		for (const { resource, operation } of allOperations()) {
			const visible = description.properties.filter(
				(property) => !['resource', 'operation'].includes(property.name) && visibleFor(property, resource.value, operation.value),
			);
			const names = visible.map((property) => property.name);
			expect(names).toEqual([...new Set(names)]);
			for (const property of visible.filter((candidate) => candidate.type === 'collection')) {
				const labels = (property.options as INodeProperties[]).map((option) => option.displayName);
				// Reschedule keeps Start before End (its catalog order); every other collection is alphabetical.
				if (operation.keepFieldOrder && property.name !== 'options') continue;
				expect(labels).toEqual([...labels].sort((a, b) => a.localeCompare(b)));
			}
			if (operation.envelope.kind === 'paged') expect(names).toEqual(expect.arrayContaining(['returnAll', 'limit']));
			if (operation.simplify) expect(names).toContain('simplify');
		}
	});
});
