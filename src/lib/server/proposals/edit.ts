import { and, eq, isNull } from 'drizzle-orm';
import { can } from '../../domain/access';
import { isUuid } from '../../domain/ids';
import { checkDetails } from '../../domain/proposal/details';
import type { DetailField, DetailProblem } from '../../domain/proposal/details';
import { isFinal } from '../../domain/proposal/stages';
import {
	proposalBranches,
	proposalEvents,
	proposalServices,
	proposals,
	users,
	workshopFacilitators
} from '../db/schema/index';
import type { Runtime } from '../runtime';
import { resolveBranches, resolveServices } from './places';
import type { PlaceProblem } from './places';
import { nameOf } from './promote';
import type { Viewer } from './promote';

export type EditField = DetailField | 'ownerId';

export type Edited =
	| { ok: true; changed: EditField[] }
	| {
			ok: false;
			status: 400;
			code: 'invalid';
			errors: Partial<Record<EditField, DetailProblem | PlaceProblem | 'needed'>>;
	  }
	| { ok: false; status: 403; code: 'forbidden' }
	| { ok: false; status: 404; code: 'not-found' }
	| { ok: false; status: 409; code: 'final-stage' };

const sameList = (a: readonly string[], b: readonly string[]) =>
	a.length === b.length && a.every((x, i) => x === b[i]);
const sameSet = (a: readonly string[], b: readonly string[]) =>
	a.length === b.length && a.every((x) => b.includes(x));

/**
 * Changes a proposal's own fields (`PATCH /api/proposals/<id>`, the staff page's form): only the
 * fields sent, checked as at promotion; a retired branch or service may stay where it already was
 * but not be added; past `proposed` a proposal keeps at least one branch and one service. What
 * changed is one `edited` event naming the fields, so the timeline shows that and when.
 */
export async function edit(
	runtime: Runtime,
	viewer: Viewer,
	proposalId: string,
	body: unknown
): Promise<Edited> {
	const db = runtime.database.db;
	if (!viewer.user) return { ok: false, status: 403, code: 'forbidden' };
	if (!isUuid(proposalId)) return { ok: false, status: 404, code: 'not-found' };
	const id = proposalId.toLowerCase();
	const input = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
	const actor = viewer.user;

	return db.transaction(async (tx): Promise<Edited> => {
		const [row] = await tx.select().from(proposals).where(eq(proposals.id, id)).for('update');
		if (!row) return { ok: false, status: 404, code: 'not-found' };
		const facilitatorIds = row.workshopId
			? (
					await tx
						.select({ id: workshopFacilitators.userId })
						.from(workshopFacilitators)
						.where(eq(workshopFacilitators.workshopId, row.workshopId))
				).map((f) => f.id)
			: [];
		if (!can(actor, 'proposal:edit', { facilitatorIds, ownerId: row.ownerId }))
			return { ok: false, status: 403, code: 'forbidden' };
		if (isFinal(row.stage)) return { ok: false, status: 409, code: 'final-stage' };

		const checked = checkDetails(input);
		const errors: Partial<Record<EditField, DetailProblem | PlaceProblem | 'needed'>> = checked.ok
			? {}
			: { ...checked.errors };
		const value = checked.value;

		let ownerId: string | null | undefined;
		if (input.ownerId !== undefined) {
			if (input.ownerId === null) ownerId = null;
			else if (!isUuid(input.ownerId)) errors.ownerId = 'invalid';
			else {
				const [owner] = await tx
					.select({ id: users.id })
					.from(users)
					.where(and(eq(users.id, input.ownerId.toLowerCase()), isNull(users.disabledAt)));
				if (owner) ownerId = owner.id;
				else errors.ownerId = 'unknown';
			}
		}

		const beforeBranches = (
			await tx
				.select({ id: proposalBranches.branchId })
				.from(proposalBranches)
				.where(eq(proposalBranches.proposalId, id))
		).map((r) => r.id);
		const beforeServices = (
			await tx
				.select({ id: proposalServices.serviceId })
				.from(proposalServices)
				.where(eq(proposalServices.proposalId, id))
		).map((r) => r.id);
		let branchIds: string[] | undefined;
		let serviceIds: string[] | undefined;
		if (value.branchIds) {
			const resolved = await resolveBranches(tx, value.branchIds, beforeBranches);
			if (!resolved.ok) errors.branchIds = resolved.problem;
			else if (resolved.ids.length === 0 && row.stage !== 'proposed') errors.branchIds = 'needed';
			else branchIds = resolved.ids;
		}
		if (value.serviceSlugs) {
			const resolved = await resolveServices(tx, value.serviceSlugs, beforeServices);
			if (!resolved.ok) errors.serviceSlugs = resolved.problem;
			else if (resolved.ids.length === 0 && row.stage !== 'proposed')
				errors.serviceSlugs = 'needed';
			else serviceIds = resolved.ids;
		}
		if (Object.keys(errors).length > 0) return { ok: false, status: 400, code: 'invalid', errors };

		const changed: EditField[] = [];
		if (value.title !== undefined && value.title !== row.title) changed.push('title');
		if (value.problem !== undefined && value.problem !== row.problem) changed.push('problem');
		if (value.targetGroups && !sameList(value.targetGroups, row.targetGroups))
			changed.push('targetGroups');
		if (value.tags && !sameList(value.tags, row.tags)) changed.push('tags');
		if (ownerId !== undefined && ownerId !== row.ownerId) changed.push('ownerId');
		if (branchIds && !sameSet(branchIds, beforeBranches)) changed.push('branchIds');
		if (serviceIds && !sameSet(serviceIds, beforeServices)) changed.push('serviceSlugs');
		if (changed.length === 0) return { ok: true, changed };

		const now = new Date();
		await tx
			.update(proposals)
			.set({
				...(changed.includes('title') ? { title: value.title } : {}),
				...(changed.includes('problem') ? { problem: value.problem } : {}),
				...(changed.includes('targetGroups') ? { targetGroups: value.targetGroups } : {}),
				...(changed.includes('tags') ? { tags: value.tags } : {}),
				...(changed.includes('ownerId') ? { ownerId } : {}),
				updatedAt: now
			})
			.where(eq(proposals.id, id));
		if (branchIds && changed.includes('branchIds')) {
			await tx.delete(proposalBranches).where(eq(proposalBranches.proposalId, id));
			if (branchIds.length > 0)
				await tx
					.insert(proposalBranches)
					.values(branchIds.map((branchId) => ({ proposalId: id, branchId })));
		}
		if (serviceIds && changed.includes('serviceSlugs')) {
			await tx.delete(proposalServices).where(eq(proposalServices.proposalId, id));
			if (serviceIds.length > 0)
				await tx
					.insert(proposalServices)
					.values(serviceIds.map((serviceId) => ({ proposalId: id, serviceId })));
		}
		await tx.insert(proposalEvents).values({
			proposalId: id,
			at: now,
			kind: 'edited',
			actorId: actor.id,
			actorName: await nameOf(tx, actor.id),
			fields: changed
		});
		return { ok: true, changed };
	});
}
