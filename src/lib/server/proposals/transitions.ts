import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { can } from '../../domain/access';
import { isUuid } from '../../domain/ids';
import { readyToAdvance } from '../../domain/proposal/details';
import * as stages from '../../domain/proposal/stages';
import type { EvidenceProblem, Forbidden, Stage } from '../../domain/proposal/stages';
import { instantToLocalInput } from '../../domain/time-zone';
import type { Database } from '../db/client';
import {
	branches,
	notificationOutbox,
	proposalBranches,
	proposalEvents,
	proposalFollows,
	proposalServices,
	proposals,
	residentContacts
} from '../db/schema/index';
import type { Runtime } from '../runtime';
import { nameOf } from './promote';
import type { Viewer } from './promote';

export type TransitionFailure =
	| { ok: false; status: 403; code: 'forbidden' }
	| { ok: false; status: 404; code: 'not-found' }
	| { ok: false; status: 409; code: Forbidden; from: Stage }
	| { ok: false; status: 422; code: EvidenceProblem | 'needs-branch-and-service' };

export type Moved = { ok: true; stage: Stage; eventId: string } | TransitionFailure;

/**
 * `POST /api/proposals/<id>/transitions` (DESIGN.md §4): a manager moves a proposal as the stage
 * rules allow (domain/proposal/stages.ts), with the evidence the move needs; the change and its
 * event are written in one transaction that holds the proposal's row (and the merge target's), so
 * two managers acting at once are served one after the other and the second is judged on the
 * first's result. Followers who left an email get a notification queued in the same transaction.
 */
export async function move(
	runtime: Runtime,
	viewer: Viewer,
	proposalId: string,
	body: unknown
): Promise<Moved> {
	if (!viewer.user || !can(viewer.user, 'proposal:move'))
		return { ok: false, status: 403, code: 'forbidden' };
	if (!isUuid(proposalId)) return { ok: false, status: 404, code: 'not-found' };
	const id = proposalId.toLowerCase();
	const request = (body && typeof body === 'object' ? body : {}) as stages.TransitionRequest;
	const actor = viewer.user;
	const today = instantToLocalInput(new Date(), runtime.config.timeZone).slice(0, 10);
	const intoId = isUuid(request.intoId) ? request.intoId.toLowerCase() : null;

	return runtime.database.db.transaction(async (tx): Promise<Moved> => {
		// Lock both rows in id order, so that two merges towards each other cannot deadlock.
		const ids = [...new Set([id, ...(intoId ? [intoId] : [])])].sort();
		const rows = await tx
			.select({ id: proposals.id, stage: proposals.stage, plan: proposals.plan })
			.from(proposals)
			.where(inArray(proposals.id, ids))
			.orderBy(proposals.id)
			.for('update');
		const current = rows.find((r) => r.id === id);
		if (!current) return { ok: false, status: 404, code: 'not-found' };
		const into = intoId ? rows.find((r) => r.id === intoId) : undefined;

		const decided = stages.decide(request, {
			id,
			stage: current.stage,
			plan: current.plan ?? null,
			intoStage: into ? into.stage : intoId ? null : undefined,
			today
		});
		if (!decided.ok) return decided.status === 409 ? { ...decided, from: current.stage } : decided;
		if (current.stage === 'proposed' && decided.to !== 'archived' && decided.to !== 'merged') {
			if (!readyToAdvance(await placesOf(tx, id)))
				return { ok: false, status: 422, code: 'needs-branch-and-service' };
		}
		if (decided.plan && !(await pilotBranchUsable(tx, decided.plan.pilotBranchId)))
			return { ok: false, status: 422, code: 'plan-branch' };

		const now = new Date();
		await tx
			.update(proposals)
			.set({
				stage: decided.to,
				...(decided.plan ? { plan: decided.plan } : {}),
				...(decided.evaluation ? { evaluation: decided.evaluation } : {}),
				...(decided.to === 'archived'
					? { archivedReason: decided.note || decided.evaluation?.why || '' }
					: {}),
				mergedIntoId: decided.intoId,
				stageChangedAt: now,
				updatedAt: now
			})
			.where(eq(proposals.id, id));
		const actorName = await nameOf(tx, actor.id);
		const [event] = await tx
			.insert(proposalEvents)
			.values({
				proposalId: id,
				at: now,
				kind: 'stage',
				actorId: actor.id,
				actorName,
				fromStage: decided.from,
				toStage: decided.to,
				note: decided.note,
				plan: decided.plan,
				evaluation: decided.evaluation,
				otherId: decided.intoId
			})
			.returning({ id: proposalEvents.id });
		if (!event) throw new Error('The stage change was not recorded.');
		if (decided.intoId) {
			await tx.insert(proposalEvents).values({
				proposalId: decided.intoId,
				at: now,
				kind: 'merged-in',
				actorId: actor.id,
				actorName,
				note: decided.note,
				otherId: id
			});
			await tx.update(proposals).set({ updatedAt: now }).where(eq(proposals.id, decided.intoId));
		}
		await queueNotifications(tx, id, event.id);
		return { ok: true, stage: decided.to, eventId: event.id };
	});
}

async function placesOf(db: Database, id: string) {
	const count = sql<number>`count(*)::int`;
	const [placed] = await db
		.select({ count })
		.from(proposalBranches)
		.where(eq(proposalBranches.proposalId, id));
	const [served] = await db
		.select({ count })
		.from(proposalServices)
		.where(eq(proposalServices.proposalId, id));
	return { branches: placed?.count ?? 0, services: served?.count ?? 0 };
}

async function pilotBranchUsable(db: Database, branchId: string): Promise<boolean> {
	const [row] = await db
		.select({ id: branches.id })
		.from(branches)
		.where(and(eq(branches.id, branchId), isNull(branches.retiredAt)));
	return Boolean(row);
}

/** One email per follower who gave an address, for the sender to deliver (notifications.ts). */
async function queueNotifications(db: Database, proposalId: string, eventId: string) {
	const followers = await db
		.select({ residentId: proposalFollows.residentId })
		.from(proposalFollows)
		.innerJoin(residentContacts, eq(residentContacts.residentId, proposalFollows.residentId))
		.where(eq(proposalFollows.proposalId, proposalId));
	if (followers.length === 0) return;
	await db
		.insert(notificationOutbox)
		.values(followers.map((f) => ({ residentId: f.residentId, proposalId, eventId })));
}
