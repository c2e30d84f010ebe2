import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * The one rule for a ServiceTitan ID (IDs and the tenant ID are int64 in the vendor document): a
 * positive whole number written with digits only (no sign, exponent, spaces or leading zero), at
 * most 9223372036854775807. The editor's resource-locator check, the engine, the credential's
 * tenant ID and every URL segment use it.
 */
export const ID_PATTERN = '^[1-9][0-9]{0,18}$';

const ID_DIGITS = new RegExp(ID_PATTERN);
const INT64_MAX = '9223372036854775807';

/** Digit strings compare as numbers when they have the same length. */
function withinInt64(digits: string): boolean {
	return digits.length < INT64_MAX.length || (digits.length === INT64_MAX.length && digits <= INT64_MAX);
}

/**
 * The ID's digits, or undefined when the value is not an ID. A number counts only while it is exact:
 * above 2^53 a JavaScript number has already lost digits, so such an ID must arrive as text.
 */
export function idDigits(value: unknown): string | undefined {
	if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? String(value) : undefined;
	if (typeof value !== 'string' || !ID_DIGITS.test(value) || !withinInt64(value)) return undefined;
	return value;
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
		const digits = idDigits(params[name]);
		if (digits === undefined) {
			throw new NodeOperationError(node, `The path parameter '${name}' must be a positive whole number`, {
				itemIndex,
				description: `Got ${JSON.stringify(params[name]) ?? 'nothing'}.`,
			});
		}
		return digits;
	});
}
