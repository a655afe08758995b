import { notFound, requireStaff } from '$lib/server/guards';
import * as joinLink from '$lib/server/workshops/join-link';
import * as workshops from '$lib/server/workshops/workshops';
import { getRuntime } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

/**
 * The projector's view. Staff only for now (those who may see the workshop); everything live
 * (activity, board, timer, results) comes from the control and board documents in the browser.
 */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const user = requireStaff(locals, url);
	const workshop = await workshops.getForStaff(getRuntime().database.db, user, params.workshopId);
	if (!workshop) notFound();
	const link = joinLink.joinUrl(url.origin, workshop.code);
	return {
		workshop: {
			id: workshop.id,
			title: workshop.title,
			code: workshop.code,
			status: workshop.status
		},
		join: {
			url: link,
			host: url.host,
			path: `/j/${workshop.code}`,
			qr: await joinLink.qrSvg(link)
		}
	};
};
