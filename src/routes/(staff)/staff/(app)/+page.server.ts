import { can } from '$lib/domain/access';
import { formatDateTime } from '$lib/domain/time-zone';
import { getLocale } from '$lib/paraglide/runtime';
import { requireStaff } from '$lib/server/guards';
import * as listening from '$lib/server/workshops/listening';
import * as workshops from '$lib/server/workshops/workshops';
import { getRuntime } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireStaff(locals, url);
	const { database, config } = getRuntime();
	const locale = getLocale();
	const processes = await workshops.overview(database.db, user);
	return {
		canCreateProcess: can(user, 'process:create'),
		canCreateWorkshop: can(user, 'workshop:create'),
		processes: processes.map((process) => ({
			...process,
			workshops: process.workshops.map(({ startsAt, opensAt, ...workshop }) => ({
				...workshop,
				// A listening point is open for days: its first day stands for its date.
				startsAt: (startsAt ?? opensAt)?.toISOString() ?? null,
				when: startsAt
					? formatDateTime(startsAt, locale, config.timeZone)
					: opensAt
						? listening.formatDay(opensAt, locale, config.timeZone)
						: null
			}))
		}))
	};
};
