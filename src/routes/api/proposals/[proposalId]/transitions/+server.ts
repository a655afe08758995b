import { json } from '@sveltejs/kit';
import { isStage } from '$lib/domain/proposal/stages';
import { apiError, readJson } from '$lib/server/http';
import * as notifications from '$lib/server/notifications/outbox';
import * as transitions from '$lib/server/proposals/transitions';
import { getRuntime } from '$lib/server/runtime';
import { proposalError } from '$lib/proposals/failures';
import type { RequestHandler } from './$types';

/**
 * Contract (DESIGN.md §4): `POST /api/proposals/<id>/transitions` with
 * `{"to","note","plan"?,"evaluation"?,"intoId"?}` (managers) → `200 {"stage"}`; a move the stage
 * rules forbid 409, missing or wrong evidence 422, not a manager 403, no such proposal 404.
 */
export const POST: RequestHandler = async ({ params, request, locals }) => {
	const body = await readJson(request);
	if (!body.ok) return body.response;
	const runtime = getRuntime();
	const result = await transitions.move(runtime, locals, params.proposalId, body.value);
	if (!result.ok) {
		const to = (body.value as { to?: unknown } | null)?.to;
		const { error, message } = proposalError(result.code, {
			from: result.code === 'skips-stage' ? result.from : undefined,
			to: isStage(to) ? to : undefined
		});
		return apiError(result.status, error, message);
	}
	// Followers with an email were queued with the change; tell the sender not to wait its turn.
	notifications.nudge(runtime);
	return json({ stage: result.stage });
};
