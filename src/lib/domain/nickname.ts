/**
 * Nickname rules (DESIGN.md §4, join → 400 "bad name"): NFC-normalised, trimmed, inner whitespace
 * collapsed, 1-40 characters, and no control, bidi-override or invisible formatting characters:
 * those let one name pass for another ("Facilitator", reversed text) on everyone's screen.
 */
export const NICKNAME_MAX = 40;

export type NicknameProblem = 'empty' | 'not-text' | 'too-long' | 'forbidden-characters';

// Cc: control characters (NUL, newlines, escapes). Bidi embeddings, overrides and isolates, the
// Arabic letter mark, zero-width spaces and word joiners, the BOM, and the tag characters.
const FORBIDDEN =
	/[\p{Cc}\u061C\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u{E0000}-\u{E007F}]/u;

export function checkNickname(
	input: unknown
): { ok: true; nickname: string } | { ok: false; problem: NicknameProblem } {
	// Nothing given reads as empty; a number, list or object given as a name is not a name at all.
	if (input === undefined || input === null) return { ok: false, problem: 'empty' };
	if (typeof input !== 'string') return { ok: false, problem: 'not-text' };
	const normalised = input.normalize('NFC');
	if (FORBIDDEN.test(normalised)) {
		return { ok: false, problem: 'forbidden-characters' };
	}
	const nickname = normalised.trim().replace(/\s+/gu, ' ');
	if (nickname.length === 0) return { ok: false, problem: 'empty' };
	// Count what a person sees as characters (an emoji with skin tone is one), not UTF-16 units.
	const length = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(nickname)]
		.length;
	if (length > NICKNAME_MAX) return { ok: false, problem: 'too-long' };
	return { ok: true, nickname };
}
