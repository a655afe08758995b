import { json } from '@sveltejs/kit';
import { voteError } from '$lib/voting/vote-failures';
import { apiError, readJson } from '$lib/server/http';
import { getRuntime } from '$lib/server/runtime';
import * as votes from '$lib/server/voting/votes';
import type { RequestHandler } from './$types';

/**
 * Contract (DESIGN.md §4): `POST /api/boards/<boardId>/votes` with `{"itemId","delta": 1 | -1}` →
 * `200 {"remaining": n}`; over budget or over the per-item cap 409, voting not open 423, not a
 * participant (no session included) 403, bad body 400. Added: `GET` → the person's own dots,
 * `{"remaining","budget","maxPerItem","votes":{itemId: count}}`.
 */
export const POST: RequestHandler = async ({ params, request, locals }) => {
	const body = await readJson(request);
	if (!body.ok) return body.response;
	const result = await votes.cast(getRuntime(), locals, params.boardId, body.value);
	if (!result.ok) return failed(result);
	return json({ remaining: result.remaining }, { headers: { 'Cache-Control': 'no-store' } });
};

/** The person's own dots on the board, for the phone's voting screen. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const result = await votes.readMine(getRuntime().database.db, locals, params.boardId);
	if (!result.ok) return failed(result);
	return json(result.votes, { headers: { 'Cache-Control': 'private, no-store' } });
};

/** The JSON error for a refused vote, in the request's language. */
function failed(failure: votes.VoteFailure): Response {
	const { error, message } = voteError(failure);
	return apiError(failure.status, error, message);
}
