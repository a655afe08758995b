import { and, asc, eq, inArray } from 'drizzle-orm';
import { can } from '../../domain/access';
import { docName } from '../../domain/collab/doc-name';
import { isUuid } from '../../domain/ids';
import { rank } from '../../domain/proposal/candidates';
import type { Candidate } from '../../domain/proposal/candidates';
import type { Stage } from '../../domain/proposal/stages';
import { collabServer } from '../collab/server';
import type { Database } from '../db/client';
import { boards, proposalSources, proposals, workshopFacilitators } from '../db/schema/index';
import type { Runtime } from '../runtime';
import { dotsOn, readContent } from './promote';
import type { Viewer } from './promote';

/**
 * What of a board became a proposal, and what could: the staff's view of "the winning ideas".
 * Promoted items are read from `proposal_sources` (the database, not the board), so a badge stays
 * right whatever happens to the live document; candidates carry their dots, phones and paper
 * together, counted as the provenance of a promotion counts them (a cluster with its notes).
 */

/** A board item that is part of a proposal. */
export interface Promoted {
	itemId: string;
	proposalId: string;
	title: string;
	stage: Stage;
}

export type BoardPromotions =
	{ ok: true; promoted: Promoted[] } | { ok: false; status: 404; code: 'board-not-found' };

/** The proposals born from a board's items, for staff who may see its workshop. */
export async function promotedOn(
	db: Database,
	viewer: Viewer,
	boardId: string
): Promise<BoardPromotions> {
	const missing = { ok: false as const, status: 404 as const, code: 'board-not-found' as const };
	if (!viewer.user || !isUuid(boardId)) return missing;
	const id = boardId.toLowerCase();
	const [board] = await db
		.select({ workshopId: boards.workshopId })
		.from(boards)
		.where(eq(boards.id, id));
	if (!board) return missing;
	const facilitatorIds = (
		await db
			.select({ id: workshopFacilitators.userId })
			.from(workshopFacilitators)
			.where(eq(workshopFacilitators.workshopId, board.workshopId))
	).map((f) => f.id);
	// Someone else's workshop answers as if the board did not exist (RELIABILITY.md case 36).
	if (!can(viewer.user, 'workshop:view', { facilitatorIds })) return missing;
	return { ok: true, promoted: await promotedRows(db, [id]) };
}

async function promotedRows(db: Database, boardIds: string[]) {
	if (boardIds.length === 0) return [];
	return db
		.select({
			boardId: proposalSources.boardId,
			itemId: proposalSources.itemId,
			proposalId: proposals.id,
			title: proposals.title,
			stage: proposals.stage
		})
		.from(proposalSources)
		.innerJoin(proposals, eq(proposals.id, proposalSources.proposalId))
		.where(inArray(proposalSources.boardId, boardIds))
		.orderBy(asc(proposals.createdAt));
}

export interface BoardCandidates {
	boardId: string;
	title: string;
	candidates: Candidate[];
}

/**
 * The items of a workshop's boards that received dots or became proposals, most dots first, per
 * board in the agenda's order. The caller has checked that the viewer may see the workshop.
 * Boards nobody voted on and nothing was promoted from are left out: there is nothing to rank.
 */
export async function ofWorkshop(
	runtime: Runtime,
	workshopId: string,
	agenda: readonly { boardId: string; title: string }[]
): Promise<BoardCandidates[]> {
	const db = runtime.database.db;
	const owned = new Set(
		(
			await db
				.select({ id: boards.id })
				.from(boards)
				.where(
					and(
						eq(boards.workshopId, workshopId),
						inArray(
							boards.id,
							agenda.map((a) => a.boardId).filter((id) => isUuid(id))
						)
					)
				)
		).map((b) => b.id)
	);
	const boardsHere = agenda.filter((a) => owned.has(a.boardId));
	const promoted = await promotedRows(
		db,
		boardsHere.map((b) => b.boardId)
	);
	const result: BoardCandidates[] = [];
	for (const board of boardsHere) {
		const dots = await dotsOn(db, board.boardId);
		const fromHere = promoted.filter((p) => p.boardId === board.boardId);
		const voted =
			Object.values(dots.phone).some((n) => n > 0) || Object.values(dots.paper).some((n) => n > 0);
		if (!voted && fromHere.length === 0) continue;
		const content = await collabServer(runtime).read(docName('board', board.boardId), readContent);
		result.push({
			boardId: board.boardId,
			title: board.title,
			candidates: rank(content, dots, fromHere)
		});
	}
	return result;
}
