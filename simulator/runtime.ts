/**
 * Everything a running simulator holds apart from the HTTP socket: settings, tenants and their
 * stores, credentials, faults, stats and the request log. The HTTP layer and the `/_sim` control
 * endpoints both drive this object.
 */
import { AuthRegistry, type TenantCredentials } from './auth';
import { SimClock } from './clock';
import { OFFICE_USER_ID } from './domain/common';
import type { ChangeKind } from './domain/changes';
import { ContinuationTokens, type ExportWindow, type RecentTail } from './exportFeeds';
import { FaultController } from './faults';
import { hash32 } from './random';
import { RateLimiter } from './rateLimit';
import type { SeedCounts } from './types';
import { LOOKUP_SCOPES } from './lookups';
import { allJpmScopes } from './spec';
import { SimulatorStats } from './stats';
import type { LateArrivals, StoreEnvironment } from './store';
import { type SampleOption, type SeedResult, TenantStore } from './tenantStore';

export interface SimulatorSettings {
	/** Lifetime of issued access tokens (ServiceTitan: 900). */
	tokenLifetimeSeconds: number;
	/** Calls per second per (app key, tenant); null = unlimited. Over it: 429 with Retry-After: 1. */
	rateLimitPerSecond: number | null;
	/** Added to every API and token response. */
	latencyMs: number;
	/** Records per export page (the server chooses it; the feed has no pageSize parameter). */
	exportPageSize: number;
	/** Export feeds hide changes younger than this unless includeRecentChanges=true (real API: 15 min). */
	visibilityDelayMs: number;
	/**
	 * With includeRecentChanges=true, changes younger than this are delivered again on the next call
	 * (null = visibilityDelayMs, or 10 s when that is 0).
	 */
	recentWindowMs: number | null;
	/** Requests kept in `requestLog` (oldest dropped first); 0 turns the log off. */
	requestLogLimit: number;
	/**
	 * What a caught-up includeRecentChanges read re-sends: the recent changes of its last page, or
	 * (`window`) every change of the recent window, however many pages.
	 */
	recentTail: RecentTail;
	/** Null = off; else this share of changes enters the feeds up to `maxMs` after it was made. */
	lateArrivals: LateArrivals | null;
}

export interface SimulatorOptions extends Partial<SimulatorSettings> {
	/** 0 (default) = a random free port. The server only listens on 127.0.0.1. */
	port?: number;
	/** Seeds all generated data and credentials (default 1). */
	seed?: number;
	/** Sample data for the ready-made tenant (default true). */
	sample?: SampleOption;
}

export interface AddTenantOptions {
	tenantId?: string | number;
	/** Default false: an empty tenant. */
	sample?: SampleOption;
	/** Scopes of the tenant's first client (default: every JPM scope). */
	scopes?: readonly string[];
	/** Reuse an app key (one app connected to several tenants); default: a new app. */
	appKey?: string;
}

export interface AddClientOptions {
	tenantId: string | number;
	scopes?: readonly string[];
	appKey?: string;
}

/** One request as the simulator received it (see `Simulator.requestLog`). */
export interface RecordedRequest {
	at: string;
	method: string;
	path: string;
	rawQuery: string;
	/** Every value of every key, in order (`codes=A&codes=B` → `{codes: ['A', 'B']}`). */
	query: Record<string, string[]>;
	headers: Record<string, string>;
	/** Parsed JSON (or form fields for the token endpoint, secret masked); undefined without a body. */
	body: unknown;
	/** The body as received (API requests only): what a lossy JSON.parse would hide, e.g. int64 digits. */
	rawBody?: string;
	operationId: string | null;
	tenantId: string | null;
	status: number;
	durationMs: number;
	fault?: string;
}

const DEFAULT_SETTINGS: SimulatorSettings = {
	tokenLifetimeSeconds: 900,
	rateLimitPerSecond: 60,
	latencyMs: 0,
	exportPageSize: 500,
	visibilityDelayMs: 0,
	recentWindowMs: null,
	requestLogLimit: 1000,
	recentTail: 'page',
	lateArrivals: null,
};

/** Tenant ids are int64 path values: compare them in canonical decimal form. */
export function canonicalTenantId(tenantId: string | number): string {
	const text = String(tenantId).trim();
	return /^\d+$/.test(text) ? String(BigInt(text)) : text;
}

export class SimulatorRuntime {
	readonly clock = new SimClock();
	readonly settings: SimulatorSettings;
	readonly seed: number;
	readonly auth: AuthRegistry;
	readonly faults: FaultController;
	readonly stats = new SimulatorStats();
	readonly requestLog: RecordedRequest[] = [];
	readonly rateLimiter: RateLimiter;
	readonly continuationTokens: ContinuationTokens;
	readonly env: StoreEnvironment;
	/** Set once the server listens. */
	url = '';

	private readonly tenants = new Map<string, TenantStore>();
	private tenantCounter = 0;
	private employeeCounter = 0;

	constructor(options: SimulatorOptions) {
		this.seed = options.seed ?? 1;
		this.settings = { ...DEFAULT_SETTINGS };
		this.configure(options);
		this.auth = new AuthRegistry(this.clock, this.seed, this.settings.tokenLifetimeSeconds);
		this.faults = new FaultController(this.seed);
		this.rateLimiter = new RateLimiter(this.settings.rateLimitPerSecond);
		this.continuationTokens = new ContinuationTokens(`servicetitan-simulator:${this.seed}`);
		this.env = {
			clock: this.clock,
			seed: this.seed,
			exportQuietMs: () => this.settings.visibilityDelayMs + this.exportWindow().recentWindowMs,
			lateArrivals: () => this.settings.lateArrivals,
		};
	}

