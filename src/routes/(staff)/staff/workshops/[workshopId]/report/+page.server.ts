import { formatDateTime } from '$lib/domain/time-zone';
import { getLocale } from '$lib/paraglide/runtime';
import { notFound, requireStaff } from '$lib/server/guards';
import { getRuntime } from '$lib/server/runtime';
import * as report from '$lib/server/workshops/report';
import type { PageServerLoad } from './$types';

/**
 * A workshop's printable report (agenda, notes by section, clusters, vote results, proposals),
 * outside the staff pages' frame so that the printed pages carry the report and nothing else.
 */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const user = requireStaff(locals, url);
	const runtime = getRuntime();
	const found = await report.build(runtime, user, params.workshopId);
	if (!found) notFound();
	const { startsAt, code: _code, welcomeText: _welcome, ...workshop } = found.workshop;
	const locale = getLocale();
	return {
		...found,
		workshop: {
			...workshop,
			when: startsAt ? formatDateTime(startsAt, locale, runtime.config.timeZone) : null
		},
		printed: formatDateTime(new Date(), locale, runtime.config.timeZone)
	};
};
