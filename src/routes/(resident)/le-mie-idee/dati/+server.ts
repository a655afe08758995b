import { exportFileName } from '$lib/domain/privacy/erasure';
import { m } from '$lib/paraglide/messages';
import { apiError } from '$lib/server/http';
import * as erasure from '$lib/server/privacy/erase';
import * as exports from '$lib/server/privacy/export';
import { getRuntime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

/** "Scarica i miei dati": everything kept about the resident behind this phone's session, as JSON. */
export const GET: RequestHandler = async ({ locals }) => {
	if (!locals.residentId || locals.user)
		return apiError(401, 'no_session', m.privacy_error_no_session());
	const data = await exports.ofResident(erasure.contextOf(getRuntime()), locals.residentId);
	return new Response(JSON.stringify(data, null, 2), {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="${exportFileName(new Date())}"`,
			// Personal data: never kept by a shared cache or the browser's back-forward cache.
			'cache-control': 'no-store'
		}
	});
};
