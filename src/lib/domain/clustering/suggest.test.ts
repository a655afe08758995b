import { describe, expect, it } from 'vitest';
import { DERGANO_NOTES } from './fixtures/dergano-it';
import { LIBRARY_EN_NOTES } from './fixtures/library-en';
import { scorePairs } from './fixtures/score';
import { SPAZI_NOTES } from './fixtures/spazi-it';
import { suggestClusters } from './suggest';
import { extractTerms } from './terms';

const words = (text: string) => extractTerms(text, 'it').map((term) => term.word);
const keys = (text: string) => extractTerms(text, 'it').map((term) => term.key);

describe('extractTerms', () => {
	it('drops stop words and the elided article of "dell\'orario" and "l\'aula"', () => {
		expect(words("Vorrei l'aula studio aperta oltre l'orario dell'ufficio")).toEqual([
			'aula',
			'studio',
			'aperta',
			'oltre',
			'orario',
			'ufficio'
		]);
		expect(words('Un’aula più grande')).toEqual(['aula', 'grande']);
	});

	it('stems singular and plural to one key, and keeps the word as written', () => {
		expect(keys('bambini')).toEqual(keys('bambino'));
		expect(keys('laboratori')).toEqual(keys('laboratorio'));
		expect(keys('prese')).toEqual(keys('presa'));
		expect(words('Laboratori per bambini')).toEqual(['laboratori', 'bambini']);
	});

	it('tells a loan ("prestito") from early ("presto"), which the Snowball stemmer confuses', () => {
		expect(keys('prestito')).not.toEqual(keys('presto'));
		expect(keys('prestiti')).toEqual(keys('prestito'));
	});

	it('reads accents typed as apostrophes: "piu\'" is a stop word and "citta\'" is "città"', () => {
		expect(words("piu' perche' e'")).toEqual([]);
		expect(keys("citta'")).toEqual(keys('città'));
	});

	it('keeps the word of an English possessive or contraction, and drops the contraction', () => {
		expect(extractTerms("Children's workshops, don't close", 'en').map((t) => t.word)).toEqual([
			'children',
			'workshops',
			'close'
		]);
	});

	it('finds no words in emoji, punctuation or nothing, and reads HTML as text', () => {
		expect(extractTerms('👍🏽🎉❤️ !!! ...', 'it')).toEqual([]);
		expect(extractTerms('', 'it')).toEqual([]);
		expect(words('<b>orari</b> &amp; <script>')).toEqual(['orari', 'amp', 'script']);
	});
});

