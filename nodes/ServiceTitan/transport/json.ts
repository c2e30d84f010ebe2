/**
 * JSON without precision loss. ServiceTitan's IDs are int64; a JavaScript number holds integers
 * exactly only up to 2^53. Request bodies are written here (an ID beyond 2^53 goes out as the digits
 * the user typed, as a JSON number), and responses are read here (an integer beyond 2^53 arrives as
 * its exact digits, as text, instead of a silently rounded number).
 */

/** An integer too large for a JavaScript number, written into JSON as its digits. */
export class JsonInteger {
	constructor(readonly digits: string) {}
}

/** JSON text the user wrote (a body the vendor document gives no schema for), sent byte for byte. */
export class RawJson {
	constructor(readonly text: string) {}
}

/** JSON text of a request body; JsonInteger and RawJson are written as they are. */
export function toJsonText(value: unknown): string {
	if (value instanceof RawJson) return value.text;
	if (value instanceof JsonInteger) return value.digits;
	if (Array.isArray(value)) return `[${value.map((entry) => (entry === undefined ? 'null' : toJsonText(entry))).join(',')}]`;
	if (value && typeof value === 'object' && !(value instanceof Date)) {
		const members = Object.entries(value)
			.filter(([, entry]) => entry !== undefined)
			.map(([key, entry]) => `${JSON.stringify(key)}:${toJsonText(entry)}`);
		return `{${members.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

/** A string literal, or a number token: what the reader below tells apart. */
const STRING_OR_NUMBER = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/**
 * Parses JSON; an integer literal a number cannot hold exactly becomes a string of its digits.
 * Throws SyntaxError like JSON.parse.
 */
export function parseJson(text: string): unknown {
	// Fast path: an integer beyond 2^53 has at least 16 digits in a row.
	if (!/\d{16}/.test(text)) return JSON.parse(text);
	const exact = text.replace(STRING_OR_NUMBER, (token) => {
		if (token.startsWith('"') || /[.eE]/.test(token) || Number.isSafeInteger(Number(token))) return token;
		return `"${token}"`;
	});
	return JSON.parse(exact);
}
