import { json } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import * as auth from '$lib/server/auth/sign-in';
import { apiError, rateLimited, readJson } from '$lib/server/http';
import { getRuntime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';
import * as sessions from '$lib/server/auth/sessions';

const NO_STORE = { 'Cache-Control': 'no-store' };

/**
 * Contract (DESIGN.md §4): JSON {"email","password"} → 200 {"userId","role"} and a session cookie;
 * wrong credentials → 401, the same body and timing for an unknown email, a wrong password and a
 * disabled account; too many failures → 429 with Retry-After.
 */
export const POST: RequestHandler = async ({ request, cookies, url, locals, getClientAddress }) => {
	const body = await readJson(request);
	if (!body.ok) return body.response;
	const { email, password } = (body.value ?? {}) as { email?: unknown; password?: unknown };
	if (typeof email !== 'string' || typeof password !== 'string') {
		return apiError(400, 'invalid_request', m.error_invalid_request());
	}
	const result = await auth.signIn(getRuntime(), {
		email,
		password,
		address: getClientAddress(),
		currentSessionId: locals.sessionId,
		cookies,
		secure: sessions.isSecure(url)
	});
	if (result.ok) return json({ userId: result.userId, role: result.role }, { headers: NO_STORE });
	if (result.reason === 'rate-limited') return rateLimited(result.retryAfter);
	return apiError(401, 'invalid_credentials', m.staff_sign_in_error_invalid(), NO_STORE);
};
