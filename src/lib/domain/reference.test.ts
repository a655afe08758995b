import { describe, expect, it } from 'vitest';
import { checkBranchInput, checkServiceInput, groupByMunicipio } from './reference';

describe('checkBranchInput', () => {
	it('accepts a new branch with a slug, a name, a kind and a municipio', () => {
		expect(
			checkBranchInput(
				{
					slug: 'Villapizzone',
					name: 'Biblioteca Villapizzone',
					kind: 'neighbourhood',
					municipio: '8'
				},
				{ withSlug: true }
			)
		).toEqual({
			ok: true,
			value: {
				slug: 'villapizzone',
				name: 'Biblioteca Villapizzone',
				kind: 'neighbourhood',
				municipio: 8
			}
		});
	});

	it('reads an empty municipio as "serves several" (the Bibliobus)', () => {
		expect(
			checkBranchInput(
				{ slug: 'bus-2', name: 'Bibliobus 2', kind: 'mobile', municipio: '' },
				{ withSlug: true }
			)
		).toMatchObject({ ok: true, value: { municipio: null } });
	});

	it('ignores the slug when editing, since a slug never changes', () => {
		expect(
			checkBranchInput(
				{ slug: 'NOT VALID', name: 'Nuovo nome', kind: 'central', municipio: '1' },
				{ withSlug: false }
			)
		).toMatchObject({ ok: true, value: { name: 'Nuovo nome' } });
	});

	it('names each wrong field', () => {
		expect(
			checkBranchInput(
				{ slug: 'a b', name: '', kind: 'castle', municipio: '1.5' },
				{ withSlug: true }
			)
		).toEqual({
			ok: false,
			errors: { slug: 'invalid', name: 'required', kind: 'invalid', municipio: 'invalid' }
		});
	});
});

describe('checkServiceInput', () => {
	it('needs a slug and both names', () => {
		expect(
			checkServiceInput(
				{ slug: 'podcast', nameIt: 'Podcast', nameEn: 'Podcasts' },
				{ withSlug: true }
			)
		).toEqual({ ok: true, value: { slug: 'podcast', nameIt: 'Podcast', nameEn: 'Podcasts' } });
		expect(
			checkServiceInput({ slug: '', nameIt: ' ', nameEn: 'x'.repeat(121) }, { withSlug: true })
		).toEqual({
			ok: false,
			errors: { slug: 'required', nameIt: 'required', nameEn: 'too-long' }
		});
	});
});

describe('groupByMunicipio', () => {
	it('orders groups by municipio, puts branches without one last, and sorts names', () => {
		const groups = groupByMunicipio([
			{ name: 'Bibliobus', municipio: null },
			{ name: 'Zara', municipio: 2 },
			{ name: 'Dergano', municipio: 9 },
			{ name: 'Crescenzago', municipio: 2 }
		]);
		expect(groups.map((g) => [g.municipio, g.items.map((i) => i.name)])).toEqual([
			[2, ['Crescenzago', 'Zara']],
			[9, ['Dergano']],
			[null, ['Bibliobus']]
		]);
	});
});
