import { requireAllowed } from '$lib/server/guards';
import * as services from '$lib/server/reference/services';
import { getRuntime } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireAllowed(locals, url, 'services:manage');
	return {
		services: await services.list(getRuntime().database.db),
		created: url.searchParams.has('created')
	};
};
