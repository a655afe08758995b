/**
 * CSV for spreadsheets (RFC 4180 quoting), safe to open: a cell a spreadsheet would run as a
 * formula (= + - @, or a leading tab or carriage return, OWASP "CSV injection") is prefixed with a
 * single quote, which spreadsheets show as text. Only text cells are neutralised: numbers are
 * written by the exporter itself and never come from a person.
 */

/** Excel and LibreOffice read UTF-8 (accents, "perché") only when the file starts with it. */
export const BOM = '\uFEFF';

/**
 * Italian spreadsheets split columns on ";" (the comma is their decimal separator); English ones
 * on ",". The file follows the reader's language unless asked otherwise.
 */
export type Delimiter = ',' | ';';

const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralise(text: string): string {
	return FORMULA_START.test(text) ? `'${text}` : text;
}

export type Cell = string | number | null | undefined;

export function cell(value: Cell, delimiter: Delimiter): string {
	if (value === null || value === undefined) return '';
	const text = typeof value === 'number' ? String(value) : neutralise(value);
	return text.includes('"') || text.includes(delimiter) || /[\r\n]/.test(text)
		? `"${text.replace(/"/g, '""')}"`
		: text;
}

/** One record, CRLF-terminated as RFC 4180 says (every spreadsheet reads it). */
export function row(values: readonly Cell[], delimiter: Delimiter): string {
	return values.map((v) => cell(v, delimiter)).join(delimiter) + '\r\n';
}

/** A decimal in the reader's convention: "62,5" with ";" files, "62.5" with "," files. */
export function decimal(value: number, delimiter: Delimiter, digits = 1): string {
	const fixed = value.toFixed(digits);
	return delimiter === ';' ? fixed.replace('.', ',') : fixed;
}
