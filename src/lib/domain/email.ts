/** The canonical form of an email address used as a sign-in name: trimmed, NFC, lower-cased. */
export function normaliseEmail(input: string): string {
	return input.normalize('NFC').trim().toLowerCase();
}

// Deliberately simple: one @, something on each side, a dot in the domain, no spaces. The real
// check is that the person can sign in with it.
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,253}\.[^\s@]{2,63}$/;

export function isPlausibleEmail(email: string): boolean {
	return email.length <= 254 && EMAIL.test(email);
}
