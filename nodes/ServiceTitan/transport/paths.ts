import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** A ServiceTitan ID: a positive int64 written with digits only, no sign, exponent or spaces. */
export const POSITIVE_INTEGER = /^[1-9]\d{0,18}$/;

export function isPositiveIntegerId(value: unknown): boolean {
	if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0;
	return typeof value === 'string' && POSITIVE_INTEGER.test(value);
}

/**
 * Expands `/jobs/{id}/notes` with validated IDs. Every segment is checked again here, whatever the
 * caller validated, so nothing unvalidated (`12/../34`, `1e3`, ` 7`) can ever reach a URL.
 */
export function buildPath(
	node: INode,
	template: string,
	params: Record<string, unknown>,
	itemIndex?: number,
): string {
	return template.replace(/\{(\w+)\}/g, (_match, name: string) => {
		const value = params[name];
		if (!isPositiveIntegerId(value)) {
			throw new NodeOperationError(node, `The path parameter '${name}' must be a positive whole number`, {
				itemIndex,
				description: `Got ${JSON.stringify(value) ?? 'nothing'}.`,
			});
		}
		return encodeURIComponent(String(value));
	});
}
