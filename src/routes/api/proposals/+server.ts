import { json } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { bilingual } from '$lib/domain/languages';
import { apiError, readJson } from '$lib/server/http';
import * as exporting from '$lib/server/review/export';
import * as ranking from '$lib/server/review/ranking';
import * as review from '$lib/server/review/request';
import { filterMessage } from '$lib/proposals/review-failures';
import * as promote from '$lib/server/proposals/promote';
import { getRuntime } from '$lib/server/runtime';
import { fieldMessages, proposalError } from '$lib/proposals/failures';
import type { RequestHandler } from './$types';

/**
 * Contract (DESIGN.md §4): `POST /api/proposals` with `{"title","problem","source":{"boardId",
 * "noteIds"?,"clusterId"?},"branchIds":[],"serviceSlugs":[]}` → `201 {"id"}`. Added: optional
 * `targetGroups` and `tags`; a 400 for bad fields carries `fields` (field → message).
 */
export const POST: RequestHandler = async ({ request, locals }) => {
	const body = await readJson(request);
	if (!body.ok) return body.response;
	const result = await promote.promote(getRuntime(), locals, body.value);
	if (!result.ok) {
		const { error, message } = proposalError(result.code);
		if (result.code === 'invalid')
			return json(
				{ error, message, fields: fieldMessages(result.errors) },
				{ status: result.status }
			);
		return apiError(result.status, error, message);
	}
	return json({ id: result.id }, { status: 201, headers: { Location: `/p/${result.id}` } });
};

/**
 * Contract (DESIGN.md §4): `GET /api/proposals?stage=&branch=&municipio=&service=&process=&q=
 * &sort=score` (managers) → the ranked list, each with its score and its explanation. Added:
 * `workshop`, `tag`, `from`, `to` filters, `sort=votes|age|change`, `offset`/`limit` pages, and
 * the weights and maxima the scores were computed with (README "Contracts").
 */
export const GET: RequestHandler = async ({ url, locals }) => {
	const started = performance.now();
	const locale = bilingual(getLocale());
	const asked = review.read(locals.user, url, locale);
	if (!asked.ok) return asked.response;
	const runtime = getRuntime();
	const db = runtime.database.db;
	const ranked = await ranking.rank(db, asked.filters, { timeZone: runtime.config.timeZone });
	if (!ranked.ok)
		return apiError(
			400,
			'invalid_filter',
			filterMessage(ranked.field, ranked.problem, ranked.value)
		);
	const rankedAt = performance.now();
	const proposals = await exporting.page(db, ranked, {
		offset: asked.offset,
		limit: asked.limit,
		locale,
		origin: url.origin
	});
	return json(
		{
			total: ranked.total,
			offset: asked.offset,
			limit: asked.limit,
			weights: ranked.weights.weights,
			weightsSetAt: ranked.weights.setAt,
			context: ranked.context,
			proposals
		},
		{
			headers: {
				'cache-control': 'private, no-store',
				'content-language': locale,
				// The server's own time (ranking, then the page's names), as `npm run bench` reads it.
				'server-timing': `rank;dur=${(rankedAt - started).toFixed(1)}, page;dur=${(performance.now() - rankedAt).toFixed(1)}`
			}
		}
	);
};
