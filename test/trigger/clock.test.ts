/**
 * Tests that move the simulator's clock forward (its own simulator: the clock never goes back, and
 * later "now" positions must not lag behind it). ServiceTitan's 15-minute visibility delay, and the
 * created/updated filter, which needs an update some time after the creation.
 */
import { useSimulator } from '../helpers/nodeSim';
import { bookJob } from '../simulator/fixtures';
import { armedTrigger, bookJobs, expectExactlyOnce, freshTenant, idsOf, pair, pairsOf, trigger, updateJobs } from './support';

const MINUTE = 60_000;
const env = useSimulator({ exportPageSize: 5, visibilityDelayMs: 15 * MINUTE });

describe('the 15-minute visibility delay (includeRecentChanges off)', () => {
	it('emits each change once when it becomes visible; nothing is lost at the visibility frontier', async () => {
		const { store, harness } = await armedTrigger(env);
		const early = bookJobs(store, 3);
		expect(await harness.poll()).toBeNull();
		env.sim.clock.advance(10 * MINUTE);
		const later = bookJobs(store, 4);
		expect(await harness.poll()).toBeNull();
		env.sim.clock.advance(6 * MINUTE);
		// The early jobs are visible now, the later ones not yet.
		expectExactlyOnce(pairsOf(await harness.poll()), early);
		const changed = updateJobs(store, idsOf(early).slice(0, 1));
		env.sim.clock.advance(10 * MINUTE);
		expectExactlyOnce(pairsOf(await harness.poll()), later);
		expect(await harness.poll()).toBeNull();
		env.sim.clock.advance(6 * MINUTE);
		expectExactlyOnce(pairsOf(await harness.poll()), changed);
	});
});

describe('the created / updated filter', () => {
	it('tells a new record from a changed one by its createdOn and modifiedOn', async () => {
		const { store } = freshTenant(env);
		env.sim.configure({ visibilityDelayMs: 0 });
		try {
			const created = trigger({ filters: { changeType: 'created' } });
			const updated = trigger({ filters: { changeType: 'updated' } });
			expect(await created.poll()).toBeNull();
			expect(await updated.poll()).toBeNull();

			const first = pair(bookJob(store));
			expectExactlyOnce(pairsOf(await created.poll()), [first]);
			expect(await updated.poll()).toBeNull();

			env.sim.clock.advance(MINUTE);
			const [change] = updateJobs(store, idsOf([first]));
			const second = pair(bookJob(store));
			expectExactlyOnce(pairsOf(await created.poll()), [second]);
			expectExactlyOnce(pairsOf(await updated.poll()), [change]);
		} finally {
			env.sim.configure({ visibilityDelayMs: 15 * MINUTE });
		}
	});
});
