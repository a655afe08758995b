import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { notFound, requireStaff } from '$lib/server/guards';
import * as joinLink from '$lib/server/workshops/join-link';
import * as workshops from '$lib/server/workshops/workshops';
import { getRuntime } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

/**
 * The facilitator's live room: the canvas of the current board and the controls. Staff who run
 * this workshop only (the actions endpoint checks every action again).
 */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const user = requireStaff(locals, url);
	const workshop = await workshops.getForStaff(getRuntime().database.db, user, params.workshopId);
	if (!workshop) notFound();
	if (!workshop.canEdit)
		error(403, { message: m.staff_control_error_forbidden(), code: 'forbidden' });
	const link = joinLink.joinUrl(url.origin, workshop.code);
	return {
		user: { id: user.id, name: user.name },
		workshop: {
			id: workshop.id,
			title: workshop.title,
			code: workshop.code,
			status: workshop.status,
			branchId: workshop.branchId
		},
		join: { url: link, short: joinLink.shortJoinUrl(url.origin, workshop.code) }
	};
};
