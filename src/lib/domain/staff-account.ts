/**
 * What a new staff account must hold before anything is stored: a name shown to colleagues and on
 * workshop pages, a sign-in email, a role. Names follow the rules of every line staff type
 * (`checkLine`: NFC, no controls, line breaks, invisible or text-reordering characters), counted
 * as a person sees them. The password's rules live with the hashing, on the server.
 */
import { isStaffRole } from './access';
import type { StaffRole } from './access';
import { isPlausibleEmail, normaliseEmail } from './email';
import type { Checked } from './planning';
import { checkLine } from './text';

/** Longest name, in characters as a person sees them (fifty 👍 are fifty). */
export const STAFF_NAME_MAX = 80;

export type AccountField = 'name' | 'email' | 'role' | 'password';

export interface AccountInput {
	name: string;
	/** Normalised (see `normaliseEmail`). */
	email: string;
	role: StaffRole;
}

/** Checks name, email and role together, so that a form can show every problem at once. */
export function checkAccountInput(raw: {
	name: unknown;
	email: unknown;
	role: unknown;
}): Checked<AccountInput, Exclude<AccountField, 'password'>> {
	const errors: Partial<Record<Exclude<AccountField, 'password'>, string>> = {};
	const name = checkLine(raw.name, { max: STAFF_NAME_MAX, required: true, unit: 'graphemes' });
	if (!name.ok) errors.name = name.problem;
	const email = typeof raw.email === 'string' ? normaliseEmail(raw.email) : '';
	if (email === '') errors.email = 'required';
	else if (!isPlausibleEmail(email)) errors.email = 'invalid';
	const role = isStaffRole(raw.role) ? raw.role : null;
	if (!role) errors.role = 'invalid';
	if (!name.ok || errors.email || !role) return { ok: false, errors };
	return { ok: true, value: { name: name.value, email, role } };
}
