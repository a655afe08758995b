import { json } from '@sveltejs/kit';
import { joinFailure } from '$lib/workshops/join-failures';
import { m } from '$lib/paraglide/messages';
import { apiError, readJson } from '$lib/server/http';
import { getRuntime } from '$lib/server/runtime';
import * as joining from '$lib/server/workshops/join';
import type { RequestHandler } from './$types';
import * as sessions from '$lib/server/auth/sessions';

/**
 * Contract (DESIGN.md §4): `POST /api/workshops/<code>/join` with `{"name": "..."}` →
 * `200 {"participantId","workshopId","role"}` and a session cookie; unknown code 404, closed
 * workshop 410, bad name 400, too many failures 429 `rate_limited`; errors are `{"error","message"}`.
 * Added since: 429 `busy` when the workshop takes in too many newcomers at once.
 */
export const POST: RequestHandler = async (event) => {
	const body = await readJson(event.request);
	if (!body.ok) return body.response;
	if (typeof body.value !== 'object' || body.value === null || Array.isArray(body.value)) {
		return apiError(400, 'invalid_request', m.error_invalid_request());
	}
	const result = await joining.join(joining.contextOf(getRuntime()), {
		code: event.params.code,
		name: (body.value as { name?: unknown }).name,
		joiner: joining.joinerOf(event)
	});
	if (!result.ok) {
		const failure = joinFailure(result);
		const wait = failure.retryAfter ? { 'Retry-After': String(failure.retryAfter) } : undefined;
		return apiError(failure.status, failure.error, failure.message, wait);
	}
	joining.applyJoinSession(event.cookies, result, sessions.isSecure(event.url));
	return json(
		{ participantId: result.participantId, workshopId: result.workshopId, role: result.role },
		{ headers: { 'Cache-Control': 'no-store' } }
	);
};
