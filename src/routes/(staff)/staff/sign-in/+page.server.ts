import { tooManyAttempts } from '$lib/i18n/retry';
import { fail, redirect } from '@sveltejs/kit';
import { safeRedirectTarget } from '$lib/domain/redirect';
import { textFields } from '$lib/form-errors';
import { m } from '$lib/paraglide/messages';
import * as auth from '$lib/server/auth/sign-in';
import { getRuntime } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';
import * as sessions from '$lib/server/auth/sessions';

export const load: PageServerLoad = ({ locals, url }) => {
	const next = url.searchParams.get('next') ?? '';
	if (locals.user) redirect(303, safeRedirectTarget(next, '/staff'));
	return { next, signedOut: url.searchParams.has('signed-out') };
};

export const actions: Actions = {
	default: async ({ request, cookies, url, locals, getClientAddress }) => {
		const form = await request.formData();
		const { email, password, next } = textFields(form, ['email', 'password', 'next']);
		// The password is never sent back to the page.
		if (!email.trim() || !password) {
			return fail(400, {
				email,
				errors: {
					email: email.trim() ? undefined : m.staff_sign_in_error_email_missing(),
					password: password ? undefined : m.staff_sign_in_error_password_missing()
				}
			});
		}
		const result = await auth.signIn(getRuntime(), {
			email,
			password,
			address: getClientAddress(),
			currentSessionId: locals.sessionId,
			cookies,
			secure: sessions.isSecure(url)
		});
		if (result.ok) redirect(303, safeRedirectTarget(next, '/staff'));
		if (result.reason === 'rate-limited') {
			return fail(429, { email, message: tooManyAttempts(result.retryAfter) });
		}
		return fail(401, { email, message: m.staff_sign_in_error_invalid() });
	}
};
