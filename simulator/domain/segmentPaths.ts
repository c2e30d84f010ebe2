/**
 * How budget codes are written: an item's path (its ancestors' codes and its own, joined by '.') and a
 * code's text (the items' paths in segment order joined by '-', '*' for an unset segment). Shared by
 * the seed, the budget-code service and the renderer; it reads the tables only.
 */
import type { TenantData } from '../store';
import type { BudgetCodeSegmentRef, SegmentItemRecord, SegmentRecord } from '../types';

export const WILDCARD = '*';

/** `path` is the item's code prefixed by its ancestors' codes, e.g. `15.100`. */
export function segmentItemPath(data: TenantData, item: SegmentItemRecord): string {
	const codes = [item.code];
	let parent = item.parentId === null ? undefined : data.segmentItems.get(item.parentId);
	while (parent) {
		codes.unshift(parent.code);
		parent = parent.parentId === null ? undefined : data.segmentItems.get(parent.parentId);
	}
	return codes.join('.');
}

export function activeSegments(data: TenantData): SegmentRecord[] {
	return data.segments.toArray().filter((segment) => segment.isActive);
}

/** Text and description of a code made of `references`. */
export function describeBudgetCode(data: TenantData, references: readonly BudgetCodeSegmentRef[]): { code: string; description: string } {
	const parts: string[] = [];
	const descriptions: string[] = [];
	let lastSet = -1;
	activeSegments(data).forEach((segment, index) => {
		const reference = references.find((candidate) => candidate.segmentId === segment.id);
		const item = reference?.segmentItemId ? data.segmentItems.get(reference.segmentItemId) : undefined;
		parts.push(item ? segmentItemPath(data, item) : WILDCARD);
		if (item) descriptions.push(item.description);
		if (item || segment.isRequired) lastSet = index;
	});
	return { code: parts.slice(0, lastSet + 1).join('-'), description: descriptions.join(' / ') };
}
