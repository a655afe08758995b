import { json } from '@sveltejs/kit';
import { apiError, readJson } from '$lib/server/http';
import * as residents from '$lib/server/proposals/residents';
import { getRuntime } from '$lib/server/runtime';
import { residentError } from '$lib/proposals/resident-failures';
import type { RequestHandler } from './$types';

/**
 * Added to the contract: `POST /api/proposals/<id>/comments/<commentId>/hide` `{"reason"}` (staff
 * who may edit the proposal) → `200 {"id","hidden":{"reason","at"}}`. Its author still sees it,
 * with the reason; nobody else does. Others 403, no reason 400.
 */
export const POST: RequestHandler = async ({ params, request, locals }) => {
	const body = await readJson(request);
	if (!body.ok) return body.response;
	const result = await residents.hideComment(
		getRuntime().database.db,
		locals,
		params.proposalId,
		params.commentId,
		body.value
	);
	if (!result.ok) {
		const { error, message } = residentError(result.code);
		return apiError(result.status, error, message);
	}
	return json({ id: result.id, hidden: result.hidden });
};
