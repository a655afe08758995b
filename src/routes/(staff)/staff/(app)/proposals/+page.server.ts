import { isStage } from '$lib/domain/proposal/stages';
import { requireStaff } from '$lib/server/guards';
import * as list from '$lib/server/proposals/list';
import { getRuntime } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

/** `/staff/proposals`: the proposals this person may see, newest change first, by stage. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireStaff(locals, url);
	const asked = url.searchParams.get('stage');
	const stage = isStage(asked) ? asked : null;
	const result = await list.forStaff(getRuntime().database.db, user, { stage });
	return { ...result, stage };
};
