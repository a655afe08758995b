import { groupByMunicipio } from '$lib/domain/reference';
import { requireAllowed } from '$lib/server/guards';
import * as branches from '$lib/server/reference/branches';
import { getRuntime } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireAllowed(locals, url, 'branches:manage');
	const list = await branches.list(getRuntime().database.db);
	return { groups: groupByMunicipio(list), created: url.searchParams.has('created') };
};
