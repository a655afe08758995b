import { json } from '@sveltejs/kit';
import { apiError } from '$lib/server/http';
import * as candidates from '$lib/server/proposals/candidates';
import { getRuntime } from '$lib/server/runtime';
import { proposalError } from '$lib/proposals/failures';
import type { RequestHandler } from './$types';

/**
 * `GET /api/boards/<boardId>/proposals` → `200 {"promoted": [{"itemId","proposalId","title",
 * "stage"}]}`: the board's notes and clusters that became proposals, for the live room's
 * "proposta" badges. Staff who may see the board's workshop; anyone else 404, as for no board.
 */
export const GET: RequestHandler = async ({ params, locals }) => {
	const result = await candidates.promotedOn(getRuntime().database.db, locals, params.boardId);
	if (!result.ok) {
		const { error, message } = proposalError(result.code);
		return apiError(result.status, error, message);
	}
	return json({ promoted: result.promoted }, { headers: { 'Cache-Control': 'private, no-store' } });
};
