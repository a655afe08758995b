import { json } from '@sveltejs/kit';
import { apiError, readJson } from '$lib/server/http';
import * as promote from '$lib/server/proposals/promote';
import { getRuntime } from '$lib/server/runtime';
import { fieldMessages, proposalError } from '$lib/proposals/failures';
import type { RequestHandler } from './$types';

/**
 * Contract (DESIGN.md §4): `POST /api/proposals` with `{"title","problem","source":{"boardId",
 * "noteIds"?,"clusterId"?},"branchIds":[],"serviceSlugs":[]}` → `201 {"id"}`. Added: optional
 * `targetGroups` and `tags`; a 400 for bad fields carries `fields` (field → message).
 */
export const POST: RequestHandler = async ({ request, locals }) => {
	const body = await readJson(request);
	if (!body.ok) return body.response;
	const result = await promote.promote(getRuntime(), locals, body.value);
	if (!result.ok) {
		const { error, message } = proposalError(result.code);
		if (result.code === 'invalid')
			return json(
				{ error, message, fields: fieldMessages(result.errors) },
				{ status: result.status }
			);
		return apiError(result.status, error, message);
	}
	return json({ id: result.id }, { status: 201, headers: { Location: `/p/${result.id}` } });
};
