import { sleep } from 'n8n-workflow';

/**
 * The pace of requests to one tenant from this process.
 *
 * ServiceTitan limits each app and tenant (60 requests/second by default), however many processes
 * send: one n8n, or a main process and several queue-mode workers. This process knows only what it
 * sends itself, so it keeps under its share of the limit (the limit divided by the processes that
 * share it) and reads the rest from the server's answers: a 429 means the tenant's window is full,
 * whoever filled it. The pace then follows AIMD, as TCP does on a shared link:
 * - multiplicative decrease: a 429 cuts the pace (once per round trip: 429s for requests sent before
 *   the cut are the same congestion and cut nothing more);
 * - additive increase: from the time the server's Retry-After names, the pace climbs back by a small
 *   step per second towards the share.
 * The request that got the 429 is retried after its Retry-After (retryPolicy.ts). A Retry-After
 * longer than the limit's one-second window means the tenant is blocked, not busy: nothing is sent
 * from this process before that time.
 *
 * One pace per tenant (app key + tenant) is shared by every item, execution and node in the process.
 */

/** ServiceTitan's default limit per app and tenant, requests per second. */
export const DEFAULT_REQUESTS_PER_SECOND = 60;
/** Processes assumed to share the limit unless the user says more. */
export const DEFAULT_PROCESSES_SHARING = 1;

/** The server counts requests in a sliding second; the pace keeps any second a little short of the share. */
const WINDOW_MS = 1000;
/** Slack for requests that leave together but arrive apart (event loop, sockets, the network). */
const ARRIVAL_SLACK_MS = 20;
export interface PaceTuning {
	/** Multiplicative decrease: after a 429 the pace is at most this fraction of the pace it was at ... */
	decrease: number;
	/** ... and at most this fraction of what the server accepted from this process in the last second ... */
	delivered: number;
	/** ... but never less than this fraction of the pace it was at. */
	deepest: number;
	/** Increase: the share regained per second after a 429 ... */
	linear: number;
	/** ... plus this fraction of the share times the seconds squared, so a long quiet climbs faster. */
	quadratic: number;
	/** The pace never falls below this fraction of the share, nor below one request per second. */
	floor: number;
}

export const PACE_TUNING: Readonly<PaceTuning> = { decrease: 0.95, delivered: 0.97, deepest: 0.5, linear: 0.02, quadratic: 0.02, floor: 0.05 };

function dropOlderThan(times: number[], cutoff: number): void {
	let stale = 0;
	while (stale < times.length && times[stale] <= cutoff) stale++;
	if (stale > 0) times.splice(0, stale);
}

export interface PaceLimit {
	/** The tenant's limit for this app, requests per second. */
	requestsPerSecond: number;
	/** How many processes send to the tenant with this app at the same time (queue-mode workers, other n8n). */
	processes: number;
}

/** This process's share of the limit, requests per second. */
export function shareOf(limit: PaceLimit): number {
	return limit.requestsPerSecond / limit.processes;
}

/** What a caller gets back for each request it sends: when it left, for `noteRateLimited`. */
export interface PaceTicket {
	sentAt: number;
}

interface Adapted {
	/** The pace right after the last cut, requests per second. */
	rate: number;
	/** When the pace starts climbing again (the cut plus the server's Retry-After). */
	recoverFrom: number;
	/** The share when the pace was cut, requests per second. */
	share: number;
}

/**
 * The pace's arithmetic, with time passed in (so tests drive it without waiting): when the next
 * request may leave, and how 429s move the pace.
 */
export class PaceState {
	/** Send times within the last window, oldest first. */
	private readonly sent: number[] = [];
	/** When answers other than 429 came back within the last window, oldest first: what the server took. */
	private readonly answered: number[] = [];
	private nextSlot = 0;
	private adapted?: Adapted;
	private lastCut = Number.NEGATIVE_INFINITY;
	private holdUntil = 0;
	/** How many times a 429 cut the pace (for tests and benchmarks). */
	cuts = 0;

	constructor(private readonly tuning: Readonly<PaceTuning> = PACE_TUNING) {}

	/** The pace now, requests per second: the share, or less after 429s. */
	rate(now: number, limit: PaceLimit): number {
		const share = shareOf(limit);
		const adapted = this.adapted;
		if (!adapted) return share;
		const seconds = Math.max(0, now - adapted.recoverFrom) / 1000;
		const regained = adapted.rate + adapted.share * (this.tuning.linear * seconds + this.tuning.quadratic * seconds * seconds);
		if (regained >= share) {
			this.adapted = undefined;
			return share;
		}
		return Math.max(regained, Math.min(share, Math.max(1, share * this.tuning.floor)));
	}

