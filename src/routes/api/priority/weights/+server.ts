import { json } from '@sveltejs/kit';
import { can } from '$lib/domain/access';
import { m } from '$lib/paraglide/messages';
import { apiError, readJson } from '$lib/server/http';
import * as weights from '$lib/server/review/weights';
import { getRuntime } from '$lib/server/runtime';
import { weightMessages } from '$lib/proposals/review-failures';
import type { RequestHandler } from './$types';

/**
 * Added to DESIGN.md §4 (README "Contracts"): `GET /api/priority/weights` (managers) → the weights
 * in force and their history, newest first; `PUT` `{"weights":{"votes","supports","impact",
 * "feasibility","cost","reach"},"note"?}` → `200 {"weights","changed"}`; bad weights 400 with
 * `fields`.
 */
export const GET: RequestHandler = async ({ locals }) => {
	if (!can(locals.user, 'priority:weigh'))
		return apiError(403, 'forbidden', m.review_weights_error_forbidden());
	const db = getRuntime().database.db;
	const [current, history] = await Promise.all([weights.current(db), weights.history(db)]);
	return json({ ...current, history }, { headers: { 'cache-control': 'private, no-store' } });
};

export const PUT: RequestHandler = async ({ request, locals }) => {
	if (!can(locals.user, 'priority:weigh'))
		return apiError(403, 'forbidden', m.review_weights_error_forbidden());
	const body = await readJson(request);
	if (!body.ok) return body.response;
	const input = (body.value && typeof body.value === 'object' ? body.value : {}) as Record<
		string,
		unknown
	>;
	const result = await weights.set(getRuntime().database.db, locals.user, {
		weights: input.weights,
		note: input.note
	});
	if (!result.ok) {
		if (result.code === 'forbidden')
			return apiError(403, 'forbidden', m.review_weights_error_forbidden());
		return json(
			{
				error: 'invalid_weights',
				message: m.review_weights_error_invalid(),
				fields: weightMessages(result.errors)
			},
			{ status: 400 }
		);
	}
	return json({ weights: result.weights, changed: result.changed });
};
