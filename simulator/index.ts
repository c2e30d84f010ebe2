/**
 * ServiceTitan JPM v2 API simulator (dev/test only). `startSimulator()` starts a loopback HTTP server
 * with in-memory data that follows ServiceTitan's OpenAPI document, through the project's facts-only
 * description of it (api/jpm-v2.json), so it runs from the repository alone.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TenantCredentials } from './auth';
import type { SimClock } from './clock';
import type { ChangeKind } from './domain/changes';
import type { FaultController } from './faults';
import { assertHandlersCoverSpec } from './routes';
import {
	type AddClientOptions,
	type AddTenantOptions,
	canonicalTenantId,
	type RecordedRequest,
	type SimulatorOptions,
	SimulatorRuntime,
	type SimulatorSettings,
} from './runtime';
import type { SeedCounts } from './types';
import { createRequestListener } from './server';
import type { SimulatorStats } from './stats';
import type { SampleOption, SeedResult, TenantStore } from './tenantStore';

export type { TenantCredentials } from './auth';
export type { ChangeKind } from './domain/changes';
export type { SimClock } from './clock';
export type { Fault, FaultController, FaultHandle, FaultRule, RetryAfterFormat } from './faults';
export { TOKEN_OPERATION_ID } from './faults';
export type { AddClientOptions, AddTenantOptions, RecordedRequest, SimulatorOptions, SimulatorSettings } from './runtime';
export type { SimulatorStats, StatsSnapshot } from './stats';
export type * from './types';
export type { SampleOption, SeedResult, TenantStore } from './tenantStore';
export type { FeedName } from './exportFeeds';
export { FEED_NAMES } from './exportFeeds';

export interface Simulator {
	/** `http://127.0.0.1:<port>`; API paths are `${url}/jpm/v2/tenant/{tenant}/...`. */
	readonly url: string;
	/** `${url}/connect/token` (OAuth2 client credentials, form-encoded). */
	readonly tokenUrl: string;
	/** The ready-made tenant with a client holding every JPM scope. */
	readonly tenant: TenantCredentials;
	/** Typed access to the ready-made tenant's data; writes flow into the export feeds like API calls. */
	readonly store: TenantStore;
	tenantStore(tenantId: string | number): TenantStore;
	/** Another tenant (empty unless `sample` is given) with its own client and, by default, its own app. */
	addTenant(options?: AddTenantOptions): TenantCredentials;
	/** Another client of an existing tenant, e.g. with fewer scopes or another app key. */
	addClient(options: AddClientOptions): TenantCredentials;
	readonly faults: FaultController;
	readonly stats: SimulatorStats;
	/** The most recent requests (capped by `requestLogLimit`; 0 turns it off). */
	readonly requestLog: RecordedRequest[];
	/** Simulated time: `advance(ms)` expires tokens and ages export changes without waiting. */
	readonly clock: SimClock;
	readonly settings: Readonly<SimulatorSettings>;
	configure(patch: Partial<SimulatorSettings>): void;
	/** Adds seeded jobs/projects to a tenant (default: the ready-made one); O(1) in the counts. */
	seed(counts: SeedCounts, tenantId?: string | number): SeedResult;
	/** Random edits as a ServiceTitan user would make them (seeded, repeatable). */
	makeChanges(count: number, options?: { tenantId?: string | number; kinds?: readonly ChangeKind[] }): Record<ChangeKind, number>;
	/** Fresh data for every tenant (or one), and cleared stats, faults, rate-limit windows and request log. */
	reset(options?: { tenantId?: string | number; sample?: SampleOption }): void;
	/** Revokes every issued token. */
	expireTokens(): void;
	/** `${url}/jpm/v2/tenant/{tenant}${path}` for the ready-made tenant (or `tenantId`). */
	apiUrl(path?: string, tenantId?: string | number): string;
	close(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => {
			server.off('error', reject);
			resolve((server.address() as AddressInfo).port);
		});
	});
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
	assertHandlersCoverSpec();
	const runtime = new SimulatorRuntime(options);
	const tenant = runtime.addTenant({ sample: options.sample ?? true });

	// Latency and delay faults wait on timers that close() cancels, so nothing outlives the server.
	const timers = new Set<NodeJS.Timeout>();
	const sleep = (ms: number) =>
		new Promise<void>((resolve) => {
			const timer = setTimeout(() => {
				timers.delete(timer);
				resolve();
			}, ms);
			timers.add(timer);
		});
	const server = createServer({ keepAlive: true }, createRequestListener(runtime, sleep));
	// Idle keep-alive sockets stay open long (like API gateways, ~60 s) so a client reusing one after
	// a pause does not race the server closing it (ECONNRESET).
	server.keepAliveTimeout = 65_000;
	server.headersTimeout = 66_000;
	const port = await listen(server, options.port ?? 0);
	const url = `http://127.0.0.1:${port}`;
	runtime.url = url;

	return {
		url,
		tokenUrl: `${url}/connect/token`,
		tenant,
		get store() {
			return runtime.tenantStore(tenant.tenantId);
		},
		tenantStore: (tenantId) => runtime.tenantStore(tenantId),
		addTenant: (tenantOptions) => runtime.addTenant(tenantOptions),
		addClient: (clientOptions) => runtime.addClient(clientOptions),
		faults: runtime.faults,
		stats: runtime.stats,
		requestLog: runtime.requestLog,
		clock: runtime.clock,
		settings: runtime.settings,
		configure: (patch) => runtime.configure(patch),
		seed: (counts, tenantId = tenant.tenantId) => runtime.seedTenant(tenantId, counts),
		makeChanges: (count, changeOptions = {}) => runtime.makeChanges(changeOptions.tenantId ?? tenant.tenantId, count, changeOptions.kinds),
		reset: (resetOptions) => runtime.reset(resetOptions),
		expireTokens: () => runtime.auth.expireAll(),
		apiUrl: (path = '', tenantId = tenant.tenantId) => `${url}/jpm/v2/tenant/${canonicalTenantId(tenantId)}${path}`,
		close: () =>
			new Promise<void>((resolve) => {
				for (const timer of timers) clearTimeout(timer);
				timers.clear();
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
