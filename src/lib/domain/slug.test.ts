import { describe, expect, it } from 'vitest';
import { SLUG_MAX, checkSlug } from './slug';

describe('checkSlug', () => {
	it('accepts lowercase words joined by single dashes', () => {
		for (const good of ['dergano', 'chiesa-rossa', 'biblio-point-2', 'x']) {
			expect(checkSlug(good)).toEqual({ ok: true, slug: good });
		}
	});

	it('forgives capitals and surrounding spaces', () => {
		expect(checkSlug('  Quarto-Oggiaro ')).toEqual({ ok: true, slug: 'quarto-oggiaro' });
	});

	it('refuses accents, spaces, underscores, stray dashes and anything path-like', () => {
		for (const bad of [
			'frà-cristoforo',
			'chiesa rossa',
			'chiesa_rossa',
			'-dergano',
			'dergano-',
			'a--b',
			'../etc',
			'a/b',
			"x' or 1=1"
		]) {
			expect(checkSlug(bad)).toEqual({ ok: false, problem: 'invalid' });
		}
	});

	it('refuses an empty slug and one longer than the limit', () => {
		expect(checkSlug('')).toEqual({ ok: false, problem: 'required' });
		expect(checkSlug(null)).toEqual({ ok: false, problem: 'required' });
		expect(checkSlug('a'.repeat(SLUG_MAX))).toMatchObject({ ok: true });
		expect(checkSlug('a'.repeat(SLUG_MAX + 1))).toEqual({ ok: false, problem: 'too-long' });
	});
});
