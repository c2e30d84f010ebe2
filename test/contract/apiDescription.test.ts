/**
 * The project's facts-only description of the API (simulator/api/jpm-v2.json) says what ServiceTitan's
 * OpenAPI document says, and carries none of its prose. The first check compares the file with what
 * the generator makes of the document today; the others read the document on their own (not through
 * the generator), so a generator that dropped or bent a fact would fail them too.
 */
import { readFileSync } from 'node:fs';

import { API_DESCRIPTION_FILE, apiDescription } from '../../simulator/api/description';
import { describeApi, type OpenApiDocument, renderDescription } from '../../scripts/lib/describeApi';
import { loadVendorDocument } from '../../scripts/lib/vendorDocument';

const document = loadVendorDocument() as OpenApiDocument & {
	paths: Record<string, Record<string, { operationId: string; summary?: string; parameters?: Array<{ name: string; in: string; required?: boolean; description?: string }> }>>;
	components: { schemas: Record<string, { type?: string; enum?: unknown[]; description?: string; properties?: Record<string, { type?: unknown; format?: string; description?: string }> }> };
};
const description = apiDescription();

describe('API description (simulator/api/jpm-v2.json)', () => {
	it('is what `npm run describe-api -- --write` makes of the document today', () => {
		expect(readFileSync(API_DESCRIPTION_FILE, 'utf8')).toBe(renderDescription(describeApi(document)));
	});

	it('has every operation of the document with its method, path and parameter names', () => {
		const fromDocument = Object.entries(document.paths).flatMap(([path, item]) =>
			Object.entries(item).map(([method, operation]) => ({
				operationId: operation.operationId,
				method: method.toUpperCase(),
				path,
				parameters: (operation.parameters ?? []).map((parameter) => `${parameter.in}:${parameter.name}:${parameter.required === true}`),
			})),
		);
		expect(fromDocument).toHaveLength(71);
		const described = description.operations.map((operation) => ({
			operationId: operation.operationId,
			method: operation.method,
			path: operation.path,
			parameters: operation.parameters.map((parameter) => `${parameter.in}:${parameter.name}:${parameter.required}`),
		}));
		expect(described).toEqual(fromDocument);
	});

	it('has every component schema with its field names, types, formats and enums', () => {
		const shape = (schemas: Record<string, { type?: unknown; enum?: unknown[]; properties?: Record<string, { type?: unknown; format?: string }> }>) =>
			Object.fromEntries(
				Object.entries(schemas).map(([name, schema]) => [
					name,
					{
						type: schema.type,
						enum: schema.enum,
						fields: Object.fromEntries(Object.entries(schema.properties ?? {}).map(([field, property]) => [field, `${JSON.stringify(property.type)} ${property.format ?? ''}`])),
					},
				]),
			);
		expect(Object.keys(document.components.schemas)).toHaveLength(101);
		expect(shape(description.schemas)).toEqual(shape(document.components.schemas));
	});

	it('copies none of the prose: no summary, description, title or example, and no vendor sentence', () => {
		const text = readFileSync(API_DESCRIPTION_FILE, 'utf8');
		const parsed = JSON.parse(text) as unknown;
		const proseKeys: string[] = [];
		const walk = (value: unknown, where: string, inProperties: boolean): void => {
			if (Array.isArray(value)) value.forEach((entry, index) => walk(entry, `${where}[${index}]`, false));
			else if (value && typeof value === 'object') {
				for (const [key, child] of Object.entries(value)) {
					// Inside `properties` keys are field names (a segment item has a field called `description`).
					if (!inProperties && ['summary', 'description', 'title', 'example', 'examples', 'x-enumNames'].includes(key)) proseKeys.push(`${where}.${key}`);
					walk(child, `${where}.${key}`, key === 'properties' && !inProperties);
				}
			}
		};
		walk((parsed as { operations: unknown }).operations, 'operations', false);
		walk((parsed as { schemas: unknown }).schemas, 'schemas', false);
		expect(proseKeys).toEqual([]);
		const sentences = new Set<string>();
		const collect = (value: unknown): void => {
			if (Array.isArray(value)) value.forEach(collect);
			else if (value && typeof value === 'object') {
				for (const [key, child] of Object.entries(value)) {
					if ((key === 'description' || key === 'summary') && typeof child === 'string' && child.trim().split(/\s+/).length >= 3) sentences.add(child.trim());
					else collect(child);
				}
			}
		};
		collect(document);
		expect(sentences.size).toBeGreaterThanOrEqual(100);
		expect([...sentences].filter((sentence) => text.includes(JSON.stringify(sentence).slice(1, -1)))).toEqual([]);
	});
});
