/**
 * Retries tell the truth. A state change whose answer was lost may already be applied: when the
 * retry is refused because the record is already in the requested state, the item succeeds with a
 * note; when that cannot be known, the error says so. Every error says how many attempts were made,
 * whether it was retried and what Retry-After asked; Retry-After of any form gives a sane wait.
 * The simulator's `drop` fault applies a request and then cuts the connection: a lost answer.
 */
import type { INodeParameters } from 'n8n-workflow';

import type { AppointmentRecord } from '../../simulator/types';
import { bookJob } from '../simulator/fixtures';
import { rl, runFailing, runOk } from '../helpers/nodeRun';
import { useSimulator } from '../helpers/nodeSim';
import { useRetrySettings } from '../helpers/retrySettings';

const env = useSimulator();
const store = () => env.sim.store;
const HOLD_REASON = 41;
const CANCEL_REASON = 31;
const LOST = "The first attempt's answer was lost on the way; the retry found the record already in the requested state, so the change was applied once.";

function freshAppointment(): AppointmentRecord {
	const job = bookJob(store());
	return store().jobs.appointments(job).filter((appointment) => appointment.active)[0];
}

/** The answers to the API requests of the test ("dropped": handled, then the connection cut). */
const statuses = () => env.apiRequests().map((request) => `${request.method} ${request.fault === 'drop' ? 'dropped' : request.status}`);

describe('a state change whose answer was lost', () => {
	it('hold: the retry is refused as "already on hold", the record shows it held: success with a note', async () => {
		const appointment = freshAppointment();
		env.sim.faults.add({ operationId: 'Appointments_Hold', fault: { type: 'drop' } });
		const items = await runOk({ resource: 'appointment', operation: 'hold', appointmentId: rl(appointment.id), reasonId: HOLD_REASON, memo: 'Parts' });
		expect(items).toEqual([{ success: true, note: LOST }]);
		expect(statuses()).toEqual(['PUT dropped', 'PUT 409', 'GET 200']);
		expect(store().appointments.get(appointment.id)?.status).toBe('Hold');
	});

	it('delete: the retry finds the appointment gone: deleted, with a note', async () => {
		const job = bookJob(store());
		const second = store().jobs.appointments(job).filter((appointment) => appointment.active)[1];
		env.sim.faults.add({ operationId: 'Appointments_Delete', fault: { type: 'drop' } });
		const items = await runOk({ resource: 'appointment', operation: 'delete', appointmentId: rl(second.id) });
		expect(items).toEqual([{ deleted: true, note: LOST }]);
	});

	it('cancel: the retry is refused (400 "already canceled"), the job shows it canceled: success with a note', async () => {
		const job = bookJob(store());
		env.sim.faults.add({ operationId: 'Jobs_Cancel', fault: { type: 'drop' } });
		const items = await runOk({ resource: 'job', operation: 'cancel', jobId: rl(job.id), reasonId: CANCEL_REASON, memo: 'Customer called' });
		expect(items).toEqual([{ success: true, note: LOST }]);
		expect(store().jobs.canceledLogs(job.id)).toHaveLength(1);
	});

	it('detach equipment: the retry finds it not attached, the job shows it gone: success with a note', async () => {
		const job = bookJob(store());
		store().jobs.attachEquipment(job.id, [94001, 94002]);
		env.sim.faults.add({ operationId: 'JobEquipment_Detach', fault: { type: 'drop' } });
		const items = await runOk({ resource: 'jobEquipment', operation: 'detach', jobId: rl(job.id), equipmentId: '94001' });
		expect(items).toEqual([{ success: true, note: LOST }]);
		expect(store().jobs.get(job.id)?.equipmentIds).toEqual([94002]);
	});

	it('a retry refused for another reason: the record read is not in the requested state, so the error says nothing was applied', async () => {
		const job = bookJob(store());
		const [appointment] = store().jobs.appointments(job);
		store().jobs.cancel(job.id, { reasonId: CANCEL_REASON, memo: 'Gone' });
		env.sim.faults.add({ operationId: 'Appointments_Hold', fault: { type: 'drop' } });
		const error = await runFailing({ resource: 'appointment', operation: 'hold', appointmentId: rl(appointment.id), reasonId: HOLD_REASON, memo: 'Parts' });
		expect(error.httpCode).toBe('409');
		expect(error.description).toContain("An earlier attempt's answer was lost; reading the record afterwards showed it is not in the requested state, so ServiceTitan did not apply the change.");
		expect(statuses()).toEqual(['PUT dropped', 'PUT 409', 'GET 200']);
	});

	it('timeouts until the retries are spent: "may have been applied — check before re-running"', async () => {
		const appointment = freshAppointment();
		useRetrySettings({ timeoutMs: 150, maxRetries: 2 });
		env.sim.faults.add({ operationId: 'Appointments_Confirm', times: 3, fault: { type: 'delay', ms: 400 } });
		const error = await runFailing({ resource: 'appointment', operation: 'confirm', appointmentId: rl(appointment.id) });
		expect(error.message).toBe('ServiceTitan did not answer in time');
		expect(error.description).toContain('Sent 3 times (2 retries with backoff); every attempt failed.');
		expect(error.description).toContain('The change may have been applied: check in ServiceTitan before running it again.');
		// The delayed answers still arrive at the simulator; let them land before the next test.
		await new Promise((resolve) => setTimeout(resolve, 500));
	});

	it('a create is never re-sent after a lost answer, and the error says it may have been applied', async () => {
		const job = bookJob(store());
		env.sim.faults.add({ operationId: 'Jobs_CreateNote', fault: { type: 'drop' } });
		const error = await runFailing({ resource: 'job', operation: 'createNote', jobId: rl(job.id), text: 'Hello' });
		expect(error.description).toContain('Sent once and not retried: POST creates data, and sending it again could apply it twice.');
		expect(error.description).toContain('The change may have been applied: check in ServiceTitan before running it again.');
		expect(statuses()).toEqual(['POST dropped']);
	});
});

