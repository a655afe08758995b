import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { JOIN_CODE_ALPHABET, generateJoinCode, normaliseJoinCode } from './join-code';

describe('join codes', () => {
	it('uses an alphabet without look-alike characters, at least 30 symbols', () => {
		for (const c of '0O1IL') expect(JOIN_CODE_ALPHABET).not.toContain(c);
		expect(new Set(JOIN_CODE_ALPHABET).size).toBe(JOIN_CODE_ALPHABET.length);
		expect(JOIN_CODE_ALPHABET.length).toBeGreaterThanOrEqual(30);
	});

	it('generates 6-character codes that normalise to themselves', () => {
		for (let i = 0; i < 200; i++) {
			const code = generateJoinCode(randomInt);
			expect(code).toMatch(/^[A-Z2-9]{6}$/);
			expect(normaliseJoinCode(code)).toBe(code);
		}
	});

	it('reads codes case-insensitively, ignoring spaces and dashes', () => {
		expect(normaliseJoinCode('casa42')).toBe('CASA42');
		expect(normaliseJoinCode(' Cas-A 42 ')).toBe('CASA42');
		expect(normaliseJoinCode('ｃａｓａ４２')).toBe('CASA42');
	});

	it('refuses what cannot be a code', () => {
		for (const bad of ['', 'CASA4', 'CASA421', 'CASA0O', 'CASA1I', "' OR 1=1", 'CASA4\u0000']) {
			expect(normaliseJoinCode(bad)).toBeNull();
		}
	});
});
