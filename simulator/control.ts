/**
 * `/_sim/...` control endpoints, so a simulator running as a separate process (demo, e2e,
 * benchmarks) can be driven over HTTP. They need no auth and are never faulted, delayed or logged.
 */
import { CHANGE_KINDS, type ChangeKind } from './domain/changes';
import { problemBody } from './errors';
import { type FaultRule, validateRule } from './faults';
import { FEED_NAMES } from './exportFeeds';
import type { SeedCounts } from './types';
import type { AddClientOptions, AddTenantOptions, SimulatorRuntime, SimulatorSettings } from './runtime';
import type { SampleOption } from './tenantStore';

interface ControlResponse {
	status: number;
	body?: unknown;
}

type JsonObject = Record<string, unknown>;

class ControlError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

function objectBody(bodyText: string): JsonObject {
	if (bodyText.trim() === '') return {};
	let parsed: unknown;
	try {
		parsed = JSON.parse(bodyText);
	} catch {
		throw new ControlError(400, 'The body is not valid JSON.');
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ControlError(400, 'The body must be a JSON object.');
	return parsed as JsonObject;
}

function optionalNumber(body: JsonObject, key: string): number | undefined {
	const value = body[key];
	if (value === undefined) return undefined;
	if (typeof value !== 'number' || !Number.isFinite(value)) throw new ControlError(400, `${key} must be a number.`);
	return value;
}

function tenantOf(runtime: SimulatorRuntime, body: JsonObject, url: URL): string {
	const value = body.tenantId ?? url.searchParams.get('tenantId') ?? runtime.tenantIds()[0];
	if (typeof value !== 'string' && typeof value !== 'number') throw new ControlError(400, 'tenantId must be a string or number.');
	if (!runtime.findTenant(value)) throw new ControlError(404, `Unknown tenant ${value}.`);
	return String(value);
}

function sampleOf(value: unknown): SampleOption | undefined {
	if (value === undefined || typeof value === 'boolean') return value;
	if (typeof value === 'object' && value !== null) return value as SeedCounts;
	throw new ControlError(400, 'sample must be a boolean or {jobs, projects}.');
}

function faultList(runtime: SimulatorRuntime) {
	return runtime.faults.list().map((handle) => ({ id: handle.id, rule: handle.rule, fired: handle.fired, remaining: handle.remaining }));
}

function feedSummary(runtime: SimulatorRuntime, tenantId: string) {
	const data = runtime.tenantStore(tenantId).data;
	return {
		tenantId,
		epoch: data.epoch,
		feeds: Object.fromEntries(FEED_NAMES.map((name) => [name, data.feeds[name].length])),
		tables: {
			jobs: data.jobs.size,
			appointments: data.appointments.size,
			projects: data.projects.size,
			storedJobs: data.jobs.storedCount,
			storedAppointments: data.appointments.storedCount,
		},
	};
}

type Route = (runtime: SimulatorRuntime, body: JsonObject, url: URL, id?: string) => unknown;

const ROUTES: Record<string, Route> = {
	'GET info': (runtime) => ({
		url: runtime.url,
		tokenUrl: `${runtime.url}/connect/token`,
		tenants: runtime.tenantIds(),
		settings: runtime.settings,
		now: new Date(runtime.clock.now()).toISOString(),
	}),
	'GET config': (runtime) => runtime.settings,
	'PATCH config': (runtime, body) => {
		runtime.configure(body as Partial<SimulatorSettings>);
		return runtime.settings;
	},
	'GET stats': (runtime) => runtime.stats.snapshot(),
	'POST stats/reset': (runtime) => {
		runtime.stats.reset();
		return runtime.stats.snapshot();
	},
	'GET faults': (runtime) => faultList(runtime),
	'POST faults': (runtime, body) => {
		try {
			validateRule(body as unknown as FaultRule);
		} catch (error) {
			throw new ControlError(400, error instanceof Error ? error.message : String(error));
		}
		return { id: runtime.faults.add(body as unknown as FaultRule).id };
	},
	'DELETE faults': (runtime) => {
		runtime.faults.clear();
		return { cleared: true };
	},
	'DELETE faults/:id': (runtime, _body, _url, id) => {
		if (!runtime.faults.remove(Number(id))) throw new ControlError(404, `No fault rule ${id}.`);
		return { removed: Number(id) };
	},
	'POST seed': (runtime, body, url) =>
		runtime.seedTenant(tenantOf(runtime, body, url), { jobs: optionalNumber(body, 'jobs'), projects: optionalNumber(body, 'projects') }),
	'POST changes': (runtime, body, url) => {
		const kinds = body.kinds;
		if (kinds !== undefined && (!Array.isArray(kinds) || kinds.some((kind) => !(CHANGE_KINDS as readonly unknown[]).includes(kind)))) {
			throw new ControlError(400, `kinds must be a list of: ${CHANGE_KINDS.join(', ')}`);
		}
		return runtime.makeChanges(tenantOf(runtime, body, url), optionalNumber(body, 'count') ?? 1, kinds as ChangeKind[] | undefined);
	},
	'POST reset': (runtime, body) => {
		const tenantId = body.tenantId;
		if (tenantId !== undefined && typeof tenantId !== 'string' && typeof tenantId !== 'number') throw new ControlError(400, 'tenantId must be a string or number.');
		runtime.reset({ tenantId, sample: sampleOf(body.sample) });
		return { reset: true };
	},
	'GET requests': (runtime, _body, url) => {
		const operationId = url.searchParams.get('operationId');
		const limit = Number(url.searchParams.get('limit') ?? runtime.requestLog.length);
		const matching = operationId ? runtime.requestLog.filter((entry) => entry.operationId === operationId) : runtime.requestLog;
		return matching.slice(Math.max(0, matching.length - limit));
	},
	'DELETE requests': (runtime) => {
		runtime.requestLog.length = 0;
		return { cleared: true };
	},
	'POST tenants': (runtime, body) => runtime.addTenant({ ...(body as AddTenantOptions), sample: sampleOf(body.sample) }),
	'POST clients': (runtime, body) => {
		if (body.tenantId === undefined) throw new ControlError(400, 'tenantId is required.');
		return runtime.addClient(body as unknown as AddClientOptions);
	},
	'POST clock/advance': (runtime, body) => {
		runtime.clock.advance(optionalNumber(body, 'ms') ?? 0);
		return { now: new Date(runtime.clock.now()).toISOString() };
	},
	'POST tokens/expire': (runtime) => {
		runtime.auth.expireAll();
		return { expired: true };
	},
	'GET feeds': (runtime, body, url) => feedSummary(runtime, tenantOf(runtime, body, url)),
};

export function handleControl(runtime: SimulatorRuntime, method: string, url: URL, bodyText: string): ControlResponse {
	const path = url.pathname.replace(/^\/_sim\/?/, '').replace(/\/+$/, '');
	const idMatch = /^faults\/(\d+)$/.exec(path);
	const route = idMatch ? ROUTES[`${method} faults/:id`] : ROUTES[`${method} ${path}`];
	if (!route) {
		return {
			status: 404,
			body: problemBody(404, `No control endpoint ${method} /_sim/${path}. Try GET /_sim/info.`, {
				endpoints: Object.keys(ROUTES).map((key) => key.replace(' ', ' /_sim/')),
			}),
		};
	}
	try {
		return { status: 200, body: route(runtime, objectBody(bodyText), url, idMatch?.[1]) };
	} catch (error) {
		const status = error instanceof ControlError ? error.status : 400;
		return { status, body: problemBody(status, error instanceof Error ? error.message : String(error)) };
	}
}
