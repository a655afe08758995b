import { json } from '@sveltejs/kit';
import { backPath, wantsPage } from '$lib/domain/navigation';
import { escapeHtml } from '$lib/domain/proposal/rich-text';
import { tooManyAttempts } from '$lib/i18n/retry';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import type { EventCounter } from './auth/rate-limit';

/**
 * JSON error in the shape every Piazza endpoint promises: `{"error": "<code>", "message": "<text>"}`,
 * the message in the request's language.
 */
export function apiError(
	status: number,
	code: string,
	message: string,
	headers?: Record<string, string>
): Response {
	return json({ error: code, message }, { status, headers });
}

export function rateLimited(retryAfterSeconds: number): Response {
	return apiError(429, 'rate_limited', tooManyAttempts(retryAfterSeconds), {
		'Retry-After': String(retryAfterSeconds)
	});
}

/**
 * Counts one event for `key` on `counter`: the 429 to send when it is over its ceiling, else null.
 * A browser tab that navigated to a download gets a small page in its language rather than raw
 * JSON; scripts get the JSON the contracts promise. Both say Retry-After.
 */
export async function overLimit(
	counter: EventCounter,
	key: string,
	request: Request
): Promise<Response | null> {
	const wait = await counter.take(key);
	if (wait <= 0) return null;
	const response = wantsPage(request.headers.get('accept'))
		? rateLimitedPage(wait, request)
		: rateLimited(wait);
	// The answer depends on Accept: a cache must not hand the page to a script or the JSON to a tab.
	response.headers.set('vary', 'Accept');
	response.headers.set('cache-control', 'no-store');
	return response;
}

/**
 * The 429 as a page: how long to wait, in the request's language, and a link back to the page
 * that led here. Self-contained (no script, no asset), so it shows whatever else is refused.
 */
function rateLimitedPage(retryAfterSeconds: number, request: Request): Response {
	const origin = new URL(request.url).origin;
	const back = backPath(request.headers.get('referer'), origin);
	const title = m.rate_limited_page_title();
	const html = `<!doctype html>
<html lang="${getLocale()}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · ${escapeHtml(m.app_name())}</title>
<style>
body { font-family: system-ui, sans-serif; line-height: 1.5; color: #1f2328; margin: 0; padding: 2.5rem 1.25rem; }
main { max-width: 32rem; margin: 0 auto; }
h1 { font-size: 1.5rem; margin: 0 0 0.75rem; }
a { color: #0b5cad; font-weight: 600; display: inline-block; padding: 0.75rem 0; }
</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(tooManyAttempts(retryAfterSeconds))}</p>
<p><a href="${escapeHtml(back)}">${escapeHtml(m.rate_limited_page_back())}</a></p>
</main>
</body>
</html>
`;
	return new Response(html, {
		status: 429,
		headers: {
			'content-type': 'text/html; charset=utf-8',
			'retry-after': String(retryAfterSeconds)
		}
	});
}

/**
 * Who an export is counted against (EXPORTS_PER_MINUTE): the staff member, wherever they ask from,
 * or the address when nobody is signed in (open data).
 */
export function requesterKey(user: { id: string } | null, address: string): string {
	return user ? `user ${user.id}` : `address ${address}`;
}

/** Largest JSON body the small endpoints accept; bigger ones are refused before parsing. */
const MAX_JSON_BYTES = 64 * 1024;

/** Reads a JSON request body, or returns the 400 (or 413, too large) response to send instead. */
export async function readJson(
	request: Request
): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
	const invalid = () => ({
		ok: false as const,
		response: apiError(400, 'invalid_json', m.error_invalid_json())
	});
	const tooLarge = () => ({
		ok: false as const,
		response: apiError(413, 'payload_too_large', m.error_payload_too_large())
	});
	const length = Number(request.headers.get('content-length') ?? '0');
	if (length > MAX_JSON_BYTES) return tooLarge();
	let text: string;
	try {
		text = await request.text();
	} catch {
		return invalid();
	}
	if (text.length > MAX_JSON_BYTES) return tooLarge();
	try {
		return { ok: true, value: JSON.parse(text) as unknown };
	} catch {
		return invalid();
	}
}

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

/** Whether a request says it carries an HTML form. */
export function isFormRequest(request: Request): boolean {
	const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
	return FORM_TYPES.includes(type);
}

/** The form a request carries, or null when it carries none or it cannot be read. */
export async function readForm(request: Request): Promise<FormData | null> {
	if (!isFormRequest(request)) return null;
	try {
		return await request.formData();
	} catch {
		return null;
	}
}

/** The machine code an API error of this status carries when nothing more specific said it. */
export function codeForStatus(status: number): string {
	const codes: Record<number, string> = {
		400: 'invalid_request',
		401: 'not_signed_in',
		403: 'forbidden',
		404: 'not_found',
		405: 'method_not_allowed',
		413: 'payload_too_large',
		415: 'unsupported_media_type'
	};
	return codes[status] ?? (status >= 500 ? 'server_error' : 'invalid_request');
}

/** The sentence for such an error, in the request's language. */
export function messageForStatus(status: number): string {
	if (status === 401) return m.error_not_signed_in();
	if (status === 403) return m.error_not_allowed();
	if (status === 404) return m.error_not_found();
	if (status === 405) return m.error_method_not_allowed();
	if (status === 413) return m.error_payload_too_large();
	if (status >= 500) return m.error_server();
	return m.error_invalid_request();
}
