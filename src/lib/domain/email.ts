/** The canonical form of an email address used as a sign-in name: trimmed, NFC, lower-cased. */
export function normaliseEmail(input: string): string {
	return input.normalize('NFC').trim().toLowerCase();
}

// Deliberately simple: one @, something on each side, a dot in the domain, no spaces. The real
// check is that the person can sign in with it.
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,253}\.[^\s@]{2,63}$/;

// Characters no address of ours may hold: controls (NUL cannot even be stored in a PostgreSQL text
// column, which refuses the whole query), invisible formatting and text-reordering characters
// (they let one address pass for another), and lone UTF-16 surrogates (not text at all).
const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Cs}]/u;

/**
 * True when `email` could be a staff account's address. Every account is created through this
 * check, so an address that fails it names no account and is never looked up.
 */
export function isPlausibleEmail(email: string): boolean {
	return email.length <= 254 && !FORBIDDEN.test(email) && EMAIL.test(email);
}

/**
 * What the sign-in audit stores in place of a typed value that is no email address. People type
 * their password into the email field: the audit must not keep it. Spaces and no `@`: no address
 * that `isPlausibleEmail` accepts can ever read the same.
 */
export const NOT_AN_EMAIL = '(not an email)';

/** The email as the sign-in audit (and its alarms) may record it: as typed, or NOT_AN_EMAIL. */
export function emailForAudit(typed: string): string {
	return isPlausibleEmail(typed) ? typed : NOT_AN_EMAIL;
}
