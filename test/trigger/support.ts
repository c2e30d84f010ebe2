/**
 * What the trigger tests share: a fresh simulator tenant per test (so one test's changes never reach
 * another's feed), the trigger bound to it, and the (id, modifiedOn) pairs that tests compare.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { TenantCredentials, TenantStore } from '../../simulator';
import { isoUtc } from '../../simulator/clock';
import type { PollHarness } from '../helpers/n8n';
import { pollTrigger } from '../helpers/n8n';
import type { SimulatorEnv } from '../helpers/nodeSim';
import { bookJob } from '../simulator/fixtures';

export interface Tenant {
	store: TenantStore;
	credentials: TenantCredentials;
	/** Points the n8n credential at this tenant (done on creation; again after switching away). */
	use(): void;
}

/** An empty tenant (catalogues only, or `jobs` seeded records) that the credential now points at. */
export function freshTenant(env: SimulatorEnv, sample: { jobs?: number; projects?: number } = {}): Tenant {
	const credentials = env.sim.addTenant({ sample: { jobs: sample.jobs ?? 0, projects: sample.projects ?? 0 } });
	const tenant: Tenant = {
		store: env.sim.tenantStore(credentials.tenantId),
		credentials,
		use: () => env.useCredential({}, credentials),
	};
	tenant.use();
	return tenant;
}

export interface TriggerOptions {
	staticData?: IDataObject;
	budgetMs?: number;
}

/** The trigger with raw (unsimplified) records unless the test says otherwise. */
export function trigger(parameters: INodeParameters = {}, options: TriggerOptions = {}): PollHarness {
	return pollTrigger({
		parameters: { feed: 'jobs', start: 'now', simplify: false, ...parameters },
		staticData: options.staticData,
		budgetMs: options.budgetMs,
	});
}

/** The emitted items' JSON (an empty list for `null`, which must then really be `null`). */
export function itemsOf(result: INodeExecutionData[][] | null): IDataObject[] {
	if (result === null) return [];
	expect(result).toHaveLength(1);
	expect(result[0].length).toBeGreaterThan(0);
	return result[0].map((item) => item.json);
}

/** `id|modifiedOn` of an emitted record. */
export function pairOf(json: IDataObject): string {
	return `${String(json.id)}|${String(json.modifiedOn)}`;
}

export function pairsOf(result: INodeExecutionData[][] | null): string[] {
	return itemsOf(result).map(pairOf);
}

/** `id|modifiedOn` of a simulator record as the feed renders it (times are ms in the store). */
export function pair(record: { id: number; modifiedOn: number }): string {
	return `${record.id}|${isoUtc(record.modifiedOn)}`;
}

/** Polls until a poll returns null, collecting what each poll emitted. */
export async function pollUntilQuiet(
	harness: PollHarness,
	map: (result: INodeExecutionData[][] | null) => string[] = pairsOf,
	limit = 200,
): Promise<{ all: string[]; perPoll: string[][] }> {
	const perPoll: string[][] = [];
	for (let count = 0; count < limit; count++) {
		const result = await harness.poll();
		if (result === null) return { all: perPoll.flat(), perPoll };
		perPoll.push(map(result));
	}
	throw new Error(`the trigger still emitted after ${limit} polls`);
}

/** Expects each entry once: no repeats, and exactly the expected set. */
export function expectExactlyOnce(emitted: string[], expected: string[]): void {
	expect(emitted.length).toBe(new Set(emitted).size);
	expect([...emitted].sort()).toEqual([...expected].sort());
}

/**
 * Waits until the wall clock has passed every change made so far, so a "now" position taken next
 * lies strictly after them (the simulator stamps changes with the same clock, to the millisecond).
 */
export async function afterChanges(): Promise<void> {
	const mark = Date.now();
	while (Date.now() <= mark + 1) await new Promise((resolve) => setTimeout(resolve, 1));
}

/** A fresh tenant (holding `sample` seeded records) and a trigger armed on it by its first poll. */
export async function armedTrigger(env: SimulatorEnv, parameters: INodeParameters = {}, sample: { jobs?: number; projects?: number } = {}) {
	const tenant = freshTenant(env, sample);
	await afterChanges();
	const harness = trigger(parameters);
	expect(await harness.poll()).toBeNull();
	return { ...tenant, harness };
}

/** Books `count` jobs and returns their `id|modifiedOn` pairs. */
export function bookJobs(store: TenantStore, count: number): string[] {
	return Array.from({ length: count }, () => pair(bookJob(store)));
}

/** Updates jobs (new modifiedOn) and returns their new pairs. */
export function updateJobs(store: TenantStore, ids: number[], summary = '<p>Updated</p>'): string[] {
	return ids.map((id) => pair(store.jobs.update(id, { summary })));
}

export function idsOf(pairs: string[]): number[] {
	return pairs.map((entry) => Number(entry.split('|')[0]));
}

/** A deep copy through JSON, the way n8n stores static data between runs. */
export function serialised<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

/** The trigger's stored cursor (see nodes/ServiceTitan/trigger/state.ts). */
export function cursorOf(staticData: IDataObject): IDataObject {
	const node = staticData['node:ServiceTitan Trigger'] as IDataObject | undefined;
	return (node?.cursor as IDataObject | undefined) ?? {};
}
