import { error, fail } from '@sveltejs/kit';
import { can } from '$lib/domain/access';
import { explain } from '$lib/proposals/explain';
import * as ranking from '$lib/server/review/ranking';
import * as ratings from '$lib/server/review/ratings';
import { listField } from '$lib/form-errors';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { fieldMessages, proposalError } from '$lib/proposals/failures';
import { notFound, requireStaff } from '$lib/server/guards';
import * as editing from '$lib/server/proposals/edit';
import * as list from '$lib/server/proposals/list';
import * as proposals from '$lib/server/proposals/read';
import * as branches from '$lib/server/reference/branches';
import * as services from '$lib/server/reference/services';
import * as users from '$lib/server/staff/users';
import { getRuntime } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

/**
 * `/staff/proposals/<id>`: a proposal's fields, its provenance, the live description, the stage
 * actions (managers) and its history. Fields are saved by the `save` action through edit.ts; stage
 * changes go from the browser to `POST /api/proposals/<id>/transitions`, so the forms keep what was
 * typed when the server refuses.
 */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	requireStaff(locals, url);
	const db = getRuntime().database.db;
	const locale = getLocale() === 'en' ? 'en' : 'it';
	const view = await proposals.get(db, locals, params.proposalId, locale);
	if (!view.ok || !view.staff) notFound();
	const proposal = view.proposal;
	const chosenBranches = proposal.branches.map((b) => b.id);
	const chosenServices = proposal.services.map((s) => s.slug);
	const reviewer = can(locals.user, 'proposals:review');
	const timeZone = getRuntime().config.timeZone;
	const [branchOptions, serviceRows, owners, targets, scored, rated] = await Promise.all([
		branches.options(db, chosenBranches),
		services.list(db),
		users.listAssignable(db, proposal.owner ? [proposal.owner.id] : []),
		proposal.mayMove ? list.mergeTargets(db, proposal.id) : Promise.resolve([]),
		reviewer ? ranking.scoreOf(db, proposal.id, timeZone) : Promise.resolve(null),
		reviewer ? ratings.summary(db, proposal.id, locals.user!.id) : Promise.resolve(null)
	]);
	return {
		timeZone: getRuntime().config.timeZone,
		proposal,
		branchOptions: branchOptions.map(({ id, name, municipio, retired }) => ({
			id,
			name,
			municipio,
			retired
		})),
		// Retired services stay listed only where the proposal already names them.
		serviceOptions: serviceRows
			.filter((s) => !s.retired || chosenServices.includes(s.slug))
			.map((s) => ({
				slug: s.slug,
				name: locale === 'en' ? s.nameEn : s.nameIt,
				retired: s.retired
			}))
			.sort((a, b) => a.name.localeCompare(b.name, locale)),
		owners: owners.map(({ id, name, disabled }) => ({ id, name, disabled })),
		mergeTargets: targets,
		// Managers' and admins' view: the priority score, its sentence and the staff ratings.
		priority:
			scored && rated
				? {
						score: scored.row.score,
						explanation: explain(scored.row, scored.context, locale),
						ratings: rated
					}
				: null
	};
};

/** Short labels typed in one field, separated by commas or new lines. */
function labels(value: FormDataEntryValue | null): string[] {
	return String(value ?? '')
		.split(/[,\n]/)
		.map((s) => s.trim())
		.filter(Boolean);
}

export const actions: Actions = {
	save: async ({ locals, url, params, request }) => {
		requireStaff(locals, url);
		const form = await request.formData();
		const values = {
			title: String(form.get('title') ?? ''),
			problem: String(form.get('problem') ?? ''),
			targetGroups: String(form.get('targetGroups') ?? ''),
			tags: String(form.get('tags') ?? ''),
			branchIds: listField(form, 'branchIds'),
			serviceSlugs: listField(form, 'serviceSlugs'),
			ownerId: String(form.get('ownerId') ?? '')
		};
		const result = await editing.edit(getRuntime(), locals, params.proposalId, {
			title: values.title,
			problem: values.problem,
			targetGroups: labels(values.targetGroups),
			tags: labels(values.tags),
			branchIds: values.branchIds,
			serviceSlugs: values.serviceSlugs,
			ownerId: values.ownerId === '' ? null : values.ownerId
		});
		if (result.ok) return { saved: true, changed: result.changed };
		if (result.code === 'not-found') notFound();
		if (result.code === 'invalid')
			return fail(400, {
				values,
				fields: fieldMessages(result.errors),
				error: m.proposal_page_fix_fields()
			});
		return fail(result.status, { values, fields: {}, error: proposalError(result.code).message });
	},
	/** A manager's own rating (1-5 on impact, feasibility, cost); sent again, it replaces theirs. */
	rate: async ({ locals, url, params, request }) => {
		const user = requireStaff(locals, url);
		const form = await request.formData();
		const rating = {
			impact: String(form.get('impact') ?? ''),
			feasibility: String(form.get('feasibility') ?? ''),
			cost: String(form.get('cost') ?? '')
		};
		const result = await ratings.rate(getRuntime().database.db, user, params.proposalId, rating);
		if (result.ok) return { rated: true };
		if (result.code === 'forbidden') error(403, m.review_rating_error_forbidden());
		if (result.code === 'not_found') notFound();
		return fail(400, { rating, ratingError: m.review_rating_error_invalid() });
	},
	unrate: async ({ locals, url, params }) => {
		const user = requireStaff(locals, url);
		const result = await ratings.withdraw(getRuntime().database.db, user, params.proposalId);
		if (!result.ok) error(403, m.review_rating_error_forbidden());
		return { unrated: true };
	}
};
