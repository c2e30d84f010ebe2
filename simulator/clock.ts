/**
 * The simulator's notion of "now". It follows the wall clock but can be advanced by tests (token
 * expiry, export visibility delays) and never goes backwards, so export feeds stay time-ordered.
 */
export class SimClock {
	private offsetMs = 0;
	private lastMs = 0;
	private frozen = false;

	now(): number {
		if (!this.frozen) this.lastMs = Math.max(this.lastMs, Date.now() + this.offsetMs);
		return this.lastMs;
	}

	/** Moves simulated time forward (e.g. past a token's expiry) without waiting. */
	advance(ms: number): void {
		if (!(ms >= 0)) throw new Error(`advance(ms) needs a non-negative number, got ${ms}`);
		this.offsetMs += ms;
		if (this.frozen) this.lastMs += ms;
	}

	/**
	 * Stops the clock until `thaw()`: every change made meanwhile shares one modifiedOn, as the
	 * records of a bulk update do.
	 */
	freeze(): void {
		this.now();
		this.frozen = true;
	}

	thaw(): void {
		this.frozen = false;
	}
}

// A module-local alias: global lookups are slow inside Jest's vm context (see random.ts).
const UtcDate = Date;

/** ServiceTitan-style UTC timestamp. */
export function isoUtc(ms: number): string {
	return new UtcDate(ms).toISOString();
}
