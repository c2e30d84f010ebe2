/**
 * The records of other ServiceTitan APIs that JPM records point at: CRM customers and locations,
 * Settings business units, technicians and employees, Marketing campaigns. Read-only and derived
 * from the id alone, so they agree with every seeded job and project (whose ids come from the same
 * REFERENCED ranges) and cost nothing to hold: a tenant has 99,999 customers.
 *
 * Field names follow ../shared/servicetitan/LOOKUPS.md (no vendor document for these APIs).
 */
import { hash32 } from '../random';
import { LOCATION_OFFSET, REFERENCED } from '../ids';
import type { SlotSource } from '../query';

const DAY = 24 * 3_600_000;
/** Records of these APIs were set up long before any seeded JPM history. */
const CREATED_BASE = Date.UTC(2023, 0, 2, 15, 0, 0);

const FIRST_NAMES = ['Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Mateo', 'Sophia', 'Elijah', 'Isabella', 'Lucas', 'Mia', 'Ethan', 'Amelia', 'James', 'Harper', 'Benjamin', 'Evelyn', 'Henry', 'Aria', 'Daniel'];
const LAST_NAMES = ['Smith', 'Johnson', 'Garcia', 'Brown', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Walker'];
const BUSINESSES = ['Dental Group', 'Bakery', 'Property Management', 'Law Offices', 'Auto Repair', 'Fitness Studio', 'Veterinary Clinic', 'Coffee Roasters'];
const STREETS = ['Oak St', 'Maple Ave', 'Pine Rd', 'Cedar Ln', 'Elm Ct', 'Birch Blvd', 'Willow Way', 'Aspen Dr', 'Lakeview Ter', 'Sunset Blvd'];
const CITIES: Array<[string, string, string]> = [
	['Springfield', 'IL', '627'],
	['Riverside', 'CA', '925'],
	['Franklin', 'TN', '370'],
	['Greenville', 'SC', '296'],
	['Madison', 'WI', '537'],
	['Georgetown', 'TX', '786'],
];

function pick<T>(items: readonly T[], id: number, salt: number): T {
	return items[hash32(id, salt) % items.length];
}

function stamp(id: number): { createdOn: string; modifiedOn: string } {
	const created = CREATED_BASE + (hash32(id, 91) % 300) * DAY;
	return { createdOn: new Date(created).toISOString(), modifiedOn: new Date(created + (hash32(id, 92) % 200) * DAY).toISOString() };
}

export interface Address {
	street: string;
	unit: string | null;
	city: string;
	state: string;
	zip: string;
	country: string;
}

function addressOf(id: number): Address {
	const [city, state, zipPrefix] = pick(CITIES, id, 7);
	return {
		street: `${100 + (hash32(id, 5) % 9800)} ${pick(STREETS, id, 6)}`,
		unit: hash32(id, 8) % 9 === 0 ? `Unit ${1 + (hash32(id, 9) % 30)}` : null,
		city,
		state,
		zip: `${zipPrefix}${String(hash32(id, 10) % 100).padStart(2, '0')}`,
		country: 'USA',
	};
}

export interface CustomerRecord {
	id: number;
	name: string;
	type: 'Residential' | 'Commercial';
	active: boolean;
	address: Address;
	balance: number;
	doNotMail: boolean;
	doNotService: boolean;
	createdOn: string;
	modifiedOn: string;
}

export interface LocationRecord {
	id: number;
	customerId: number;
	name: string;
	active: boolean;
	address: Address;
	createdOn: string;
	modifiedOn: string;
}

export interface NamedRecord {
	id: number;
	name: string;
	active: boolean;
	createdOn: string;
	modifiedOn: string;
	[field: string]: unknown;
}

const CUSTOMER_COUNT = REFERENCED.customers.last - REFERENCED.customers.first + 1;
/** Every fifth customer has a second location, numbered two offsets above the customer. */
const SECOND_LOCATION_EVERY = 5;
const SECOND_LOCATIONS = Math.floor(REFERENCED.customers.last / SECOND_LOCATION_EVERY) - Math.floor((REFERENCED.customers.first - 1) / SECOND_LOCATION_EVERY);
const FIRST_SECOND_LOCATION_CUSTOMER = Math.ceil(REFERENCED.customers.first / SECOND_LOCATION_EVERY) * SECOND_LOCATION_EVERY;

function isCustomerId(id: number): boolean {
	return Number.isInteger(id) && id >= REFERENCED.customers.first && id <= REFERENCED.customers.last;
}

export function customer(id: number): CustomerRecord | undefined {
	if (!isCustomerId(id)) return undefined;
	const commercial = id % 6 === 0;
	const last = pick(LAST_NAMES, id, 2);
	return {
		id,
		name: commercial ? `${last} ${pick(BUSINESSES, id, 3)}` : `${pick(FIRST_NAMES, id, 1)} ${last}`,
		type: commercial ? 'Commercial' : 'Residential',
		// A few customers were deactivated (merged); their jobs keep pointing at them.
		active: id % 101 !== 0,
		address: addressOf(id),
		balance: (hash32(id, 11) % 50_000) / 100,
		doNotMail: hash32(id, 12) % 10 === 0,
		doNotService: false,
		...stamp(id),
	};
}

/** The locations of a customer: its main one (id + LOCATION_OFFSET, the one seeded jobs use) and maybe a second. */
export function locationIdsOf(customerId: number): number[] {
	if (!isCustomerId(customerId)) return [];
	const main = customerId + LOCATION_OFFSET;
	return customerId % SECOND_LOCATION_EVERY === 0 ? [main, customerId + 2 * LOCATION_OFFSET] : [main];
}

export function location(id: number): LocationRecord | undefined {
	const second = id > 2 * LOCATION_OFFSET;
	const customerId = id - (second ? 2 * LOCATION_OFFSET : LOCATION_OFFSET);
	if (!isCustomerId(customerId) || (second && customerId % SECOND_LOCATION_EVERY !== 0)) return undefined;
	const owner = customer(customerId) as CustomerRecord;
	return {
		id,
		customerId,
		name: second ? (owner.type === 'Commercial' ? 'Warehouse' : 'Rental Property') : owner.type === 'Commercial' ? 'Main Office' : 'Home',
		active: owner.active,
		address: second ? addressOf(id) : owner.address,
		...stamp(id),
	};
}

export const customers: SlotSource<CustomerRecord> = {
	size: CUSTOMER_COUNT,
	at: (slot) => customer(REFERENCED.customers.first + slot),
};

/** Main locations first (in customer order), then the second ones. */
export const locations: SlotSource<LocationRecord> = {
	size: CUSTOMER_COUNT + SECOND_LOCATIONS,
	at: (slot) =>
		slot < CUSTOMER_COUNT
			? location(REFERENCED.customers.first + slot + LOCATION_OFFSET)
			: location(FIRST_SECOND_LOCATION_CUSTOMER + (slot - CUSTOMER_COUNT) * SECOND_LOCATION_EVERY + 2 * LOCATION_OFFSET),
};

/** A small table as a slot source. */
function table(records: NamedRecord[]): SlotSource<NamedRecord> & { get(id: number): NamedRecord | undefined } {
	return { size: records.length, at: (slot) => records[slot], get: (id) => records.find((record) => record.id === id) };
}

const BUSINESS_UNIT_NAMES: Array<[string, string]> = [
	['HVAC Service', 'HVAC'],
	['HVAC Install', 'HVAC'],
	['Plumbing Service', 'Plumbing'],
	['Electrical Service', 'Electrical'],
	['Commercial Projects', 'Construction'],
];

export const businessUnits = table(
	REFERENCED.businessUnitIds.map((id, index) => {
		const [name, trade] = BUSINESS_UNIT_NAMES[index % BUSINESS_UNIT_NAMES.length];
		return {
			id,
			name,
			officialName: `Comfort Pros ${name}`,
			active: true,
			trade: { id: 900 + index, name: trade },
			division: { id: 950, name: 'Residential & Commercial' },
			...stamp(id),
		};
	}),
);

const CAMPAIGNS: Array<[string, string]> = [
	['Google Ads', 'Paid Search'],
	['Yard Signs', 'Offline'],
	['Customer Referral', 'Referral'],
	['Spring Tune-Up Mailer', 'Direct Mail'],
];

export const campaigns = table(
	REFERENCED.campaignIds.map((id, index) => {
		const [name, category] = CAMPAIGNS[index % CAMPAIGNS.length];
		return { id, name, active: true, category: { id: 300 + index, name: category, active: true }, ...stamp(id) };
	}),
);

function person(id: number, salt: number, extra: Record<string, unknown>): NamedRecord {
	const firstName = pick(FIRST_NAMES, id, salt);
	const lastName = pick(LAST_NAMES, id, salt + 1);
	return { id, name: `${firstName} ${lastName}`, firstName, lastName, active: true, ...extra, ...stamp(id) };
}

export const technicians = table(
	REFERENCED.technicianIds.map((id, index) =>
		person(id, 20, { userId: 70_000 + index, businessUnitId: REFERENCED.businessUnitIds[index % REFERENCED.businessUnitIds.length] }),
	),
);

const ROLES = ['CSR', 'Dispatcher', 'Project Manager', 'Office Manager'];

export const employees = table(
	REFERENCED.employeeIds.map((id, index) =>
		person(id, 40, { userId: 80_000 + index, role: ROLES[index % ROLES.length], email: `employee${index + 1}@example.com` }),
	),
);