describe('suggestClusters on the Dergano fixture', () => {
	const suggestions = suggestClusters(DERGANO_NOTES, { locale: 'it' });

	// Measured with the defaults: precision 0.82, recall 0.45, adjusted Rand index 0.54. Precision
	// gets the highest floor because a wrong group costs the facilitator more to undo than a missing
	// one costs to make. The floors leave room for a tweak to a word list, not for going back to
	// single words (adjusted Rand 0.46 at best) or to a threshold past the cliff (0.43 at 0.01).
	it('recovers the expected groups: pairwise precision ≥ 0.75, recall ≥ 0.4, adjusted Rand ≥ 0.5', () => {
		const score = scorePairs(DERGANO_NOTES, suggestions);
		expect(score.precision).toBeGreaterThanOrEqual(0.75);
		expect(score.recall).toBeGreaterThanOrEqual(0.4);
		expect(score.adjustedRand).toBeGreaterThanOrEqual(0.5);
	});

	it('finds each of the six topics as a group of at least four notes mostly from that topic', () => {
		const topics = new Map(DERGANO_NOTES.map((note) => [note.id, note.group]));
		const found = new Set<string>();
		for (const suggestion of suggestions) {
			if (suggestion.noteIds.length < 4) continue;
			const counts = new Map<string | null, number>();
			for (const id of suggestion.noteIds) {
				counts.set(topics.get(id)!, (counts.get(topics.get(id)!) ?? 0) + 1);
			}
			const [topic, count] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
			if (topic !== null && count / suggestion.noteIds.length >= 0.75) found.add(topic);
		}
		expect([...found].sort()).toEqual([
			'bambini',
			'digitale',
			'eventi',
			'orari',
			'rumore',
			'studio'
		]);
	});

	it('labels each group with one or two words its residents wrote, not stems', () => {
		for (const suggestion of suggestions) {
			const written = new Set(
				suggestion.noteIds.flatMap((id) =>
					DERGANO_NOTES.find((note) => note.id === id)!
						.text.toLowerCase()
						.split(/[^\p{L}]+/u)
				)
			);
			const labelWords = suggestion.label.toLowerCase().split(', ');
			expect(labelWords.length).toBeGreaterThanOrEqual(1);
			expect(labelWords.length).toBeLessThanOrEqual(2);
			for (const word of [...labelWords, ...suggestion.terms]) expect(written).toContain(word);
		}
		const labels = suggestions.map((suggestion) => suggestion.label);
		expect(labels).toContain('Ebook, mlol');
		expect(labels).toContain('Rumore, sala');
	});

	it('leaves out the notes about bikes, plants, coffee and thanks', () => {
		const grouped = new Set(suggestions.flatMap((suggestion) => suggestion.noteIds));
		for (const id of ['x01', 'x02', 'x03', 'x04']) expect(grouped).not.toContain(id);
	});

	it('gives the same suggestions for the same notes, whatever their order', () => {
		const reversed = [...DERGANO_NOTES].reverse();
		const interleaved = DERGANO_NOTES.filter((_, i) => i % 2).concat(
			DERGANO_NOTES.filter((_, i) => i % 2 === 0)
		);
		expect(suggestClusters(DERGANO_NOTES, { locale: 'it' })).toEqual(suggestions);
		expect(suggestClusters(reversed, { locale: 'it' })).toEqual(suggestions);
		expect(suggestClusters(interleaved, { locale: 'it' })).toEqual(suggestions);
	});

	it('does not suggest again notes already in a cluster on the board', () => {
		const existing = [{ noteIds: ['d01', 'd02', 'd03'] }];
		const again = suggestClusters(DERGANO_NOTES, { locale: 'it', existing });
		const grouped = again.flatMap((suggestion) => suggestion.noteIds);
		for (const id of existing[0]!.noteIds) expect(grouped).not.toContain(id);
	});
});

describe('suggestClusters on a held-out Italian fixture', () => {
	// Written after the defaults were chosen and never used to tune them. Measured: precision 0.50,
	// recall 0.31, adjusted Rand index 0.32, well below Dergano's 0.54: notes on spaces share fewer
	// words ("giardino" and "cortile" are one topic to a person, two to word counts), and the
	// stemmer ties "manga" to "mangiare". The floor guards against getting worse, not a promise.
	it('still recovers part of the groups: adjusted Rand ≥ 0.25, pairwise precision ≥ 0.4', () => {
		const score = scorePairs(SPAZI_NOTES, suggestClusters(SPAZI_NOTES, { locale: 'it' }));
		expect(score.adjustedRand).toBeGreaterThanOrEqual(0.25);
		expect(score.precision).toBeGreaterThanOrEqual(0.4);
	});

	it('labels each group with words its residents wrote', () => {
		for (const suggestion of suggestClusters(SPAZI_NOTES, { locale: 'it' })) {
			const written = new Set(
				suggestion.noteIds.flatMap((id) =>
					SPAZI_NOTES.find((note) => note.id === id)!
						.text.toLowerCase()
						.split(/[^\p{L}]+/u)
				)
			);
			for (const word of suggestion.terms) expect(written).toContain(word);
		}
	});
});

describe('suggestClusters on the English fixture', () => {
	// Measured: precision 0.88, recall 0.69, adjusted Rand index 0.74 (21 notes, so one note moved
	// changes the score by several points: the floors leave room for that).
	it('recovers the expected groups: pairwise precision ≥ 0.8, adjusted Rand ≥ 0.6', () => {
		const score = scorePairs(LIBRARY_EN_NOTES, suggestClusters(LIBRARY_EN_NOTES, { locale: 'en' }));
		expect(score.precision).toBeGreaterThanOrEqual(0.8);
		expect(score.adjustedRand).toBeGreaterThanOrEqual(0.6);
	});
});

