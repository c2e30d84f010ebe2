import { createHash } from 'crypto';

/**
 * The keys of recently emitted changes, oldest first, bounded. Keys are stored as short hashes so a
 * window of tens of thousands fits in the workflow's static data (saved with every emitting poll).
 */
export class RecentChanges {
	private readonly order: string[];

	private readonly known: Set<string>;

	constructor(
		stored: readonly string[],
		private readonly limit: number,
	) {
		this.order = stored.slice(-limit);
		this.known = new Set(this.order);
	}

	static digest(key: string): string {
		return createHash('sha1').update(key).digest('base64').slice(0, 16);
	}

	has(key: string): boolean {
		return this.known.has(RecentChanges.digest(key));
	}

	add(key: string): void {
		const digest = RecentChanges.digest(key);
		if (this.known.has(digest)) return;
		this.known.add(digest);
		this.order.push(digest);
		if (this.order.length > this.limit) {
			const dropped = this.order.splice(0, this.order.length - this.limit);
			for (const old of dropped) this.known.delete(old);
		}
	}

	toJSON(): string[] {
		return [...this.order];
	}
}

/** Window size: a fixed floor for overlap from recent-change re-delivery, plus room for two capped polls. */
export function windowSize(maxRecordsPerPoll: number): number {
	return 10_000 + 2 * maxRecordsPerPoll;
}
