/**
 * The trigger under the two ways n8n keeps a poll trigger's state, emulated over n8n-core's real
 * PollContext (the real-n8n proof is test/e2e-trigger, `bash scripts/trigger-e2e.sh`):
 *
 * - default host: the node's static data lives in one Workflow object for the whole activation and is
 *   saved after activation and with every emitted batch;
 * - durable-scheduler host (n8n 2.40.7 with N8N_SCHEDULER_ENABLED, N8N_SCHEDULER_POLL_TRIGGERS_ENABLED,
 *   N8N_POLLER_DURABLE_CURSORS_ENABLED): every poll starts from the committed cursor (poller_state);
 *   what a poll wrote is committed with its execution, or alone when a scheduled poll returns null,
 *   never when it throws, and never when the activation poll (a test poll) returns null. The
 *   workflow's global static data is saved when activation ends and with every emitted batch
 *   (n8n 2.40.7: n8n-core poll-trigger-executor.js, n8n trigger-execution-context.factory.js,
 *   poll-trigger-task-handler.js, workflow-trigger-activator.js).
 *
 * Expected changes are what the simulator's store returned when the test made them.
 */
import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { useSimulator } from '../helpers/nodeSim';
import type { PollHarness } from '../helpers/n8n';
import { afterChanges, bookJobs, cursorOf, expectExactlyOnce, freshTenant, pairsOf, serialised, trigger } from '../trigger/support';

const env = useSimulator();
const NODE_KEY = 'node:ServiceTitan Trigger';

let warn: jest.SpyInstance;
beforeEach(() => {
	warn = jest.spyOn(Container.get(Logger), 'warn');
});
afterEach(() => warn.mockRestore());

type PollKind = 'activation' | 'scheduled';

/** n8n's durable-scheduler commit rules around one trigger (see the file comment). */
class DurableHost {
	/** poller_state.cursor: the node's static data as last committed. */
	private cursor: IDataObject = {};
	/** workflow_entity.staticData without the node's part. */
	private savedGlobal: IDataObject = {};

	constructor(private readonly harness: PollHarness) {}

	get committedCursor(): IDataObject {
		return cursorOf({ [NODE_KEY]: this.cursor });
	}

	/** A fresh Workflow per poll, built from what was committed. */
	private load(): void {
		for (const key of Object.keys(this.harness.staticData)) delete this.harness.staticData[key];
		Object.assign(this.harness.staticData, serialised(this.savedGlobal), { [NODE_KEY]: serialised(this.cursor) });
	}

	private saveGlobal(): void {
		const { [NODE_KEY]: node, ...global } = serialised(this.harness.staticData);
		void node;
		this.savedGlobal = global;
	}

	async poll(kind: PollKind = 'scheduled'): Promise<INodeExecutionData[][] | null> {
		this.load();
		const result = await this.harness.poll();
		if (result !== null || kind === 'scheduled') this.cursor = serialised((this.harness.staticData[NODE_KEY] as IDataObject) ?? {});
		if (result !== null || kind === 'activation') this.saveGlobal();
		return result;
	}
}

describe('"From now on"', () => {
	it('default host: the activation poll arms; a job booked right after activation comes with the next poll', async () => {
		const { store } = freshTenant(env);
		bookJobs(store, 2); // before activation: never emitted
		await afterChanges();
		const harness = trigger();
		expect(await harness.poll()).toBeNull();
		const booked = bookJobs(store, 3);
		expectExactlyOnce(pairsOf(await harness.poll()), booked);
		expect(await harness.poll()).toBeNull();
	});

	it('durable host: the activation poll is discarded, yet jobs booked after activation are emitted and earlier ones are not', async () => {
		const { store } = freshTenant(env);
		bookJobs(store, 2);
		await afterChanges();
		const host = new DurableHost(trigger());
		expect(await host.poll('activation')).toBeNull();
		expect(host.committedCursor).toEqual({});
		const booked = bookJobs(store, 4);
		// The first scheduled poll (also the first after a restart: no activation poll then).
		expectExactlyOnce(pairsOf(await host.poll()), booked);
		expect(host.committedCursor).toMatchObject({ armed: true });
		const later = bookJobs(store, 1);
		expectExactlyOnce(pairsOf(await host.poll()), later);
		expect(await host.poll()).toBeNull();
	});

	it('durable host: the first scheduled poll with nothing new commits the arming, so later jobs still count from activation', async () => {
		const { store } = freshTenant(env);
		await afterChanges();
		const host = new DurableHost(trigger());
		expect(await host.poll('activation')).toBeNull();
		expect(await host.poll()).toBeNull();
		const armed = host.committedCursor;
		expect(armed).toMatchObject({ armed: true });
		const booked = bookJobs(store, 2);
		expectExactlyOnce(pairsOf(await host.poll()), booked);
		expect(host.committedCursor.anchor).toBe(armed.anchor);
	});

	it('a hint left by another scope (feed changed) is not used: the new scope arms at its own activation', async () => {
		const { store } = freshTenant(env);
		await afterChanges();
		const jobs = trigger({ feed: 'jobs' });
		expect(await jobs.poll()).toBeNull();
		bookJobs(store, 2);
		await afterChanges();
		// Same node, another feed: the workflow's static data (with the jobs hint) carries over.
		const appointments = trigger({ feed: 'appointments' }, { staticData: serialised(jobs.staticData) });
		expect(await appointments.poll()).toBeNull();
		expect(await appointments.poll()).toBeNull();
	});
});

describe('the once-an-hour failure report', () => {
	const EXPORT_JOBS = '/export/jobs';

	it('durable host: the first failure throws, repeats return null and commit the record, a different failure throws again', async () => {
		const { store } = freshTenant(env);
		await afterChanges();
		const host = new DurableHost(trigger());
		expect(await host.poll('activation')).toBeNull();
		expect(await host.poll()).toBeNull();

		const outage = env.sim.faults.add({ path: EXPORT_JOBS, probability: 1, fault: { type: 'status', status: 400, title: 'Tenant is read-only.' } });
		await expect(host.poll()).rejects.toThrow('Tenant is read-only.');
		expect(host.committedCursor.error).toBeUndefined(); // a throwing poll commits nothing
		expect(await host.poll()).toBeNull();
		expect(host.committedCursor.error).toMatchObject({ signature: expect.stringContaining('Tenant is read-only.') });
		expect(await host.poll()).toBeNull();
		expect(warn.mock.calls.filter(([message]) => String(message).includes('the same failure again'))).toHaveLength(2);
		outage.remove();

		const other = env.sim.faults.add({ path: EXPORT_JOBS, probability: 1, fault: { type: 'status', status: 400, title: 'Tenant is archived.' } });
		await expect(host.poll()).rejects.toThrow('Tenant is archived.');
		expect(await host.poll()).toBeNull();
		other.remove();

		const booked = bookJobs(store, 2);
		expectExactlyOnce(pairsOf(await host.poll()), booked);
		expect(host.committedCursor.error).toBeUndefined();
	});
});
