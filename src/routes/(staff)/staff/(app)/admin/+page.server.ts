import { redirect } from '@sveltejs/kit';
import { requireAllowed } from '$lib/server/guards';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	requireAllowed(locals, url, 'users:manage');
	redirect(303, '/staff/admin/users');
};
