import { JsonInteger, parseJson, RawJson, toJsonText } from '../../nodes/ServiceTitan/transport/json';

describe('JSON without precision loss', () => {
	it('reads an integer a number cannot hold as its exact digits; everything else as JSON.parse does', () => {
		const text = '{"a": 9223372036854775807, "b": "x 9223372036854775807 \\" y", "c": 0.30000000000000004, "d": -9007199254740993, "e": 12, "f": 1e300, "g": [9007199254740993, 9007199254740991]}';
		expect(parseJson(text)).toEqual({ a: '9223372036854775807', b: 'x 9223372036854775807 " y', c: 0.30000000000000004, d: '-9007199254740993', e: 12, f: 1e300, g: ['9007199254740993', 9007199254740991] });
	});

	it('refuses what is not JSON, like JSON.parse', () => {
		expect(() => parseJson('{"a": 12345678901234567,}')).toThrow(SyntaxError);
		expect(() => parseJson('{"a": 1,}')).toThrow(SyntaxError);
	});

	it('writes int64 digits as a JSON number and raw JSON as written', () => {
		const body = { a: new JsonInteger('9223372036854775807'), b: [1, 'x', undefined], c: undefined, d: null, e: new RawJson('[ 1 ]'), f: 'quote " and \\ backslash' };
		expect(toJsonText(body)).toBe('{"a":9223372036854775807,"b":[1,"x",null],"d":null,"e":[ 1 ],"f":"quote \\" and \\\\ backslash"}');
	});
});
