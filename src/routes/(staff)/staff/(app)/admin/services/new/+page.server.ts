import { fail, redirect } from '@sveltejs/kit';
import { textFields } from '$lib/form-errors';
import { requireAllowed } from '$lib/server/guards';
import * as services from '$lib/server/reference/services';
import { getRuntime } from '$lib/server/runtime';
import { serviceErrors } from '../../wording';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	requireAllowed(locals, url, 'services:manage');
};

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		requireAllowed(locals, url, 'services:manage');
		const values = textFields(await request.formData(), ['slug', 'nameIt', 'nameEn']);
		const result = await services.create(getRuntime().database.db, values);
		if (!result.ok) return fail(400, { values, errors: serviceErrors(result.errors) });
		redirect(303, '/staff/admin/services?created=1');
	}
};
