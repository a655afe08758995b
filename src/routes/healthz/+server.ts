import { json } from '@sveltejs/kit';
import { existingCollabServer } from '$lib/server/collab/server';
import { getRuntime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

/**
 * Contract (DESIGN.md §4): 200 {"ok":true,"db":"pglite"|"postgres"}. Added: "collab", the live
 * documents' figures. 503 with ok:false when the database does not answer or accepted edits
 * cannot be stored (they are kept in memory and retried meanwhile), and "reason":
 * "database-unreachable" | "disk-full" | "database-error" (staff pages show "saving paused").
 * Added with REDIS_URL only: "redis": "ok" | "down". Redis away does not make `ok` false: the instance still serves its own
 * clients and stores everything (a balancer must not take every instance out at once for it).
 */
/** Longest the database may take to answer the health check's ping. */
const PING_TIMEOUT_MS = 2_000;

export const GET: RequestHandler = async () => {
	const { database } = getRuntime();
	const collab = existingCollabServer()?.health() ?? null;
	const redis = existingCollabServer()?.redisStatus() ?? null;
	let reachable = true;
	let timer: ReturnType<typeof setTimeout> | undefined;
	try {
		// A database that neither answers nor fails (a restart, a dropped network) must not hang
		// the health check that is supposed to report it.
		await Promise.race([
			database.ping(),
			new Promise((_, reject) => {
				timer = setTimeout(() => reject(new Error('no answer')), PING_TIMEOUT_MS);
			})
		]);
	} catch {
		reachable = false;
	} finally {
		clearTimeout(timer);
	}
	const storing = collab?.failingSince == null ? null : (collab.failure ?? 'database-error');
	const reason = !reachable ? 'database-unreachable' : storing;
	const ok = reason === null;
	return json(
		{
			ok,
			db: database.kind,
			...(reason ? { reason } : {}),
			...(redis ? { redis } : {}),
			...(collab ? { collab } : {})
		},
		{ status: ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } }
	);
};
