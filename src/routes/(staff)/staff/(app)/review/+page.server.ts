import { error, fail } from '@sveltejs/kit';
import { can } from '$lib/domain/access';
import { parseBulk } from '$lib/domain/proposal/bulk';
import type { BulkProblem } from '$lib/domain/proposal/bulk';
import { parseFilters, toSearchParams } from '$lib/domain/proposal/review-filters';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { bilingual } from '$lib/domain/languages';
import { explain } from '$lib/proposals/explain';
import { filterMessage, weightMessages } from '$lib/proposals/review-failures';
import { requireStaff } from '$lib/server/guards';
import * as bulk from '$lib/server/review/bulk';
import * as ranking from '$lib/server/review/ranking';
import { proposalError } from '$lib/proposals/failures';
import { filterOptions } from '$lib/server/review/options';
import * as weights from '$lib/server/review/weights';
import { getRuntime } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

/** Rows per page: a meeting's worth; the CSV carries the whole view. */
const PAGE_SIZE = 25;

/**
 * `/staff/review`: the managers' ranked proposals. The view lives in the URL (the same query as
 * `GET /api/proposals`), so a filtered ranking is shared by sending its address.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireStaff(locals, url);
	if (!can(user, 'proposals:review')) error(403, m.review_error_forbidden());
	const runtime = getRuntime();
	const db = runtime.database.db;
	const locale = bilingual(getLocale());
	const [options, history] = await Promise.all([
		filterOptions(db, locale),
		weights.history(db, 10)
	]);
	const parsed = parseFilters(url.searchParams);
	const pageNumber = Math.max(1, Math.min(10_000, Number(url.searchParams.get('page')) || 1));
	// Cards (with each score's sentence) or a dense table; kept in the address like the filters.
	const view: 'cards' | 'table' = url.searchParams.get('view') === 'table' ? 'table' : 'cards';
	const base = { options, history, pageSize: PAGE_SIZE, page: pageNumber, view };
	if (!parsed.ok)
		return {
			...base,
			filterError: filterMessage(parsed.field, parsed.problem, parsed.value),
			filters: null,
			query: '',
			ranked: null
		};
	const ranked = await ranking.rank(db, parsed.filters, { timeZone: runtime.config.timeZone });
	const query = toSearchParams(parsed.filters).toString();
	if (!ranked.ok)
		return {
			...base,
			filterError: filterMessage(ranked.field, ranked.problem, ranked.value),
			filters: parsed.filters,
			query,
			ranked: null
		};
	const first = (pageNumber - 1) * PAGE_SIZE;
	const rows = await ranking.describe(
		db,
		ranked.rows.slice(first, first + PAGE_SIZE),
		locale,
		first + 1
	);
	return {
		...base,
		filterError: null,
		filters: parsed.filters,
		query,
		ranked: {
			total: ranked.total,
			weights: ranked.weights,
			context: ranked.context,
			rows: rows.map((row) => ({ ...row, explanation: explain(row, ranked.context, locale) }))
		}
	};
};

export const actions: Actions = {
	weights: async ({ locals, url, request }) => {
		const user = requireStaff(locals, url);
		const form = await request.formData();
		const input = Object.fromEntries(
			['votes', 'supports', 'impact', 'feasibility', 'cost', 'reach'].map((k) => [
				k,
				String(form.get(k) ?? '')
			])
		);
		const result = await weights.set(getRuntime().database.db, user, {
			weights: input,
			note: String(form.get('note') ?? '')
		});
		if (!result.ok) {
			if (result.code === 'forbidden') error(403, m.review_weights_error_forbidden());
			return fail(400, {
				weights: input,
				note: String(form.get('note') ?? ''),
				errors: weightMessages(result.errors),
				message: m.review_weights_error_invalid()
			});
		}
		return { saved: result.changed };
	},
	/** Shortlists or archives the ticked proposals, each through the stage rules on its own. */
	bulk: async ({ locals, url, request }) => {
		const user = requireStaff(locals, url);
		const form = await request.formData();
		const reason = String(form.get('reason') ?? '');
		const parsed = parseBulk(form.get('action'), form.getAll('id'), reason);
		if (!parsed.ok) return fail(400, { bulkError: bulkMessage(parsed.problem), reason });
		const outcome = await bulk.apply(getRuntime(), user, parsed);
		if ('forbidden' in outcome) error(403, m.review_bulk_error_forbidden());
		const to = parsed.action === 'shortlist' ? 'shortlisted' : 'archived';
		return {
			bulk: {
				action: parsed.action,
				moved: outcome.moved.length,
				refused: outcome.refused.map((r) => ({
					id: r.id,
					text: r.title
						? m.review_bulk_refused_item({
								title: r.title,
								reason: proposalError(r.code, { from: r.from, to }).message
							})
						: m.review_bulk_gone()
				}))
			}
		};
	}
};

function bulkMessage(problem: BulkProblem): string {
	return {
		'none-selected': m.review_bulk_error_none_selected,
		'too-many': m.review_bulk_error_too_many,
		'unknown-action': m.review_bulk_error_unknown_action,
		'reason-required': m.review_bulk_error_reason_required,
		'reason-too-long': m.review_bulk_error_reason_too_long
	}[problem]();
}
