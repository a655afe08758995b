import { fail } from '@sveltejs/kit';
import { isUuid } from '$lib/domain/ids';
import { formatDateTime } from '$lib/domain/time-zone';
import { getLocale } from '$lib/paraglide/runtime';
import { requireAllowed } from '$lib/server/guards';
import * as erasure from '$lib/server/privacy/erase';
import * as lookup from '$lib/server/privacy/lookup';
import { getRuntime } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

/**
 * A participant's request, handled by an admin: find them by the workshop's code and nickname,
 * download their data or erase their contributions (the same services as "le mie idee"). Every
 * erasure is recorded with the admin's name; the record shows no content.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireAllowed(locals, url, 'users:manage');
	const runtime = getRuntime();
	const db = runtime.database.db;
	const code = (url.searchParams.get('code') ?? '').slice(0, 20);
	const nickname = (url.searchParams.get('nickname') ?? '').slice(0, 40);
	const searched = code !== '' || nickname !== '';
	const locale = getLocale();
	const when = (date: Date) => formatDateTime(date, locale, runtime.config.timeZone, 'long');
	const [found, records] = await Promise.all([
		searched ? lookup.find(db, code, nickname) : Promise.resolve([]),
		lookup.records(db)
	]);
	return {
		code,
		nickname,
		searched,
		found: found.map((f) => ({ ...f, joinedAt: when(f.joinedAt) })),
		records: records.map((r) => ({ ...r, at: when(r.at) }))
	};
};

export const actions: Actions = {
	erase: async ({ request, locals, url }) => {
		const admin = requireAllowed(locals, url, 'users:manage');
		const form = await request.formData();
		const participantId = String(form.get('participantId') ?? '');
		if (form.get('confirm') !== 'yes')
			return fail(400, { problem: 'confirm-required' as const, participantId });
		const runtime = getRuntime();
		const residentId = isUuid(participantId)
			? await erasure.residentOf(runtime.database.db, participantId)
			: null;
		if (!residentId) return fail(404, { problem: 'not-found' as const, participantId });
		const done = await erasure.erase(erasure.contextOf(runtime), residentId, {
			kind: 'admin',
			userId: admin.id,
			name: admin.name
		});
		return { erased: { participants: done.participants, notes: done.notes } };
	}
};
