import { isInteger } from './random';

/**
 * A table of records addressed by slot (`id = firstId + slot`). Seeded records are not stored: a
 * generator rebuilds them from the seed on every read, and only records that were created or changed
 * live in memory ("copy on write"). That keeps 100k–1M seeded records nearly free.
 */
export class Collection<T extends { id: number }> {
	private explicit = new Map<number, T>();
	private slotCount = 0;
	/** How many times a seeded record was rebuilt: lets tests prove list paging is not quadratic. */
	generatedReads = 0;

	constructor(
		readonly firstId: number,
		/** Rebuilds a seeded record; `undefined` for a slot that holds nothing (a gap). */
		private readonly generate: (slot: number) => T | undefined = () => undefined,
	) {}

	/** Number of slots ever allocated (records plus gaps). */
	get size(): number {
		return this.slotCount;
	}

	/** Reserves `count` slots for seeded records and returns the first one. */
	reserve(count: number): number {
		const first = this.slotCount;
		this.slotCount += count;
		return first;
	}

	/** Adds a new record built for the next id. */
	insert(build: (id: number) => T): T {
		const slot = this.slotCount++;
		const record = build(this.firstId + slot);
		this.explicit.set(slot, record);
		return record;
	}

	slotOf(id: number): number {
		return id - this.firstId;
	}

	idOf(slot: number): number {
		return this.firstId + slot;
	}

	/** The record in `slot` (a fresh copy for seeded records, so don't mutate it: use `materialize`). */
	at(slot: number): T | undefined {
		if (slot < 0 || slot >= this.slotCount || !isInteger(slot)) return undefined;
		const stored = this.explicit.get(slot);
		if (stored) return stored;
		this.generatedReads++;
		return this.generate(slot);
	}

	get(id: number): T | undefined {
		return this.at(this.slotOf(id));
	}

	has(id: number): boolean {
		return this.get(id) !== undefined;
	}

	/** The stored, mutable record for `id`, copying a seeded one into memory first. */
	materialize(id: number): T | undefined {
		const slot = this.slotOf(id);
		const stored = this.explicit.get(slot);
		if (stored) return stored;
		const generated = this.at(slot);
		if (generated) this.explicit.set(slot, generated);
		return generated;
	}

	/** Calls `visit` for every record in id order (seeded ones are generated on the fly). */
	forEach(visit: (record: T, slot: number) => void): void {
		for (let slot = 0; slot < this.slotCount; slot++) {
			const record = this.at(slot);
			if (record) visit(record, slot);
		}
	}

	/** Small tables (catalogues) as an array. */
	toArray(): T[] {
		const records: T[] = [];
		this.forEach((record) => records.push(record));
		return records;
	}

	/** How many records are held in memory (created or changed), for memory diagnostics. */
	get storedCount(): number {
		return this.explicit.size;
	}
}
