import { error, redirect } from '@sveltejs/kit';
import { can } from '../domain/access';
import type { Action } from '../domain/access';
import { m } from '../paraglide/messages';
import type { StaffUser } from './auth/sessions';

/**
 * Access checks for staff pages and their form actions. Layout loads do not run before a form
 * action, so every action calls these itself; the layout check only spares pages a round trip.
 */

/** Where to sign in and come back to `url` (a form action's `?/name` is left out of the return). */
export function signInUrl(url: URL): string {
	const search = url.search.startsWith('?/') ? '' : url.search;
	return `/staff/sign-in?next=${encodeURIComponent(url.pathname + search)}`;
}

/** The signed-in staff member, or a redirect to the sign-in page. */
export function requireStaff(locals: App.Locals, url: URL): StaffUser {
	if (!locals.user) redirect(303, signInUrl(url));
	return locals.user;
}

/** The signed-in staff member if they may do `action`; anyone else gets 403 (or signs in first). */
export function requireAllowed(
	locals: App.Locals,
	url: URL,
	action:
		'users:manage' | 'branches:manage' | 'services:manage' | 'process:create' | 'workshop:create'
): StaffUser {
	const user = requireStaff(locals, url);
	if (!can(user, action satisfies Action)) error(403, m.error_not_allowed());
	return user;
}

/** The answer for anything the person may not know exists (RELIABILITY.md case 36). */
export function notFound(): never {
	error(404, m.error_not_found());
}
