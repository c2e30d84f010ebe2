/** A value shown in text (labels, keys): empty for nothing, else as String() writes it. */
export function textOf(value: unknown): string {
	return value === undefined || value === null ? '' : String(value);
}

/**
 * The entries of an ID list: an array (whose text entries may themselves be comma-separated, as
 * expressions produce) or comma-separated text; entries trimmed, blanks dropped. IDs hold no comma;
 * lists of free text never go through here.
 */
export function commaSeparatedEntries(value: unknown): unknown[] {
	const pieces = Array.isArray(value)
		? value.flatMap((entry) => (typeof entry === 'string' ? entry.split(',') : [entry]))
		: typeof value === 'string'
			? value.split(',')
			: [value];
	return pieces.map((entry) => (typeof entry === 'string' ? entry.trim() : entry)).filter((entry) => entry !== '' && entry !== null && entry !== undefined);
}
