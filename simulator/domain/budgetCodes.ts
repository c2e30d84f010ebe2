/**
 * Work-breakdown structure: segments (Cost Code, Cost Type…), their items (hierarchical or flat) and
 * budget codes combining one item per segment. A code's text is the items' paths in segment order
 * joined by '-', e.g. `15.100-L`; an unset segment of a partial code is '*' (trailing optional
 * segments are left out). This textual form is the simulator's convention; the document leaves it open.
 */
import { activeSegments, describeBudgetCode, segmentItemPath, WILDCARD } from './segmentPaths';
import type { BudgetCodeRecord, BudgetCodeSegmentRef, CreateFullBudgetCodeArgs, CreatePartialBudgetCodeArgs, SegmentItemRecord, SegmentRecord } from '../types';
import { type DataSource, Problems, requireFound } from './common';

export interface BudgetCodeMatch {
	code: string;
	isValid: boolean;
	budgetCodes: BudgetCodeRecord[];
}

export class BudgetCodeService {
	constructor(private readonly store: DataSource) {}

	private get data() {
		return this.store.data;
	}

	activeSegments(): SegmentRecord[] {
		return activeSegments(this.data);
	}

	requireSegment(segmentId: number): SegmentRecord {
		return requireFound(this.data.segments.get(segmentId), 'Segment', segmentId, 'segmentId');
	}

	/** Top-level items of a segment, or (includeChildren) every item depth-first. */
	segmentItems(segmentId: number, includeChildren: boolean): SegmentItemRecord[] {
		this.requireSegment(segmentId);
		return this.descendants(segmentId, null, includeChildren);
	}

	/** Direct children of an item, or (includeChildren) all its descendants depth-first. */
	itemChildren(segmentId: number, itemId: number, includeChildren: boolean): SegmentItemRecord[] {
		this.requireSegment(segmentId);
		const item = this.data.segmentItems.get(itemId);
		requireFound(item?.segmentId === segmentId ? item : undefined, 'Segment item', itemId, 'segmentItemId');
		return this.descendants(segmentId, itemId, includeChildren);
	}

	private descendants(segmentId: number, parentId: number | null, deep: boolean): SegmentItemRecord[] {
		const items = this.data.segmentItems.toArray().filter((item) => item.segmentId === segmentId);
		const walk = (parent: number | null): SegmentItemRecord[] =>
			items
				.filter((item) => item.parentId === parent)
				.flatMap((item) => (deep ? [item, ...walk(item.id)] : [item]));
		return walk(parentId);
	}

	describe(references: readonly BudgetCodeSegmentRef[]): { code: string; description: string } {
		return describeBudgetCode(this.data, references);
	}

	private checkFull(args: CreateFullBudgetCodeArgs, prefix: string, problems: Problems): BudgetCodeSegmentRef[] {
		const references: BudgetCodeSegmentRef[] = [];
		problems.check(args.segmentItemIds.length > 0, `${prefix}segmentItemIds`, 'At least one segment item is required.');
		args.segmentItemIds.forEach((itemId, index) => {
			const item = this.data.segmentItems.get(itemId);
			if (!item?.isActive) {
				problems.add(`${prefix}segmentItemIds[${index}]`, `Segment item ${itemId} does not exist or is inactive.`);
				return;
			}
			if (references.some((reference) => reference.segmentId === item.segmentId)) {
				problems.add(`${prefix}segmentItemIds[${index}]`, `Only one item per segment is allowed (segment ${item.segmentId}).`);
				return;
			}
			references.push({ segmentId: item.segmentId, segmentItemId: item.id });
		});
		for (const segment of this.activeSegments().filter((candidate) => candidate.isRequired)) {
			problems.check(
				references.some((reference) => reference.segmentId === segment.id),
				`${prefix}segmentItemIds`,
				`Segment '${segment.name}' is required for a full budget code.`,
			);
		}
		return references;
	}

