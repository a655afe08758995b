import { and, asc, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { can } from '../../domain/access';
import { isUuid } from '../../domain/ids';
import * as rules from '../../domain/proposal/residents';
import type { CommentView, IdeaReason, ResidentRefusal } from '../../domain/proposal/residents';
import type { Stage } from '../../domain/proposal/stages';
import type { TextProblem } from '../../domain/text';
import type { Database } from '../db/client';
import {
	participants,
	proposalComments,
	proposalFollows,
	proposalSources,
	proposalSupports,
	proposals,
	votes,
	workshopFacilitators
} from '../db/schema/index';
import type { Viewer } from './promote';
import * as supportCounts from './support-counts';

/**
 * What residents do with a proposal after the workshop: follow it, support it (one support per
 * resident), comment on it; and what staff of the proposal do with comments (hide one, with a
 * reason its author reads). The rules are in domain/proposal/residents.ts.
 */

export type Refused =
	| { ok: false; status: 401; code: 'no-session' }
	| { ok: false; status: 403; code: 'staff' | 'not-participant' | 'forbidden' }
	| { ok: false; status: 404; code: 'not-found' }
	| { ok: false; status: 409; code: 'final-stage' };

const notFound = { ok: false as const, status: 404 as const, code: 'not-found' as const };

function refusal(code: ResidentRefusal | 'final-stage'): Refused {
	if (code === 'no-session') return { ok: false, status: 401, code };
	if (code === 'final-stage') return { ok: false, status: 409, code };
	return { ok: false, status: 403, code };
}

/** In how many workshops the resident took part. */
async function participationsOf(db: Database, residentId: string | null): Promise<number> {
	if (!residentId) return 0;
	const [row] = await db
		.select({ count: sql<number>`count(*)::int` })
		.from(participants)
		.where(eq(participants.residentId, residentId));
	return row?.count ?? 0;
}

async function residentViewer(db: Database, viewer: Viewer): Promise<rules.ResidentViewer> {
	return {
		staff: Boolean(viewer.user),
		residentId: viewer.residentId,
		participations: viewer.user ? 0 : await participationsOf(db, viewer.residentId)
	};
}

async function proposalRow(db: Database, proposalId: string) {
	if (!isUuid(proposalId)) return null;
	const [row] = await db
		.select({
			id: proposals.id,
			stage: proposals.stage,
			workshopId: proposals.workshopId,
			ownerId: proposals.ownerId
		})
		.from(proposals)
		.where(eq(proposals.id, proposalId.toLowerCase()));
	return row ?? null;
}

/** What the follow, support and comment pieces of a proposal's page show to this viewer. */
export interface ViewerState {
	/** Why this viewer may not act as a resident here (follow, support, comment), or null. */
	refusal: ResidentRefusal | null;
	following: boolean;
	supported: boolean;
	supports: number;
	/** The proposal is archived or merged: no new supports. */
	closedToSupport: boolean;
	/** Staff who may hide comments on this proposal. */
	moderator: boolean;
}

/**
 * The viewer's state for a proposal's page (`/p/<id>` includes FollowButton, SupportButton and
 * Comments with it), or null when there is no such proposal.
 */
export async function stateFor(
	db: Database,
	viewer: Viewer,
	proposalId: string
): Promise<ViewerState | null> {
	const row = await proposalRow(db, proposalId);
	if (!row) return null;
	const who = await residentViewer(db, viewer);
	const residentId = who.staff ? null : viewer.residentId;
	const [[followed], [supported], [counted]] = await Promise.all([
		residentId
			? db
					.select({ id: proposalFollows.residentId })
					.from(proposalFollows)
					.where(
						and(eq(proposalFollows.proposalId, row.id), eq(proposalFollows.residentId, residentId))
					)
			: Promise.resolve([]),
		residentId
			? db
					.select({ id: proposalSupports.residentId })
					.from(proposalSupports)
					.where(
						and(
							eq(proposalSupports.proposalId, row.id),
							eq(proposalSupports.residentId, residentId)
						)
					)
			: Promise.resolve([]),
		db
			.select({ count: sql<number>`count(*)::int` })
			.from(proposalSupports)
			.where(eq(proposalSupports.proposalId, row.id))
	]);
	return {
		refusal: rules.residentRefusal(who),
		following: Boolean(followed),
		supported: Boolean(supported),
		supports: counted?.count ?? 0,
		closedToSupport: row.stage === 'archived' || row.stage === 'merged',
		moderator: await isModerator(db, viewer, row)
	};
}

async function isModerator(
	db: Database,
	viewer: Viewer,
	row: { workshopId: string | null; ownerId: string | null }
): Promise<boolean> {
	if (!viewer.user) return false;
	const facilitatorIds = row.workshopId
		? (
				await db
					.select({ id: workshopFacilitators.userId })
					.from(workshopFacilitators)
					.where(eq(workshopFacilitators.workshopId, row.workshopId))
			).map((f) => f.id)
		: [];
	return can(viewer.user, 'proposal:edit', { facilitatorIds, ownerId: row.ownerId });
}

export type Followed = { ok: true; following: boolean } | Refused;

/** Follow (or with `on` false, stop following) a proposal. Doing it twice changes nothing. */
export async function follow(
	db: Database,
	viewer: Viewer,
	proposalId: string,
	on: boolean
): Promise<Followed> {
	const row = await proposalRow(db, proposalId);
	if (!row) return notFound;
	const refused = rules.residentRefusal(await residentViewer(db, viewer));
	if (refused) return refusal(refused);
	const residentId = viewer.residentId!;
	if (on)
		await db
			.insert(proposalFollows)
			.values({ proposalId: row.id, residentId })
			.onConflictDoNothing();
	else
		await db
			.delete(proposalFollows)
			.where(
				and(eq(proposalFollows.proposalId, row.id), eq(proposalFollows.residentId, residentId))
			);
	return { ok: true, following: on };
}

export type Supported = { ok: true; supported: boolean; supports: number } | Refused;

/**
 * Support (or withdraw the support for) a proposal: one per resident, by the table's key, so two
 * taps at once still count once.
 */
export async function support(
	db: Database,
	viewer: Viewer,
	proposalId: string,
	on: boolean
): Promise<Supported> {
	const row = await proposalRow(db, proposalId);
	if (!row) return notFound;
	const who = await residentViewer(db, viewer);
	const refused = on ? rules.supportRefusal(who, row.stage) : rules.residentRefusal(who);
	if (refused) return refusal(refused);
	const residentId = viewer.residentId!;
	// The proposal's row is held while the support is written and counted, so two residents
	// supporting at once are counted one after the other (support-counts.ts).
	const supports = await db.transaction(async (tx) => {
		await supportCounts.lock(tx, [row.id]);
		if (on)
			await tx
				.insert(proposalSupports)
				.values({ proposalId: row.id, residentId })
				.onConflictDoNothing();
		else
			await tx
				.delete(proposalSupports)
				.where(
					and(eq(proposalSupports.proposalId, row.id), eq(proposalSupports.residentId, residentId))
				);
		await supportCounts.recount(tx, [row.id]);
		const [counted] = await tx
			.select({ supports: proposals.supports })
			.from(proposals)
			.where(eq(proposals.id, row.id));
		return counted?.supports ?? 0;
	});
	return { ok: true, supported: on, supports };
}

export type CommentList = { ok: true; comments: CommentView[]; moderator: boolean } | Refused;

/**
 * The comments of a proposal, oldest first. Everyone reads the visible ones; a hidden one reaches
 * only its author (who is told why) and the staff who may hide comments here.
 */
export async function listComments(
	db: Database,
	viewer: Viewer,
	proposalId: string
): Promise<CommentList> {
	const row = await proposalRow(db, proposalId);
	if (!row) return notFound;
	const moderator = await isModerator(db, viewer, row);
	const residentId = viewer.user ? null : viewer.residentId;
	const rows = await db
		.select()
		.from(proposalComments)
		.where(
			and(
				eq(proposalComments.proposalId, row.id),
				moderator
					? undefined
					: residentId
						? or(isNull(proposalComments.hiddenAt), eq(proposalComments.residentId, residentId))
						: isNull(proposalComments.hiddenAt)
			)
		)
		.orderBy(asc(proposalComments.createdAt), asc(proposalComments.id));
	return {
		ok: true,
		moderator,
		comments: rows.map((c) => ({
			id: c.id,
			authorName: c.authorName,
			text: c.text,
			createdAt: c.createdAt.toISOString(),
			mine: residentId !== null && c.residentId === residentId,
			hidden: c.hiddenAt ? { reason: c.hiddenReason ?? '', at: c.hiddenAt.toISOString() } : null
		}))
	};
}

export type Commented =
	| { ok: true; comment: CommentView }
	| Refused
	| { ok: false; status: 400; code: `comment-${TextProblem}` };

/**
 * A resident's comment, stored as typed (plain text; pages show it as text). Signed with the
 * nickname they chose in the proposal's workshop, or else in their latest one.
 */
export async function addComment(
	db: Database,
	viewer: Viewer,
	proposalId: string,
	body: unknown
): Promise<Commented> {
	const row = await proposalRow(db, proposalId);
	if (!row) return notFound;
	const refused = rules.residentRefusal(await residentViewer(db, viewer));
	if (refused) return refusal(refused);
	const input = body && typeof body === 'object' ? (body as Record<string, unknown>).text : null;
	const text = rules.checkComment(input);
	if (!text.ok) return { ok: false, status: 400, code: `comment-${text.problem}` };
	const residentId = viewer.residentId!;
	const [named] = await db
		.select({ nickname: participants.nickname })
		.from(participants)
		.where(eq(participants.residentId, residentId))
		.orderBy(
			row.workshopId
				? desc(sql`${participants.workshopId} = ${row.workshopId}`)
				: desc(participants.lastSeenAt),
			desc(participants.lastSeenAt)
		)
		.limit(1);
	const [stored] = await db
		.insert(proposalComments)
		.values({
			proposalId: row.id,
			residentId,
			authorName: named?.nickname ?? '',
			text: text.value
		})
		.returning();
	if (!stored) throw new Error('The comment was not stored.');
	return {
		ok: true,
		comment: {
			id: stored.id,
			authorName: stored.authorName,
			text: stored.text,
			createdAt: stored.createdAt.toISOString(),
			mine: true,
			hidden: null
		}
	};
}

export type Hidden =
	| { ok: true; id: string; hidden: { reason: string; at: string } }
	| Refused
	| { ok: false; status: 400; code: `hide-reason-${TextProblem}` };

/**
 * Staff who may edit the proposal hide a comment, with a reason its author will read. Hiding a
 * hidden comment again keeps the first reason: the author was already told.
 */
export async function hideComment(
	db: Database,
	viewer: Viewer,
	proposalId: string,
	commentId: string,
	body: unknown
): Promise<Hidden> {
	const row = await proposalRow(db, proposalId);
	if (!row || !isUuid(commentId)) return notFound;
	if (!viewer.user) return { ok: false, status: 403, code: 'forbidden' };
	if (!(await isModerator(db, viewer, row))) return { ok: false, status: 403, code: 'forbidden' };
	const input = body && typeof body === 'object' ? (body as Record<string, unknown>).reason : null;
	const reason = rules.checkHideReason(input);
	if (!reason.ok) return { ok: false, status: 400, code: `hide-reason-${reason.problem}` };
	const where = and(
		eq(proposalComments.id, commentId.toLowerCase()),
		eq(proposalComments.proposalId, row.id)
	);
	await db
		.update(proposalComments)
		.set({ hiddenAt: new Date(), hiddenReason: reason.value, hiddenBy: viewer.user.id })
		.where(and(where, isNull(proposalComments.hiddenAt)));
	const [current] = await db
		.select({ at: proposalComments.hiddenAt, reason: proposalComments.hiddenReason })
		.from(proposalComments)
		.where(where);
	if (!current?.at) return notFound;
	return {
		ok: true,
		id: commentId.toLowerCase(),
		hidden: { reason: current.reason ?? '', at: current.at.toISOString() }
	};
}

/** One of "my ideas". */
export interface MyIdea {
	id: string;
	title: string;
	stage: Stage;
	stageChangedAt: string;
	workshopTitle: string;
	reasons: IdeaReason[];
	following: boolean;
	archivedReason: string | null;
	mergedInto: { id: string; title: string } | null;
}

/**
 * "Le mie idee": the proposals a resident's notes went into, those whose source items they put
 * dots on, and those they follow, from any of their workshops; latest change first.
 */
export async function myIdeas(db: Database, residentId: string): Promise<MyIdea[]> {
	const mine = db
		.select({ id: participants.id })
		.from(participants)
		.where(eq(participants.residentId, residentId));
	const [noted, voted, followed] = await Promise.all([
		db
			.selectDistinct({ proposalId: proposalSources.proposalId })
			.from(proposalSources)
			.where(inArray(proposalSources.participantId, mine)),
		db
			.selectDistinct({ proposalId: proposalSources.proposalId })
			.from(proposalSources)
			.innerJoin(
				votes,
				and(eq(votes.boardId, proposalSources.boardId), eq(votes.itemId, proposalSources.itemId))
			)
			.where(inArray(votes.participantId, mine)),
		db
			.select({ proposalId: proposalFollows.proposalId })
			.from(proposalFollows)
			.where(eq(proposalFollows.residentId, residentId))
	]);
	const reasons = [
		...noted.map((r) => ({ proposalId: r.proposalId, reason: 'note' as const })),
		...voted.map((r) => ({ proposalId: r.proposalId, reason: 'vote' as const })),
		...followed.map((r) => ({ proposalId: r.proposalId, reason: 'follow' as const }))
	];
	const ids = [...new Set(reasons.map((r) => r.proposalId))];
	if (ids.length === 0) return [];
	const rows = await db
		.select({
			id: proposals.id,
			title: proposals.title,
			stage: proposals.stage,
			stageChangedAt: proposals.stageChangedAt,
			provenance: proposals.provenance,
			archivedReason: proposals.archivedReason,
			mergedIntoId: proposals.mergedIntoId
		})
		.from(proposals)
		.where(inArray(proposals.id, ids));
	const byId = new Map(rows.map((r) => [r.id, r]));
	const targetIds = rows.flatMap((r) => (r.mergedIntoId ? [r.mergedIntoId] : []));
	const targets = new Map(
		targetIds.length === 0
			? []
			: (
					await db
						.select({ id: proposals.id, title: proposals.title })
						.from(proposals)
						.where(inArray(proposals.id, targetIds))
				).map((t) => [t.id, t.title])
	);
	const followedIds = new Set(followed.map((f) => f.proposalId));
	return rules
		.gatherIdeas(
			reasons.flatMap((r) => {
				const row = byId.get(r.proposalId);
				return row ? [{ ...r, stageChangedAt: row.stageChangedAt.toISOString() }] : [];
			})
		)
		.map((idea) => {
			const row = byId.get(idea.proposalId)!;
			return {
				id: row.id,
				title: row.title,
				stage: row.stage,
				stageChangedAt: idea.stageChangedAt,
				workshopTitle: row.provenance.workshopTitle,
				reasons: idea.reasons,
				following: followedIds.has(row.id),
				archivedReason: row.archivedReason,
				mergedInto: row.mergedIntoId
					? { id: row.mergedIntoId, title: targets.get(row.mergedIntoId) ?? '' }
					: null
			};
		});
}
