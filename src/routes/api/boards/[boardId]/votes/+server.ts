import { json } from '@sveltejs/kit';
import { voteError } from '$lib/voting/vote-failures';
import { apiError, rateLimited, readJson } from '$lib/server/http';
import { getRuntime } from '$lib/server/runtime';
import * as votes from '$lib/server/voting/votes';
import type { RequestHandler } from './$types';

/**
 * Contract (DESIGN.md §4): `POST /api/boards/<boardId>/votes` with `{"itemId","delta": 1 | -1}` →
 * `200 {"remaining": n}`; over budget or over the per-item cap 409, voting not open 423, not a
 * participant (no session included) 403, bad body 400. Added: `GET` → the person's own dots,
 * `{"remaining","budget","maxPerItem","votes":{itemId: count}}`. More than
 * `VOTES_PER_SESSION_PER_MINUTE` taps from one session → 429 `rate_limited` with Retry-After.
 */
export const POST: RequestHandler = async ({ params, request, locals, getClientAddress }) => {
	const runtime = getRuntime();
	// Every tap counts, refused ones too: a flood of bad bodies costs as much as good ones. Without a
	// session (refused below anyway) the address is the key.
	const wait = await runtime.limits.votesBySession.take(
		locals.sessionId ?? `address ${getClientAddress()}`
	);
	if (wait > 0) return rateLimited(wait);
	const body = await readJson(request);
	if (!body.ok) return body.response;
	const result = await votes.cast(runtime, locals, params.boardId, body.value);
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
