import { requireStaff } from '$lib/server/guards';
import type { LayoutServerLoad } from './$types';

/** Every page of the staff app needs a staff session; anyone else is sent to sign in first. */
export const load: LayoutServerLoad = ({ locals, url }) => {
	const user = requireStaff(locals, url);
	return { user: { id: user.id, name: user.name, role: user.role } };
};
