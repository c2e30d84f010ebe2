/**
 * The tenant's limit, over real HTTP against the simulator: 429s slow the whole process and the pace
 * recovers, the simulator's own limiter is held with no item lost, and the share option is checked
 * before anything is sent. Assertions read the pace's state and the simulator's records, never a clock.
 */
import type { INodeParameters } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { tenantPace } from '../../nodes/ServiceTitan/transport/pacing';
import { runFailing, runOk, rl } from '../helpers/nodeRun';
import { useSimulator } from '../helpers/nodeSim';

const env = useSimulator();

/** A tenant of its own (so a pace of its own), with no data: a list of its jobs answers 200 and []. */
function freshTenant() {
	const tenant = env.sim.addTenant();
	env.useCredential({}, tenant);
	return tenantPace(`${env.sim.url}|${tenant.tenantId}`);
}

const listJobs = (options: INodeParameters = {}): INodeParameters => ({ resource: 'job', operation: 'getAll', limit: 1, options });

describe('429s move the pace of the whole process', () => {
	it('a storm of 429s slows the pace to half or less; it climbs back to the share afterwards', async () => {
		const pace = freshTenant();
		env.sim.faults.add({ operationId: 'Jobs_GetList', times: 3, fault: { type: 'rateLimit', retryAfterSeconds: 1 } });
		expect(await runOk(listJobs({ maxConcurrency: 1 }))).toEqual([]);
		const limit = { requestsPerSecond: 60, processes: 1 };
		expect(env.apiRequests().map((request) => request.status)).toEqual([429, 429, 429, 200]);
		// Each 429 answered a request sent after the previous cut: three cuts.
		expect(pace.state.cuts).toBe(3);
		expect(pace.state.rate(pace.state.lastCutAt, limit)).toBeLessThanOrEqual(60 / 2);
		expect(pace.state.rate(pace.state.lastCutAt + 60_000, limit)).toBe(60);
	});

	it('the share the user gives is where the pace recovers to: 60/s shared by 3 processes is 20/s', async () => {
		const pace = freshTenant();
		env.sim.faults.add({ operationId: 'Jobs_GetList', times: 1, fault: { type: 'rateLimit', retryAfterSeconds: 1 } });
		expect(await runOk(listJobs({ requestsPerSecond: 60, processesSharing: 3 }))).toEqual([]);
		const limit = { requestsPerSecond: 60, processes: 3 };
		expect(pace.state.cuts).toBe(1);
		expect(pace.state.rate(pace.state.lastCutAt, limit)).toBeLessThan(20);
		expect(pace.state.rate(pace.state.lastCutAt + 60_000, limit)).toBe(20);
	});

	it('a limit far below the option (5/s against 1000/s) is held by the 429s alone: no item fails, every 429 was sent again once', async () => {
		const jobs = env.sim.store.data.jobs.toArray().slice(0, 30);
		env.sim.configure({ rateLimitPerSecond: 5 });
		try {
			const items = await runOk(
				{ resource: 'job', operation: 'get', jobId: rl('={{ $json.id }}'), simplify: false, options: { requestsPerSecond: 1000, maxConcurrency: 10 } },
				{ input: jobs.map((job) => ({ id: job.id })) },
			);
			expect(items.map((item) => item.id)).toEqual(jobs.map((job) => job.id));
		} finally {
			env.sim.configure({ rateLimitPerSecond: null });
		}
		const statuses = env.apiRequests().map((request) => request.status);
		const limited = statuses.filter((status) => status === 429).length;
		expect(statuses.filter((status) => status === 200)).toHaveLength(30);
		expect(statuses).toHaveLength(30 + limited);
	});
});

describe("the option 'Processes Sharing the Limit'", () => {
	it.each([0, -2, 1.5, 'two', ''])('%p is refused before anything is sent, naming the option', async (value) => {
		freshTenant();
		const error = await runFailing(listJobs({ processesSharing: value as number }));
		expect(error.name).toBe(NodeOperationError.name);
		expect(error.message).toBe("The option 'Processes Sharing the Limit' must be a whole number of at least 1");
		expect(error.description).toBe(
			`Got ${JSON.stringify(value)}: the number of n8n processes (for example queue-mode workers) sending to this tenant with this app at the same time.`,
		);
		expect(env.apiRequests()).toEqual([]);
	});

	it('a whole number is accepted', async () => {
		freshTenant();
		expect(await runOk(listJobs({ processesSharing: 4 }))).toEqual([]);
		expect(env.apiRequests()).toHaveLength(1);
	});
});
