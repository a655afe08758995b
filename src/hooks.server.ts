import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { m } from '$lib/paraglide/messages';
import { paraglideMiddleware } from '$lib/paraglide/server';
import {
	defineCustomServerStrategy,
	extractLocaleFromRequestWithStrategies,
	getTextDirection
} from '$lib/paraglide/runtime';
import { localeFor } from '$lib/domain/languages';
import * as sessions from '$lib/server/auth/sessions';
import { apiError, codeForStatus, isFormRequest, messageForStatus } from '$lib/server/http';
import { readConfig } from '$lib/server/config';
import { innermostMessage } from '$lib/server/db/data-dir';
import { pageLocaleChunks } from '$lib/server/locale-chunks';
import { getRuntime, startRuntime } from '$lib/server/runtime';
import * as notifications from '$lib/server/notifications/outbox';
import * as listening from '$lib/server/workshops/listening';
import * as retention from '$lib/server/privacy/retention';

// Normally the production entry (or the dev plugin) has started the runtime already; this covers
// `vite dev` and adapter-node's own `node build` too.
export const init: ServerInit = async () => {
	const runtime = await startRuntime(readConfig(process.env));
	listening.startSweeping(runtime);
	retention.startSweeping(runtime);
	notifications.startSending(runtime);
};

// The language a person chose (cookie, else Accept-Language, else Italian), narrowed to what the
// page's audience reads: staff pages speak Italian and English only (domain/languages.ts).
defineCustomServerStrategy('custom-audience', {
	getLocale: (request) =>
		request &&
		localeFor(
			extractLocaleFromRequestWithStrategies(request, [
				'cookie',
				'preferredLanguage',
				'baseLocale'
			]),
			{ pathname: new URL(request.url).pathname, referer: request.headers.get('referer') }
		)
});

const handleLocale: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		const chunks = pageLocaleChunks(locale);
		return resolve(event, {
			preload: chunks.preload,
			transformPageChunk: ({ html }) =>
				chunks.fill(
					html
						.replace('%paraglide.lang%', locale)
						.replace('%paraglide.dir%', getTextDirection(locale)),
					{ importMap: '%piazza.importmap%', preloads: '%piazza.preloads%' }
				)
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
		const secure = sessions.isSecure(event.url);
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

/**
 * A form post whose body cannot be read (a broken multipart body, say) is answered 400 here, once,
 * rather than as a 500 from whichever action or endpoint first tries to read it.
 */
const handleUnreadableForms: Handle = async ({ event, resolve }) => {
	if (event.request.method === 'POST' && isFormRequest(event.request)) {
		try {
			await event.request.clone().formData();
		} catch {
			return event.url.pathname.startsWith('/api/')
				? apiError(400, 'invalid_request', m.error_invalid_request())
				: new Response(m.error_invalid_request(), {
						status: 400,
						headers: { 'content-type': 'text/plain; charset=utf-8' }
					});
		}
	}
	return resolve(event);
};

/**
 * The API answers in JSON: a refusal SvelteKit writes itself (a wrong method, say) is rewritten
 * into the `{"error","message"}` shape, keeping its status and headers such as Allow. The one
 * exception is ours: an export's 429 page for a browser tab (see overLimit).
 */
const handleApiErrors: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	if (
		!event.url.pathname.startsWith('/api/') ||
		response.status < 400 ||
		response.headers.get('content-type')?.includes('application/json') ||
		isRateLimitPage(response)
	) {
		return response;
	}
	const headers = Object.fromEntries(
		[...response.headers].filter(([name]) => !['content-type', 'content-length'].includes(name))
	);
	return apiError(
		response.status,
		codeForStatus(response.status),
		messageForStatus(response.status),
		headers
	);
};

/** An export's "wait a little" page for a browser tab: SvelteKit never answers 429 itself. */
function isRateLimitPage(response: Response): boolean {
	return (
		response.status === 429 && (response.headers.get('content-type') ?? '').startsWith('text/html')
	);
}

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

export const handle = sequence(
	handleHeaders,
	handleLocale,
	handleApiOrigin,
	handleUnreadableForms,
	handleApiErrors,
	handleAuth
);

// Unexpected errors: log what went wrong without the query parameters a driver error carries (they
// may hold personal data), and show the person a sentence in their language and nothing else.
export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status >= 500) {
		const where = `${event.request.method} ${event.url.pathname}`;
		const frames =
			error instanceof Error ? (error.stack ?? '').split('\n').slice(1).join('\n') : '';
		console.error(`[piazza] ${status} on ${where}: ${innermostMessage(error)}\n${frames}`);
	}
	return { message: status === 404 ? m.error_not_found() : m.error_server() };
};
