import { fail, redirect } from '@sveltejs/kit';
import { formatDateTime } from '$lib/domain/time-zone';
import { textFields } from '$lib/form-errors';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { notFound, requireStaff } from '$lib/server/guards';
import * as joinLink from '$lib/server/workshops/join-link';
import * as workshops from '$lib/server/workshops/workshops';
import { getRuntime } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const user = requireStaff(locals, url);
	const { database, config } = getRuntime();
	const workshop = await workshops.getForStaff(database.db, user, params.workshopId);
	if (!workshop) notFound();
	const { startsAt, ...rest } = workshop;
	const link = joinLink.joinUrl(url.origin, workshop.code);
	return {
		workshop: {
			...rest,
			startsAt: startsAt?.toISOString() ?? null,
			when: startsAt ? formatDateTime(startsAt, getLocale(), config.timeZone) : null
		},
		join: {
			url: link,
			short: joinLink.shortJoinUrl(url.origin, workshop.code),
			qr: await joinLink.qrSvg(link)
		},
		created: url.searchParams.has('created')
	};
};

export const actions: Actions = {
	/** Moves the workshop to its next status; closing needs `confirm=yes`. */
	status: async ({ request, locals, url, params }) => {
		const user = requireStaff(locals, url);
		const { to, confirm } = textFields(await request.formData(), ['to', 'confirm']);
		const result = await workshops.setStatus(
			getRuntime().database.db,
			user,
			params.workshopId,
			to,
			confirm === 'yes'
		);
		if (result.ok) redirect(303, `/staff/workshops/${params.workshopId}`);
		if (result.problem === 'not-found') notFound();
		if (result.problem === 'needs-confirmation') {
			return fail(400, { statusError: m.staff_workshop_status_error_confirm() });
		}
		return fail(409, { statusError: m.staff_workshop_status_error_not_possible() });
	}
};
