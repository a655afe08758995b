import { isLocale } from '$lib/domain/languages';
import { baseLocale, overwriteGetLocale } from '$lib/paraglide/runtime';

// The server chose this page's language (hooks.server.ts) and wrote it into <html lang>. The
// browser takes it from there instead of guessing again from its cookie and settings: a guess could
// disagree with the server (a staff page is English for someone who chose Spanish), and Paraglide's
// own first guess writes the cookie, which would overwrite the person's choice.
overwriteGetLocale(() => {
	const lang = document.documentElement.lang;
	return isLocale(lang) ? lang : baseLocale;
});
