/**
 * Property-based bad input over the whole catalog: every ID, ID list, date and JSON body of every
 * operation (path, query, body, nested in fixed collections) gets
 * generated values, typed or arriving through expressions. Whatever the value:
 * - a failure is a NodeOperationError or a NodeApiError;
 * - no request leaves with an unvalidated path segment, ID or date (the simulator's log is checked
 *   against the operation's template), and bad input sends nothing at all, not even a token request;
 * - a value that is clearly not an ID / a date / JSON of the right shape is refused naming the item;
 * - a valid ID (the whole int64 range) or date is accepted and sent in the API's form, digit for digit.
 * PROPERTY_RUNS scales the number of random values (default 1).
 */
import fc from 'fast-check';
import type { INodeParameters } from 'n8n-workflow';

import type { RecordedRequest } from '../../simulator';
import { runNode } from '../helpers/n8n';
import { useSimulator } from '../helpers/nodeSim';
import type { ValueKind, ValueTarget } from './catalogCases';
import { expressible, parametersFor, requestViolations, VALID_ID, valueTargets } from './catalogCases';

const env = useSimulator({ requestLogLimit: 100_000 });
const SCALE = Math.max(1, Number(process.env.PROPERTY_RUNS ?? 1));
const TARGETS = valueTargets();
const targetsOf = (kind: ValueKind) => TARGETS.filter((target) => target.kind === kind);
const BY_LABEL = new Map(TARGETS.map((target) => [target.label, target]));

type Verdict = 'valid' | 'empty' | 'invalid' | 'unknown';

function isEmpty(value: unknown): boolean {
	if (value === undefined || value === null || value === '') return true;
	if (Array.isArray(value)) return value.length === 0;
	return typeof value === 'object' && Object.keys(value).length === 0;
}

const INT64_MAX = BigInt('9223372036854775807');

/**
 * An ID (int64 in the document): plain digits up to 9223372036854775807, or a number while it is
 * exact (a number beyond 2^53 has already lost digits).
 */
function idVerdict(value: unknown): Verdict {
	if (isEmpty(value)) return 'empty';
	if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? 'valid' : 'invalid';
	if (typeof value === 'string') return /^[1-9]\d*$/.test(value) && BigInt(value) <= INT64_MAX ? 'valid' : 'invalid';
	return 'invalid';
}

/** A list of IDs: an array, comma-separated text, or one ID; blank entries are ignored, every other entry must be an ID. */
function idListVerdict(value: unknown, maxItems: number | undefined): Verdict {
	if (isEmpty(value)) return 'empty';
	const raw = Array.isArray(value) ? value.flatMap((entry) => (typeof entry === 'string' ? entry.split(',') : [entry])) : typeof value === 'string' ? value.split(',') : [value];
	// Blank entries are dropped; anything else (an object, a list) must be an ID.
	const entries = raw.map((entry) => (typeof entry === 'string' ? entry.trim() : entry)).filter((entry) => entry !== '' && entry !== null && entry !== undefined);
	if (entries.length === 0) return 'empty';
	if (entries.some((entry) => idVerdict(entry) !== 'valid')) return 'invalid';
	return maxItems !== undefined && entries.length > maxItems ? 'invalid' : 'valid';
}

const CANONICAL_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A date: ISO 8601 text. Anything not starting like a date is refused; a canonical UTC instant is accepted. */
function dateVerdict(value: unknown): Verdict {
	if (isEmpty(value)) return 'empty';
	if (typeof value !== 'string') return 'invalid';
	if (CANONICAL_DATE.test(value) && new Date(value).toISOString() === value) return 'valid';
	return /^\s*\d{4}-\d{2}-\d{2}/.test(value) ? 'unknown' : 'invalid';
}

function jsonVerdict(value: unknown, shape: 'array' | 'object'): Verdict {
	if (isEmpty(value)) return 'empty';
	let parsed = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch {
			return 'invalid';
		}
	}
	const isArray = Array.isArray(parsed);
	const matches = shape === 'array' ? isArray : parsed !== null && typeof parsed === 'object' && !isArray;
	return matches ? 'unknown' : 'invalid';
}

function verdictOf(target: ValueTarget, given: unknown): Verdict {
	const leaf = target.chain[target.chain.length - 1];
	const value = given;
	switch (target.kind) {
		case 'id':
			return idVerdict(value);
		case 'idList':
			return idListVerdict(value, leaf.maxItems);
		case 'dateTime':
			return dateVerdict(value);
		case 'jsonBody':
			return jsonVerdict(value, target.operation.body?.kind === 'json' ? target.operation.body.shape : 'object');
	}
}

/** Everything the simulator received after `marker` (the last entry before the run). */
function receivedSince(marker: RecordedRequest | undefined): RecordedRequest[] {
	const log = env.sim.requestLog;
	return marker === undefined ? [...log] : log.slice(log.lastIndexOf(marker) + 1);
}

/** No pacing between the many short runs; the pacing itself is not what is tested here. */
function unpaced(parameters: INodeParameters): INodeParameters {
	return { ...parameters, options: { ...((parameters.options as INodeParameters | undefined) ?? {}), requestsPerSecond: 100_000 } };
}

