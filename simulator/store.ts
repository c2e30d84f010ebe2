/**
 * One tenant's in-memory data: record tables, the relations between them, and the export-feed change
 * logs. Domain rules live in `domain/*.ts`; this module only holds state and records changes so that
 * every write (API, test or random change) flows into the feeds the same way.
 */
import type { SimClock } from './clock';
import { FIRST_IDS } from './ids';
import { Collection } from './collection';
import { FEED_NAMES, type FeedName, FeedLog } from './exportFeeds';
import { SeededRandom, seedForTenant } from './random';
import type {
	AppointmentRecord,
	BudgetCodeRecord,
	CanceledLogRecord,
	CustomFieldTypeRecord,
	HistoryEvent,
	JobRecord,
	JobTypeRecord,
	NoteRecord,
	ProjectRecord,
	ProjectStatusRecord,
	ProjectSubStatusRecord,
	ProjectTypeRecord,
	ReasonRecord,
	SegmentItemRecord,
	SegmentRecord,
	SeedCounts,
} from './types';


/** Late arrivals: this share of changes is processed (enters the export feeds) up to `maxMs` late. */
export interface LateArrivals {
	share: number;
	maxMs: number;
}

/** Settings the store needs from the simulator. */
export interface StoreEnvironment {
	clock: SimClock;
	seed: number;
	/** How long seeded history must lie in the past to be visible in export feeds at once. */
	exportQuietMs(): number;
	/** Null: every change enters its feed when it is made. */
	lateArrivals(): LateArrivals | null;
}

/**
 * One change as the simulator made it, for tests to compute what a consumer must see: the record
 * (`id`; for job history the job) and its change time (`at`, the record's modifiedOn or the event's
 * date), with the history event's id, and how late the feed processed it.
 */
export interface ChangeRecord {
	feed: FeedName;
	id: number;
	at: number;
	eventId?: number;
	latenessMs: number;
}

/**
 * Rebuilds seeded records from their slots and reserves new blocks of them (`SeedGenerator` in
 * seed.ts). The store only calls it; it never builds one, so the data layer does not depend on the seed.
 */
export interface SeededRecords {
	addBlock(counts: SeedCounts): { jobs: number; projects: number };
	job(slot: number): JobRecord | undefined;
	appointment(slot: number): AppointmentRecord | undefined;
	project(slot: number): ProjectRecord | undefined;
	jobNote(slot: number): NoteRecord | undefined;
	projectNote(slot: number): NoteRecord | undefined;
	canceledLog(slot: number): CanceledLogRecord | undefined;
	history(jobSlot: number): HistoryEvent[];
	jobNoteIds(jobSlot: number): number[];
	canceledLogIds(jobSlot: number): number[];
	projectNoteIds(projectSlot: number): number[];
}

/**
 * A one-to-many relation (job → notes, job → history…) whose lists for seeded records are derived
 * on demand; a list is stored only once something is added to it.
 */
export class Relation<T> {
	private stored = new Map<number, T[]>();

	constructor(private readonly derive: (ownerSlot: number) => T[]) {}

	get(ownerSlot: number): T[] {
		return this.stored.get(ownerSlot) ?? this.derive(ownerSlot);
	}

	/** The stored (mutable) list, copied from the derived one the first time. */
	edit(ownerSlot: number): T[] {
		let list = this.stored.get(ownerSlot);
		if (!list) {
			list = [...this.derive(ownerSlot)];
			this.stored.set(ownerSlot, list);
		}
		return list;
	}
}

export class TenantData {
	readonly generator: SeededRecords;

	readonly jobs: Collection<JobRecord>;
	readonly appointments: Collection<AppointmentRecord>;
	readonly projects: Collection<ProjectRecord>;
	readonly jobNotes: Collection<NoteRecord>;
	readonly projectNotes: Collection<NoteRecord>;
	readonly canceledLogs: Collection<CanceledLogRecord>;

	readonly jobTypes = new Collection<JobTypeRecord>(FIRST_IDS.jobTypes);
	readonly cancelReasons = new Collection<ReasonRecord>(FIRST_IDS.cancelReasons);
	readonly holdReasons = new Collection<ReasonRecord>(FIRST_IDS.holdReasons);
	readonly projectStatuses = new Collection<ProjectStatusRecord>(FIRST_IDS.projectStatuses);
	readonly projectSubStatuses = new Collection<ProjectSubStatusRecord>(FIRST_IDS.projectSubStatuses);
	readonly projectTypes = new Collection<ProjectTypeRecord>(FIRST_IDS.projectTypes);
	readonly jobCustomFieldTypes = new Collection<CustomFieldTypeRecord>(FIRST_IDS.jobCustomFieldTypes);
	readonly projectCustomFieldTypes = new Collection<CustomFieldTypeRecord>(FIRST_IDS.projectCustomFieldTypes);
	readonly segments = new Collection<SegmentRecord>(FIRST_IDS.segments);
	readonly segmentItems = new Collection<SegmentItemRecord>(FIRST_IDS.segmentItems);
	readonly budgetCodes = new Collection<BudgetCodeRecord>(FIRST_IDS.budgetCodes);

