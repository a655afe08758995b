import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { can } from '../../domain/access';
import { isUuid } from '../../domain/ids';
import type { Provenance } from '../../domain/proposal/provenance';
import type { Evaluation, PrototypePlan, Stage } from '../../domain/proposal/stages';
import type { Database } from '../db/client';
import {
	branches,
	proposalBranches,
	proposalComments,
	proposalEvents,
	proposalServices,
	proposalSupports,
	proposals,
	services,
	users,
	workshopFacilitators
} from '../db/schema/index';
import type { Viewer } from './promote';

export type Locale = 'it' | 'en';

/** A branch as a proposal shows it. */
export interface PlaceBranch {
	id: string;
	slug: string;
	name: string;
	municipio: number | null;
	retired: boolean;
}

export interface PlaceService {
	slug: string;
	name: string;
	retired: boolean;
}

export interface TimelineEvent {
	id: string;
	at: string;
	kind: 'created' | 'stage' | 'edited' | 'merged-in';
	/** Staff name; staff act in public on proposals, as officials do in minutes. */
	actorName: string;
	from: Stage | null;
	to: Stage | null;
	note: string;
	plan: PrototypePlan | null;
	evaluation: Evaluation | null;
	/** merged: the proposal it went into; merged-in: the one that came in. */
	other: { id: string; title: string } | null;
	fields: string[] | null;
}

/** What anyone may read (`GET /api/proposals/<id>`, `/p/<id>`, open data). */
export interface PublicProposal {
	id: string;
	title: string;
	problem: string;
	stage: Stage;
	branches: PlaceBranch[];
	services: PlaceService[];
	targetGroups: string[];
	/** Notes' texts and authors' nicknames; never the authors' ids. */
	provenance: Omit<Provenance, 'notes'> & {
		/** Without the note keys: they start with the author's participant id. */
		notes: { text: string; authorName: string; fromPaper: boolean }[];
	};
	plan: PrototypePlan | null;
	evaluation: Evaluation | null;
	archivedReason: string | null;
	mergedInto: { id: string; title: string } | null;
	/** Proposals merged into this one. */
	mergedFrom: { id: string; title: string }[];
	supports: number;
	createdAt: string;
	stageChangedAt: string;
	timeline: TimelineEvent[];
}

/** What staff also see. */
export interface StaffProposal extends PublicProposal {
	tags: string[];
	owner: { id: string; name: string } | null;
	/** Whether this viewer may edit its fields and text, and move it between stages. */
	mayEdit: boolean;
	mayMove: boolean;
}

export type ProposalView =
	| { ok: true; staff: false; proposal: PublicProposal }
	| { ok: true; staff: true; proposal: StaffProposal }
	| { ok: false; status: 404; code: 'not-found' };

/**
 * One proposal: its public fields for everyone (residents follow what became of their ideas
 * without signing in), and the staff fields for the staff who may see it as staff: those who may
 * edit it (its workshop's facilitators, its owner, managers, admins), the same people
 * `list.forStaff` shows it to. Any other member of staff reads it as the public does (RELIABILITY.md
 * case 36: a facilitator of another workshop learns nothing from its id that a visitor would not).
 * The hidden comments and staff-only fields never leave the server for a visitor.
 */
