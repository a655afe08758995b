import { fail, redirect } from '@sveltejs/kit';
import { textFields } from '$lib/form-errors';
import { notFound, requireAllowed } from '$lib/server/guards';
import * as services from '$lib/server/reference/services';
import { getRuntime } from '$lib/server/runtime';
import { retireActions } from '../../retire-actions';
import { serviceErrors } from '../../wording';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	requireAllowed(locals, url, 'services:manage');
	const service = await services.get(getRuntime().database.db, params.serviceId);
	if (!service) notFound();
	return { service, saved: url.searchParams.has('saved') };
};

/** Every action: admins only. The service answers "not found" for a malformed id. */
function guard(event: RequestEvent) {
	requireAllowed(event.locals, event.url, 'services:manage');
	return event.params.serviceId;
}

export const actions: Actions = {
	save: async (event) => {
		const id = guard(event);
		const values = textFields(await event.request.formData(), ['nameIt', 'nameEn']);
		const result = await services.rename(getRuntime().database.db, id, values);
		if (result.ok) redirect(303, `${event.url.pathname}?saved=1`);
		if ('notFound' in result) notFound();
		return fail(400, { values, errors: serviceErrors(result.errors) });
	},
	...retireActions('services:manage', 'serviceId', services.setRetired)
};
