import { redirect } from '@sveltejs/kit';
import * as auth from '$lib/server/auth/sign-in';
import { getRuntime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';
import * as sessions from '$lib/server/auth/sessions';

/** The header's sign-out button: a plain form POST, then back to the sign-in page. */
export const POST: RequestHandler = async ({ cookies, url, locals }) => {
	await auth.signOut(getRuntime().database.db, {
		currentSessionId: locals.sessionId,
		cookies,
		secure: sessions.isSecure(url)
	});
	redirect(303, '/staff/sign-in?signed-out=1');
};
