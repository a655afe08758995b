import { json } from '@sveltejs/kit';
import { existingCollabServer } from '$lib/server/collab/server';
import { getRuntime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

/**
 * Contract (DESIGN.md §4): 200 {"ok":true,"db":"pglite"|"postgres"}. Added: "collab", the live
 * documents' figures. 503 with ok:false when the database does not answer or accepted edits
 * cannot be stored (they are kept in memory and retried meanwhile).
 */
export const GET: RequestHandler = async () => {
	const { database } = getRuntime();
	const collab = existingCollabServer()?.health() ?? null;
	let reachable = true;
	try {
		await database.ping();
	} catch {
		reachable = false;
	}
	const ok = reachable && (collab === null || collab.failingSince === null);
	return json(
		{ ok, db: database.kind, ...(collab ? { collab } : {}) },
		{ status: ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } }
	);
};
