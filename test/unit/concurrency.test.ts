import { forEachWithConcurrency } from '../../nodes/ServiceTitan/engine/concurrency';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('forEachWithConcurrency', () => {
	it('runs at most `limit` at once from the start, covering every index once', async () => {
		let inFlight = 0;
		let peak = 0;
		const seen: number[] = [];
		await forEachWithConcurrency(20, 4, async (index) => {
			inFlight++;
			peak = Math.max(peak, inFlight);
			await tick();
			seen.push(index);
			inFlight--;
		});
		expect(peak).toBe(4);
		expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
	});

	it('stops starting items after a failure and throws the lowest failing index', async () => {
		const started: number[] = [];
		const run = forEachWithConcurrency(50, 3, async (index) => {
			started.push(index);
			await tick();
			if (index === 4 || index === 3) throw new Error(`item ${index}`);
		});
		await expect(run).rejects.toThrow('item 3');
		expect(started.length).toBeLessThan(10);
	});

	it('does nothing for no items', async () => {
		const worker = jest.fn();
		await forEachWithConcurrency(0, 5, worker);
		expect(worker).not.toHaveBeenCalled();
	});
});
