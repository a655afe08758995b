import { error, fail, redirect } from '@sveltejs/kit';
import { isUuid } from '$lib/domain/ids';
import * as templates from '$lib/domain/workshop/templates';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { requireAllowed } from '$lib/server/guards';
import * as branches from '$lib/server/reference/branches';
import { getRuntime } from '$lib/server/runtime';
import * as listening from '$lib/server/workshops/listening';
import * as processes from '$lib/server/workshops/processes';
import { listeningErrors, listeningValues } from '../wording';
import type { Actions, PageServerLoad } from './$types';

/** A day as `<input type="date">` shows it, on the library's calendar. */
function dayIn(timeZone: string, date: Date): string {
	// en-CA writes dates as YYYY-MM-DD.
	return new Intl.DateTimeFormat('en-CA', { timeZone }).format(date);
}

export const load: PageServerLoad = async ({ locals, url }) => {
	requireAllowed(locals, url, 'workshop:create');
	const { database, config } = getRuntime();
	const db = database.db;
	const processList = await processes.listForSelect(db);
	// Coming from a process card: that process is chosen, and its first active branch offered.
	const wanted = url.searchParams.get('process');
	const processId = processList.some((p) => p.id === wanted) ? wanted! : '';
	const processBranches = isUuid(processId)
		? ((await processes.branchesOf(db, [processId])).get(processId) ?? [])
		: [];
	const now = new Date();
	return {
		processes: processList,
		branches: await branches.options(db),
		timeZone: config.timeZone,
		today: dayIn(config.timeZone, now),
		initial: {
			processId,
			title: '',
			question: '',
			placeKind: 'other',
			branchId: processBranches.find((b) => !b.retired)?.id ?? '',
			placeText: '',
			opensOn: dayIn(config.timeZone, now),
			// Two weeks: long enough for a market's weekly days, short enough to come back to.
			closesOn: dayIn(config.timeZone, new Date(now.getTime() + 13 * 24 * 60 * 60 * 1000))
		}
	};
};

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		const user = requireAllowed(locals, url, 'workshop:create');
		const runtime = getRuntime();
		const values = listeningValues(await request.formData());
		const locale = getLocale();
		const result = await listening.create(runtime, user, values, {
			timeZone: runtime.config.timeZone,
			locale: templates.isLocale(locale) ? locale : templates.DEFAULT_LOCALE
		});
		if (result.ok) redirect(303, `/staff/workshops/${result.id}?created=1`);
		if ('denied' in result) error(403, m.error_not_allowed());
		return fail(400, { values, errors: listeningErrors(result.errors) });
	}
};
