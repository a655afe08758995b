import { error } from '@sveltejs/kit';
import { can } from '$lib/domain/access';
import { parseFilters, toSearchParams } from '$lib/domain/proposal/review-filters';
import { lastYear } from '$lib/domain/review/period';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { bilingual } from '$lib/domain/languages';
import { filterMessage } from '$lib/proposals/review-failures';
import { requireStaff } from '$lib/server/guards';
import * as insights from '$lib/server/review/insights';
import { filterOptions } from '$lib/server/review/options';
import { getRuntime } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

/**
 * `/staff/review/places`: the branch × service heatmap and participation per branch, over one
 * period (the last twelve months unless the address says otherwise). The heatmap takes every
 * filter of the ranked list, so a cell opens the ranking of exactly its proposals.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireStaff(locals, url);
	if (!can(user, 'proposals:review')) error(403, m.review_error_forbidden());
	const runtime = getRuntime();
	const db = runtime.database.db;
	const locale = bilingual(getLocale());
	const timeZone = runtime.config.timeZone;
	const options = await filterOptions(db, locale);

	const params = new URLSearchParams(url.searchParams);
	const fallback = lastYear(new Date(), timeZone);
	if (!params.get('from')) params.set('from', fallback.from);
	if (!params.get('to')) params.set('to', fallback.to);
	const parsed = parseFilters(params);
	if (!parsed.ok)
		return {
			options,
			filterError: filterMessage(parsed.field, parsed.problem, parsed.value),
			filters: null,
			query: '',
			heatmap: null,
			participation: null
		};
	const filters = parsed.filters;
	const period = { from: filters.from!, to: filters.to! };
	const [map, participation] = await Promise.all([
		insights.heatmap(db, filters, { timeZone, locale }),
		insights.participation(runtime, period, timeZone, { municipi: filters.municipi })
	]);
	if (!map.ok)
		return {
			options,
			filterError: filterMessage(map.field, 'unknown', map.value),
			filters,
			query: toSearchParams(filters).toString(),
			heatmap: null,
			participation: null
		};
	return {
		options,
		filterError: null,
		filters,
		period,
		query: toSearchParams(filters).toString(),
		heatmap: map.heatmap,
		participation
	};
};
