import { fail, redirect } from '@sveltejs/kit';
import { normaliseJoinCode } from '$lib/domain/join-code';
import { checkNickname } from '$lib/domain/nickname';
import { formatDateTime } from '$lib/domain/time-zone';
import { getLocale } from '$lib/paraglide/runtime';
import * as drafts from '$lib/server/form-drafts';
import { getRuntime } from '$lib/server/runtime';
import * as details from '$lib/server/workshops/details';
import * as joining from '$lib/server/workshops/join';
import { throwLookupFailure } from '$lib/workshops/join-failures';
import type { Actions, PageServerLoad } from './$types';
import * as sessions from '$lib/server/auth/sessions';

/** The join page: the QR target. It asks for a nickname only; the code is in the address. */
export const load: PageServerLoad = async (event) => {
	const { params, cookies, request, url } = event;
	// Printed or typed in lower case, with spaces: one canonical address (no lookup spent on it).
	const canonical = normaliseJoinCode(params.code);
	if (canonical && canonical !== params.code) redirect(308, `/j/${canonical}`);

	const runtime = getRuntime();
	// A participant of a workshop that has since closed gets its "ended" page, not counted as a guess.
	const found = await joining.lookUp(
		joining.contextOf(runtime),
		params.code,
		joining.joinerOf(event)
	);
	if (!found.ok) throwLookupFailure(found);
	// The same session brings them back: no second nickname, straight to their place.
	if (found.participantId) redirect(303, `/room/${found.workshop.id}`);

	const workshop = await details.get(runtime.database.db, found.workshop.id);
	if (!workshop) throwLookupFailure({ ok: false, reason: 'unknown-code' });
	const draft =
		request.method === 'GET'
			? drafts.take(cookies, `join:${workshop.code}`, sessions.isSecure(url))
			: null;
	const checked = draft === null ? null : checkNickname(draft);
	return {
		workshop: {
			code: workshop.code,
			title: workshop.title,
			status: workshop.status,
			branch: workshop.branch,
			place: workshop.place,
			when: workshop.startsAt
				? formatDateTime(workshop.startsAt, getLocale(), runtime.config.timeZone, 'long')
				: null
		},
		draft: draft === null ? null : { name: draft, problem: checked?.ok ? null : checked!.problem }
	};
};

export const actions: Actions = {
	/** Join with the nickname given; errors come back under the field with what was typed. */
	default: async (event) => {
		const { request, params, cookies, url } = event;
		const secure = sessions.isSecure(url);
		const typed = (await request.formData()).get('name');
		const name = typeof typed === 'string' ? typed : '';
		const result = await joining.join(joining.contextOf(getRuntime()), {
			code: params.code,
			name,
			joiner: joining.joinerOf(event)
		});
		if (result.ok) {
			joining.applyJoinSession(cookies, result, secure);
			drafts.drop(cookies, secure);
			redirect(303, `/room/${result.workshopId}`);
		}
		// Enough of a huge paste to recognise it; the error says what is wrong.
		const shown = Array.from(name).slice(0, 200).join('');
		switch (result.reason) {
			case 'bad-name':
				drafts.keep(cookies, `join:${normaliseJoinCode(params.code)}`, name, secure);
				return fail(400, { name: shown, problem: result.problem, busy: false });
			case 'busy':
				// Too many newcomers at once: the wait is short, so they stay on the form to try again.
				return fail(429, { name: shown, problem: null, busy: true });
			default:
				throwLookupFailure(result);
		}
	}
};