export async function get(
	db: Database,
	viewer: Viewer,
	proposalId: string,
	locale: Locale
): Promise<ProposalView> {
	if (!isUuid(proposalId)) return { ok: false, status: 404, code: 'not-found' };
	const id = proposalId.toLowerCase();
	const [row] = await db.select().from(proposals).where(eq(proposals.id, id));
	if (!row) return { ok: false, status: 404, code: 'not-found' };

	const serviceName = locale === 'en' ? services.nameEn : services.nameIt;
	const [placeRows, serviceRows, eventRows, mergedFrom, supportRows] = await Promise.all([
		db
			.select({
				id: branches.id,
				slug: branches.slug,
				name: branches.name,
				municipio: branches.municipioId,
				retired: sql<boolean>`${branches.retiredAt} is not null`
			})
			.from(proposalBranches)
			.innerJoin(branches, eq(branches.id, proposalBranches.branchId))
			.where(eq(proposalBranches.proposalId, id))
			.orderBy(asc(branches.name)),
		db
			.select({
				slug: services.slug,
				name: serviceName,
				retired: sql<boolean>`${services.retiredAt} is not null`
			})
			.from(proposalServices)
			.innerJoin(services, eq(services.id, proposalServices.serviceId))
			.where(eq(proposalServices.proposalId, id))
			.orderBy(asc(serviceName)),
		db
			.select()
			.from(proposalEvents)
			.where(eq(proposalEvents.proposalId, id))
			.orderBy(asc(proposalEvents.at), asc(proposalEvents.id)),
		db
			.select({ id: proposals.id, title: proposals.title })
			.from(proposals)
			.where(eq(proposals.mergedIntoId, id))
			.orderBy(asc(proposals.title)),
		db
			.select({ count: sql<number>`count(*)::int` })
			.from(proposalSupports)
			.where(eq(proposalSupports.proposalId, id))
	]);
	const otherIds = [
		...new Set(
			eventRows.flatMap((e) => (e.otherId ? [e.otherId] : [])).concat(row.mergedIntoId ?? [])
		)
	];
	const titles = new Map(
		otherIds.length === 0
			? []
			: (
					await db
						.select({ id: proposals.id, title: proposals.title })
						.from(proposals)
						.where(inArray(proposals.id, otherIds))
				).map((r) => [r.id, r.title])
	);
	const other = (otherId: string | null) =>
		otherId ? { id: otherId, title: titles.get(otherId) ?? '' } : null;

	const provenance = row.provenance;
	const proposal: PublicProposal = {
		id,
		title: row.title,
		problem: row.problem,
		stage: row.stage,
		branches: placeRows,
		services: serviceRows,
		targetGroups: row.targetGroups,
		provenance: {
			...provenance,
			notes: (provenance.notes ?? []).map((n) => ({
				text: n.text,
				authorName: n.authorName,
				fromPaper: n.fromPaper
			}))
		},
		plan: row.plan ?? null,
		evaluation: row.evaluation ?? null,
		archivedReason: row.archivedReason,
		mergedInto: other(row.mergedIntoId),
		mergedFrom,
		supports: supportRows[0]?.count ?? 0,
		createdAt: row.createdAt.toISOString(),
		stageChangedAt: row.stageChangedAt.toISOString(),
		timeline: eventRows.map((e) => ({
			id: e.id,
			at: e.at.toISOString(),
			kind: e.kind,
			actorName: e.actorName,
			from: e.fromStage,
			to: e.toStage,
			note: e.note,
			plan: e.plan ?? null,
			evaluation: e.evaluation ?? null,
			other: other(e.otherId),
			fields: e.fields ?? null
		}))
	};
	if (!viewer.user) return { ok: true, staff: false, proposal };

	const facilitatorIds = row.workshopId
		? (
				await db
					.select({ id: workshopFacilitators.userId })
					.from(workshopFacilitators)
					.where(eq(workshopFacilitators.workshopId, row.workshopId))
			).map((f) => f.id)
		: [];
	const mayEdit = can(viewer.user, 'proposal:edit', { facilitatorIds, ownerId: row.ownerId });
	// Security: staff fields (tags, owner) only for staff who may see it as staff (case 36).
	if (!mayEdit) return { ok: true, staff: false, proposal };
	const [owner] = row.ownerId
		? await db
				.select({ id: users.id, name: users.name })
				.from(users)
				.where(eq(users.id, row.ownerId))
		: [];
	return {
		ok: true,
		staff: true,
		proposal: {
			...proposal,
			tags: row.tags,
			owner: owner ?? null,
			mayEdit,
			mayMove: can(viewer.user, 'proposal:move')
		}
	};
}

/** Visible comments, oldest first (hidden ones only for staff, with their reason). */
export async function comments(db: Database, proposalId: string, staff: boolean) {
	if (!isUuid(proposalId)) return [];
	return db
		.select({
			id: proposalComments.id,
			authorName: proposalComments.authorName,
			text: proposalComments.text,
			createdAt: proposalComments.createdAt,
			hiddenReason: proposalComments.hiddenReason
		})
		.from(proposalComments)
		.where(
			and(
				eq(proposalComments.proposalId, proposalId.toLowerCase()),
				staff ? undefined : isNull(proposalComments.hiddenAt)
			)
		)
		.orderBy(asc(proposalComments.createdAt));
}
