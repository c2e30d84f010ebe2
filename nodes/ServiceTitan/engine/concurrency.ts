/**
 * Runs `worker(0..count-1)` with at most `limit` in flight. Item 0 runs alone first so that the
 * credential's access token is fetched once and stored before the others start (n8n fetches a token
 * when the stored one is empty; concurrent first requests would each fetch one).
 * On the first failure nothing new starts; running items finish, then the failure of the lowest
 * item index is thrown, so errors are reported in input order.
 */
export async function forEachWithConcurrency(
	count: number,
	limit: number,
	worker: (index: number) => Promise<void>,
): Promise<void> {
	if (count === 0) return;
	await worker(0);
	let next = 1;
	const failures = new Map<number, unknown>();
	const lane = async (): Promise<void> => {
		while (next < count && failures.size === 0) {
			const index = next++;
			try {
				await worker(index);
			} catch (error) {
				failures.set(index, error);
			}
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, count - 1)) }, lane));
	if (failures.size > 0) throw failures.get(Math.min(...failures.keys()));
}
