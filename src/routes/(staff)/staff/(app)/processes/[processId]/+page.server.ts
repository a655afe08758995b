import { isUuid } from '$lib/domain/ids';
import { formatDateTime } from '$lib/domain/time-zone';
import { getLocale } from '$lib/paraglide/runtime';
import { notFound, requireStaff } from '$lib/server/guards';
import * as processView from '$lib/server/review/process-view';
import { getRuntime } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

/** `/staff/processes/<id>`: one process's places side by side (see process-view.ts). */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const user = requireStaff(locals, url);
	if (!isUuid(params.processId)) notFound();
	const runtime = getRuntime();
	const view = await processView.build(runtime, user, params.processId.toLowerCase());
	if (!view) notFound();
	const locale = getLocale();
	return {
		...view,
		workshops: view.workshops.map((w) => ({
			...w,
			when: w.startsAt
				? formatDateTime(new Date(w.startsAt), locale, runtime.config.timeZone)
				: null
		}))
	};
};
