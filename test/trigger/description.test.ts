/** What n8n and its community-node rules expect of a polling trigger's description and packaging. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeProperties } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { commonPollingParameters } from 'n8n-core/dist/nodes-loader/constants';

import { FEEDS } from '../../nodes/ServiceTitan/trigger/feeds';
import { ServiceTitanTrigger } from '../../nodes/ServiceTitan/ServiceTitanTrigger.node';

const root = join(__dirname, '..', '..');
const nodeDir = join(root, 'nodes', 'ServiceTitan');
const { description } = new ServiceTitanTrigger();
const property = (name: string) => description.properties.find((candidate) => candidate.name === name) as INodeProperties;

describe('ServiceTitan Trigger description', () => {
	it('is a polling trigger: name ending in Trigger, polling, no inputs, one main output, no tool use', () => {
		expect(description.name).toBe('serviceTitanTrigger');
		expect(description.name).toMatch(/Trigger$/);
		expect(description.displayName).toMatch(/Trigger$/);
		expect(description.group).toEqual(['trigger']);
		expect(description.polling).toBe(true);
		expect(description.inputs).toEqual([]);
		expect(description.outputs).toEqual([NodeConnectionTypes.Main]);
		expect('usableAsTool' in description).toBe(false);
		expect(description.credentials).toEqual([{ name: 'serviceTitanApi', required: true }]);
		expect(typeof new ServiceTitanTrigger().poll).toBe('function');
	});

	it('declares no poll times of its own: n8n prepends them to polling nodes', () => {
		const reserved = commonPollingParameters.map((parameter) => parameter.name);
		expect(reserved).toContain('pollTimes');
		const names = JSON.stringify(description.properties);
		for (const name of reserved) expect(names).not.toContain(`"${name}"`);
	});

	it('has a codex file next to it naming the packaged node type, and the package lists it', () => {
		const codexPath = join(nodeDir, 'ServiceTitanTrigger.node.json');
		expect(existsSync(codexPath)).toBe(true);
		const codex = JSON.parse(readFileSync(codexPath, 'utf8')) as { node: string; categories: string[] };
		const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; n8n: { nodes: string[] } };
		expect(codex.node).toBe(`${packageJson.name}.${description.name}`);
		expect(codex.categories.length).toBeGreaterThan(0);
		expect(packageJson.n8n.nodes).toContain('dist/nodes/ServiceTitan/ServiceTitanTrigger.node.js');
		const icon = description.icon as { light: string; dark: string };
		for (const file of [icon.light, icon.dark]) expect(existsSync(join(nodeDir, file.replace('file:', '')))).toBe(true);
	});

	it('offers the seven feeds, the three starts, and filters sorted by name', () => {
		const feeds = property('feed').options?.map((option) => ('value' in option ? option.value : undefined));
		expect([...(feeds ?? [])].sort()).toEqual(Object.keys(FEEDS).sort());
		expect(property('start').options?.map((option) => ('value' in option ? option.value : undefined))).toEqual(['now', 'date', 'beginning']);
		expect(property('start').default).toBe('now');
		for (const collection of ['filters', 'options']) {
			const labels = (property(collection).options as INodeProperties[]).map((option) => option.displayName);
			expect(labels).toEqual([...labels].sort((a, b) => a.localeCompare(b)));
		}
	});
});
