import * as contacts from '$lib/server/notifications/contacts';
import { getRuntime } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

// Opening the link changes nothing (mail scanners open links too); the button does.
export const load: PageServerLoad = () => ({});

export const actions: Actions = {
	default: async ({ params }) => {
		const deleted = await contacts.withdrawByToken(getRuntime().database.db, params.token);
		return { deleted };
	}
};
