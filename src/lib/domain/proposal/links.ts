/**
 * The links a proposal's description may hold: web pages and e-mail addresses, nothing else
 * (RELIABILITY.md case 33: `javascript:`, `JaVaScRiPt:`, `java\tscript:`, `vbscript:`, `data:`
 * never become links). The editor asks before it makes a link; the server's rendering checks again.
 */
const ALLOWED = new Set(['http:', 'https:', 'mailto:']);

/** The address as it will be stored, or null when it is not a link we allow. */
export function allowedLink(input: string): string | null {
	// Browsers ignore tabs, new lines and leading control characters in a scheme: so do we.
	// eslint-disable-next-line no-control-regex
	const text = input.replace(/[\u0000-\u001f\u007f]/g, '').trim();
	if (text === '' || text.length > 2000) return null;
	const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(text)
		? text
		: text.includes('@') && !text.includes('/')
			? `mailto:${text}`
			: `https://${text}`;
	let url: URL;
	try {
		url = new URL(withScheme);
	} catch {
		return null;
	}
	if (!ALLOWED.has(url.protocol)) return null;
	if (url.protocol !== 'mailto:' && !url.hostname) return null;
	return url.protocol === 'mailto:' ? withScheme : url.href;
}

/** Tiptap's `isAllowedUri` hook: true only for what `allowedLink` keeps as it is. */
export function isAllowedUri(uri: string | undefined): boolean {
	if (!uri) return false;
	// eslint-disable-next-line no-control-regex
	const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(uri.replace(/[\u0000-\u0020\u007f]/g, ''));
	return scheme ? ALLOWED.has(`${scheme[1]!.toLowerCase()}:`) : !uri.trim().startsWith('//');
}
