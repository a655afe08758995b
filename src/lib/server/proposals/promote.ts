import { and, eq, inArray, sql } from 'drizzle-orm';
import type * as Y from 'yjs';
import type { Actor } from '../../domain/access';
import { can } from '../../domain/access';
import type { NoteRecord } from '../../domain/board/schema';
import { docName } from '../../domain/collab/doc-name';
import { isUuid } from '../../domain/ids';
import { checkDetails } from '../../domain/proposal/details';
import type { DetailField, DetailProblem } from '../../domain/proposal/details';
import * as provenance from '../../domain/proposal/provenance';
import type { BoardContent, Provenance, SourceProblem } from '../../domain/proposal/provenance';
import { collabServer } from '../collab/server';
import type { Database } from '../db/client';
import {
	boards,
	paperVotes,
	participants,
	proposalBranches,
	proposalEvents,
	proposalServices,
	proposalSources,
	proposals,
	users,
	votes,
	workshopFacilitators,
	workshops
} from '../db/schema/index';
import type { Runtime } from '../runtime';
import { resolveBranches, resolveServices } from './places';
import type { PlaceProblem } from './places';

/** Who is asking, as hooks.server.ts leaves it in `locals`. */
export interface Viewer {
	user: Actor | null;
	residentId: string | null;
}

export type PromoteFailure =
	| { ok: false; status: 400; code: 'invalid'; errors: Partial<Record<DetailField, DetailProblem>> }
	| { ok: false; status: 400; code: 'invalid-source' | SourceProblem }
	| { ok: false; status: 400; code: `branch-${PlaceProblem}` | `service-${PlaceProblem}` }
	| { ok: false; status: 403; code: 'forbidden' }
	| { ok: false; status: 404; code: 'board-not-found' };

export type Promoted = { ok: true; id: string } | PromoteFailure;

/**
 * `POST /api/proposals` (DESIGN.md §4): a facilitator of the workshop, a manager or an admin turns
 * notes or a cluster of a board into a proposal. What the board said is copied into its provenance
 * in the same request, with the dots those items received and how many people took part, so the
 * proposal keeps its evidence whatever happens to the board later. With no branch named it starts
 * at the workshop's branch; services can come later, but not after `proposed` (stages.ts).
 */
export async function promote(runtime: Runtime, viewer: Viewer, body: unknown): Promise<Promoted> {
	const db = runtime.database.db;
	const forbidden = { ok: false as const, status: 403 as const, code: 'forbidden' as const };
	if (!viewer.user) return forbidden;
	const input = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
	const source =
		input.source && typeof input.source === 'object'
			? (input.source as Record<string, unknown>)
			: null;
	if (!source || !isUuid(source.boardId)) return { ok: false, status: 400, code: 'invalid-source' };
	const boardId = source.boardId.toLowerCase();

	const [board] = await db
		.select({
			workshopId: boards.workshopId,
			prompt: boards.prompt,
			title: workshops.title,
			processId: workshops.processId,
			branchId: workshops.branchId
		})
		.from(boards)
		.innerJoin(workshops, eq(workshops.id, boards.workshopId))
		.where(eq(boards.id, boardId));
	// Staff who could not promote from this board do not learn whether it exists.
	if (!board) return can(viewer.user, 'proposal:move') ? notFound() : forbidden;
	const facilitators = await db
		.select({ id: workshopFacilitators.userId })
		.from(workshopFacilitators)
		.where(eq(workshopFacilitators.workshopId, board.workshopId));
	if (!can(viewer.user, 'proposal:promote', { facilitatorIds: facilitators.map((f) => f.id) }))
		return forbidden;

	const details = checkDetails(input, ['title', 'problem', 'branchIds', 'serviceSlugs']);
	if (!details.ok) return { ok: false, status: 400, code: 'invalid', errors: details.errors };
	const { title, problem, targetGroups = [], tags = [] } = details.value;
	const branchIds = details.value.branchIds?.length
		? details.value.branchIds
		: board.branchId
			? [board.branchId]
			: [];
	const branchRows = await resolveBranches(db, branchIds);
	if (!branchRows.ok) return { ok: false, status: 400, code: `branch-${branchRows.problem}` };
	const serviceRows = await resolveServices(db, details.value.serviceSlugs ?? []);
	if (!serviceRows.ok) return { ok: false, status: 400, code: `service-${serviceRows.problem}` };

	const content = await collabServer(runtime).read(docName('board', boardId), readContent);
	const picked = provenance.pick(content, { noteIds: source.noteIds, clusterId: source.clusterId });
	if (!picked.ok) return { ok: false, status: 400, code: picked.problem };
	const dots = provenance.dotsFor(await dotsOn(db, boardId), picked.cluster, picked.notes);
	const [counted] = await db
		.select({ count: sql<number>`count(*)::int` })
		.from(participants)
		.where(eq(participants.workshopId, board.workshopId));
	const snapshot: Provenance = {
		workshopId: board.workshopId,
		workshopTitle: board.title,
		boardId,
		prompt: board.prompt ?? '',
		cluster: picked.cluster,
		notes: picked.notes,
		...dots,
		participants: counted?.count ?? 0,
		promotedAt: new Date().toISOString()
	};

	const id = await db.transaction(async (tx) => {
		const [row] = await tx
			.insert(proposals)
			.values({
				workshopId: board.workshopId,
				processId: board.processId,
				title: title!,
				problem: problem ?? '',
				targetGroups,
				tags,
				ownerId: viewer.user!.id,
				provenance: snapshot,
				createdBy: viewer.user!.id
			})
			.returning({ id: proposals.id });
		if (!row) throw new Error('The proposal was not stored.');
		if (branchRows.ids.length > 0)
			await tx
				.insert(proposalBranches)
				.values(branchRows.ids.map((branchId) => ({ proposalId: row.id, branchId })));
		if (serviceRows.ids.length > 0)
			await tx
				.insert(proposalServices)
				.values(serviceRows.ids.map((serviceId) => ({ proposalId: row.id, serviceId })));
		const authors = await knownParticipants(tx, board.workshopId, snapshot);
		await tx.insert(proposalSources).values(sourceRows(row.id, boardId, snapshot, authors));
		await tx.insert(proposalEvents).values({
			proposalId: row.id,
			kind: 'created',
			actorId: viewer.user!.id,
			actorName: await nameOf(tx, viewer.user!.id),
			toStage: 'proposed'
		});
		return row.id;
	});
	return { ok: true, id };
}

