import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/**
 * The server's clock, `{"now": <ms since the epoch>}`: screens show the workshop timer (a server
 * end time in the control document) in step by correcting for their own clock's offset.
 */
export const GET: RequestHandler = () =>
	json({ now: Date.now() }, { headers: { 'cache-control': 'no-store' } });
