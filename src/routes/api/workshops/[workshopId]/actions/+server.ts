import { json } from '@sveltejs/kit';
import { controlProblemMessage } from '$lib/workshops/control-failures';
import { m } from '$lib/paraglide/messages';
import { apiError, readJson } from '$lib/server/http';
import { getRuntime } from '$lib/server/runtime';
import * as control from '$lib/server/workshops/control';
import type { RequestHandler } from './$types';

/**
 * Contract (DESIGN.md §4): `POST /api/workshops/<workshopId>/actions` with one typed action →
 * `200` with the new control state (domain/workshop/control.ts `ControlState`); not one of this
 * workshop's facilitators (or a manager or admin) 403, invalid 400, not possible now 409 (a closed
 * workshop included); errors are `{"error": "<code>", "message"}` with the domain's code in
 * snake_case, plus
 * `"field"` for a 400 about one field. Managers and admins get 404 for an unknown workshop.
 */
export const POST: RequestHandler = async ({ params, locals, request }) => {
	const body = await readJson(request);
	if (!body.ok) return body.response;
	const result = await control.act(getRuntime(), locals, params.workshopId, body.value);
	if (result.ok) return json(result.state, { headers: { 'Cache-Control': 'no-store' } });
	if (result.code === 'forbidden') {
		return apiError(403, 'forbidden', m.staff_control_error_forbidden());
	}
	if (result.code === 'not-found') return apiError(404, 'not_found', m.error_not_found());
	const message = controlProblemMessage(result.code, result.field);
	// The API's error codes are snake_case everywhere (join, votes); the domain's are kebab-case.
	const code = result.code.replaceAll('-', '_');
	return result.field === undefined
		? apiError(result.status, code, message)
		: json({ error: code, message, field: result.field }, { status: result.status });
};