	/** Milliseconds until a request may leave (0: now). */
	waitMs(now: number, limit: PaceLimit): number {
		dropOlderThan(this.sent, now - WINDOW_MS - ARRIVAL_SLACK_MS);
		const rate = this.rate(now, limit);
		// Whole requests per window: a pace of 30.5/s sends 30 in any window.
		const perWindow = Math.max(1, Math.floor(rate + 1e-9));
		const windowFree = this.sent.length >= perWindow ? this.sent[this.sent.length - perWindow] + WINDOW_MS + ARRIVAL_SLACK_MS : 0;
		return Math.max(0, this.holdUntil - now, this.nextSlot - now, windowFree - now);
	}

	/** Records a request leaving now (call when `waitMs` is 0). */
	take(now: number, limit: PaceLimit): PaceTicket {
		const spacing = 1000 / this.rate(now, limit);
		// Slots follow the schedule, not the wake-up, so a timer firing late does not slow the pace;
		// at most one slot is caught up (after a pause the pace starts again, it does not burst).
		this.nextSlot = Math.max(this.nextSlot, now - spacing) + spacing;
		this.sent.push(now);
		return { sentAt: now };
	}

	/** A request was answered with anything but 429: the server counted it within the limit. */
	noteAnswered(now: number): void {
		this.answered.push(now);
		if (this.answered.length > 4096) dropOlderThan(this.answered, now - WINDOW_MS);
	}

	/**
	 * A request sent at `ticket.sentAt` was answered 429. Cuts the pace once per round trip, and
	 * starts the recovery when the server's Retry-After has passed.
	 */
	noteRateLimited(ticket: PaceTicket, retryAfterMs: number | undefined, now: number, limit: PaceLimit): void {
		const wait = Math.max(0, retryAfterMs ?? 0);
		if (wait > WINDOW_MS) this.holdUntil = Math.max(this.holdUntil, now + wait);
		// Sent before the last cut: the pace already answered this congestion.
		if (ticket.sentAt < this.lastCut) {
			if (this.adapted) this.adapted.recoverFrom = Math.max(this.adapted.recoverFrom, now + wait);
			return;
		}
		const share = shareOf(limit);
		const before = this.rate(now, limit);
		dropOlderThan(this.answered, now - WINDOW_MS);
		const { decrease, delivered, deepest } = this.tuning;
		const rate = Math.max(before * deepest, Math.min(before * decrease, (this.answered.length * delivered * 1000) / WINDOW_MS));
		this.adapted = { rate, recoverFrom: now + wait, share };
		this.lastCut = now;
		this.cuts++;
	}
}

/**
 * The process-wide pace of one tenant: requests wait their turn in arrival order.
 */
export class TenantPace {
	readonly state = new PaceState();
	private readonly queue: Array<{ limit: PaceLimit; resolve: (ticket: PaceTicket) => void }> = [];
	private pumping = false;

	/** Resolves when this request may leave, with its ticket. */
	acquire(limit: PaceLimit): Promise<PaceTicket> {
		return new Promise((resolve) => {
			this.queue.push({ limit, resolve });
			void this.pump();
		});
	}

	noteAnswered(): void {
		this.state.noteAnswered(Date.now());
	}

	noteRateLimited(ticket: PaceTicket, retryAfterMs: number | undefined, limit: PaceLimit): void {
		this.state.noteRateLimited(ticket, retryAfterMs, Date.now(), limit);
	}

	private async pump(): Promise<void> {
		if (this.pumping) return;
		this.pumping = true;
		try {
			while (this.queue.length > 0) {
				const head = this.queue[0];
				const wait = this.state.waitMs(Date.now(), head.limit);
				if (wait > 0) {
					await sleep(wait);
					continue;
				}
				this.queue.shift();
				head.resolve(this.state.take(Date.now(), head.limit));
			}
		} finally {
			this.pumping = false;
		}
	}
}

const paces = new Map<string, TenantPace>();

/** The pace of one tenant (budget key: app key + tenant), shared by the whole process. */
export function tenantPace(budgetKey: string): TenantPace {
	let pace = paces.get(budgetKey);
	if (!pace) {
		pace = new TenantPace();
		paces.set(budgetKey, pace);
	}
	return pace;
}
