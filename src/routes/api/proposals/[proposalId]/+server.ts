import { json } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { bilingual } from '$lib/domain/languages';
import { apiError, readJson } from '$lib/server/http';
import * as proposals from '$lib/server/proposals/read';
import * as editing from '$lib/server/proposals/edit';
import { getRuntime } from '$lib/server/runtime';
import { fieldMessages, proposalError } from '$lib/proposals/failures';
import type { RequestHandler } from './$types';

/**
 * Contract (DESIGN.md §4): `GET /api/proposals/<id>` → the public fields for everyone, with the
 * staff fields (tags, owner, what the viewer may do) for staff. Added: `PATCH` with any of
 * `title`, `problem`, `targetGroups`, `tags`, `branchIds`, `serviceSlugs`, `ownerId` →
 * `200 {"changed":[…]}`; bad fields 400 with `fields`.
 */
export const GET: RequestHandler = async ({ params, locals }) => {
	const result = await proposals.get(
		getRuntime().database.db,
		locals,
		params.proposalId,
		bilingual(getLocale())
	);
	if (!result.ok) {
		const { error, message } = proposalError(result.code);
		return apiError(result.status, error, message);
	}
	return json(result.proposal, {
		headers: { 'Cache-Control': result.staff ? 'private, no-store' : 'no-cache' }
	});
};

export const PATCH: RequestHandler = async ({ params, request, locals }) => {
	const body = await readJson(request);
	if (!body.ok) return body.response;
	const result = await editing.edit(getRuntime(), locals, params.proposalId, body.value);
	if (!result.ok) {
		const { error, message } = proposalError(result.code);
		if (result.code === 'invalid')
			return json(
				{ error, message, fields: fieldMessages(result.errors) },
				{ status: result.status }
			);
		return apiError(result.status, error, message);
	}
	return json({ changed: result.changed });
};
