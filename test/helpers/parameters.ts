/**
 * Node parameter shorthands shared by the in-process tests and the real-n8n e2e tests (no n8n
 * runtime imported here, so the e2e process can use it too).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

/** A resource locator value as n8n stores it. */
export function rl(value: string | number, mode: 'id' | 'list' = 'id'): INodeParameters {
	return { __rl: true, mode, value: String(value) };
}

/** A fixedCollection value as the engine renders it (`{ values: ... }`). */
export function group(values: IDataObject | IDataObject[]): INodeParameters {
	return { values } as INodeParameters;
}

/**
 * Job → Create for the simulator's sample customer, location and campaign, with one appointment;
 * `appointment` and `additionalFields` add to or override the defaults.
 */
export function jobCreateParameters(
	jobType: { id: number; businessUnitIds: number[] },
	extra: { appointment?: IDataObject; additionalFields?: INodeParameters } = {},
): INodeParameters {
	return {
		// Picked as the editor saves them: resource locators (By ID).
		customerId: rl('150001'),
		locationId: rl('1150001'),
		businessUnitId: rl(String(jobType.businessUnitIds[0])),
		jobTypeId: rl(jobType.id),
		priority: 'High',
		campaignId: rl('2001'),
		appointments: group([{ start: '2030-04-01T08:00:00Z', end: '2030-04-01T10:00:00Z', ...extra.appointment }]),
		...(extra.additionalFields ? { additionalFields: extra.additionalFields } : {}),
	};
}
