import { fail, redirect } from '@sveltejs/kit';
import { tooManyAttempts } from '$lib/i18n/retry';
import { textFields } from '$lib/form-errors';
import { m } from '$lib/paraglide/messages';
import { MIN_LENGTH } from '$lib/server/auth/passwords';
import * as sessions from '$lib/server/auth/sessions';
import * as auth from '$lib/server/auth/sign-in';
import { requireStaff } from '$lib/server/guards';
import { getRuntime } from '$lib/server/runtime';
import { userErrors } from '../admin/wording';
import type { Actions, PageServerLoad } from './$types';

/** "My account": any member of staff changes their own password here. */
export const load: PageServerLoad = ({ locals, url }) => {
	const user = requireStaff(locals, url);
	return { email: user.email, minPassword: MIN_LENGTH, changed: url.searchParams.has('changed') };
};

export const actions: Actions = {
	password: async ({ request, locals, url, cookies, getClientAddress }) => {
		const user = requireStaff(locals, url);
		const fields = textFields(await request.formData(), ['current', 'password']);
		const result = await auth.changePassword(getRuntime(), {
			user,
			currentPassword: fields.current,
			newPassword: fields.password,
			address: getClientAddress(),
			cookies,
			secure: sessions.isSecure(url)
		});
		if (result.ok) redirect(303, '/staff/account?changed=1');
		if (result.reason === 'rate-limited')
			return fail(429, { message: tooManyAttempts(result.retryAfter) });
		if (result.reason === 'wrong-password')
			return fail(400, { errors: { current: m.security_error_wrong_current() } });
		return fail(400, { errors: { password: userErrors({ password: result.reason }).password } });
	}
};
