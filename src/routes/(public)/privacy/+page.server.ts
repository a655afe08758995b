import { getRuntime } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

/** The privacy page states the periods this instance is configured with, not the defaults. */
export const load: PageServerLoad = () => {
	const { config } = getRuntime();
	return {
		sessionDays: config.sessions.participantDays,
		retentionDays: config.privacy.retentionDays
	};
};
