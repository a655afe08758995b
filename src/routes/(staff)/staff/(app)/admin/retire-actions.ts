import { redirect } from '@sveltejs/kit';
import type { RequestEvent } from '@sveltejs/kit';
import type { Database } from '$lib/server/db/client';
import { notFound, requireAllowed } from '$lib/server/guards';
import { getRuntime } from '$lib/server/runtime';

/**
 * The `retire` and `restore` form actions of a branch's or a service's page: admins only, "not
 * found" for an unknown or malformed id (the service decides), then back to the page saying saved.
 */
export function retireActions(
	permission: 'branches:manage' | 'services:manage',
	idParam: 'branchId' | 'serviceId',
	setRetired: (db: Database, id: string, retired: boolean) => Promise<boolean>
) {
	const act = (retired: boolean) => async (event: RequestEvent) => {
		requireAllowed(event.locals, event.url, permission);
		const id = event.params[idParam] ?? '';
		if (!(await setRetired(getRuntime().database.db, id, retired))) notFound();
		redirect(303, `${event.url.pathname}?saved=1`);
	};
	return { retire: act(true), restore: act(false) };
}
