import { error } from '@sveltejs/kit';
import { can } from '$lib/domain/access';
import { parseFilters, toSearchParams } from '$lib/domain/proposal/review-filters';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { bilingual } from '$lib/domain/languages';
import { filterMessage } from '$lib/proposals/review-failures';
import { requireStaff } from '$lib/server/guards';
import * as list from '$lib/server/proposals/list';
import * as board from '$lib/server/review/kanban';
import { filterOptions } from '$lib/server/review/options';
import { getRuntime } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

/**
 * `/staff/review/board`: the review's proposals as a kanban by stage, over the same query as the
 * ranking. Moves go through `POST /api/proposals/<id>/transitions`, as on the proposal's page.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireStaff(locals, url);
	if (!can(user, 'proposals:review')) error(403, m.review_error_forbidden());
	const runtime = getRuntime();
	const db = runtime.database.db;
	const locale = bilingual(getLocale());
	const [options, mergeTargets] = await Promise.all([
		filterOptions(db, locale),
		list.mergeTargets(db, null)
	]);
	const parsed = parseFilters(url.searchParams);
	if (!parsed.ok)
		return {
			options,
			mergeTargets,
			filterError: filterMessage(parsed.field, parsed.problem, parsed.value),
			filters: null,
			query: '',
			kanban: null
		};
	const query = toSearchParams(parsed.filters).toString();
	const result = await board.kanban(db, parsed.filters, {
		timeZone: runtime.config.timeZone,
		locale
	});
	if (!result.ok)
		return {
			options,
			mergeTargets,
			filterError: filterMessage(result.field, result.problem, result.value),
			filters: parsed.filters,
			query,
			kanban: null
		};
	return {
		options,
		mergeTargets,
		filterError: null,
		filters: parsed.filters,
		query,
		kanban: { total: result.total, columns: result.columns }
	};
};