describe('errors say what the retries did', () => {
	const getJob = (): INodeParameters => ({ resource: 'job', operation: 'get', jobId: rl(store().data.jobs.toArray()[0].id) });

	it('a 4xx is final: sent once, not retried', async () => {
		const error = await runFailing({ resource: 'job', operation: 'get', jobId: rl(987_654_321) });
		expect(error.description).toContain('Sent once; this answer is final, so it was not retried.');
		expect(env.apiRequests()).toHaveLength(1);
	});

	it('a write refused with a 4xx says nothing was applied', async () => {
		const error = await runFailing({ resource: 'job', operation: 'cancel', jobId: rl(bookJob(store()).id), reasonId: 35, memo: 'Inactive reason' });
		expect(error.httpCode).toBe('400');
		expect(error.description).toContain('ServiceTitan did not apply the change.');
	});

	it('persistent 503s: the number of attempts and the last Retry-After', async () => {
		env.sim.faults.add({ operationId: 'Jobs_Get', times: 20, fault: { type: 'status', status: 503, retryAfterSeconds: 0 } });
		const error = await runFailing(getJob());
		expect(error.description).toContain('Sent 6 times (5 retries with backoff; the last answer had Retry-After: 0, i.e. 0 s); every attempt failed.');
		expect(env.apiRequests()).toHaveLength(6);
	});

	it.each([
		['3 hours', '10800', /ServiceTitan asked to wait 3 h 0 min before trying again \(Retry-After: 10800, i\.e\. 3 h 0 min\), longer than the 2 min the node waits inside an execution, so it was not retried\. Run it again after \d{4}-/],
		['an HTTP date a day ahead', new Date(Date.now() + 86_400_000).toUTCString(), /ServiceTitan asked to wait 24 h 0 min before trying again/],
	])('a Retry-After of %s ends the request at once and says so, instead of sleeping inside the execution', async (_what, raw, pattern) => {
		env.sim.faults.add({ operationId: 'Jobs_Get', times: 5, fault: { type: 'rateLimit', retryAfterRaw: raw } });
		const started = Date.now();
		const error = await runFailing(getJob());
		expect(Date.now() - started).toBeLessThan(3000);
		expect(error.httpCode).toBe('429');
		expect(error.description).toMatch(pattern);
		expect(env.apiRequests()).toHaveLength(1);
	});

	it.each([
		['0', '0'],
		['a date in the past', 'Sun, 01 Jan 2023 00:00:00 GMT'],
		['a negative number', '-5'],
		['garbage', 'soon, maybe'],
	])('a Retry-After of %s never makes a tight loop: the waits back off', async (_what, raw) => {
		useRetrySettings({ baseDelayMs: 120, maxDelayMs: 2000, maxRetries: 3 });
		env.sim.faults.add({ operationId: 'Jobs_Get', times: 3, fault: { type: 'rateLimit', retryAfterRaw: raw } });
		await runOk(getJob());
		const times = env.apiRequests().map((request) => Date.parse(request.at));
		expect(times).toHaveLength(4);
		const gaps = times.slice(1).map((time, index) => time - times[index]);
		// Full jitter between half and all of 120, 240, 480 ms.
		expect(gaps[0]).toBeGreaterThanOrEqual(55);
		expect(gaps[1]).toBeGreaterThanOrEqual(115);
		expect(gaps[2]).toBeGreaterThanOrEqual(235);
	});
});
