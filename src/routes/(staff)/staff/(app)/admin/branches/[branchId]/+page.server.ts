import { fail, redirect } from '@sveltejs/kit';
import { textFields } from '$lib/form-errors';
import { m } from '$lib/paraglide/messages';
import { notFound, requireAllowed } from '$lib/server/guards';
import * as branches from '$lib/server/reference/branches';
import { getRuntime } from '$lib/server/runtime';
import { retireActions } from '../../retire-actions';
import { branchErrors } from '../../wording';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	requireAllowed(locals, url, 'branches:manage');
	const db = getRuntime().database.db;
	const branch = await branches.get(db, params.branchId);
	if (!branch) notFound();
	return {
		branch,
		municipi: await branches.listMunicipi(db),
		saved: url.searchParams.has('saved')
	};
};

/** Every action: admins only. The service answers "not found" for a malformed id. */
function guard(event: RequestEvent) {
	requireAllowed(event.locals, event.url, 'branches:manage');
	return event.params.branchId;
}

export const actions: Actions = {
	save: async (event) => {
		const id = guard(event);
		const values = textFields(await event.request.formData(), ['name', 'kind', 'municipio']);
		const result = await branches.update(getRuntime().database.db, id, values);
		if (result.ok) redirect(303, `${event.url.pathname}?saved=1`);
		if ('notFound' in result) notFound();
		return fail(400, { values, errors: branchErrors(result.errors) });
	},
	...retireActions('branches:manage', 'branchId', branches.setRetired),
	/** Only for a branch nothing refers to; one in use must be retired instead. */
	delete: async (event) => {
		const id = guard(event);
		const result = await branches.remove(getRuntime().database.db, id);
		if (result.ok) redirect(303, '/staff/admin/branches');
		if (result.problem === 'not-found') notFound();
		return fail(409, { deleteError: m.admin_branches_error_in_use() });
	}
};
