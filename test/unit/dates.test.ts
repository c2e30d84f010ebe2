import { toUtcIso } from '../../nodes/ServiceTitan/engine/dates';

describe('dates for ServiceTitan (UTC)', () => {
	it('keeps instants with an offset', () => {
		expect(toUtcIso('2026-01-31T14:00:00Z', 'America/New_York')).toBe('2026-01-31T14:00:00.000Z');
		expect(toUtcIso('2026-01-31T14:00:00.5+02:00', 'UTC')).toBe('2026-01-31T12:00:00.500Z');
		expect(toUtcIso('2026-01-31T14:00:00-0530', 'UTC')).toBe('2026-01-31T19:30:00.000Z');
	});

	it("reads values without an offset in the workflow's time zone", () => {
		expect(toUtcIso('2026-01-31T09:00:00', 'America/New_York')).toBe('2026-01-31T14:00:00.000Z');
		expect(toUtcIso('2026-07-01T09:00', 'America/New_York')).toBe('2026-07-01T13:00:00.000Z');
		expect(toUtcIso('2026-01-31', 'Europe/Berlin')).toBe('2026-01-30T23:00:00.000Z');
		expect(toUtcIso('2026-01-31 09:00:00', 'UTC')).toBe('2026-01-31T09:00:00.000Z');
	});

	it('accepts Date objects and Luxon-like values', () => {
		expect(toUtcIso(new Date(Date.UTC(2026, 0, 1)), 'UTC')).toBe('2026-01-01T00:00:00.000Z');
		expect(toUtcIso({ toISO: () => '2026-01-01T01:00:00.000+01:00' }, 'UTC')).toBe('2026-01-01T00:00:00.000Z');
	});

	it('rejects impossible and malformed dates instead of rolling them over', () => {
		for (const bad of ['2026-02-30', '2026-02-30T00:00:00Z', '2026-13-01', '2026-01-01T24:00:00', 'tomorrow', '', '1e3', '2026-01-01T00:00:00+25:00']) {
			expect(toUtcIso(bad, 'UTC')).toBeUndefined();
		}
		expect(toUtcIso(new Date(NaN), 'UTC')).toBeUndefined();
		expect(toUtcIso(42, 'UTC')).toBeUndefined();
	});

	it('keeps years before 100 (Date.UTC would move them to the 1900s)', () => {
		expect(toUtcIso('0099-12-31T23:59:59.999Z', 'UTC')).toBe('0099-12-31T23:59:59.999Z');
		expect(toUtcIso('0024-02-29', 'UTC')).toBe('0024-02-29T00:00:00.000Z');
		expect(toUtcIso('0023-02-29', 'UTC')).toBeUndefined();
		// Local times of such years are read in the zone too (Berlin then kept its local mean time, UTC+0:53:28).
		expect(toUtcIso('0050-06-01T12:00:00', 'Europe/Berlin')).toMatch(/^0050-06-01T11:0[67]:/);
	});

	it('falls back to UTC for an unknown time zone', () => {
		expect(toUtcIso('2026-01-31T09:00:00', 'Not/AZone')).toBe('2026-01-31T09:00:00.000Z');
	});
});
