/** ServiceTitan's default limit: N calls per second per application per tenant (sliding one-second window). */
export class RateLimiter {
	private readonly windows = new Map<string, number[]>();

	constructor(public limitPerSecond: number | null) {}

	/** Records the call and returns true, or returns false when the key is over its limit. */
	tryAcquire(key: string, now: number): boolean {
		if (this.limitPerSecond === null) return true;
		let window = this.windows.get(key);
		if (!window) {
			window = [];
			this.windows.set(key, window);
		}
		while (window.length > 0 && window[0] <= now - 1000) window.shift();
		if (window.length >= this.limitPerSecond) return false;
		window.push(now);
		return true;
	}

	reset(): void {
		this.windows.clear();
	}
}
