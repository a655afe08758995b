/**
 * Checks a translated message catalogue (messages/<locale>/<file>.json) against the Italian one it
 * translates. Paraglide compiles a missing message into the Italian text and an unmatched plural
 * into the message's id, so both must be caught before they reach a page; this is the check.
 */

/** The catalogues resident pages read: every language of the interface has them. */
export const RESIDENT_CATALOGUES = [
	'common',
	'resident',
	'board',
	'ideas',
	'proposals',
	'public',
	'privacy'
] as const;

/** A message as the inlang message format stores it: text, or variants chosen by selectors. */
type Variants = { declarations?: string[]; selectors?: string[]; match?: Record<string, string> };
export type Catalogue = Record<string, unknown>;

export type Problem =
	| { key: string; kind: 'missing' | 'empty' | 'extra' | 'malformed' }
	| { key: string; kind: 'placeholders'; expected: string[]; found: string[] }
	| { key: string; kind: 'plural'; category: string };

function texts(message: unknown): string[] | null {
	if (typeof message === 'string') return [message];
	if (!Array.isArray(message) || message.length !== 1) return null;
	const match = (message[0] as Variants).match;
	if (!match || typeof match !== 'object') return null;
	const values = Object.values(match);
	return values.every((value) => typeof value === 'string') ? values : null;
}

/** The inputs a message takes: its `{name}` placeholders and declared inputs. */
export function inputs(message: unknown): string[] {
	const found = new Set<string>();
	for (const text of texts(message) ?? []) {
		for (const [, name] of text.matchAll(/\{\s*([A-Za-z_][\w]*)\s*\}/g)) found.add(name!);
	}
	if (Array.isArray(message)) {
		const variants = message[0] as Variants;
		const locals = new Set<string>();
		for (const declaration of variants.declarations ?? []) {
			const input = /^input\s+(\w+)$/.exec(declaration.trim());
			if (input) found.add(input[1]!);
			const local = /^local\s+(\w+)\s*=/.exec(declaration.trim());
			if (local) locals.add(local[1]!);
		}
		for (const local of locals) found.delete(local);
	}
	return [...found].sort();
}

/** Plural categories `locale` needs that a message's variants neither name nor catch with `*`. */
function missingPlurals(message: unknown, locale: string): string[] {
	if (!Array.isArray(message)) return [];
	const { declarations = [], match = {} } = message[0] as Variants;
	const missing: string[] = [];
	for (const declaration of declarations) {
		const plural = /^local\s+(\w+)\s*=\s*\w+\s*:\s*plural\b/.exec(declaration.trim());
		if (!plural) continue;
		const selector = plural[1]!;
		const keys = Object.keys(match);
		if (keys.some((key) => key.split(/\s*,\s*/).includes(`${selector}=*`))) continue;
		for (const category of new Intl.PluralRules(locale).resolvedOptions().pluralCategories) {
			if (!keys.some((key) => key.split(/\s*,\s*/).includes(`${selector}=${category}`)))
				missing.push(category);
		}
	}
	return missing;
}

/** What is wrong with `translated` (in `locale`) as a translation of `base`; empty when nothing. */
export function compare(base: Catalogue, translated: Catalogue, locale: string): Problem[] {
	const problems: Problem[] = [];
	const keys = (catalogue: Catalogue) => Object.keys(catalogue).filter((k) => !k.startsWith('$'));
	for (const key of keys(base)) {
		if (!(key in translated)) {
			problems.push({ key, kind: 'missing' });
			continue;
		}
		const message = translated[key];
		const words = texts(message);
		if (words === null) {
			problems.push({ key, kind: 'malformed' });
			continue;
		}
		if (words.length === 0 || words.some((text) => text.trim() === '')) {
			problems.push({ key, kind: 'empty' });
			continue;
		}
		const expected = inputs(base[key]);
		const found = inputs(message);
		if (expected.join() !== found.join()) {
			problems.push({ key, kind: 'placeholders', expected, found });
		}
		for (const category of missingPlurals(message, locale)) {
			problems.push({ key, kind: 'plural', category });
		}
	}
	for (const key of keys(translated)) {
		if (!(key in base)) problems.push({ key, kind: 'extra' });
	}
	return problems;
}
