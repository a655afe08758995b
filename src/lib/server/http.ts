import { json } from '@sveltejs/kit';
import { tooManyAttempts } from '$lib/i18n/retry';
import { m } from '$lib/paraglide/messages';

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

/** Largest JSON body the small endpoints accept; bigger ones are refused before parsing. */
const MAX_JSON_BYTES = 64 * 1024;

/** Reads a JSON request body, or returns the 400 response to send instead. */
export async function readJson(
	request: Request
): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
	const invalid = () => ({
		ok: false as const,
		response: apiError(400, 'invalid_json', m.error_invalid_json())
	});
	const length = Number(request.headers.get('content-length') ?? '0');
	if (length > MAX_JSON_BYTES) return invalid();
	let text: string;
	try {
		text = await request.text();
	} catch {
		return invalid();
	}
	if (text.length > MAX_JSON_BYTES) return invalid();
	try {
		return { ok: true, value: JSON.parse(text) as unknown };
	} catch {
		return invalid();
	}
}
