import { fail, redirect } from '@sveltejs/kit';
import { textFields } from '$lib/form-errors';
import { requireAllowed } from '$lib/server/guards';
import * as branches from '$lib/server/reference/branches';
import { getRuntime } from '$lib/server/runtime';
import { branchErrors } from '../../wording';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireAllowed(locals, url, 'branches:manage');
	return { municipi: await branches.listMunicipi(getRuntime().database.db) };
};

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		requireAllowed(locals, url, 'branches:manage');
		const values = textFields(await request.formData(), ['slug', 'name', 'kind', 'municipio']);
		const result = await branches.create(getRuntime().database.db, values);
		if (!result.ok) return fail(400, { values, errors: branchErrors(result.errors) });
		redirect(303, '/staff/admin/branches?created=1');
	}
};
