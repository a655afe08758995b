import { json } from '@sveltejs/kit';
import * as auth from '$lib/server/auth/sign-in';
import { getRuntime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

/** Ends the session: its row is deleted, so the old cookie is refused from now on (RELIABILITY 26). */
export const POST: RequestHandler = async ({ cookies, url, locals }) => {
	await auth.signOut(getRuntime().database.db, {
		currentSessionId: locals.sessionId,
		cookies,
		secure: url.protocol === 'https:'
	});
	return json({ ok: true }, { headers: { 'Cache-Control': 'no-store' } });
};
