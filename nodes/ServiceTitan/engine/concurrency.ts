/**
 * Runs `worker(0..count-1)` with at most `limit` in flight. On the first failure nothing new starts;
 * running items finish, then the failure of the lowest item index is thrown, so errors are reported
 * in input order. (Concurrent first requests share one token fetch: see credentials/tokenRequest.ts.)
 */
export async function forEachWithConcurrency(
	count: number,
	limit: number,
	worker: (index: number) => Promise<void>,
): Promise<void> {
	let next = 0;
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
	await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, count)) }, lane));
	if (failures.size > 0) throw failures.get(Math.min(...failures.keys()));
}