async function check(target: ValueTarget, value: unknown): Promise<void> {
	const marker = env.sim.requestLog[env.sim.requestLog.length - 1];
	const result = await runNode({ parameters: unpaced(parametersFor(target, { value })) });
	const received = receivedSince(marker);
	const api = received.filter((request) => !request.path.startsWith('/connect/'));
	const verdict = verdictOf(target, value);
	const context = { target: target.label, value, verdict, error: result.error?.message, requests: api.map((request) => `${request.method} ${request.path}?${request.rawQuery}`) };

	if (result.error) expect({ ...context, name: result.error.name }).toEqual({ ...context, name: expect.stringMatching(/^Node(Operation|Api)Error$/) });
	for (const request of api) {
		expect({ ...context, violations: requestViolations(target.operation, env.sim.tenant.tenantId, request) }).toEqual({ ...context, violations: [] });
	}
	if (result.error?.name === 'NodeOperationError') expect({ ...context, received: received.length }).toEqual({ ...context, received: 0 });
	if (verdict === 'invalid') {
		expect({ ...context, name: result.error?.name, received: received.length }).toEqual({ ...context, name: 'NodeOperationError', received: 0 });
		expect(result.error?.message).toContain('[item 0]');
	}
	if (verdict === 'valid') {
		expect({ ...context, name: result.error?.name }).not.toEqual({ ...context, name: 'NodeOperationError' });
		if (target.kind === 'dateTime') {
			const sent = api.map((request) => `${decodeURIComponent(request.rawQuery)} ${JSON.stringify(request.body)}`).join(' ');
			expect({ ...context, sent }).toEqual({ ...context, sent: expect.stringContaining(new Date(value as string).toISOString()) });
		}
	}
}

// Generated values ------------------------------------------------------------------------------

const NASTY_IDS = [
	'12/../34', '1e3', ' 7', '7 ', '-1', '0', '007', '1.5', '%2F', '..', '/', '1/2', 'abc', ' ', '99999999999999999999',
	'9007199254740993', '١٢٣', '１２', '12\n', '0x1F', '+5', '5#', '5?x=1', '5&y=2', 'NaN', 'Infinity', '1,2', '=1',
];
const NASTY_DATES = [
	'2026-02-30', '2026-13-01', 'tomorrow', '1e3', '2026-01-01T24:00:00', '2026-01-01T00:00:00+25:00', '2026-1-1',
	'01/02/2026', ' ', '2026-01-01T00:00:00Z/../x', '2026-01-01T00:00:00Z&x=1', '0050-01-01', '2026-02-29', '=2026-01-01',
];
const NASTY_JSON = ['', '{', '[', '[1,', '{"a":}', 'null', 'true', '42', '"text"', '{}', '[{}]', '[[]]', '[null]', 'NaN', "{'a':1}"];

const anyValue = fc.oneof(
	fc.string(),
	fc.string({ unit: 'binary', maxLength: 12 }),
	fc.double(),
	fc.integer(),
	fc.boolean(),
	fc.constant(null),
	fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.integer()), { maxLength: 4 }),
	fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), { maxKeys: 3, noNullPrototype: true }),
);
const validId = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });
const idValue = fc.oneof(
	fc.constantFrom(...NASTY_IDS),
	validId,
	validId.map(String),
	fc.integer({ max: 0 }),
	fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, 2 ** 53, 1e21, 1.5),
	anyValue,
);
const idListValue = fc.oneof(idValue, fc.array(idValue, { maxLength: 5 }), fc.array(idValue, { maxLength: 5 }).map((entries) => entries.join(',')));
const validDate = fc
	.date({ min: new Date('0000-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true })
	.map((date) => date.toISOString());
const dateValue = fc.oneof(fc.constantFrom(...NASTY_DATES), validDate, anyValue);
const jsonValue = fc.oneof(
	fc.constantFrom(...NASTY_JSON),
	fc.string(),
	fc.json(),
	fc.array(fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3, noNullPrototype: true }), { maxLength: 3 }).map((value) => JSON.stringify(value)),
	fc.jsonValue({ maxDepth: 2 }),
);

const ARBITRARIES: Record<ValueKind, fc.Arbitrary<unknown>> = { id: idValue, idList: idListValue, dateTime: dateValue, jsonBody: jsonValue };
/** A few values every target gets, so each one is covered whatever the random draw. */
const FIXED: Record<ValueKind, unknown[]> = {
	id: ['12/../34', ' 7', 1.5, String(VALID_ID)],
	idList: [['5', '6/7'], '1e3', [VALID_ID]],
	dateTime: ['2026-02-30', 'tomorrow', 1_700_000_000_000, '2030-03-04T05:06:07.000Z'],
	jsonBody: ['{', '{"not":"a list"}', '[]'],
};
const RANDOM_RUNS: Record<ValueKind, number> = { id: 150, idList: 80, dateTime: 120, jsonBody: 40 };

it('covers every ID, date and JSON value of the catalog', () => {
	const counts = Object.fromEntries((['id', 'idList', 'dateTime', 'jsonBody'] as const).map((kind) => [kind, targetsOf(kind).length]));
	// A shrinking count means the catalog walk lost some values (e.g. a new nesting it does not follow).
	expect(counts.id).toBeGreaterThanOrEqual(100);
	expect(counts.idList).toBeGreaterThanOrEqual(35);
	expect(counts.dateTime).toBeGreaterThanOrEqual(70);
	expect(counts.jsonBody).toBe(2);
	expect(new Set(TARGETS.map((target) => target.operation.operationId)).size).toBeGreaterThanOrEqual(60);
});

describe.each(['id', 'idList', 'dateTime', 'jsonBody'] as const)('%s values', (kind) => {
	it('fixed bad and good values at every place such a value goes', async () => {
		for (const target of targetsOf(kind)) {
			for (const value of FIXED[kind]) await check(target, value);
		}
	});

	it('generated values at random places', async () => {
		await fc.assert(
			fc.asyncProperty(fc.constantFrom(...targetsOf(kind).map((target) => target.label)), ARBITRARIES[kind].filter(expressible), async (label, value) => {
				await check(BY_LABEL.get(label) as ValueTarget, value);
			}),
			{ numRuns: RANDOM_RUNS[kind] * SCALE },
		);
	});
});
