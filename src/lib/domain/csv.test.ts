import { describe, expect, it } from 'vitest';
import { cell, decimal, neutralise, row } from './csv';

describe('neutralise', () => {
	it.each(['=1+1', '+39 02 123', '-2', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://x")'])(
		'turns %j into text a spreadsheet will not run',
		(text) => {
			expect(neutralise(text)).toBe(`'${text}`);
		}
	);

	it('leaves ordinary text as it is, accents included', () => {
		expect(neutralise('Perché non aprire la domenica?')).toBe('Perché non aprire la domenica?');
		expect(neutralise('a=b')).toBe('a=b');
	});
});

describe('cell and row', () => {
	it('quotes delimiters, quotes and line breaks, and doubles quotes', () => {
		expect(cell('a;b', ';')).toBe('"a;b"');
		expect(cell('a;b', ',')).toBe('a;b');
		expect(cell('dice "sì"', ',')).toBe('"dice ""sì"""');
		expect(cell('riga\nnuova', ',')).toBe('"riga\nnuova"');
	});

	it('neutralises before quoting, and writes numbers and empties plainly', () => {
		expect(cell('=1;2', ';')).toBe(`"'=1;2"`);
		expect(cell(-3, ';')).toBe('-3');
		expect(cell(null, ';')).toBe('');
		expect(row(['x', 1, undefined], ';')).toBe('x;1;\r\n');
	});

	it('writes decimals the way each delimiter’s spreadsheets read them', () => {
		expect(decimal(62.54, ';')).toBe('62,5');
		expect(decimal(62.5, ',')).toBe('62.5');
	});
});
