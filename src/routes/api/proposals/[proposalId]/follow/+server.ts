import { json } from '@sveltejs/kit';
import { apiError } from '$lib/server/http';
import * as residents from '$lib/server/proposals/residents';
import { getRuntime } from '$lib/server/runtime';
import { residentError } from '$lib/proposals/resident-failures';
import type { RequestHandler } from './$types';

/**
 * Added to the contract: `GET /api/proposals/<id>/follow` → `200 {"following"}`; `POST` follows,
 * `DELETE` stops following → `200 {"following"}`, both idempotent. Residents who took part in a
 * workshop only: no session 401 `no_session`, staff 403 `staff`, no workshop 403 `not_participant`.
 */
export const GET: RequestHandler = async ({ params, locals }) => {
	const state = await residents.stateFor(getRuntime().database.db, locals, params.proposalId);
	if (!state) return apiError(404, 'not_found', residentError('not-found').message);
	return json(
		{ following: state.following },
		{ headers: { 'Cache-Control': 'private, no-store' } }
	);
};

const set =
	(on: boolean): RequestHandler =>
	async ({ params, locals }) => {
		const result = await residents.follow(getRuntime().database.db, locals, params.proposalId, on);
		if (!result.ok) {
			const { error, message } = residentError(result.code);
			return apiError(result.status, error, message);
		}
		return json({ following: result.following });
	};

export const POST = set(true);
export const DELETE = set(false);
