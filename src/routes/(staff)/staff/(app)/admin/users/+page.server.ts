import { requireAllowed } from '$lib/server/guards';
import { getRuntime } from '$lib/server/runtime';
import * as users from '$lib/server/staff/users';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const admin = requireAllowed(locals, url, 'users:manage');
	const list = await users.list(getRuntime().database.db);
	return {
		selfId: admin.id,
		users: list.map((u) => ({ ...u, disabled: u.disabledAt !== null })),
		created: url.searchParams.has('created')
	};
};
