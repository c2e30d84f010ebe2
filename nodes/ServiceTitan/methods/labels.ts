import type { IDataObject } from 'n8n-workflow';

import type { LookupName } from '../catalog/lookups';

/** Labels stay short enough for n8n's list width; a summary is cut at this many characters. */
const SUMMARY_CHARACTERS = 40;

function text(value: unknown): string {
	return value === undefined || value === null ? '' : String(value).trim();
}

/** "<p>AC not cooling</p>" → "AC not cooling", cut with an ellipsis. */
function shortText(value: unknown, max = SUMMARY_CHARACTERS): string {
	const plain = text(value)
		.replace(/<[^>]*>/g, ' ')
		.replace(/&nbsp;/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	return plain.length > max ? `${plain.slice(0, max - 1).trimEnd()}…` : plain;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** "2026-12-05T09:00:00Z" → "Sat, Dec 5, 2026, 09:00" in the workflow's time zone. */
function readableTime(value: unknown, timeZone: string): string {
	const date = new Date(text(value));
	if (text(value) === '' || Number.isNaN(date.getTime())) return '';
	let formatter = formatters.get(timeZone);
	if (!formatter) {
		try {
			formatter = new Intl.DateTimeFormat('en-US', {
				timeZone,
				weekday: 'short',
				month: 'short',
				day: 'numeric',
				year: 'numeric',
				hour: '2-digit',
				minute: '2-digit',
				hourCycle: 'h23',
			});
		} catch {
			return readableTime(value, 'UTC');
		}
		formatters.set(timeZone, formatter);
	}
	return formatter.format(date);
}

/** The street line only: with the city the label no longer fits the field once chosen. */
function address(record: IDataObject): string {
	const place = (record.address ?? {}) as IDataObject;
	return text(place.street) || text(place.city);
}

function joined(...parts: string[]): string {
	return parts.filter((part) => part !== '').join(' · ');
}

/** What a user sees for a record in a list: words and dates, never internal values only. */
export function lookupLabel(name: LookupName, record: IDataObject, timeZone: string): string {
	const named = text(record.name);
	switch (name) {
		case 'job':
			return joined(`Job ${text(record.jobNumber ?? record.id)}`, text(record.jobStatus), shortText(record.summary));
		case 'appointment':
			return joined(`Appointment ${text(record.appointmentNumber ?? record.id)}`, readableTime(record.start, timeZone), text(record.status));
		case 'project':
			return joined(named || `Project ${text(record.number ?? record.id)}`, named ? `#${text(record.number ?? record.id)}` : '', text(record.status));
		case 'customer':
		case 'location':
			return joined(named || `#${text(record.id)}`, address(record));
		default:
			return named || `#${text(record.id)}`;
	}
}
