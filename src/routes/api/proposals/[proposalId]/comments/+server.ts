import { json } from '@sveltejs/kit';
import { apiError, rateLimited, readJson } from '$lib/server/http';
import * as residents from '$lib/server/proposals/residents';
import { getRuntime } from '$lib/server/runtime';
import { residentError } from '$lib/proposals/resident-failures';
import type { RequestHandler } from './$types';

/**
 * Added to the contract: `GET /api/proposals/<id>/comments` → `200 {"comments":[{"id","authorName",
 * "text","createdAt","mine","hidden":null|{"reason","at"}}],"moderator"}`, oldest first; a hidden
 * comment reaches only its author and the proposal's staff. `POST {"text"}` (1–1000 characters,
 * plain text) → `201 {"comment"}`; residents who took part in a workshop only; bad text 400,
 * too many comments 429.
 */
export const GET: RequestHandler = async ({ params, locals }) => {
	const result = await residents.listComments(getRuntime().database.db, locals, params.proposalId);
	if (!result.ok) {
		const { error, message } = residentError(result.code);
		return apiError(result.status, error, message);
	}
	return json(
		{ comments: result.comments, moderator: result.moderator },
		{ headers: { 'Cache-Control': 'private, no-store' } }
	);
};

export const POST: RequestHandler = async ({ params, request, locals }) => {
	const body = await readJson(request);
	if (!body.ok) return body.response;
	const runtime = getRuntime();
	// A flood guard per resident, counted before the text is judged: a script retrying bad input
	// is slowed down too. Visitors and staff are refused below without counting.
	if (locals.residentId && !locals.user) {
		const wait = await runtime.limits.commentsByResident.take(locals.residentId);
		if (wait > 0) return rateLimited(wait);
	}
	const result = await residents.addComment(
		runtime.database.db,
		locals,
		params.proposalId,
		body.value
	);
	if (!result.ok) {
		const { error, message } = residentError(result.code);
		return apiError(result.status, error, message);
	}
	return json({ comment: result.comment }, { status: 201 });
};
