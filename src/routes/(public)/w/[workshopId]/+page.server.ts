import { error } from '@sveltejs/kit';
import { formatDateTime, formatDay } from '$lib/domain/time-zone';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import * as published from '$lib/server/proposals/published';
import { getRuntime } from '$lib/server/runtime';
import * as outcomes from '$lib/server/workshops/outcomes';
import type { PageServerLoad } from './$types';

/** Public: anyone may see what a workshop was and what came of it. */
export const load: PageServerLoad = async ({ params }) => {
	const { database, config } = getRuntime();
	const found = await outcomes.get(database.db, params.workshopId);
	if (!found) error(404, { message: m.error_not_found(), code: 'not_found' });
	const { workshop } = found;
	const locale = getLocale();
	const proposals = await published.forWorkshop(database.db, workshop.id);
	return {
		...found,
		when: workshop.startsAt
			? formatDateTime(workshop.startsAt, locale, config.timeZone, 'long')
			: null,
		proposals: proposals.map((proposal) => ({
			...proposal,
			lastChange: formatDay(new Date(proposal.lastChangeAt), locale, config.timeZone)
		}))
	};
};
