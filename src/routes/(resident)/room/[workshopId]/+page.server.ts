import { error, fail } from '@sveltejs/kit';
import { formatDateTime } from '$lib/domain/time-zone';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { getRuntime } from '$lib/server/runtime';
import * as voteTargets from '$lib/server/voting/targets';
import * as details from '$lib/server/workshops/details';
import * as joining from '$lib/server/workshops/join';
import * as participants from '$lib/server/workshops/participants';
import { joinFailure } from '$lib/workshops/join-failures';
import type { Actions, PageServerLoad } from './$types';
import * as sessions from '$lib/server/auth/sessions';

/** The participant and workshop behind this page, or the 403 page (which offers the code field). */
async function participation(
	workshopId: string,
	locals: App.Locals
): Promise<{ participant: participants.Participant; workshop: details.WorkshopDetails }> {
	const db = getRuntime().database.db;
	const owner = participants.ownerOf(locals);
	const participant = owner ? await participants.find(db, workshopId, owner) : null;
	const workshop = participant ? await details.get(db, workshopId) : null;
	if (!participant || !workshop) {
		error(403, { message: m.resident_error_forbidden(), code: 'forbidden' });
	}
	return { participant, workshop };
}

/**
 * The resident's room: where, when, the welcome, the agenda and their nickname. What happens now
 * (the current activity, phases, voting, timer) comes live from the control document, not from here.
 */
export const load: PageServerLoad = async ({ params, locals }) => {
	const { participant, workshop } = await participation(params.workshopId, locals);
	return {
		nickname: participant.nickname,
		participantId: participant.id,
		voteTargets: await voteTargets.ofWorkshop(getRuntime().database.db, workshop.id),
		workshop: {
			id: workshop.id,
			code: workshop.code,
			title: workshop.title,
			status: workshop.status,
			branch: workshop.branch,
			place: workshop.place,
			when: workshop.startsAt
				? formatDateTime(workshop.startsAt, getLocale(), getRuntime().config.timeZone, 'long')
				: null,
			welcomeText: workshop.welcomeText,
			agenda: workshop.activities.map((a) => ({ id: a.id, kind: a.kind, title: a.title }))
		}
	};
};

export const actions: Actions = {
	/** A new nickname: a rejoin through the join service, with its rules and a fresh session. */
	default: async (event) => {
		const { workshop } = await participation(event.params.workshopId, event.locals);
		const typed = (await event.request.formData()).get('name');
		const name = typeof typed === 'string' ? typed : '';
		const result = await joining.join(joining.contextOf(getRuntime()), {
			code: workshop.code,
			name,
			joiner: joining.joinerOf(event)
		});
		if (result.ok) {
			joining.applyJoinSession(event.cookies, result, sessions.isSecure(event.url));
			return { renamed: true as const };
		}
		const shown = Array.from(name).slice(0, 200).join('');
		if (result.reason === 'bad-name') {
			return fail(400, { name: shown, problem: result.problem, message: null });
		}
		// Closed meanwhile (a participant is never counted as a guesser for it).
		const failure = joinFailure(result);
		return fail(failure.status, { name: shown, problem: null, message: failure.message });
	}
};
