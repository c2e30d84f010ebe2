import { sleep } from 'n8n-workflow';

/**
 * Spaces requests to one tenant evenly so a run stays under ServiceTitan's per-tenant limit
 * (60 requests/second per app and tenant) instead of bursting into 429s. One schedule per tenant is
 * shared by every item, execution and node in this n8n process.
 */
class TenantSchedule {
	private nextSlot = 0;

	async waitForSlot(requestsPerSecond: number): Promise<void> {
		const spacing = 1000 / requestsPerSecond;
		const now = Date.now();
		const slot = Math.max(now, this.nextSlot);
		this.nextSlot = slot + spacing;
		if (slot > now) await sleep(slot - now);
	}

	/** After a 429 with Retry-After, nobody sends to this tenant before the server said so. */
	holdUntil(time: number): void {
		this.nextSlot = Math.max(this.nextSlot, time);
	}
}

const schedules = new Map<string, TenantSchedule>();

export function tenantSchedule(budgetKey: string): TenantSchedule {
	let schedule = schedules.get(budgetKey);
	if (!schedule) {
		schedule = new TenantSchedule();
		schedules.set(budgetKey, schedule);
	}
	return schedule;
}

/** Default pace: under the 60/s limit with room for timing jitter on the way to the server. */
export const DEFAULT_REQUESTS_PER_SECOND = 55;
