/** The in-process n8n harness lives in scripts/lib/harness.ts, where the benchmarks import it too. */
export * from '../../scripts/lib/harness';
