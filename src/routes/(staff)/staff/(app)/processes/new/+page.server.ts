import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { requireAllowed } from '$lib/server/guards';
import * as processes from '$lib/server/workshops/processes';
import * as branches from '$lib/server/reference/branches';
import { getRuntime } from '$lib/server/runtime';
import { processErrors, processValues } from '../wording';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireAllowed(locals, url, 'process:create');
	return { branches: await branches.options(getRuntime().database.db) };
};

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		const user = requireAllowed(locals, url, 'process:create');
		const values = processValues(await request.formData());
		const result = await processes.create(getRuntime().database.db, user, values);
		if (result.ok) redirect(303, `/staff#process-${result.id}`);
		if ('denied' in result) error(403, m.error_not_allowed());
		return fail(400, { values, errors: processErrors(result.errors) });
	}
};
