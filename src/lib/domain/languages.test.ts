import { describe, expect, it } from 'vitest';
import {
	AUTONYMS,
	LOCALES,
	bilingual,
	isStaffPath,
	isolate,
	localeFor,
	sameAudience
} from './languages';

describe('languages', () => {
	it('names every language in itself', () => {
		expect(Object.keys(AUTONYMS)).toEqual([...LOCALES]);
		expect(AUTONYMS.ar).toBe('العربية');
	});

	it('shows staff pages and the projector screen in Italian or English', () => {
		expect(isStaffPath('/staff')).toBe(true);
		expect(isStaffPath('/staff/proposals/abc')).toBe(true);
		expect(isStaffPath('/screen/w1')).toBe(true);
		expect(isStaffPath('/staffing')).toBe(false);
		expect(isStaffPath('/j/CASA42')).toBe(false);
		expect(isStaffPath('/p/abc')).toBe(false);
		expect(localeFor('es', { pathname: '/staff' })).toBe('en');
		expect(localeFor('zh', { pathname: '/screen/w1' })).toBe('en');
		expect(localeFor('it', { pathname: '/staff' })).toBe('it');
		expect(localeFor('en', { pathname: '/staff' })).toBe('en');
	});

	it('keeps the chosen language on resident and public pages', () => {
		for (const locale of LOCALES) {
			expect(localeFor(locale, { pathname: '/room/w1' })).toBe(locale);
			expect(localeFor(locale, { pathname: '/p/abc' })).toBe(locale);
		}
	});

	it('answers an API call in the language of the page that made it', () => {
		const api = '/api/proposals/abc/transitions';
		expect(
			localeFor('ar', { pathname: api, referer: 'https://piazza.test/staff/proposals/abc' })
		).toBe('en');
		expect(localeFor('ar', { pathname: api, referer: 'https://piazza.test/p/abc' })).toBe('ar');
		expect(localeFor('ar', { pathname: api, referer: null })).toBe('ar');
		expect(localeFor('ar', { pathname: api, referer: 'not a url' })).toBe('ar');
		// Only API calls follow their page: a resident page never borrows a staff page's language.
		expect(localeFor('ar', { pathname: '/p/abc', referer: 'https://piazza.test/staff' })).toBe(
			'ar'
		);
	});

	it('falls back to English, not Italian, for text kept in two languages', () => {
		expect(LOCALES.map(bilingual)).toEqual(['it', 'en', 'en', 'en', 'en']);
	});

	it('tells when a navigation crosses between residents’ and staff pages', () => {
		expect(sameAudience('/j/CASA42', '/room/w1')).toBe(true);
		expect(sameAudience('/staff', '/screen/w1')).toBe(true);
		expect(sameAudience('/p/abc', '/staff/proposals/abc')).toBe(false);
	});
});

describe('isolate', () => {
	it('wraps people’s text in a bidi isolate, and only that', () => {
		expect(isolate('La biblioteca che vorrei')).toBe('\u2068La biblioteca che vorrei\u2069');
		expect([...isolate('')]).toEqual(['\u2068', '\u2069']);
	});
});
