import { json } from '@sveltejs/kit';
import { voteError } from '$lib/voting/vote-failures';
import { apiError, readJson } from '$lib/server/http';
import { getRuntime } from '$lib/server/runtime';
import * as votes from '$lib/server/voting/votes';
import type { RequestHandler } from './$types';

/**
 * `POST /api/boards/<boardId>/paper-votes` with `{"itemId","count"}` (the workshop's facilitators,
 * managers, admins) → `200 {"itemId","count"}`; the count replaces the one entered before. Bad
 * body or count 400, residents and visitors 403, staff of another workshop 404 as for an unknown
 * board, unknown item 404, hidden note 409, workshop closed 410, results already revealed 423.
 */
export const POST: RequestHandler = async ({ params, request, locals }) => {
	const body = await readJson(request);
	if (!body.ok) return body.response;
	const result = await votes.enterPaper(getRuntime(), locals, params.boardId, body.value);
	if (!result.ok) {
		const { error, message } = voteError(result);
		return apiError(result.status, error, message);
	}
	return json(
		{ itemId: result.itemId, count: result.count },
		{ headers: { 'Cache-Control': 'no-store' } }
	);
};
