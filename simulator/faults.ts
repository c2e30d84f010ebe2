/**
 * Switchable failures. A rule picks requests (operationId and/or method and/or path substring), fires
 * `times` times or with a seeded probability, and injects one fault. Rules are checked in the order
 * they were added; at most one fault applies to a request.
 */
import { SeededRandom } from './random';

/** The pseudo operationId of `POST /connect/token`. */
export const TOKEN_OPERATION_ID = 'Token';

/**
 * How a 429/503 tells the client to wait: seconds (default), an HTTP date, no header at all, or
 * `retryAfterRaw` sent exactly (garbage, negative numbers: what a misbehaving gateway may send).
 */
export type RetryAfterFormat = 'seconds' | 'http-date' | 'absent';

export type Fault =
	/** Any status (429, 500, 502, 503, 504…) with an RFC 7807 body. */
	| { type: 'status'; status: number; title?: string; retryAfterSeconds?: number; retryAfterFormat?: RetryAfterFormat; retryAfterRaw?: string }
	/** Shorthand for a 429 with `Retry-After`. */
	| { type: 'rateLimit'; retryAfterSeconds?: number; retryAfterFormat?: RetryAfterFormat; retryAfterRaw?: string }
	/** Waits before handling the request normally (client timeouts). */
	| { type: 'delay'; ms: number }
	/** Handles the request (side effects happen), sends headers and half the body, then destroys the socket. */
	| { type: 'drop' }
	/** Answers 200 with a truncated JSON body; the request is not applied. */
	| { type: 'malformedJson' }
	/** Revokes all issued tokens, then handles the request (which therefore gets 401). */
	| { type: 'expireTokens' }
	/** The token endpoint answers 503 (`status`) or resets the connection (`destroy`). */
	| { type: 'tokenEndpointDown'; mode?: 'status' | 'destroy' }
	/**
	 * The next export call that passes a continuation token is refused: 400 "invalid continuation
	 * token" by default, or another status a gateway or a newer API version may use for it.
	 */
	| { type: 'invalidContinuationToken'; status?: 400 | 404 | 410 | 422 };

export interface FaultRule {
	/** e.g. `Jobs_GetList`, or `Token` for the token endpoint. */
	operationId?: string;
	method?: string;
	/** Substring of the request path, e.g. `/export/jobs`. */
	path?: string;
	/** How often it fires (default 1, or unlimited when `probability` is set). */
	times?: number;
	/** Chance per matching request (seeded, so runs repeat). */
	probability?: number;
	/** Let this many matching requests through before firing. */
	skip?: number;
	fault: Fault;
}

export interface FaultHandle {
	readonly id: number;
	readonly rule: FaultRule;
	/** How many times it has fired. */
	readonly fired: number;
	/** Fires left (Infinity when unlimited). */
	readonly remaining: number;
	remove(): void;
}

/** What the server knows about a request when it asks for a fault. */
export interface FaultTarget {
	operationId: string;
	method: string;
	path: string;
	isTokenEndpoint: boolean;
	/** Export call whose `from` is a continuation token (not a date). */
	hasContinuationToken: boolean;
}

interface ActiveRule {
	id: number;
	rule: FaultRule;
	fired: number;
	seen: number;
	limit: number;
}

export class FaultController {
	private rules: ActiveRule[] = [];
	private nextId = 1;
	private readonly random: SeededRandom;

	constructor(seed: number) {
		this.random = new SeededRandom(seed ^ 0x2545f491);
	}

	add(rule: FaultRule): FaultHandle {
		validateRule(rule);
		const active: ActiveRule = {
			id: this.nextId++,
			rule,
			fired: 0,
			seen: 0,
			limit: rule.times ?? (rule.probability !== undefined ? Number.POSITIVE_INFINITY : 1),
		};
		this.rules.push(active);
		return this.handle(active);
	}

	private handle(active: ActiveRule): FaultHandle {
		const remove = () => this.remove(active.id);
		return {
			id: active.id,
			rule: active.rule,
			get fired() {
				return active.fired;
			},
			get remaining() {
				return Math.max(0, active.limit - active.fired);
			},
			remove,
		};
	}

	remove(id: number): boolean {
		const before = this.rules.length;
		this.rules = this.rules.filter((active) => active.id !== id);
		return this.rules.length !== before;
	}

	clear(): void {
		this.rules = [];
	}

	list(): FaultHandle[] {
		return this.rules.map((active) => this.handle(active));
	}

	/** The fault to inject into this request, if any rule fires. */
	take(target: FaultTarget): Fault | undefined {
		for (const active of this.rules) {
			if (active.fired >= active.limit || !applies(active.rule, target)) continue;
			active.seen++;
			if (active.seen <= (active.rule.skip ?? 0)) continue;
			if (active.rule.probability !== undefined && this.random.next() >= active.rule.probability) continue;
			active.fired++;
			return active.rule.fault;
		}
		return undefined;
	}
}

function applies(rule: FaultRule, target: FaultTarget): boolean {
	const type = rule.fault.type;
	if (type === 'tokenEndpointDown' && !target.isTokenEndpoint) return false;
	if (type === 'invalidContinuationToken' && !target.hasContinuationToken) return false;
	// Rules reach the token endpoint only when they say so, so "fail the next call" means an API call.
	if (target.isTokenEndpoint && type !== 'tokenEndpointDown' && rule.operationId !== TOKEN_OPERATION_ID && !rule.path) {
		return false;
	}
	if (rule.operationId !== undefined && rule.operationId !== target.operationId) return false;
	if (rule.method !== undefined && rule.method.toUpperCase() !== target.method) return false;
	if (rule.path !== undefined && !target.path.includes(rule.path)) return false;
	return true;
}

const FAULT_TYPES = ['status', 'rateLimit', 'delay', 'drop', 'malformedJson', 'expireTokens', 'tokenEndpointDown', 'invalidContinuationToken'];

/** Rejects malformed rules early (they often arrive as JSON over `/_sim/faults`). */
export function validateRule(rule: FaultRule): void {
	if (!rule || typeof rule !== 'object' || !rule.fault || !FAULT_TYPES.includes(rule.fault.type)) {
		throw new Error(`A fault rule needs fault.type, one of: ${FAULT_TYPES.join(', ')}`);
	}
	if (rule.fault.type === 'status' && !(rule.fault.status >= 400 && rule.fault.status <= 599)) {
		throw new Error('A status fault needs a 4xx/5xx status');
	}
	if (rule.fault.type === 'delay' && !(rule.fault.ms >= 0)) throw new Error('A delay fault needs ms >= 0');
	if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1)) {
		throw new Error('probability must be between 0 and 1');
	}
	if (rule.times !== undefined && !(rule.times >= 0)) throw new Error('times must be >= 0');
}

/** `Retry-After` value for the chosen format (`undefined` = leave the header out). */
export function retryAfterHeader(seconds: number, format: RetryAfterFormat = 'seconds', now = Date.now()): string | undefined {
	if (format === 'absent') return undefined;
	if (format === 'http-date') return new Date(now + seconds * 1000).toUTCString();
	return String(seconds);
}
