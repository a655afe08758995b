import { describe, expect, it } from 'vitest';
import { checkLine, checkParagraphs, graphemeLength } from './text';

describe('checkLine', () => {
	it('trims and collapses spaces, and normalises to NFC', () => {
		expect(checkLine('  La biblioteca   che vorrei ', { max: 120 })).toEqual({
			ok: true,
			value: 'La biblioteca che vorrei'
		});
		expect(checkLine('Citta\u0300', { max: 120 })).toEqual({ ok: true, value: 'Città' });
	});

	it('refuses an empty value only when the field is required', () => {
		expect(checkLine('   ', { max: 10, required: true })).toEqual({
			ok: false,
			problem: 'required'
		});
		expect(checkLine(undefined, { max: 10, required: true })).toEqual({
			ok: false,
			problem: 'required'
		});
		expect(checkLine('', { max: 10 })).toEqual({ ok: true, value: '' });
	});

	it('accepts exactly the maximum and refuses one more', () => {
		expect(checkLine('a'.repeat(120), { max: 120 })).toMatchObject({ ok: true });
		expect(checkLine('a'.repeat(121), { max: 120 })).toEqual({ ok: false, problem: 'too-long' });
	});

	it('counts what a person sees as characters when asked to: 50 thumbs up are 50, not 100', () => {
		expect(checkLine('👍'.repeat(50), { max: 80, unit: 'graphemes' })).toEqual({
			ok: true,
			value: '👍'.repeat(50)
		});
		expect(checkLine('👍🏽'.repeat(80), { max: 80, unit: 'graphemes' })).toMatchObject({ ok: true });
		expect(checkLine('👍'.repeat(81), { max: 80, unit: 'graphemes' })).toEqual({
			ok: false,
			problem: 'too-long'
		});
		// By default the count is a browser's maxlength count, in UTF-16 units.
		expect(checkLine('👍'.repeat(50), { max: 80 })).toEqual({ ok: false, problem: 'too-long' });
	});

	it('refuses line breaks, controls and text-reordering characters', () => {
		for (const evil of ['a\nb', 'a\u0000b', '\u202Eevil', 'zero\u200Bwidth', 'esc\u001b[31m']) {
			expect(checkLine(evil, { max: 120 })).toEqual({ ok: false, problem: 'forbidden-characters' });
		}
	});

	it('keeps HTML as text: showing it safely is the page’s job', () => {
		expect(checkLine('<script>alert(1)</script>', { max: 120 })).toEqual({
			ok: true,
			value: '<script>alert(1)</script>'
		});
	});
});

describe('checkParagraphs', () => {
	it('keeps line breaks and counts a CRLF from a browser as one character', () => {
		expect(checkParagraphs('Prima riga\r\nSeconda riga', { max: 100 })).toEqual({
			ok: true,
			value: 'Prima riga\nSeconda riga'
		});
		expect(checkParagraphs('ab\r\ncd', { max: 5 })).toMatchObject({ ok: true });
	});

	it('squeezes long runs of empty lines to one empty line', () => {
		expect(checkParagraphs('a\n\n\n\n\nb', { max: 100 })).toEqual({ ok: true, value: 'a\n\nb' });
	});

	it('refuses controls other than line breaks, and reordering characters', () => {
		expect(checkParagraphs('a\u0007b', { max: 100 })).toMatchObject({
			ok: false,
			problem: 'forbidden-characters'
		});
		expect(checkParagraphs('a\u2066b', { max: 100 })).toMatchObject({
			ok: false,
			problem: 'forbidden-characters'
		});
	});

	it('refuses a text longer than the limit', () => {
		expect(checkParagraphs('x'.repeat(2001), { max: 2000 })).toEqual({
			ok: false,
			problem: 'too-long'
		});
	});
});

describe('graphemeLength', () => {
	it('counts an emoji with a skin tone, a flag and a letter with a combining accent once each', () => {
		expect(graphemeLength('👍🏽🇮🇹e\u0301')).toBe(3);
		expect(graphemeLength('')).toBe(0);
	});
});
