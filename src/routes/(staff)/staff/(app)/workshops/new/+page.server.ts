import { error, fail, redirect } from '@sveltejs/kit';
import { isUuid } from '$lib/domain/ids';
import { m } from '$lib/paraglide/messages';
import { requireAllowed } from '$lib/server/guards';
import * as processes from '$lib/server/workshops/processes';
import * as workshops from '$lib/server/workshops/workshops';
import * as branches from '$lib/server/reference/branches';
import { getRuntime } from '$lib/server/runtime';
import * as users from '$lib/server/staff/users';
import { workshopErrors, workshopValues } from '../wording';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireAllowed(locals, url, 'workshop:create');
	const { database, config } = getRuntime();
	const db = database.db;
	const processList = await processes.listForSelect(db);
	const branchOptions = await branches.options(db);

	// Coming from a process card: that process is chosen, and its first active branch offered.
	const wanted = url.searchParams.get('process');
	const processId = processList.some((p) => p.id === wanted) ? wanted! : '';
	const processBranches = isUuid(processId)
		? ((await processes.branchesOf(db, [processId])).get(processId) ?? [])
		: [];
	const branchId = processBranches.find((b) => !b.retired)?.id ?? '';

	return {
		processes: processList,
		branches: branchOptions,
		people: await users.listAssignable(db),
		timeZone: config.timeZone,
		initial: {
			processId,
			title: '',
			startsAt: '',
			placeKind: 'branch',
			branchId,
			placeText: '',
			// The creator runs the workshop unless they choose otherwise.
			facilitatorIds: [user.id],
			welcomeText: ''
		}
	};
};

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		const user = requireAllowed(locals, url, 'workshop:create');
		const { database, config } = getRuntime();
		const values = workshopValues(await request.formData());
		const result = await workshops.create(database.db, user, values, config.timeZone);
		if (result.ok) redirect(303, `/staff/workshops/${result.id}?created=1`);
		if ('denied' in result) error(403, m.error_not_allowed());
		return fail(400, { values, errors: workshopErrors(result.errors) });
	}
};
