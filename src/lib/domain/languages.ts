/**
 * Which language each page speaks. Residents may read Piazza in five languages; staff pages, the
 * projector screen and data kept in the database (service names, branch kinds…) exist only in
 * Italian and English. Someone who chose Spanish, Arabic or Chinese sees those in English: it is
 * the second language the library writes everything in, and the one a visitor who does not read
 * Italian is likeliest to read.
 */

/** Every language of the interface; the same list as project.inlang/settings.json (a test checks). */
export const LOCALES = ['it', 'en', 'es', 'ar', 'zh'] as const;
export type Locale = (typeof LOCALES)[number];

/** The languages of staff pages and of bilingual data. */
export const BILINGUAL_LOCALES = ['it', 'en'] as const;
export type BilingualLocale = (typeof BILINGUAL_LOCALES)[number];

/** Each language named in itself, as the language switch offers it. */
export const AUTONYMS: Record<Locale, string> = {
	it: 'Italiano',
	en: 'English',
	es: 'Español',
	ar: 'العربية',
	zh: '中文'
};

export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The language of text that exists only in Italian and English, for someone who chose `locale`. */
export function bilingual(locale: Locale): BilingualLocale {
	return locale === 'it' ? 'it' : 'en';
}

/** Pages written for staff (and the projector they run): their text is Italian and English only. */
export function isStaffPath(pathname: string): boolean {
	return /^\/(staff|screen)(\/|$)/.test(pathname);
}

/**
 * The language a request is answered in. A page speaks its audience's languages; an API call
 * answers in the language of the page that made it (its Referer), so that an error shown on a
 * staff page is in that page's language, not in a resident language the staff page lacks.
 */
export function localeFor(
	chosen: Locale,
	request: { pathname: string; referer?: string | null }
): Locale {
	const { pathname } = request;
	if (isStaffPath(pathname)) return bilingual(chosen);
	if (pathname.startsWith('/api/') && request.referer) {
		let from: URL | null = null;
		try {
			from = new URL(request.referer);
		} catch {
			// A malformed Referer says nothing about the page: the chosen language stands.
		}
		if (from && isStaffPath(from.pathname)) return bilingual(chosen);
	}
	return chosen;
}

/** Whether two pages speak the same set of languages, so that moving between them keeps the text. */
export function sameAudience(a: string, b: string): boolean {
	return isStaffPath(a) === isStaffPath(b);
}

/**
 * Text written by people, set inside a translated sentence: isolated (Unicode FSI … PDI) so that an
 * Italian title in an Arabic sentence keeps its own direction and does not carry the sentence's
 * quotes and punctuation off to the wrong end of the line.
 */
export function isolate(text: string): string {
	return `\u2068${text}\u2069`;
}
