/**
 * The typed store a test (or the HTTP layer) uses for one tenant. Writes go through the domain
 * services, so a change made "as a ServiceTitan user would" reaches the export feeds exactly like an
 * API call. `sim.store` is the default tenant's store.
 */
import { AppointmentService } from './domain/appointments';
import { BudgetCodeService } from './domain/budgetCodes';
import { type ChangeKind, CHANGE_KINDS, makeRandomChanges } from './domain/changes';
import type { DataSource } from './domain/common';
import { JobService } from './domain/jobs';
import { JobTypeService } from './domain/jobTypes';
import { ProjectService } from './domain/projects';
import { RecentListCache } from './query';
import { SeededRandom } from './random';
import { seedForTenant } from './random';
import { createSampleCatalogs, SAMPLE_COUNTS, SeedGenerator } from './seed';
import { type StoreEnvironment, TenantData } from './store';
import type { SeedCounts } from './types';

/** `true`: catalogues plus a small sample; counts: catalogues plus that many seeded records; `false`: empty. */
export type SampleOption = boolean | SeedCounts;

export interface SeedResult {
	jobs: number;
	projects: number;
	totalJobs: number;
	totalProjects: number;
	elapsedMs: number;
}

export class TenantStore implements DataSource {
	readonly appointments = new AppointmentService(this);
	readonly projects = new ProjectService(this);
	readonly jobs = new JobService(this, this.appointments, this.projects);
	readonly jobTypes = new JobTypeService(this);
	readonly budgetCodes = new BudgetCodeService(this);
	/** Matching slots of recent list requests (see `ListQuery.page`). */
	readonly listCache = new RecentListCache();

	private current: TenantData;
	private epoch = 0;
	private readonly random: SeededRandom;

	constructor(
		readonly tenantId: string,
		private readonly env: StoreEnvironment,
		private sample: SampleOption,
	) {
		this.random = new SeededRandom(env.seed ^ 0x5bd1e995);
		this.current = this.fresh(sample);
	}

	/** The tenant's current tables, relations and feeds. */
	get data(): TenantData {
		return this.current;
	}

	private fresh(sample: SampleOption): TenantData {
		const seed = seedForTenant(this.env.seed, this.tenantId);
		const data = new TenantData(this.tenantId, this.epoch, this.env, (tables) => new SeedGenerator(seed, tables));
		if (sample !== false) {
			createSampleCatalogs(data);
			data.generator.addBlock(sample === true ? SAMPLE_COUNTS : sample);
		}
		return data;
	}

	/** Replaces all data (continuation tokens issued before are refused afterwards). */
	reset(sample: SampleOption = this.sample): void {
		this.sample = sample;
		this.epoch++;
		this.current = this.fresh(sample);
	}

	/** Adds seeded jobs/projects (with appointments, notes, history); O(1) regardless of counts. */
	seed(counts: SeedCounts): SeedResult {
		const started = performance.now();
		const added = this.current.generator.addBlock(counts);
		return {
			...added,
			totalJobs: this.current.jobs.size,
			totalProjects: this.current.projects.size,
			elapsedMs: performance.now() - started,
		};
	}

	/** Random edits through the domain services (seeded RNG, so repeatable for a given seed). */
	makeRandomChanges(count: number, kinds: readonly ChangeKind[] = CHANGE_KINDS): Record<ChangeKind, number> {
		return makeRandomChanges(this, count, this.random, kinds);
	}
}
