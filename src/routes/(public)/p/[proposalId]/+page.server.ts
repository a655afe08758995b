import { error } from '@sveltejs/kit';
import { formatCalendarDay, formatDateTime } from '$lib/domain/time-zone';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { bilingual } from '$lib/domain/languages';
import * as published from '$lib/server/proposals/published';
import * as residents from '$lib/server/proposals/residents';
import { getRuntime } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

/**
 * Public: anyone may follow what became of an idea, without signing in. Residents who took part
 * in a workshop may also follow it, support it and comment. Staff signed in see the
 * same public page here (their working page is under /staff/proposals).
 */
export const load: PageServerLoad = async ({ params, setHeaders, locals }) => {
	const runtime = getRuntime();
	const locale = getLocale();
	// Branch and service names exist in Italian and English only; dates speak every language.
	const found = await published.page(runtime, params.proposalId, bilingual(locale));
	if (!found) error(404, { message: m.proposal_error_not_found(), code: 'not_found' });
	// The page changes whenever staff act; caches must ask again, but may keep a copy meanwhile.
	setHeaders({ 'cache-control': 'no-cache' });
	const { plan } = found.proposal;
	// What this viewer may do here as a resident: follow, support, comment (staff: moderate).
	const db = runtime.database.db;
	const viewer = await residents.stateFor(db, locals, params.proposalId);
	const comments = await residents.listComments(db, locals, params.proposalId);
	return {
		...found,
		viewer,
		comments: comments.ok ? comments.comments : [],
		timeZone: runtime.config.timeZone,
		workshopWhen: found.workshop?.startsAt
			? formatDateTime(found.workshop.startsAt, locale, runtime.config.timeZone, 'long')
			: null,
		planDates: plan
			? {
					start: formatCalendarDay(plan.startsOn, locale),
					end: formatCalendarDay(plan.endsOn, locale)
				}
			: null
	};
};
