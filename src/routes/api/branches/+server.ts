import { json } from '@sveltejs/kit';
import * as branches from '$lib/server/reference/branches';
import { getRuntime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

/** Contract (DESIGN.md §4): public, `[{"id","slug","name","municipio","retired"}]`. */
export const GET: RequestHandler = async () => {
	const list = await branches.listPublic(getRuntime().database.db);
	return json(list, { headers: { 'Cache-Control': 'no-cache' } });
};
