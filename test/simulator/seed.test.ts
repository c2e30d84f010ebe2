/** Seeded sample data: deterministic per seed, and its relations hold together. */
import { startSimulator, type Simulator } from '../../simulator';
import { activeAppointmentsOf } from '../../simulator/render';
import { validateResponse } from '../helpers/vendorSpec';
import { json, SimClient } from './client';

describe('seeded sample data', () => {
	let simulator: Simulator;

	beforeAll(async () => {
		simulator = await startSimulator({ seed: 42, sample: { jobs: 400, projects: 12 }, rateLimitPerSecond: null });
	});
	afterAll(() => simulator.close());

	it('is deterministic for a seed (data and credentials) and differs between seeds', async () => {
		const twin = await startSimulator({ seed: 42, sample: { jobs: 400, projects: 12 } });
		const other = await startSimulator({ seed: 43, sample: { jobs: 400, projects: 12 } });
		try {
			expect(twin.tenant).toEqual(simulator.tenant);
			const page = async (target: Simulator) => json(await new SimClient(target).call('Jobs_GetList', { query: { pageSize: 100 } })).data;
			const [mine, twins, others] = await Promise.all([page(simulator), page(twin), page(other)]);
			// Seeded timestamps are placed relative to when the simulator started; everything else must match.
			const stable = (rows: typeof mine) =>
				rows?.map((row) => Object.fromEntries(Object.entries(row).filter(([key]) => !['modifiedOn', 'createdOn', 'completedOn'].includes(key))));
			expect(stable(twins)).toEqual(stable(mine));
			expect(stable(others)).not.toEqual(stable(mine));
			expect(other.tenant.clientSecret).not.toBe(simulator.tenant.clientSecret);
			// Reading a seeded record twice gives the same record.
			expect(simulator.store.jobs.get(simulator.store.data.jobs.idOf(7))).toEqual(simulator.store.jobs.get(simulator.store.data.jobs.idOf(7)));
		} finally {
			await Promise.all([twin.close(), other.close()]);
		}
	});

	it('keeps jobs, appointments, projects, notes, canceled logs and history consistent', () => {
		const data = simulator.store.data;
		const jobs = data.jobs.toArray();
		const statuses = new Set(jobs.map((job) => job.jobStatus));
		expect([...statuses].sort()).toEqual(['Canceled', 'Completed', 'Dispatched', 'Hold', 'InProgress', 'Scheduled']);
		for (const job of jobs) {
			const appointments = activeAppointmentsOf(data, job);
			expect(appointments.length).toBeGreaterThanOrEqual(1);
			expect(appointments.every((appointment) => appointment.jobId === job.id && appointment.customerId === job.customerId)).toBe(true);
			expect([job.appointmentCount, job.firstAppointmentId, job.lastAppointmentId]).toEqual([
				appointments.length,
				appointments[0].id,
				appointments[appointments.length - 1].id,
			]);
			const history = simulator.store.jobs.history(job.id);
			expect(history.map((event) => event.eventType).slice(0, 2)).toEqual(['Job Booked', 'Job Scheduled']);
			expect(history.every((event) => event.date <= job.modifiedOn)).toBe(true);
			const logs = simulator.store.jobs.canceledLogs(job.id);
			expect(logs.some((log) => log.active)).toBe(job.jobStatus === 'Canceled');
			if (job.jobStatus === 'Completed') expect(appointments.every((appointment) => appointment.status === 'Done')).toBe(true);
			if (job.jobStatus === 'Hold') expect(appointments.some((appointment) => appointment.hold !== null)).toBe(true);
			for (const note of simulator.store.jobs.notes(job.id)) expect(note.ownerId).toBe(job.id);
			if (job.projectId !== null) expect(data.projects.get(job.projectId)?.jobIds).toContain(job.id);
		}
		const projects = data.projects.toArray();
		expect(projects).toHaveLength(12);
		for (const project of projects) {
			for (const jobId of project.jobIds) expect(data.jobs.get(jobId)?.projectId).toBe(project.id);
			if (project.subStatusId !== null) expect(data.projectSubStatuses.get(project.subStatusId)?.statusId).toBe(project.statusId);
		}
		expect(projects.some((project) => project.jobIds.length > 0)).toBe(true);
	});

	it('serves every seeded job, appointment and project in the documented shape', async () => {
		const client = new SimClient(simulator);
		for (const [operationId, query] of [
			['Jobs_GetList', { pageSize: 500 }],
			['Appointments_GetList', { pageSize: 1000, active: 'Any' }],
			['Projects_GetList', {}],
			['Export_JobHistory', {}],
			['Export_JobNotes', {}],
			['Export_JobCancelReasons', {}],
		] as const) {
			const result = await client.call(operationId, { query });
			expect(validateResponse(operationId, result.status, result.body)).toEqual([]);
			expect(json(result).data?.length).toBeGreaterThan(0);
		}
	});
});
