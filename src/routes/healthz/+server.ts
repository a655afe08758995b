import { json } from '@sveltejs/kit';
import { getRuntime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

/** Contract (DESIGN.md §4): 200 {"ok":true,"db":"pglite"|"postgres"}; 503 with ok:false when the database does not answer. */
export const GET: RequestHandler = async () => {
	const { database } = getRuntime();
	try {
		await database.ping();
		return json({ ok: true, db: database.kind }, { headers: { 'Cache-Control': 'no-store' } });
	} catch {
		return json(
			{ ok: false, db: database.kind },
			{ status: 503, headers: { 'Cache-Control': 'no-store' } }
		);
	}
};
