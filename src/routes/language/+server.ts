import { error, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { isLocale } from '$lib/paraglide/runtime';
import { safeRedirectTarget } from '$lib/domain/redirect';
import { readForm } from '$lib/server/http';
import type { RequestHandler } from './$types';
import * as sessions from '$lib/server/auth/sessions';

/**
 * The language switch: a plain form POST, so it works before (or without) JavaScript. The choice is
 * kept in the same cookie Paraglide reads on every request.
 */
export const POST: RequestHandler = async ({ request, cookies, url }) => {
	const form = await readForm(request);
	if (!form) error(400, m.error_invalid_request());
	const locale = String(form.get('locale') ?? '');
	if (isLocale(locale)) {
		cookies.set('piazza_lang', locale, {
			path: '/',
			httpOnly: false, // Paraglide's browser runtime reads it too
			sameSite: 'lax',
			secure: sessions.isSecure(url),
			maxAge: 60 * 60 * 24 * 400
		});
	}
	redirect(303, safeRedirectTarget(String(form.get('redirectTo') ?? '/')));
};
