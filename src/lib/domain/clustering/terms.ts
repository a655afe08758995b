/**
 * Turns a note into the terms that say what it is about: words, lowercased, without stop words,
 * stemmed so that "aperture" and "apertura" or "bambini" and "bambino" count as one term. Each term
 * keeps the word as written, so a label can show "bambini" rather than the stem "bambin".
 */
import { stemmer as stemEnglish } from '@orama/stemmers/english';
import { stemmer as stemItalian } from '@orama/stemmers/italian';
import { stopwords as englishStopwords } from '@orama/stopwords/english';
import { stopwords as italianStopwords } from '@orama/stopwords/italian';

/** A board's language, which picks the stemmer. */
export type ClusterLocale = 'it' | 'en';

export interface Term {
	/** What notes are compared by: the stem without accents ("citta" for "città" and "citta'"). */
	key: string;
	/** The word as the resident wrote it, lowercased, accents kept. */
	word: string;
}

const STEMMERS: Record<ClusterLocale, (word: string) => string> = {
	it: stemItalian,
	en: stemEnglish
};

/**
 * Words the packages' lists leave out that carry no topic on a library's idea wall, matched by stem
 * (so "biblioteche" goes with "biblioteca"). With 50 notes, a word shared by two unrelated wishes
 * ties them together, so these are dropped rather than left to inverse document frequency:
 * - every note is about the library, and most ask for something ("vorrei", "servirebbe", "please");
 * - intensifiers and generic verbs ("troppo", "sempre", "fare", "really");
 * - Italian adverbs and prepositions the Snowball list does not have ("dopo", "senza", "vicino").
 *   The larger stopwords-iso list has them too, but also "ore", "posto", "presa", "gruppo" and
 *   "città", which are exactly what notes here are about.
 */
const EXTRA_STOPWORDS: Record<ClusterLocale, readonly string[]> = {
	it: [
		'biblioteca',
		'vorrei',
		'vorremmo',
		'vorrebbe',
		'piacerebbe',
		'servirebbe',
		'serve',
		'servono',
		'bisogno',
		'bisognerebbe',
		'magari',
		'almeno',
		'molto',
		'troppo',
		'poco',
		'tanto',
		'sempre',
		'mai',
		'ogni',
		'solo',
		'già',
		'ancora',
		'essere',
		'avere',
		'fare',
		'potere',
		'può',
		'possono',
		'dovrebbe',
		'bello',
		'bene',
		'meglio',
		'cosa',
		'così',
		'altro',
		'altre',
		'po',
		'ce',
		'dopo',
		'prima',
		'quando',
		'mentre',
		'senza',
		'durante',
		'fino',
		'vicino',
		'davanti',
		'sopra',
		'sotto',
		'dentro',
		'fuori',
		'invece',
		'però',
		'quindi',
		'poi',
		'qui'
	],
	en: [
		'library',
		'please',
		'would',
		'like',
		'need',
		'want',
		'maybe',
		'great',
		'good',
		'better',
		'really',
		'also',
		'lot',
		'get',
		'make',
		'just'
	]
};

/**
 * Words the Italian Snowball stemmer gets wrong in ways that matter here: "prestito" (a loan) and
 * "presto" (early) both become "prest", tying loans to opening hours; "laboratori" loses more than
 * "laboratorio" ("labor" against "laborator"); "straniere" loses more than "stranieri".
 */
const STEM_EXCEPTIONS: Record<ClusterLocale, ReadonlyMap<string, string>> = {
	it: new Map([
		['prestito', 'prestit'],
		['prestiti', 'prestit'],
		['laboratori', 'laborator'],
		['straniere', 'stranier']
	]),
	en: new Map()
};

function stripAccents(word: string): string {
	return word.normalize('NFD').replace(/\p{M}/gu, '');
}

// Both languages' lists apply whatever the board's language: residents mix them ("wifi free please"),
// and the few words the lists share with the other language ("come", "era") carry no topic either.
const STOPWORDS = new Set([...italianStopwords, ...englishStopwords].map(stripAccents));

const EXTRA_KEYS: Record<ClusterLocale, Set<string>> = {
	it: extraKeys('it'),
	en: extraKeys('en')
};

function extraKeys(locale: ClusterLocale): Set<string> {
	const words = [...EXTRA_STOPWORDS.it, ...EXTRA_STOPWORDS.en];
	return new Set(words.map((word) => stripAccents(stemOf(word, locale))));
}

// Letters and digits, with apostrophes inside (elisions, contractions) or at the end (the "piu'"
// of keyboards without accented letters).
const WORD = /[\p{L}\p{M}\p{N}]+(?:'[\p{L}\p{M}\p{N}]+)*'?/gu;
const APOSTROPHES = /[\u2019\u2018\u02BC\u0060\u00B4]/g;
const ENGLISH_CLITICS = new Set(['s', 't', 'll', 're', 've', 'd', 'm']);

// A note is at most 280 characters; anything much longer is read only from its start, so that one
// pasted essay costs no more than a few notes.
const MAX_CHARS = 4000;

/** The terms of `text`, in order; empty for a text with no words (emoji, punctuation, nothing). */
export function extractTerms(text: string, locale: ClusterLocale): Term[] {
	if (typeof text !== 'string') return [];
	const terms: Term[] = [];
	const lower = text.slice(0, MAX_CHARS).normalize('NFC').toLowerCase().replace(APOSTROPHES, "'");
	for (const [token] of lower.matchAll(WORD)) {
		const whole = token.replace(/'$/, '');
		if (STOPWORDS.has(stripAccents(whole))) continue;
		const word = pickWord(whole.split("'"));
		const plain = stripAccents(word);
		if (plain.length < 2 || /^\p{N}+$/u.test(plain) || STOPWORDS.has(plain)) continue;
		const key = stripAccents(stemOf(word, locale));
		if (key.length === 0 || EXTRA_KEYS[locale].has(key)) continue;
		terms.push({ key, word });
	}
	return terms;
}

function stemOf(word: string, locale: ClusterLocale): string {
	return STEM_EXCEPTIONS[locale].get(word) ?? STEMMERS[locale](word);
}

/**
 * Which part of "dell'orario", "children's" or "don't" carries the meaning: in Italian the part
 * before an apostrophe is an elided article or preposition, so the last part; in English the part
 * after it is a clitic ('s, 't, 'll), so the first.
 */
function pickWord(parts: string[]): string {
	if (parts.length > 1 && ENGLISH_CLITICS.has(parts[parts.length - 1]!)) return parts[0]!;
	return parts[parts.length - 1]!;
}
