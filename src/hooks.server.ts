import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { m } from '$lib/paraglide/messages';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { getTextDirection } from '$lib/paraglide/runtime';
import * as sessions from '$lib/server/auth/sessions';
import { apiError } from '$lib/server/http';
import { readConfig } from '$lib/server/config';
import { getRuntime, startRuntime } from '$lib/server/runtime';

// Normally the production entry (or the dev plugin) has started the runtime already; this covers
// `vite dev` and adapter-node's own `node build` too.
export const init: ServerInit = async () => {
	await startRuntime(readConfig(process.env));
};

const handleLocale: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, {
			transformPageChunk: ({ html }) =>
				html
					.replace('%paraglide.lang%', locale)
					.replace('%paraglide.dir%', getTextDirection(locale))
		});
	});

const handleAuth: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.residentId = null;
	event.locals.sessionId = null;
	const token = event.cookies.get(sessions.COOKIE_NAME);
	if (token) {
		const { database, config } = getRuntime();
		const session = await sessions.validate(database.db, token, {
			staff: config.sessions.staffDays,
			participant: config.sessions.participantDays
		});
		const secure = event.url.protocol === 'https:';
		if (!session) {
			sessions.deleteCookie(event.cookies, secure);
		} else {
			event.locals.user = session.user;
			event.locals.residentId = session.residentId;
			event.locals.sessionId = session.id;
			if (session.extended) sessions.setCookie(event.cookies, token, session.expiresAt, secure);
		}
	}
	return resolve(event);
};

/**
 * SvelteKit's CSRF check covers form posts only. A browser always sends Origin on a cross-site
 * POST, whatever its content type, so a foreign Origin on an API write is refused here (a
 * cross-site `fetch` could otherwise sign someone out). Scripts that send no Origin are unaffected.
 */
const handleApiOrigin: Handle = ({ event, resolve }) => {
	const { request, url } = event;
	const origin = request.headers.get('origin');
	const writes = !['GET', 'HEAD', 'OPTIONS'].includes(request.method);
	if (writes && url.pathname.startsWith('/api/') && origin !== null && origin !== url.origin) {
		return apiError(403, 'cross_site', m.error_cross_site());
	}
	return resolve(event);
};

/** Security headers that SvelteKit's CSP config does not cover. */
const handleHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
	response.headers.set(
		'Permissions-Policy',
		'camera=(), microphone=(), geolocation=(), interest-cohort=()'
	);
	return response;
};

export const handle = sequence(handleHeaders, handleLocale, handleApiOrigin, handleAuth);

// Unexpected errors: log the details, show the person a sentence in their language and nothing else.
export const handleError: HandleServerError = ({ error, status }) => {
	if (status >= 500) console.error(error);
	return { message: status === 404 ? m.error_not_found() : m.error_server() };
};
