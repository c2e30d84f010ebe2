/**
 * "A ServiceTitan user is working": random edits through the same services the API uses, so each
 * one lands in the export feeds exactly like an API change. Used by benchmarks and the demo.
 */
import { ApiError } from '../errors';
import type { SeededRandom } from '../random';
import type { SeedCounts } from '../types';
import type { AppointmentService } from './appointments';
import { type DataSource, PRIORITIES } from './common';
import type { JobService } from './jobs';
import type { ProjectService } from './projects';

/** The services a random change goes through (the tenant's store). */
export interface ChangeTarget extends DataSource {
	readonly jobs: JobService;
	readonly appointments: AppointmentService;
	readonly projects: ProjectService;
	seed(counts: SeedCounts): unknown;
}

export const CHANGE_KINDS = ['job', 'appointment', 'jobNote', 'project', 'projectNote'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

const WEIGHTS: Record<ChangeKind, number> = { job: 40, appointment: 25, jobNote: 20, project: 10, projectNote: 5 };
const DAY = 86_400_000;

function pickKind(random: SeededRandom, hasProjects: boolean, kinds: readonly ChangeKind[]): ChangeKind {
	const candidates = kinds.filter((kind) => hasProjects || (kind !== 'project' && kind !== 'projectNote'));
	const usable = candidates.length ? candidates : (['job'] as const);
	const total = usable.reduce((sum, kind) => sum + WEIGHTS[kind], 0);
	let roll = random.next() * total;
	for (const kind of usable) {
		roll -= WEIGHTS[kind];
		if (roll < 0) return kind;
	}
	return usable[usable.length - 1];
}

function randomId(random: SeededRandom, size: number, idOf: (slot: number) => number): number {
	return idOf(random.int(0, size - 1));
}

function changeJob(store: ChangeTarget, jobId: number, random: SeededRandom): void {
	store.jobs.update(jobId, {
		priority: random.pick(PRIORITIES),
		summary: `<p>Updated by the office (${random.int(1000, 9999)}).</p>`,
	});
}

function rescheduleFirstAppointment(store: ChangeTarget, jobId: number, random: SeededRandom): boolean {
	const job = store.jobs.require(jobId);
	const appointment = store.jobs
		.appointments(job)
		.find((candidate) => candidate.active && ['Scheduled', 'Dispatched', 'Hold'].includes(candidate.status));
	if (!appointment) return false;
	const shift = random.int(1, 3) * DAY;
	store.appointments.reschedule(appointment.id, {
		start: new Date(appointment.start + shift).toISOString(),
		end: new Date(appointment.end + shift).toISOString(),
	});
	return true;
}

/** Applies `count` random changes; returns how many of each kind were made. */
export function makeRandomChanges(
	store: ChangeTarget,
	count: number,
	random: SeededRandom,
	kinds: readonly ChangeKind[] = CHANGE_KINDS,
): Record<ChangeKind, number> {
	const made: Record<ChangeKind, number> = { job: 0, appointment: 0, jobNote: 0, project: 0, projectNote: 0 };
	if (count > 0 && store.data.jobs.size === 0) store.seed({ jobs: 1 });
	for (let index = 0; index < count; index++) {
		const data = store.data;
		const kind = pickKind(random, data.projects.size > 0, kinds);
		const jobId = randomId(random, data.jobs.size, (slot) => data.jobs.idOf(slot));
		const projectId = data.projects.size > 0 ? randomId(random, data.projects.size, (slot) => data.projects.idOf(slot)) : 0;
		try {
			if (kind === 'appointment' && rescheduleFirstAppointment(store, jobId, random)) made.appointment++;
			else if (kind === 'jobNote') {
				store.jobs.addNote(jobId, { text: `Follow-up call #${random.int(100, 999)}.` });
				made.jobNote++;
			} else if (kind === 'project') {
				store.projects.update(projectId, { summary: `<p>Progress update ${random.int(1, 99)}%.</p>` });
				made.project++;
			} else if (kind === 'projectNote') {
				store.projects.addNote(projectId, { text: `Site visit notes #${random.int(100, 999)}.` });
				made.projectNote++;
			} else {
				changeJob(store, jobId, random);
				made.job++;
			}
		} catch (error) {
			// A state the random pick cannot change (e.g. a finished appointment): edit the job instead.
			if (!(error instanceof ApiError)) throw error;
			changeJob(store, jobId, random);
			made.job++;
		}
	}
	return made;
}