describe('suggestClusters on bad input', () => {
	it('suggests nothing for no notes, empty notes or emoji-only notes', () => {
		expect(suggestClusters([], { locale: 'it' })).toEqual([]);
		expect(
			suggestClusters(
				[
					{ id: 'a', text: '' },
					{ id: 'b', text: '   ' },
					{ id: 'c', text: '👍🏽👍🏽' },
					{ id: 'd', text: '❤️' }
				],
				{ locale: 'it' }
			)
		).toEqual([]);
	});

	it('suggests nothing when no two notes share a word', () => {
		const notes = [
			{ id: 'a', text: 'Rastrelliera per le bici' },
			{ id: 'b', text: 'Piante sul terrazzo' },
			{ id: 'c', text: 'Macchinetta del caffè' }
		];
		expect(suggestClusters(notes, { locale: 'it' })).toEqual([]);
	});

	it('groups identical notes together and counts a repeated id once', () => {
		const notes = [
			{ id: 'a', text: 'Aperture serali' },
			{ id: 'b', text: 'Aperture serali' },
			{ id: 'a', text: 'Aperture serali' },
			{ id: 'c', text: 'Macchinetta del caffè' }
		];
		expect(suggestClusters(notes, { locale: 'it' })).toEqual([
			{ label: 'Aperture, serali', noteIds: ['a', 'b'], terms: ['aperture', 'serali'] }
		]);
	});

	it('puts 500 copies of one note in one group and leaves a different note out', () => {
		const notes = Array.from({ length: 500 }, (_, i) => ({ id: `n${i}`, text: 'Wifi più veloce' }));
		const suggestions = suggestClusters([...notes, { id: 'z', text: 'Macchinetta del caffè' }], {
			locale: 'it'
		});
		expect(suggestions).toHaveLength(1);
		expect(suggestions[0]!.noteIds).toHaveLength(500);
		expect(suggestions[0]!.noteIds).not.toContain('z');
	});

	it('reads HTML, very long text and mixed languages as text, without throwing', () => {
		const notes = [
			{ id: 'html', text: '<img src=x onerror=alert(1)> wifi <b>lento</b>' },
			{ id: 'wifi', text: 'Il wifi è lento' },
			{ id: 'long', text: 'wifi gratis '.repeat(50_000) },
			{ id: 'mixed', text: 'Free wifi please, il wifi non va' },
			{ id: 'kids', text: 'Story time per i bambini in English' }
		];
		const suggestions = suggestClusters(notes, { locale: 'it' });
		expect(suggestions).toHaveLength(1);
		expect(suggestions[0]!.noteIds).toEqual(['html', 'long', 'mixed', 'wifi']);
		expect(suggestions[0]!.terms.slice(0, 2).sort()).toEqual(['lento', 'wifi']);
	});

	it('reads other scripts and one endless word without throwing', () => {
		const notes = [
			{ id: 'ar', text: 'مكتبة مفتوحة مساءً' },
			{ id: 'ar2', text: 'مكتبة هادئة' },
			{ id: 'zh', text: '图书馆晚上开放' },
			{ id: 'hi', text: 'पुस्तकालय शाम को खुला' },
			{ id: 'aaa', text: 'a'.repeat(100_000) }
		];
		const suggestions = suggestClusters(notes, { locale: 'it' });
		expect(suggestions.map((suggestion) => suggestion.noteIds)).toEqual([['ar', 'ar2']]);
	});

	it('does not throw on values that are not notes', () => {
		const junk = [null, 42, { id: 7, text: 'x' }, { id: 'a' }, { id: 'b', text: ['x'] }];
		expect(suggestClusters(junk as never, { locale: 'en' })).toEqual([]);
		expect(suggestClusters(null as never, { locale: 'en' })).toEqual([]);
	});
});
