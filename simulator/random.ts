/**
 * Deterministic randomness. Seeded records are derived from `hash(seed, salt, index)` so any record
 * can be regenerated on demand without storing it; sequential choices use a seeded PRNG.
 */

// Module-local copies: under Jest, code runs in a vm context where every global lookup (Math…) is
// slow; these hot paths are called millions of times when seeded records are rebuilt.
const imul = Math.imul;
export const floor = Math.floor;
export const isInteger = Number.isInteger;

/** A 32-bit avalanche mix (murmur3 finaliser) of up to three integers. */
export function hash32(a: number, b: number, c = 0): number {
	let h = imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ imul(b + 0x7f4a7c15, 0xc2b2ae35) ^ imul(c + 0x165667b1, 0x27d4eb2f);
	h ^= h >>> 16;
	h = imul(h, 0x85ebca6b);
	h ^= h >>> 13;
	h = imul(h, 0xc2b2ae35);
	h ^= h >>> 16;
	return h >>> 0;
}

/** Derives independent unsigned 32-bit values for one record: `next()` gives a new one each call. */
export class RecordDice {
	private counter = 0;

	constructor(
		private readonly seed: number,
		private readonly salt: number,
		private readonly index: number,
	) {}

	next(): number {
		return hash32(this.seed ^ imul(this.counter++ + 1, 0x27d4eb2f), this.salt, this.index);
	}

	/** Integer in [min, max]. */
	int(min: number, max: number): number {
		return min + (this.next() % (max - min + 1));
	}

	chance(probability: number): boolean {
		return this.next() / 0x100000000 < probability;
	}

	pick<T>(items: readonly T[]): T {
		return items[this.next() % items.length];
	}

	/** Picks by weight, e.g. `[['Completed', 5], ['Scheduled', 2]]`. */
	weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
		const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
		let roll = this.next() % total;
		for (const [value, weight] of entries) {
			if (roll < weight) return value;
			roll -= weight;
		}
		return entries[entries.length - 1][0];
	}
}

/** mulberry32: a small seeded PRNG for sequences (random changes, fault probabilities). */
export class SeededRandom {
	private state: number;

	constructor(seed: number) {
		this.state = seed >>> 0;
	}

	/** Uniform in [0, 1). */
	next(): number {
		this.state = (this.state + 0x6d2b79f5) >>> 0;
		let t = this.state;
		t = imul(t ^ (t >>> 15), t | 1);
		t ^= t + imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 0x100000000;
	}

	int(min: number, max: number): number {
		return min + floor(this.next() * (max - min + 1));
	}

	pick<T>(items: readonly T[]): T {
		return items[floor(this.next() * items.length)];
	}
}

/** The seed of one tenant's records: the simulator's seed mixed with the tenant id (FNV-1a). */
export function seedForTenant(seed: number, tenantId: string): number {
	return seed ^ hashTenant(tenantId);
}

function hashTenant(tenantId: string): number {
	let hash = 2166136261;
	for (let index = 0; index < tenantId.length; index++) {
		hash = Math.imul(hash ^ tenantId.charCodeAt(index), 16777619);
	}
	return hash >>> 0;
}
