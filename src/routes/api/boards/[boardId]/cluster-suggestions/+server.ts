import { json } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import * as suggestions from '$lib/server/clustering/suggestions';
import { apiError } from '$lib/server/http';
import { getRuntime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';
import { bilingual } from '$lib/domain/languages';

/**
 * `POST /api/boards/<boardId>/cluster-suggestions` (no body) → `200 {"suggestions": [{"label",
 * "noteIds", "terms"}]}`, groups of the board's visible, not yet clustered notes that share words,
 * for the facilitator to accept, rename or discard. Staff who run the board's workshop only:
 * residents and visitors 403, staff of another workshop 404 as for an unknown board (like the
 * other board endpoints for staff), a closed workshop 410. POST, not GET: it is worked out afresh
 * each time and never cached.
 */
export const POST: RequestHandler = async ({ params, locals }) => {
	const result = await suggestions.suggest(
		getRuntime(),
		locals,
		params.boardId,
		bilingual(getLocale())
	);
	if (!result.ok) return failed(result);
	const body = result.suggestions.map(({ label, noteIds, terms }) => ({ label, noteIds, terms }));
	return json({ suggestions: body }, { headers: { 'Cache-Control': 'no-store' } });
};

function failed(failure: suggestions.SuggestionFailure): Response {
	const message =
		failure.code === 'board-not-found'
			? m.canvas_error_board_not_found()
			: failure.code === 'workshop-closed'
				? m.canvas_error_workshop_closed()
				: m.canvas_error_forbidden();
	return apiError(failure.status, failure.code.replaceAll('-', '_'), message);
}
