import { requireAllowed } from '$lib/server/guards';
import type { LayoutServerLoad } from './$types';

/** Administration is for admins; anyone else gets 403. Each action checks again for itself. */
export const load: LayoutServerLoad = ({ locals, url }) => {
	requireAllowed(locals, url, 'users:manage');
};
