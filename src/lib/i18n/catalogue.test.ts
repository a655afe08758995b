import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BILINGUAL_LOCALES, LOCALES } from '$lib/domain/languages';
import { RESIDENT_CATALOGUES, compare, inputs, type Catalogue } from './catalogue';

const settings = JSON.parse(fs.readFileSync('project.inlang/settings.json', 'utf8')) as {
	baseLocale: string;
	locales: string[];
	'plugin.inlang.messageFormat': { pathPattern: string[] };
};
const catalogueNames = settings['plugin.inlang.messageFormat'].pathPattern.map((pattern) =>
	path.basename(pattern, '.json')
);

function read(locale: string, name: string): Catalogue | null {
	const file = path.join('messages', locale, `${name}.json`);
	return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Catalogue) : null;
}

/** Which locales must translate a catalogue: all of them for residents' ones, else it and en. */
function requiredLocales(name: string): readonly string[] {
	return (RESIDENT_CATALOGUES as readonly string[]).includes(name) ? LOCALES : BILINGUAL_LOCALES;
}

describe('the message catalogues', () => {
	it('list the same languages as the code, with Italian as the base', () => {
		expect(settings.locales).toEqual([...LOCALES]);
		expect(settings.baseLocale).toBe('it');
		for (const name of RESIDENT_CATALOGUES) expect(catalogueNames).toContain(name);
	});

	it('are compiled from every file under messages/ (a file left out of pathPattern is lost)', () => {
		for (const locale of fs.readdirSync('messages')) {
			for (const file of fs.readdirSync(path.join('messages', locale))) {
				expect(catalogueNames, `messages/${locale}/${file}`).toContain(
					path.basename(file, '.json')
				);
			}
		}
	});

	for (const name of catalogueNames) {
		for (const locale of requiredLocales(name)) {
			it(`${locale}/${name}.json has every Italian key, no other, with the same placeholders`, () => {
				const base = read('it', name);
				const translated = read(locale, name);
				expect(base, `messages/it/${name}.json`).not.toBeNull();
				expect(translated, `messages/${locale}/${name}.json`).not.toBeNull();
				expect(compare(base!, translated!, locale)).toEqual([]);
			});
		}
	}

	// A translation of a staff catalogue is welcome, but must be whole and right like any other.
	for (const name of catalogueNames) {
		for (const locale of LOCALES.filter((l) => !requiredLocales(name).includes(l))) {
			const translated = read(locale, name);
			if (!translated) continue;
			it(`${locale}/${name}.json, an optional translation, matches the Italian one`, () => {
				expect(compare(read('it', name)!, translated, locale)).toEqual([]);
			});
		}
	}
});

describe('compare', () => {
	const plural = (match: Record<string, string>) => [
		{
			declarations: ['input count', 'local countPlural = count: plural'],
			selectors: ['countPlural'],
			match
		}
	];
	const base = {
		$schema: 'x',
		hello: 'Ciao {name}',
		notes: plural({ 'countPlural=one': '{count} nota', 'countPlural=*': '{count} note' })
	};

	it('accepts a whole translation', () => {
		expect(
			compare(
				base,
				{
					hello: 'Hola {name}',
					notes: plural({ 'countPlural=one': '{count} nota', 'countPlural=*': '{count} notas' })
				},
				'es'
			)
		).toEqual([]);
	});

	it('finds a missing key, an empty one and one the Italian lacks', () => {
		expect(compare(base, { hello: '  ', extra: 'x' }, 'es')).toEqual([
			{ key: 'hello', kind: 'empty' },
			{ key: 'notes', kind: 'missing' },
			{ key: 'extra', kind: 'extra' }
		]);
	});

	it('finds a placeholder renamed, dropped or added', () => {
		const notes = plural({ 'countPlural=*': '{count} notes' });
		expect(compare(base, { hello: 'Hola {nombre}', notes }, 'es')).toEqual([
			{ key: 'hello', kind: 'placeholders', expected: ['name'], found: ['nombre'] }
		]);
		expect(compare(base, { hello: 'Hola', notes }, 'es')[0]).toMatchObject({
			kind: 'placeholders',
			found: []
		});
		expect(compare(base, { hello: 'Hola {name} {when}', notes }, 'es')[0]).toMatchObject({
			kind: 'placeholders',
			found: ['name', 'when']
		});
	});

	it('finds a plural category the language needs but the variants miss (Paraglide would show the key)', () => {
		const arabic = plural({ 'countPlural=one': 'ملاحظة واحدة', 'countPlural=other': '{count}' });
		const problems = compare({ notes: base.notes }, { notes: arabic }, 'ar');
		expect(problems.map((p) => (p.kind === 'plural' ? p.category : p.kind)).sort()).toEqual([
			'few',
			'many',
			'two',
			'zero'
		]);
		// Chinese has one form only: a catch-all is all it needs.
		expect(
			compare({ notes: base.notes }, { notes: plural({ 'countPlural=*': '{count} 条' }) }, 'zh')
		).toEqual([]);
	});

	it('counts declared inputs as placeholders even when a variant does not show them', () => {
		expect(
			inputs(plural({ 'countPlural=one': 'una persona', 'countPlural=*': 'persone' }))
		).toEqual(['count']);
	});
});
