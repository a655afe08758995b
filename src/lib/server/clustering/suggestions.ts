import { eq } from 'drizzle-orm';
import type { Actor } from '../../domain/access';
import { readClusters } from '../../domain/board/clusters';
import type { NoteRecord } from '../../domain/board/schema';
import { suggestClusters } from '../../domain/clustering/suggest';
import type { ClusterLocale, ClusterSuggestion } from '../../domain/clustering/suggest';
import { docName } from '../../domain/collab/doc-name';
import { isUuid } from '../../domain/ids';
import * as permissions from '../../domain/workshop/permissions';
import type { PermissionCode } from '../../domain/workshop/permissions';
import { collabServer } from '../collab/server';
import { boards, workshopFacilitators, workshops } from '../db/schema/index';
import type { Runtime } from '../runtime';

/**
 * Cluster suggestions for a board (`POST /api/boards/<boardId>/cluster-suggestions`): the board's
 * visible notes, read from the live document on the server (never from what a client sends),
 * grouped by domain/clustering/suggest.ts. Notes already in a cluster are not suggested again.
 * Only staff who may arrange the board (its workshop's facilitators, managers, admins) may ask:
 * the suggestions quote residents' notes, including in private mode.
 */

export interface Visitor {
	user: Actor | null;
	residentId: string | null;
}

export type SuggestionFailure = {
	ok: false;
	/** 403 who, 404 no such board, 410 the workshop is closed. */
	status: 403 | 404 | 409 | 410 | 423;
	code: PermissionCode | 'board-not-found';
};

export async function suggest(
	runtime: Runtime,
	visitor: Visitor,
	boardId: string,
	locale: ClusterLocale
): Promise<{ ok: true; suggestions: ClusterSuggestion[] } | SuggestionFailure> {
	if (!isUuid(boardId)) return { ok: false, status: 404, code: 'board-not-found' };
	const db = runtime.database.db;
	const [board] = await db
		.select({
			workshopId: boards.workshopId,
			status: workshops.status,
			phase: boards.phase,
			votingState: boards.votingState,
			privateMode: boards.privateMode
		})
		.from(boards)
		.innerJoin(workshops, eq(workshops.id, boards.workshopId))
		.where(eq(boards.id, boardId))
		.limit(1);
	if (!board) return { ok: false, status: 404, code: 'board-not-found' };

	const facilitatorIds = visitor.user
		? (
				await db
					.select({ id: workshopFacilitators.userId })
					.from(workshopFacilitators)
					.where(eq(workshopFacilitators.workshopId, board.workshopId))
			).map((row) => row.id)
		: [];
	// A resident of any workshop and a stranger are refused alike: neither arranges a board.
	const role = permissions.roleIn(
		{ actor: visitor.user, participant: visitor.residentId !== null },
		{ facilitatorIds }
	);
	const code = permissions.refusal(role, 'arrange', {
		status: board.status,
		board: { phase: board.phase, votingState: board.votingState, privateMode: board.privateMode }
	});
	if (code) return { ok: false, ...permissions.staffBoardRefusal(code) };

	const suggestions = await collabServer(runtime).read(docName('board', boardId), (doc) => {
		const moderation = doc.getMap<{ hidden?: unknown }>('moderation');
		const notes: { id: string; text: string }[] = [];
		for (const [id, value] of doc.getMap<NoteRecord>('notes')) {
			if (typeof value !== 'object' || value === null || typeof value.text !== 'string') continue;
			if (moderation.get(id)?.hidden === true) continue;
			notes.push({ id, text: value.text });
		}
		const existing = readClusters(
			doc,
			notes.map((note) => note.id)
		);
		return suggestClusters(notes, { locale, existing });
	});
	return { ok: true, suggestions };
}
