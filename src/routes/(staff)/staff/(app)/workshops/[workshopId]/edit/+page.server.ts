import { fail, redirect } from '@sveltejs/kit';
import { instantToLocalInput } from '$lib/domain/time-zone';
import { notFound, requireStaff } from '$lib/server/guards';
import * as processes from '$lib/server/workshops/processes';
import * as workshops from '$lib/server/workshops/workshops';
import * as branches from '$lib/server/reference/branches';
import { getRuntime } from '$lib/server/runtime';
import * as users from '$lib/server/staff/users';
import { workshopErrors, workshopValues } from '../../wording';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const user = requireStaff(locals, url);
	const { database, config } = getRuntime();
	const db = database.db;
	const workshop = await workshops.getForStaff(db, user, params.workshopId);
	if (!workshop || !workshop.canEdit) notFound();
	const facilitatorIds = workshop.facilitators.map((f) => f.id);
	return {
		workshop: { id: workshop.id, title: workshop.title },
		processes: await processes.listForSelect(db),
		branches: await branches.options(db, workshop.branchId ? [workshop.branchId] : []),
		people: await users.listAssignable(db, facilitatorIds),
		timeZone: config.timeZone,
		initial: {
			processId: workshop.processId,
			title: workshop.title,
			startsAt: workshop.startsAt ? instantToLocalInput(workshop.startsAt, config.timeZone) : '',
			placeKind: workshop.branchId ? 'branch' : 'other',
			branchId: workshop.branchId ?? '',
			placeText: workshop.placeText ?? '',
			facilitatorIds,
			welcomeText: workshop.welcomeText
		}
	};
};

export const actions: Actions = {
	default: async ({ request, locals, url, params }) => {
		const user = requireStaff(locals, url);
		const { database, config } = getRuntime();
		const values = workshopValues(await request.formData());
		const result = await workshops.update(
			database.db,
			user,
			params.workshopId,
			values,
			config.timeZone
		);
		// Someone who took themself off the workshop can no longer open it: back to the dashboard.
		if (result.ok) {
			const stillVisible = await workshops.getForStaff(database.db, user, params.workshopId);
			redirect(303, stillVisible ? `/staff/workshops/${params.workshopId}` : '/staff');
		}
		if ('denied' in result) notFound();
		return fail(400, { values, errors: workshopErrors(result.errors) });
	}
};