	/** Changes settings at run time (benchmarks switch latency or the rate limit between phases). */
	configure(patch: Partial<SimulatorSettings>): void {
		for (const key of Object.keys(DEFAULT_SETTINGS) as Array<keyof SimulatorSettings>) {
			const value = patch[key];
			if (value !== undefined) (this.settings as unknown as Record<string, unknown>)[key] = value;
		}
		if (!(this.settings.exportPageSize >= 1)) throw new Error('exportPageSize must be at least 1');
		if (!['page', 'window'].includes(this.settings.recentTail)) throw new Error("recentTail must be 'page' or 'window'");
		const late = this.settings.lateArrivals;
		if (late !== null && !(late.share >= 0 && late.share <= 1 && late.maxMs >= 0)) {
			throw new Error('lateArrivals needs a share between 0 and 1 and a non-negative maxMs');
		}
		if (this.settings.rateLimitPerSecond !== null && !(this.settings.rateLimitPerSecond >= 1)) {
			throw new Error('rateLimitPerSecond must be at least 1, or null for no limit');
		}
		// Both exist only after construction; the constructor applies the settings itself.
		if (this.auth) this.auth.tokenLifetimeSeconds = this.settings.tokenLifetimeSeconds;
		if (this.rateLimiter) this.rateLimiter.limitPerSecond = this.settings.rateLimitPerSecond;
	}

	exportWindow(): ExportWindow {
		const { visibilityDelayMs, recentWindowMs, exportPageSize, recentTail } = this.settings;
		return {
			visibilityDelayMs,
			recentWindowMs: recentWindowMs ?? (visibilityDelayMs > 0 ? visibilityDelayMs : 10_000),
			recentTail,
			pageSize: exportPageSize,
		};
	}

	private nextTenantId(): string {
		// ServiceTitan tenant ids are 9–10 digit numbers; derive them from the seed so they are stable.
		let candidate: string;
		do {
			candidate = String(100_000_000 + (hash32(this.seed, 0x7e4a, this.tenantCounter++) % 900_000_000));
		} while (this.tenants.has(candidate));
		return candidate;
	}

	addTenant(options: AddTenantOptions = {}): TenantCredentials {
		const tenantId = options.tenantId === undefined ? this.nextTenantId() : canonicalTenantId(options.tenantId);
		if (this.tenants.has(tenantId)) throw new Error(`Tenant ${tenantId} already exists`);
		this.tenants.set(tenantId, new TenantStore(tenantId, this.env, options.sample ?? false));
		return this.addClient({ tenantId, scopes: options.scopes, appKey: options.appKey });
	}

	addClient(options: AddClientOptions): TenantCredentials {
		const tenantId = canonicalTenantId(options.tenantId);
		if (!this.tenants.has(tenantId)) throw new Error(`Unknown tenant ${tenantId}; add it with addTenant() first`);
		// Every JPM scope, plus the read scopes of the lookups (customers, business units…).
		const every = [...allJpmScopes(), ...LOOKUP_SCOPES];
		const known = new Set(every);
		const unknownScopes = (options.scopes ?? []).filter((scope) => !known.has(scope));
		if (unknownScopes.length) throw new Error(`Unknown scopes: ${unknownScopes.join(', ')}`);
		const client = this.auth.addClient({
			tenantId,
			appKey: options.appKey ?? this.auth.registerApp(),
			scopes: options.scopes ?? every,
			employeeId: OFFICE_USER_ID + 1000 + this.employeeCounter++,
		});
		return { tenantId, clientId: client.clientId, clientSecret: client.clientSecret, appKey: client.appKey };
	}

	findTenant(tenantId: string | number): TenantStore | undefined {
		return this.tenants.get(canonicalTenantId(tenantId));
	}

	tenantStore(tenantId: string | number): TenantStore {
		const store = this.findTenant(tenantId);
		if (!store) throw new Error(`Unknown tenant ${tenantId}`);
		return store;
	}

	tenantIds(): string[] {
		return [...this.tenants.keys()];
	}

	seedTenant(tenantId: string | number, counts: SeedCounts): SeedResult {
		return this.tenantStore(tenantId).seed(counts);
	}

	makeChanges(tenantId: string | number, count: number, kinds?: readonly ChangeKind[]): Record<ChangeKind, number> {
		return this.tenantStore(tenantId).makeRandomChanges(count, kinds);
	}

	/** Resets data (one tenant or all), plus stats, faults, rate-limit windows and the request log. */
	reset(options: { tenantId?: string | number; sample?: SampleOption } = {}): void {
		const stores = options.tenantId === undefined ? [...this.tenants.values()] : [this.tenantStore(options.tenantId)];
		for (const store of stores) store.reset(options.sample);
		this.stats.reset();
		this.faults.clear();
		this.rateLimiter.reset();
		this.requestLog.length = 0;
	}

	record(request: RecordedRequest): void {
		const limit = this.settings.requestLogLimit;
		if (limit <= 0) return;
		this.requestLog.push(request);
		if (this.requestLog.length > limit) this.requestLog.splice(0, this.requestLog.length - limit);
	}
}
