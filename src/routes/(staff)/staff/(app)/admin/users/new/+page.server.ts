import { fail, redirect } from '@sveltejs/kit';
import { textFields } from '$lib/form-errors';
import { MIN_LENGTH } from '$lib/server/auth/passwords';
import { requireAllowed } from '$lib/server/guards';
import { getRuntime } from '$lib/server/runtime';
import * as users from '$lib/server/staff/users';
import { userErrors } from '../../wording';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	requireAllowed(locals, url, 'users:manage');
	return { minPassword: MIN_LENGTH };
};

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		requireAllowed(locals, url, 'users:manage');
		const form = await request.formData();
		const { name, email, role, password } = textFields(form, ['name', 'email', 'role', 'password']);
		// The password is never sent back to the page.
		const values = { name, email, role };
		const result = await users.create(getRuntime().database.db, { name, email, role, password });
		if (!result.ok) return fail(400, { values, errors: userErrors(result.errors) });
		redirect(303, '/staff/admin/users?created=1');
	}
};
