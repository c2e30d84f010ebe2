/** Appointments operations. */
import { requireFound } from '../domain/common';
import { renderAppointment, renderAppointmentSummary } from '../render';
import type { AppointmentAddRequest, AppointmentRecord, AppointmentRescheduleRequest, ReasonMemoRequest } from '../types';
import { bodyOf, created, type HandlerContext, type HandlerTable, listQuery, ok, pagedList } from './context';

function listAppointments(context: HandlerContext) {
	const data = context.store.data;
	const projectId = context.params.number('projectId');
	const technicianId = context.params.number('technicianId');
	const query = listQuery<AppointmentRecord>(context)
		.ids()
		.active('True', (appointment) => appointment.active)
		.equals('jobId', (appointment) => appointment.jobId)
		.equals('number', (appointment) => appointment.appointmentNumber)
		.equals('status', (appointment) => appointment.status)
		.equals('customerId', (appointment) => appointment.customerId)
		.where(projectId === undefined ? undefined : (appointment) => data.jobs.get(appointment.jobId)?.projectId === projectId)
		.where(technicianId === undefined ? undefined : (appointment) => appointment.technicianIds.includes(technicianId))
		.where(context.params.has('unused') ? (appointment) => appointment.unused === context.params.boolean('unused') : undefined)
		.dates('starts', (appointment) => appointment.start)
		.dates('modified', (appointment) => appointment.modifiedOn)
		.dates('created', (appointment) => appointment.createdOn)
		.sortable({
			Id: (appointment) => appointment.id,
			ModifiedOn: (appointment) => appointment.modifiedOn,
			CreatedOn: (appointment) => appointment.createdOn,
		});
	// Seeded jobs leave gaps in the appointment table (most have one appointment, some two).
	return ok(pagedList(context, query, data.appointments, renderAppointment, false));
}

export const appointmentHandlers: HandlerTable = {
	Appointments_GetList: listAppointments,
	// Deleted appointments stay readable (active: false), as in the list with active=False.
	Appointments_Get: (context) => ok(renderAppointment(requireFound(context.store.appointments.get(context.params.id()), 'Appointment', context.params.id()))),
	Appointments_Add: (context) => created(renderAppointment(context.store.appointments.add(bodyOf<AppointmentAddRequest>(context), context.actorId))),
	Appointments_Reschedule: (context) =>
		ok(renderAppointment(context.store.appointments.reschedule(context.params.id(), bodyOf<AppointmentRescheduleRequest>(context)))),
	Appointments_Hold: (context) => {
		context.store.appointments.hold(context.params.id(), bodyOf<ReasonMemoRequest>(context));
		return ok();
	},
	Appointments_RemoveHold: (context) => {
		context.store.appointments.removeHold(context.params.id());
		return ok();
	},
	Appointments_UpdateSpecialInstructions: (context) => {
		const { specialInstructions } = bodyOf<{ specialInstructions: string }>(context);
		return ok(renderAppointment(context.store.appointments.updateSpecialInstructions(context.params.id(), specialInstructions)));
	},
	Appointments_Confirm: (context) => {
		context.store.appointments.setConfirmation(context.params.id(), true);
		return ok();
	},
	Appointments_RemoveConfirmation: (context) => {
		context.store.appointments.setConfirmation(context.params.id(), false);
		return ok();
	},
	Appointments_SetSummary: (context) => {
		const { technicianId, notes } = bodyOf<{ technicianId: number; notes: string }>(context);
		const id = context.params.id();
		const summary = context.store.appointments.setSummary(id, technicianId, notes);
		return created(renderAppointmentSummary(context.store.appointments.requireActive(id), summary));
	},
	Appointments_Delete: (context) => {
		context.store.appointments.delete(context.params.id());
		return ok();
	},
};
