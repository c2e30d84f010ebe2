/** Counters a test or benchmark reads to prove behaviour (e.g. that a POST was applied only once). */
export interface StatsSnapshot {
	tokensIssued: number;
	tokenRequests: number;
	totalRequests: number;
	rateLimited: number;
	faultsFired: number;
	/** API requests per operationId (`Token` is the token endpoint). */
	requests: Record<string, number>;
	/** Successful record-creating calls per operationId. */
	creations: Record<string, number>;
	/** Responses per HTTP status code. */
	statuses: Record<string, number>;
}

export class SimulatorStats implements StatsSnapshot {
	tokensIssued = 0;
	tokenRequests = 0;
	totalRequests = 0;
	rateLimited = 0;
	faultsFired = 0;
	requests: Record<string, number> = {};
	creations: Record<string, number> = {};
	statuses: Record<string, number> = {};

	count(counter: Record<string, number>, key: string): void {
		counter[key] = (counter[key] ?? 0) + 1;
	}

	reset(): void {
		this.tokensIssued = 0;
		this.tokenRequests = 0;
		this.totalRequests = 0;
		this.rateLimited = 0;
		this.faultsFired = 0;
		this.requests = {};
		this.creations = {};
		this.statuses = {};
	}

	snapshot(): StatsSnapshot {
		return {
			tokensIssued: this.tokensIssued,
			tokenRequests: this.tokenRequests,
			totalRequests: this.totalRequests,
			rateLimited: this.rateLimited,
			faultsFired: this.faultsFired,
			requests: { ...this.requests },
			creations: { ...this.creations },
			statuses: { ...this.statuses },
		};
	}
}
