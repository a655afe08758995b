import { json } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { apiError } from '$lib/server/http';
import { getRuntime } from '$lib/server/runtime';
import * as details from '$lib/server/workshops/details';
import type { RequestHandler } from './$types';

/**
 * Contract (DESIGN.md §4): `GET /api/workshops/<workshopId>` → `200 {"id","code","title","status",
 * "branch","activities":[{"id","kind","title","boardId","phase"}]}` (plus "place", "welcomeText",
 * "startsAt") for its participants and the staff who may see it (its facilitators, managers,
 * admins). Others get 403, whether the workshop exists or not; managers and admins, who may see
 * every workshop, get 404 for an unknown id.
 */
export const GET: RequestHandler = async ({ params, locals }) => {
	const result = await details.read(getRuntime().database.db, params.workshopId, locals);
	if (!result.ok) {
		return result.status === 404
			? apiError(404, 'not_found', m.error_not_found())
			: apiError(403, 'forbidden', m.resident_error_forbidden());
	}
	return json(result.details, { headers: { 'Cache-Control': 'private, no-store' } });
};
