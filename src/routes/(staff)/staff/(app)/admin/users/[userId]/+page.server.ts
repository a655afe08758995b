import { fail, redirect } from '@sveltejs/kit';
import { isStaffRole } from '$lib/domain/access';
import { textFields } from '$lib/form-errors';
import { m } from '$lib/paraglide/messages';
import { MIN_LENGTH } from '$lib/server/auth/passwords';
import { notFound, requireAllowed } from '$lib/server/guards';
import { getRuntime } from '$lib/server/runtime';
import * as users from '$lib/server/staff/users';
import { userErrors } from '../../wording';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const admin = requireAllowed(locals, url, 'users:manage');
	const user = await users.get(getRuntime().database.db, params.userId);
	if (!user) notFound();
	const ended = Number(url.searchParams.get('ended'));
	return {
		user,
		isSelf: user.id === admin.id,
		saved: url.searchParams.has('saved'),
		passwordSet: url.searchParams.has('password'),
		ended: Number.isInteger(ended) && ended >= 0 && url.searchParams.has('ended') ? ended : null,
		minPassword: MIN_LENGTH
	};
};

/** The outcome of a change: back to the page on success, a sentence when it was refused. */
function answer(
	event: RequestEvent,
	result: { ok: true } | { ok: false; problem: users.AccountChangeProblem }
) {
	if (result.ok) redirect(303, `${event.url.pathname}?saved=1`);
	if (result.problem === 'not-found') notFound();
	return fail(400, { error: m.admin_users_error_self() });
}

export const actions: Actions = {
	role: async (event) => {
		const admin = requireAllowed(event.locals, event.url, 'users:manage');
		const { role } = textFields(await event.request.formData(), ['role']);
		if (!isStaffRole(role)) return fail(400, { error: m.admin_error_role_invalid() });
		return answer(
			event,
			await users.setRole(getRuntime().database.db, admin, event.params.userId, role)
		);
	},
	disable: async (event) => {
		const admin = requireAllowed(event.locals, event.url, 'users:manage');
		return answer(
			event,
			await users.setDisabled(getRuntime().database.db, admin, event.params.userId, true)
		);
	},
	enable: async (event) => {
		const admin = requireAllowed(event.locals, event.url, 'users:manage');
		return answer(
			event,
			await users.setDisabled(getRuntime().database.db, admin, event.params.userId, false)
		);
	},
	/** Ends every session of the account (the admin's own current one survives). */
	sessions: async (event) => {
		requireAllowed(event.locals, event.url, 'users:manage');
		const result = await users.endSessions(
			getRuntime().database.db,
			event.params.userId,
			event.locals.sessionId
		);
		if (!result.ok) notFound();
		redirect(303, `${event.url.pathname}?ended=${result.ended}`);
	},
	/**
	 * Sets a new password, which ends every session of the account. Not for the admin's own account:
	 * that is "My account", which asks for the current password first.
	 */
	password: async (event) => {
		const admin = requireAllowed(event.locals, event.url, 'users:manage');
		if (event.params.userId === admin.id) return fail(400, { error: m.security_reset_self() });
		const { password } = textFields(await event.request.formData(), ['password']);
		const result = await users.setPassword(getRuntime().database.db, event.params.userId, password);
		if (!result.ok) {
			if (result.problem === 'not-found') notFound();
			return fail(400, { passwordError: userErrors({ password: result.problem }).password });
		}
		redirect(303, `${event.url.pathname}?password=1`);
	}
};
