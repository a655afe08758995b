/**
 * Rules for the short texts staff type (titles, names, places, welcome messages). Text is stored as
 * typed, NFC-normalised, and escaped when shown, so HTML in a title is harmless; what is refused are
 * characters that are invisible or reorder text on residents' screens (controls, bidi overrides,
 * zero-width characters), because they let one title pass for another.
 */
export type TextProblem = 'required' | 'too-long' | 'forbidden-characters';

export type TextResult = { ok: true; value: string } | { ok: false; problem: TextProblem };

// Bidi embeddings, overrides and isolates, the Arabic letter mark, zero-width characters and word
// joiners, the BOM, and the tag characters. Newlines and tabs are handled per kind of text.
const INVISIBLE =
	/[\u061C\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u{E0000}-\u{E007F}]/u;
const CONTROL = /\p{Cc}/u;

interface Limits {
	/** Longest accepted text, counted in `unit`s. */
	max: number;
	/** When false, an empty text is accepted as "". */
	required?: boolean;
	/**
	 * How `max` counts: UTF-16 units (the default: the same count a browser's `maxlength` uses), or
	 * graphemes, the characters a person sees (👍🏽 is one), for fields without a `maxlength`.
	 */
	unit?: 'utf16' | 'graphemes';
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** How many characters a person sees in `text`: an emoji with a skin tone or a flag counts once. */
export function graphemeLength(text: string): number {
	let count = 0;
	for (const _ of graphemes.segment(text)) count++;
	return count;
}

function finish(value: string, { max, required = false, unit = 'utf16' }: Limits): TextResult {
	if (value.length === 0)
		return required ? { ok: false, problem: 'required' } : { ok: true, value };
	// Only a text longer than `max` UTF-16 units can have more than `max` graphemes.
	if (value.length > max && (unit === 'utf16' || graphemeLength(value) > max))
		return { ok: false, problem: 'too-long' };
	return { ok: true, value };
}

/** One line (a title, a name): trimmed, runs of spaces collapsed, no line breaks. */
export function checkLine(input: unknown, limits: Limits): TextResult {
	if (typeof input !== 'string') return finish('', limits);
	const text = input.normalize('NFC');
	if (INVISIBLE.test(text) || CONTROL.test(text.replace(/\t/g, ' ')))
		return { ok: false, problem: 'forbidden-characters' };
	return finish(text.trim().replace(/\s+/gu, ' '), limits);
}

/**
 * Several paragraphs (a challenge, a welcome message): line breaks kept, trimmed at both ends.
 * Browsers send a textarea's line breaks as CRLF but count them as one character for `maxlength`,
 * so CRLF is read as one line break before counting.
 */
export function checkParagraphs(input: unknown, limits: Limits): TextResult {
	if (typeof input !== 'string') return finish('', limits);
	const text = input.normalize('NFC').replace(/\r\n?/g, '\n').replace(/\t/g, ' ');
	if (INVISIBLE.test(text) || CONTROL.test(text.replace(/\n/g, '')))
		return { ok: false, problem: 'forbidden-characters' };
	return finish(text.trim().replace(/\n{3,}/g, '\n\n'), limits);
}
