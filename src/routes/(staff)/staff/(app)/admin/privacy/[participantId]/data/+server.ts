import { error } from '@sveltejs/kit';
import { isUuid } from '$lib/domain/ids';
import { exportFileName } from '$lib/domain/privacy/erasure';
import { requireAllowed } from '$lib/server/guards';
import * as erasure from '$lib/server/privacy/erase';
import * as exports from '$lib/server/privacy/export';
import { getRuntime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

/** An admin downloads a participant's data on their request: the same file "le mie idee" gives. */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	requireAllowed(locals, url, 'users:manage');
	const runtime = getRuntime();
	const residentId = isUuid(params.participantId)
		? await erasure.residentOf(runtime.database.db, params.participantId)
		: null;
	if (!residentId) error(404);
	const data = await exports.ofResident(erasure.contextOf(runtime), residentId);
	return new Response(JSON.stringify(data, null, 2), {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="${exportFileName(new Date())}"`,
			'cache-control': 'no-store'
		}
	});
};