	private checkPartial(args: CreatePartialBudgetCodeArgs, prefix: string, problems: Problems): BudgetCodeSegmentRef[] {
		problems.check(args.segments.length > 0, `${prefix}segments`, 'At least one segment is required.');
		const references: BudgetCodeSegmentRef[] = [];
		args.segments.forEach((binding, index) => {
			const field = `${prefix}segments[${index}]`;
			if (!this.data.segments.get(binding.segmentId)?.isActive) {
				problems.add(`${field}.segmentId`, `Segment ${binding.segmentId} does not exist or is inactive.`);
				return;
			}
			if (references.some((reference) => reference.segmentId === binding.segmentId)) {
				problems.add(`${field}.segmentId`, `Segment ${binding.segmentId} is listed twice.`);
				return;
			}
			const itemId = binding.segmentItemId ?? null;
			const item = itemId === null ? undefined : this.data.segmentItems.get(itemId);
			if (itemId !== null && (!item?.isActive || item.segmentId !== binding.segmentId)) {
				problems.add(`${field}.segmentItemId`, `Segment item ${itemId} does not belong to segment ${binding.segmentId}.`);
				return;
			}
			references.push({ segmentId: binding.segmentId, segmentItemId: itemId });
		});
		return references;
	}

	/** Validates every code first (errors prefixed `[i].` in batches), then creates them all. */
	private createAll(referenceSets: BudgetCodeSegmentRef[][], prefixes: string[], problems: Problems): BudgetCodeRecord[] {
		const existing = new Set(this.data.budgetCodes.toArray().map((budgetCode) => budgetCode.code));
		const described = referenceSets.map((references) => this.describe(references));
		described.forEach(({ code }, index) => {
			problems.check(!existing.has(code), `${prefixes[index]}code`, `Budget code '${code}' already exists.`);
			existing.add(code);
		});
		problems.throwIfAny();
		const now = this.data.now();
		const created = referenceSets.map((segments, index) =>
			this.data.budgetCodes.insert((id) => ({ id, ...described[index], segments, createdOn: now, modifiedOn: now })),
		);
		this.data.bumpVersion();
		return created;
	}

	createFull(batch: CreateFullBudgetCodeArgs[], isBatch = false): BudgetCodeRecord[] {
		const problems = new Problems();
		const prefixes = batch.map((_, index) => (isBatch ? `[${index}].` : ''));
		return this.createAll(batch.map((args, index) => this.checkFull(args, prefixes[index], problems)), prefixes, problems);
	}

	createPartial(batch: CreatePartialBudgetCodeArgs[], isBatch = false): BudgetCodeRecord[] {
		const problems = new Problems();
		const prefixes = batch.map((_, index) => (isBatch ? `[${index}].` : ''));
		return this.createAll(batch.map((args, index) => this.checkPartial(args, prefixes[index], problems)), prefixes, problems);
	}

	/**
	 * A code is valid when every part names an active item of its segment and every required segment
	 * is present. Matches are existing codes with the same text, plus partial codes whose '*' parts
	 * accept the given items.
	 */
	match(codes: readonly string[]): BudgetCodeMatch[] {
		const segments = this.activeSegments();
		const allCodes = this.data.budgetCodes.toArray();
		return codes.map((code) => {
			const parts = code.trim().split('-');
			const valid =
				parts.length <= segments.length &&
				segments.every((segment, index) => {
					const part = parts[index];
					if (part === undefined) return !segment.isRequired;
					return this.data.segmentItems
						.toArray()
						.some((item) => item.segmentId === segment.id && item.isActive && segmentItemPath(this.data, item) === part);
				});
			const budgetCodes = allCodes.filter((budgetCode) => {
				const codeParts = budgetCode.code.split('-');
				if (codeParts.length !== parts.length) return false;
				return codeParts.every((codePart, index) => codePart === WILDCARD || codePart === parts[index]);
			});
			return { code, isValid: valid, budgetCodes };
		});
	}
}