	/** Per job slot: history events, note ids, canceled-log ids. Per project slot: note ids. */
	readonly jobHistory: Relation<HistoryEvent>;
	readonly jobNoteIds: Relation<number>;
	readonly jobCanceledLogIds: Relation<number>;
	readonly projectNoteIds: Relation<number>;

	readonly feeds: Record<FeedName, FeedLog>;

	/** Every change recorded in a feed since the last reset, in the order made (see ChangeRecord). */
	readonly changes: ChangeRecord[] = [];

	/** Bumped on every write; list results are cached per version. */
	version = 0;
	private historyCount = 0;
	private readonly lateness: SeededRandom;

	constructor(
		readonly tenantId: string,
		/** Distinguishes this data set from the one before a reset (continuation tokens carry it). */
		readonly epoch: number,
		readonly env: StoreEnvironment,
		/** Builds the generator of this data set's seeded records (it reads the tables it fills). */
		seededRecords: (data: TenantData) => SeededRecords,
	) {
		const generator = seededRecords(this);
		this.generator = generator;
		this.jobs = new Collection(FIRST_IDS.jobs, (slot) => generator.job(slot));
		this.appointments = new Collection(FIRST_IDS.appointments, (slot) => generator.appointment(slot));
		this.projects = new Collection(FIRST_IDS.projects, (slot) => generator.project(slot));
		this.jobNotes = new Collection(FIRST_IDS.jobNotes, (slot) => generator.jobNote(slot));
		this.projectNotes = new Collection(FIRST_IDS.projectNotes, (slot) => generator.projectNote(slot));
		this.canceledLogs = new Collection(FIRST_IDS.canceledLogs, (slot) => generator.canceledLog(slot));
		this.jobHistory = new Relation((slot) => generator.history(slot));
		this.jobNoteIds = new Relation((slot) => generator.jobNoteIds(slot));
		this.jobCanceledLogIds = new Relation((slot) => generator.canceledLogIds(slot));
		this.projectNoteIds = new Relation((slot) => generator.projectNoteIds(slot));
		this.feeds = Object.fromEntries(FEED_NAMES.map((name) => [name, new FeedLog()])) as Record<FeedName, FeedLog>;
		this.lateness = new SeededRandom(seedForTenant(env.seed, tenantId) ^ 0x1a7e);
	}

	private feedTable(feed: FeedName): { idOf(slot: number): number } {
		switch (feed) {
			case 'jobs':
			case 'job-history':
				return this.jobs;
			case 'projects':
				return this.projects;
			case 'appointments':
				return this.appointments;
			case 'job-canceled-logs':
				return this.canceledLogs;
			case 'job-notes':
				return this.jobNotes;
			case 'project-notes':
				return this.projectNotes;
		}
	}

	now(): number {
		return this.env.clock.now();
	}

	/**
	 * Appends a change to a feed (`slot` in the feed's own table), late when late arrivals are on,
	 * notes it in `changes` and invalidates cached lists.
	 */
	recordChange(feed: FeedName, slot: number, ms: number): void {
		const late = this.env.lateArrivals();
		const latenessMs = late && late.maxMs > 0 && this.lateness.next() < late.share ? this.lateness.int(1, late.maxMs) : 0;
		this.feeds[feed].append(slot, ms, latenessMs);
		const id = this.feedTable(feed).idOf(slot);
		const events = feed === 'job-history' ? this.jobHistory.get(slot) : undefined;
		const eventId = events && events.length > 0 ? events[events.length - 1].id : undefined;
		this.changes.push(eventId === undefined ? { feed, id, at: ms, latenessMs } : { feed, id, at: ms, eventId, latenessMs });
		this.version++;
	}

	/** Marks a catalogue write (no export feed) so cached lists are recomputed. */
	bumpVersion(): void {
		this.version++;
	}

	nextHistoryId(): number {
		return FIRST_IDS.history + this.historyCount++;
	}

	/** Time of the newest entry across all feeds (seeded ranges must not go before it). */
	newestChangeMs(): number {
		return Math.max(0, ...FEED_NAMES.map((name) => this.feeds[name].lastMs));
	}
}
