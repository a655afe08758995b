import { json } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { bilingual } from '$lib/domain/languages';
import * as services from '$lib/server/reference/services';
import { getRuntime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

/**
 * Contract (DESIGN.md §4): public, `[{"slug","name"}]` with the name in the request's language
 * (language cookie, then Accept-Language, then Italian). Retired services are not listed.
 */
export const GET: RequestHandler = async () => {
	const list = await services.listPublic(getRuntime().database.db, bilingual(getLocale()));
	return json(list, { headers: { 'Cache-Control': 'no-cache', Vary: 'Accept-Language, Cookie' } });
};
