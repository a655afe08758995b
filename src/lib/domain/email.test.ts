import { describe, expect, it } from 'vitest';
import { emailForAudit, isPlausibleEmail, normaliseEmail, NOT_AN_EMAIL } from './email';

describe('normaliseEmail', () => {
	it('trims, composes accents and lower-cases', () => {
		expect(normaliseEmail('  Ada.Lovelace@Example.ORG ')).toBe('ada.lovelace@example.org');
		expect(normaliseEmail('Nicolo\u0300@example.it')).toBe('nicolò@example.it');
	});
});

describe('isPlausibleEmail', () => {
	it('accepts ordinary addresses, international ones included', () => {
		for (const email of [
			'ada@example.org',
			'giulia.ferri+piazza@comune.milano.it',
			'nicolò@esempio.it',
			'a@b.it'
		]) {
			expect(isPlausibleEmail(email), email).toBe(true);
		}
	});

	it('refuses what is not shaped like an address', () => {
		for (const email of ['', 'ada', 'ada@', '@example.org', 'ada@example', 'a@@b.it', 'a@b.c']) {
			expect(isPlausibleEmail(email), email).toBe(false);
		}
	});

	it('refuses control characters, NUL first of all, anywhere in the address', () => {
		for (const email of [
			'a\u0000@b.it',
			'ada@example.org\u0000',
			'\u0000ada@example.org',
			'ada@exa\u0007mple.org',
			'ada\u001b[31m@example.org',
			'ada@example.org\u007f',
			'ada\u0085@example.org'
		]) {
			expect(isPlausibleEmail(email), JSON.stringify(email)).toBe(false);
		}
	});

	it('refuses whitespace of every kind', () => {
		for (const email of [
			'ada lovelace@example.org',
			'ada@example.org\n',
			'ada\t@example.org',
			'ada@exa\rmple.org',
			'ada\u00a0@example.org',
			'ada\u2028@example.org',
			'ada\u3000@example.org'
		]) {
			expect(isPlausibleEmail(email), JSON.stringify(email)).toBe(false);
		}
	});

	it('refuses invisible and text-reordering characters, and broken UTF-16', () => {
		for (const email of [
			'ada\u200b@example.org',
			'\u202eada@example.org',
			'ada@example\u2066.org',
			'ada\ufeff@example.org',
			'ada\ud800@example.org'
		]) {
			expect(isPlausibleEmail(email), JSON.stringify(email)).toBe(false);
		}
	});

	it('refuses addresses longer than 254 characters', () => {
		const long = `${'a'.repeat(64)}@${'b'.repeat(180)}.example.org`;
		expect(long.length).toBeGreaterThan(254);
		expect(isPlausibleEmail(long)).toBe(false);
	});
});

describe('emailForAudit', () => {
	it('keeps an address as typed, even one that names no account', () => {
		expect(emailForAudit('nessuno@example.org')).toBe('nessuno@example.org');
	});

	it('records a marker, never the text, for what cannot be an address (a password, say)', () => {
		for (const typed of [
			'Piazza-Segreta-2026!',
			'correct horse battery staple',
			'',
			'a\u0000@b.it'
		]) {
			expect(emailForAudit(typed), JSON.stringify(typed)).toBe(NOT_AN_EMAIL);
		}
	});

	it('uses a marker no plausible address can equal', () => {
		expect(isPlausibleEmail(NOT_AN_EMAIL)).toBe(false);
	});
});
