/**
 * Dates for ServiceTitan, which reads every date-time as UTC. A value with an offset ("…Z",
 * "+02:00") is an instant; one without (what n8n's date picker produces) is read in the workflow's
 * time zone, as the user saw it. No date library: n8n-workflow's peers are not ours to depend on.
 */

// Date, optional time, optional offset: 2026-01-31, 2026-01-31T14:00, 2026-01-31T14:00:00.5+02:00.
const ISO_DATE_TIME =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Date.UTC, except that years 0–99 stay themselves (Date.UTC reads them as 1900–1999). */
function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, millis = 0): number {
	const date = new Date(Date.UTC(2000, month, day, hour, minute, second, millis));
	date.setUTCFullYear(year, month, day);
	return date.getTime();
}

function formatterFor(timeZone: string): Intl.DateTimeFormat {
	let formatter = formatters.get(timeZone);
	if (!formatter) {
		formatter = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
		});
		formatters.set(timeZone, formatter);
	}
	return formatter;
}

/** Milliseconds the zone is ahead of UTC at that instant. */
function zoneOffsetMs(timeZone: string, epochMs: number): number {
	const parts: Record<string, number> = {};
	for (const part of formatterFor(timeZone).formatToParts(new Date(epochMs))) {
		if (part.type !== 'literal') parts[part.type] = Number(part.value);
	}
	const asUtc = utcMs(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
	return asUtc - Math.floor(epochMs / 1000) * 1000;
}

function isValidZone(timeZone: string): boolean {
	try {
		formatterFor(timeZone);
		return true;
	} catch {
		return false;
	}
}

function offsetMs(offset: string): number {
	if (offset.toUpperCase() === 'Z') return 0;
	const sign = offset.startsWith('-') ? -1 : 1;
	const digits = offset.slice(1).replace(':', '');
	return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
}

function toEpochMs(match: RegExpExecArray, timeZone: string): number | undefined {
	const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0));
	const millis = Number(((match[7] ?? '') + '000').slice(0, 3));
	const wallClock = utcMs(year, month - 1, day, hour, minute, second, millis);
	const check = new Date(wallClock);
	// Dates roll 2026-02-30 over to March: reject instead of guessing.
	if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
		return undefined;
	}
	const offset = match[8];
	if (offset !== undefined) {
		const offsetMinutes = Math.abs(offsetMs(offset)) / 60_000;
		return offsetMinutes > 18 * 60 ? undefined : wallClock - offsetMs(offset);
	}
	const zone = isValidZone(timeZone) ? timeZone : 'UTC';
	const firstGuess = wallClock - zoneOffsetMs(zone, wallClock);
	// Re-read the offset at the guessed instant so times next to a DST change land right.
	return wallClock - zoneOffsetMs(zone, firstGuess);
}

/** UTC ISO 8601 (`2026-01-31T14:00:00.000Z`), or undefined when the value is not a date. */
export function toUtcIso(value: unknown, timeZone: string): string | undefined {
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
	if (value && typeof value === 'object' && typeof (value as { toISO?: unknown }).toISO === 'function') {
		// A Luxon DateTime from an expression such as {{ $now }}.
		return toUtcIso((value as { toISO: () => string }).toISO(), timeZone);
	}
	if (typeof value !== 'string') return undefined;
	const match = ISO_DATE_TIME.exec(value.trim());
	if (!match) return undefined;
	const instant = toEpochMs(match, timeZone);
	return instant === undefined ? undefined : new Date(instant).toISOString();
}
