import type { FieldSpec, ParameterSpec } from '../catalog/types';

/** Group name of every fixedCollection the engine renders (`{ values: ... }`). */
export const FIXED_COLLECTION_GROUP = 'values';

const ACRONYMS: Record<string, string> = { Id: 'ID', Ids: 'IDs', Po: 'PO', Guid: 'GUID', Url: 'URL' };

/** "modifiedOnOrAfter" → "Modified On Or After"; "tagTypeIds" → "Tag Type IDs". */
export function titleCase(name: string): string {
	return name
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.split(' ')
		.map((word) => word.charAt(0).toUpperCase() + word.slice(1))
		.map((word) => ACRONYMS[word] ?? word)
		.join(' ');
}

export function displayNameOf(spec: FieldSpec): string {
	return spec.displayName ?? titleCase(spec.name);
}

/**
 * The n8n property name of a path or top-level field. A bare `{id}` is named after what it
 * identifies (`jobId`, `appointmentId`, `projectStatusId`), so the same name always means the same
 * kind of value across operations.
 */
export function propertyNameOf(spec: FieldSpec | ParameterSpec, resourceValue: string): string {
	if (spec.name !== 'id') return spec.name;
	return spec.locator ? `${spec.locator}Id` : `${resourceValue}Id`;
}
