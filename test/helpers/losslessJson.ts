/**
 * A JSON reader for checking what went over the wire: every number comes back as the text it was
 * written with (`{ $number: "9223372036854775807" }`), so a test sees exactly the digits the node
 * sent, whatever a JavaScript number could hold. Test-only and deliberately simple (a recursive
 * descent over the grammar); throws on anything that is not JSON.
 */
export interface NumberText {
	$number: string;
}

export function isNumberText(value: unknown): value is NumberText {
	return !!value && typeof value === 'object' && typeof (value as NumberText).$number === 'string' && Object.keys(value).length === 1;
}

export function readJsonExactly(text: string): unknown {
	let at = 0;
	const fail = (what: string): never => {
		throw new SyntaxError(`${what} at ${at} in ${JSON.stringify(text.slice(Math.max(0, at - 20), at + 20))}`);
	};
	const space = () => {
		while (at < text.length && ' \t\n\r'.includes(text[at])) at++;
	};
	const value = (): unknown => {
		space();
		const char = text[at];
		if (char === '{') {
			at++;
			const object: Record<string, unknown> = {};
			space();
			if (text[at] === '}') return at++, object;
			for (;;) {
				space();
				const key = string();
				space();
				if (text[at++] !== ':') fail('expected :');
				object[key] = value();
				space();
				const next = text[at++];
				if (next === '}') return object;
				if (next !== ',') fail('expected , or }');
			}
		}
		if (char === '[') {
			at++;
			const array: unknown[] = [];
			space();
			if (text[at] === ']') return at++, array;
			for (;;) {
				array.push(value());
				space();
				const next = text[at++];
				if (next === ']') return array;
				if (next !== ',') fail('expected , or ]');
			}
		}
		if (char === '"') return string();
		for (const [literal, result] of [['true', true], ['false', false], ['null', null]] as const) {
			if (text.startsWith(literal, at)) return (at += literal.length), result;
		}
		const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at));
		if (!number) return fail('unexpected character');
		at += number[0].length;
		return { $number: number[0] } satisfies NumberText;
	};
	const string = (): string => {
		if (text[at] !== '"') fail('expected a string');
		let end = at + 1;
		while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
		const literal = text.slice(at, end + 1);
		at = end + 1;
		return JSON.parse(literal) as string;
	};
	const result = value();
	space();
	if (at !== text.length) fail('trailing text');
	return result;
}
