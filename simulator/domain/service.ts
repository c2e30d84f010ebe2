/** What every record service has: the tenant's current data and get / require (404) / edit (copy on write). */
import type { Collection } from '../collection';
import type { TenantData } from '../store';
import { type DataSource, requireFound } from './common';

export abstract class RecordService<T extends { id: number }> {
	/** Used in "Job with ID 5 not found". */
	protected abstract readonly noun: string;

	constructor(private readonly source: DataSource) {}

	protected get data(): TenantData {
		return this.source.data;
	}

	protected abstract table(data: TenantData): Collection<T>;

	get(id: number): T | undefined {
		return this.table(this.data).get(id);
	}

	require(id: number, field = 'id'): T {
		return requireFound(this.get(id), this.noun, id, field);
	}

	/** The stored record to change (seeded records are copied into memory first). */
	edit(id: number, field = 'id'): T {
		return requireFound(this.table(this.data).materialize(id), this.noun, id, field);
	}
}
