import { fail, redirect } from '@sveltejs/kit';
import { notFound, requireStaff } from '$lib/server/guards';
import * as processes from '$lib/server/workshops/processes';
import * as branches from '$lib/server/reference/branches';
import { getRuntime } from '$lib/server/runtime';
import { processErrors, processValues } from '../../wording';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const user = requireStaff(locals, url);
	const db = getRuntime().database.db;
	// Someone who may not edit it is told it does not exist (RELIABILITY.md case 36).
	const process = await processes.getForEdit(db, user, params.processId);
	if (!process) notFound();
	return { process, branches: await branches.options(db, process.branchIds) };
};

export const actions: Actions = {
	default: async ({ request, locals, url, params }) => {
		const user = requireStaff(locals, url);
		const values = processValues(await request.formData());
		const result = await processes.update(getRuntime().database.db, user, params.processId, values);
		if (result.ok) redirect(303, `/staff#process-${params.processId}`);
		if ('denied' in result) notFound();
		return fail(400, { values, errors: processErrors(result.errors) });
	}
};
