import { fail, redirect } from '@sveltejs/kit';
import { can } from '$lib/domain/access';
import { formatDateTime } from '$lib/domain/time-zone';
import { textFields } from '$lib/form-errors';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import * as templates from '$lib/domain/workshop/templates';
import { notFound, requireStaff } from '$lib/server/guards';
import * as agenda from '$lib/server/workshops/agenda';
import * as control from '$lib/server/workshops/control';
import { agendaProblemMessage } from '$lib/workshops/agenda-failures';
import * as joinLink from '$lib/server/workshops/join-link';
import * as candidates from '$lib/server/proposals/candidates';
import * as listening from '$lib/server/workshops/listening';
import * as workshops from '$lib/server/workshops/workshops';
import { getRuntime } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const user = requireStaff(locals, url);
	const { database, config } = getRuntime();
	const workshop = await workshops.getForStaff(database.db, user, params.workshopId);
	if (!workshop) notFound();
	const { startsAt, ...rest } = workshop;
	const link = joinLink.joinUrl(url.origin, workshop.code);
	const state = await control.load(database.db, workshop.id);
	const listeningPoint = await listening.describe(database.db, workshop.id, {
		locale: getLocale(),
		timeZone: config.timeZone
	});
	// One entry per board, named after the activity that made it (voting and clustering reuse it).
	const boardsInAgenda = new Map<string, { boardId: string; title: string }>();
	for (const a of state?.agenda ?? [])
		if (!boardsInAgenda.has(a.boardId) || (a.kind !== 'clustering' && a.kind !== 'dot-voting'))
			boardsInAgenda.set(a.boardId, { boardId: a.boardId, title: a.title });
	return {
		candidates: await candidates.ofWorkshop(getRuntime(), workshop.id, [
			...boardsInAgenda.values()
		]),
		canPromote: can(user, 'proposal:promote', {
			facilitatorIds: workshop.facilitators.map((f) => f.id)
		}),
		listening: listeningPoint,
		agenda: (state?.agenda ?? []).map((a) => ({
			...a,
			phase: state?.boards[a.boardId]?.phase ?? 'locked'
		})),
		templates: templates.list(pageLocale()),
		workshop: {
			...rest,
			startsAt: startsAt?.toISOString() ?? null,
			when: startsAt ? formatDateTime(startsAt, getLocale(), config.timeZone) : null
		},
		join: {
			url: link,
			short: joinLink.shortJoinUrl(url.origin, workshop.code),
			qr: await joinLink.qrSvg(link)
		},
		created: url.searchParams.has('created')
	};
};

/** The page's language as a template locale (Italian unless the page is in English). */
function pageLocale(): templates.Locale {
	const locale = getLocale();
	return templates.isLocale(locale) ? locale : templates.DEFAULT_LOCALE;
}

/** The form's answer to an agenda change: back to the agenda, or the error next to `form`. */
function agendaAnswer(
	workshopId: string,
	form: string,
	result: { ok: true } | { ok: false; status: number; code: string }
) {
	if (result.ok) redirect(303, `/staff/workshops/${workshopId}#agenda`);
	if (result.code === 'not-found') notFound();
	return fail(result.status, {
		agendaForm: form,
		agendaError: agendaProblemMessage(
			result.code as Parameters<typeof agendaProblemMessage>[0],
			form === 'add'
		)
	});
}

/** Runs one agenda action of the facilitator's controls (control.ts `act`). */
async function agendaAction(
	locals: App.Locals,
	workshopId: string,
	form: string,
	body: Record<string, unknown>
) {
	const result = await control.act(getRuntime(), locals, workshopId, body);
	return agendaAnswer(workshopId, form, result);
}

const agendaActions = {
	/** Replaces the empty agenda with a template's (`template`), in the page's language. */
	applyTemplate: async ({ request, locals, url, params }) => {
		requireStaff(locals, url);
		const { template } = textFields(await request.formData(), ['template']);
		const result = await agenda.applyTemplate(
			getRuntime(),
			locals,
			params.workshopId,
			template,
			pageLocale()
		);
		return agendaAnswer(params.workshopId, 'template', result);
	},
	/** Adds one activity at the end (`kind`, `title`, `boardOf` or `prompt`, and `voteOn`). */
	addActivity: async ({ request, locals, url, params }) => {
		requireStaff(locals, url);
		const fields = textFields(await request.formData(), [
			'kind',
			'title',
			'boardOf',
			'prompt',
			'voteOn'
		]);
		const result = await agenda.addActivity(getRuntime(), locals, params.workshopId, fields);
		return agendaAnswer(params.workshopId, 'add', result);
	},
	/** Moves activity `activityId` to position `to`. */
	moveActivity: async ({ request, locals, url, params }) => {
		requireStaff(locals, url);
		const { activityId, to } = textFields(await request.formData(), ['activityId', 'to']);
		return agendaAction(locals, params.workshopId, `activity-${activityId}`, {
			type: 'activity-move',
			activityId,
			to: Number(to)
		});
	},
	/** Gives activity `activityId` the new `title`. */
	renameActivity: async ({ request, locals, url, params }) => {
		requireStaff(locals, url);
		const { activityId, title } = textFields(await request.formData(), ['activityId', 'title']);
		return agendaAction(locals, params.workshopId, `activity-${activityId}`, {
			type: 'activity-retitle',
			activityId,
			title
		});
	},
	/** Removes activity `activityId` (its board stays). */
	removeActivity: async ({ request, locals, url, params }) => {
		requireStaff(locals, url);
		const { activityId } = textFields(await request.formData(), ['activityId']);
		return agendaAction(locals, params.workshopId, `activity-${activityId}`, {
			type: 'activity-remove',
			activityId
		});
	}
} satisfies Actions;

export const actions: Actions = {
	/** Moves the workshop to its next status; closing needs `confirm=yes`. */
	status: async ({ request, locals, url, params }) => {
		const user = requireStaff(locals, url);
		const { to, confirm } = textFields(await request.formData(), ['to', 'confirm']);
		const result = await workshops.setStatus(
			getRuntime().database.db,
			user,
			params.workshopId,
			to,
			confirm === 'yes'
		);
		if (result.ok) {
			// Phones and the projector follow the control document: it shows the new status too.
			await control.republish(getRuntime(), params.workshopId, 'workshop-status');
			redirect(303, `/staff/workshops/${params.workshopId}`);
		}
		if (result.problem === 'not-found') notFound();
		if (result.problem === 'needs-confirmation') {
			return fail(400, { statusError: m.staff_workshop_status_error_confirm() });
		}
		return fail(409, { statusError: m.staff_workshop_status_error_not_possible() });
	},
	...agendaActions
};
