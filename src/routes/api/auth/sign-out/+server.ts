import { json } from '@sveltejs/kit';
import * as auth from '$lib/server/auth/sign-in';
import { getRuntime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';
import * as sessions from '$lib/server/auth/sessions';

/** Ends the session: its row is deleted, so the old cookie is refused from now on (RELIABILITY 26). */
export const POST: RequestHandler = async ({ cookies, url, locals }) => {
	await auth.signOut(getRuntime().database.db, {
		currentSessionId: locals.sessionId,
		cookies,
		secure: sessions.isSecure(url)
	});
	return json({ ok: true }, { headers: { 'Cache-Control': 'no-store' } });
};
