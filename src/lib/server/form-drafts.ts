/**
 * The value a person typed into a form that was refused, kept for a few minutes in a cookie so that
 * it survives one full page load. The language switch is such a load: someone who cannot read the
 * Italian error switches to English and finds the error again, in English, with what they typed.
 * (Keeping it out of the URL keeps nicknames out of history and access logs.)
 */

const COOKIE = 'piazza_draft';
const MAX_AGE_SECONDS = 10 * 60;
/** Enough to show what was typed; a 10k-character paste is not worth a cookie (4 KB limit). */
const MAX_CHARACTERS = 120;

/** The part of SvelteKit's `cookies` this needs. */
export interface DraftCookies {
	get(name: string): string | undefined;
	set(
		name: string,
		value: string,
		options: {
			path: string;
			httpOnly: boolean;
			sameSite: 'lax';
			secure: boolean;
			maxAge: number;
		}
	): void;
	delete(name: string, options: { path: string; secure: boolean }): void;
}

/** Keeps `value` for the form named `form` (e.g. `join:CASA42`), replacing any other draft. */
export function keep(cookies: DraftCookies, form: string, value: string, secure: boolean) {
	// Cut by code points, never inside a surrogate pair (that would not encode).
	const kept = Array.from(value).slice(0, MAX_CHARACTERS).join('');
	cookies.set(COOKIE, JSON.stringify({ form, value: kept }), {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure,
		maxAge: MAX_AGE_SECONDS
	});
}

/** The draft of `form`, removed as it is read (it is shown once); null when there is none. */
export function take(cookies: DraftCookies, form: string, secure: boolean): string | null {
	const raw = cookies.get(COOKIE);
	if (raw === undefined) return null;
	let draft: unknown;
	try {
		draft = JSON.parse(raw);
	} catch {
		draft = null;
	}
	const matches =
		typeof draft === 'object' &&
		draft !== null &&
		(draft as { form?: unknown }).form === form &&
		typeof (draft as { value?: unknown }).value === 'string';
	if (!matches) return null;
	cookies.delete(COOKIE, { path: '/', secure });
	return (draft as { value: string }).value;
}

/** Forgets any draft (after the form went through). */
export function drop(cookies: DraftCookies, secure: boolean) {
	if (cookies.get(COOKIE) !== undefined) cookies.delete(COOKIE, { path: '/', secure });
}
