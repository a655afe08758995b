import { json } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { apiError, readJson } from '$lib/server/http';
import * as ratings from '$lib/server/review/ratings';
import { getRuntime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

/**
 * Added to DESIGN.md §4 (README "Contracts"): `PUT /api/proposals/<id>/rating`
 * `{"impact","feasibility","cost"}` (each 1-5, managers) → `200` with the proposal's ratings
 * summary; `DELETE` withdraws the caller's own rating.
 */
export const PUT: RequestHandler = async ({ params, request, locals }) => {
	const body = await readJson(request);
	if (!body.ok) return body.response;
	const db = getRuntime().database.db;
	const result = await ratings.rate(db, locals.user, params.proposalId, body.value);
	if (!result.ok) {
		if (result.code === 'forbidden')
			return apiError(403, 'forbidden', m.review_rating_error_forbidden());
		if (result.code === 'not_found')
			return apiError(404, 'not_found', m.review_rating_error_not_found());
		return json(
			{
				error: 'invalid_rating',
				message: m.review_rating_error_invalid(),
				fields: Object.fromEntries(
					Object.keys(result.errors).map((k) => [k, m.review_rating_error_invalid()])
				)
			},
			{ status: 400 }
		);
	}
	return json(await ratings.summary(db, params.proposalId, locals.user!.id));
};

export const DELETE: RequestHandler = async ({ params, locals }) => {
	const db = getRuntime().database.db;
	const result = await ratings.withdraw(db, locals.user, params.proposalId);
	if (!result.ok) return apiError(403, 'forbidden', m.review_rating_error_forbidden());
	return json(await ratings.summary(db, params.proposalId, locals.user!.id));
};
