/**
 * A redirect target taken from user input, kept on this site: only a path that starts with one
 * slash (not `//host`, not `/\host`, no scheme) is accepted; anything else goes home.
 */
export function safeRedirectTarget(input: string, fallback = '/'): string {
	if (!input.startsWith('/') || input.startsWith('//') || input.startsWith('/\\')) return fallback;
	// Printable ASCII only: anything else cannot go into a Location header as it stands.
	if (!/^[\x21-\x7e]+$/.test(input)) return fallback;
	return input;
}
