import { json } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { bilingual } from '$lib/domain/languages';
import { apiError, overLimit, requesterKey } from '$lib/server/http';
import * as published from '$lib/server/proposals/published';
import { getRuntime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

/** Anyone, from any site, may read open data: it carries no personal data and no session. */
const OPEN = {
	'access-control-allow-origin': '*',
	'access-control-allow-methods': 'GET, OPTIONS'
};

/**
 * Contract (DESIGN.md §4): `GET /api/open-data/proposals.json` → every proposal's public fields,
 * no personal data (shape in README, `version` 1). `?lang=it|en` chooses the language of service
 * names; without it, the request's language. Counted with the other exports, per address
 * (EXPORTS_PER_MINUTE, then 429 with the CORS headers, so that a script on another site reads it).
 */
export const GET: RequestHandler = async ({ url, request, locals, getClientAddress }) => {
	const lang = url.searchParams.get('lang');
	if (lang !== null && lang !== 'it' && lang !== 'en')
		return apiError(400, 'invalid_language', m.public_open_data_bad_language(), OPEN);
	const runtime = getRuntime();
	const limited = await overLimit(
		runtime.limits.exportsByRequester,
		requesterKey(locals.user, getClientAddress()),
		request
	);
	if (limited) {
		for (const [name, value] of Object.entries(OPEN)) limited.headers.set(name, value);
		return limited;
	}
	const locale = lang ?? bilingual(getLocale());
	const body = await published.openData(runtime, locale, url.origin);
	return json(body, {
		headers: {
			...OPEN,
			// Shared caches may keep it for five minutes: stage changes are not minute-critical.
			'cache-control': 'public, max-age=300',
			vary: 'Accept-Language, Cookie',
			'content-language': locale
		}
	});
};

export const OPTIONS: RequestHandler = () =>
	new Response(null, { status: 204, headers: { ...OPEN, 'access-control-max-age': '86400' } });
