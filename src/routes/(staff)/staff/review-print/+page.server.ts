import { error } from '@sveltejs/kit';
import { inArray } from 'drizzle-orm';
import { can } from '$lib/domain/access';
import { parseFilters, toSearchParams } from '$lib/domain/proposal/review-filters';
import { formatDateTime } from '$lib/domain/time-zone';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { bilingual } from '$lib/domain/languages';
import { explain } from '$lib/proposals/explain';
import { filterMessage } from '$lib/proposals/review-failures';
import { proposals } from '$lib/server/db/schema/index';
import { requireStaff } from '$lib/server/guards';
import * as ranking from '$lib/server/review/ranking';
import { getRuntime } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

/** A printed meeting pack stops here; the CSV carries any number. */
const PRINT_MAX = 200;

/**
 * `/staff/review-print?<the ranking's query>`: the filtered ranking as a printable document for
 * a meeting, outside the staff frame so the pages carry only the proposals: each with its score
 * and sentence, stage, places, services and the problem it answers.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireStaff(locals, url);
	if (!can(user, 'proposals:review')) error(403, m.review_error_forbidden());
	const runtime = getRuntime();
	const db = runtime.database.db;
	const locale = bilingual(getLocale());
	const parsed = parseFilters(url.searchParams);
	if (!parsed.ok) error(400, filterMessage(parsed.field, parsed.problem, parsed.value));
	const ranked = await ranking.rank(db, parsed.filters, { timeZone: runtime.config.timeZone });
	if (!ranked.ok) error(400, filterMessage(ranked.field, ranked.problem, ranked.value));
	const rows = await ranking.describe(db, ranked.rows.slice(0, PRINT_MAX), locale, 1);
	const problems = rows.length
		? await db
				.select({ id: proposals.id, problem: proposals.problem })
				.from(proposals)
				.where(
					inArray(
						proposals.id,
						rows.map((r) => r.id)
					)
				)
		: [];
	const problemOf = new Map(problems.map((p) => [p.id, p.problem]));
	return {
		query: toSearchParams(parsed.filters).toString(),
		total: ranked.total,
		shown: rows.length,
		weights: ranked.weights.weights,
		printed: formatDateTime(new Date(), locale, runtime.config.timeZone),
		rows: rows.map((row) => ({
			id: row.id,
			position: row.position,
			title: row.title,
			stage: row.stage,
			score: row.score,
			explanation: explain(row, ranked.context, locale),
			branches: row.branches.map((b) => b.name),
			services: row.services.map((s) => s.name),
			workshop: row.workshop?.title ?? null,
			problem: problemOf.get(row.id) ?? ''
		}))
	};
};
