import { describe, expect, it } from 'vitest';
import { checkNickname } from './nickname';

describe('checkNickname', () => {
	it('accepts an ordinary nickname, trimmed and with inner spaces collapsed', () => {
		expect(checkNickname('  Maria   di Dergano ')).toEqual({
			ok: true,
			nickname: 'Maria di Dergano'
		});
	});

	it('accepts accents, Arabic, Chinese and emoji, normalised to NFC', () => {
		expect(checkNickname('Nicolo\u0300')).toEqual({ ok: true, nickname: 'Nicolò' });
		expect(checkNickname('سارة')).toMatchObject({ ok: true });
		expect(checkNickname('小明')).toMatchObject({ ok: true });
		expect(checkNickname('Luca 👩🏽‍🦱')).toMatchObject({ ok: true });
	});

	it('refuses an empty, blank or missing nickname', () => {
		for (const blank of ['', '   ', '\u3000', undefined, null]) {
			expect(checkNickname(blank)).toMatchObject({ ok: false, problem: 'empty' });
		}
	});

	it('refuses a nickname that is not text: a number, a list, an object, a boolean', () => {
		for (const notText of [42, ['x'], { first: 'Maria' }, true]) {
			expect(checkNickname(notText)).toEqual({ ok: false, problem: 'not-text' });
		}
	});

	it('allows 40 characters and refuses 41, counting an emoji as one', () => {
		expect(checkNickname('a'.repeat(40))).toMatchObject({ ok: true });
		expect(checkNickname('a'.repeat(41))).toMatchObject({ ok: false, problem: 'too-long' });
		expect(checkNickname('👍🏽'.repeat(40))).toMatchObject({ ok: true });
		expect(checkNickname('x'.repeat(10_000))).toMatchObject({ ok: false, problem: 'too-long' });
	});

	it('refuses control, bidi-override and invisible characters', () => {
		for (const evil of [
			'Ann\u0000a',
			'line\nbreak',
			'tab\there',
			'\u202EroticaF',
			'Ana\u2066x\u2069',
			'zero\u200Bwidth',
			'\uFEFFbom',
			'esc\u001b[31m'
		]) {
			expect(checkNickname(evil)).toMatchObject({ ok: false, problem: 'forbidden-characters' });
		}
	});

	it('keeps HTML as plain text (escaping is the renderer’s job)', () => {
		expect(checkNickname('<img src=x onerror=alert(1)>')).toMatchObject({ ok: true });
	});
});