function notFound() {
	return { ok: false as const, status: 404 as const, code: 'board-not-found' as const };
}

/** The board's notes, layout, clusters and moderation as plain records. */
export function readContent(doc: Y.Doc): BoardContent {
	return {
		notes: doc.getMap<NoteRecord>('notes').toJSON() as Record<string, NoteRecord>,
		layout: doc.getMap('layout').toJSON() as BoardContent['layout'],
		clusters: doc.getMap('clusters').toJSON() as BoardContent['clusters'],
		moderation: doc.getMap('moderation').toJSON() as BoardContent['moderation']
	};
}

/** Dots per item of a board, phones' and paper's apart. */
export async function dotsOn(db: Database, boardId: string): Promise<provenance.Dots> {
	const phone = await db
		.select({ itemId: votes.itemId, count: sql<number>`sum(${votes.count})::int` })
		.from(votes)
		.where(eq(votes.boardId, boardId))
		.groupBy(votes.itemId);
	const paper = await db
		.select({ itemId: paperVotes.itemId, count: paperVotes.count })
		.from(paperVotes)
		.where(eq(paperVotes.boardId, boardId));
	return {
		phone: Object.fromEntries(phone.map((r) => [r.itemId, r.count])),
		paper: Object.fromEntries(paper.map((r) => [r.itemId, r.count]))
	};
}

/** The notes' authors who are participants of the workshop (a forged key names nobody). */
async function knownParticipants(db: Database, workshopId: string, snapshot: Provenance) {
	const ids = [
		...new Set(
			snapshot.notes.flatMap((n) => (n.authorId && isUuid(n.authorId) ? [n.authorId] : []))
		)
	];
	if (ids.length === 0) return new Set<string>();
	const rows = await db
		.select({ id: participants.id })
		.from(participants)
		.where(and(eq(participants.workshopId, workshopId), inArray(participants.id, ids)));
	return new Set(rows.map((r) => r.id));
}

/** One row per promoted item: the cluster (no author) and each note (its author, unless paper). */
function sourceRows(
	proposalId: string,
	boardId: string,
	snapshot: Provenance,
	authors: ReadonlySet<string>
) {
	return [
		...(snapshot.cluster
			? [{ proposalId, boardId, itemId: snapshot.cluster.id, participantId: null }]
			: []),
		...snapshot.notes.map((note) => ({
			proposalId,
			boardId,
			itemId: note.id,
			participantId: note.authorId && authors.has(note.authorId) ? note.authorId : null
		}))
	];
}

/** A staff member's name for the timeline. */
export async function nameOf(db: Database, userId: string): Promise<string> {
	const [row] = await db.select({ name: users.name }).from(users).where(eq(users.id, userId));
	return row?.name ?? '';
}
