import { and, eq } from 'drizzle-orm';
import { liveDocumentAccess } from '../../domain/collab/access';
import type { DocName } from '../../domain/collab/doc-name';
import type { StaffUser } from '../auth/sessions';
import type { Database } from '../db/client';
import {
	boards,
	participants,
	proposals,
	workshopFacilitators,
	workshops
} from '../db/schema/index';
import type { BoardPhase } from '../db/schema/index';
import type { Writer } from './journal';

/** Who opens a socket, as the session cookie says. */
export interface Visitor {
	sessionId: string;
	user: StaffUser | null;
	residentId: string | null;
}

/** What a connection may do on its document, decided once at upgrade and re-checked periodically. */
export interface Grant {
	mode: 'write' | 'own-notes' | 'read';
	/** Author of its writes in the journal, and owner of the Yjs client ids it uses. */
	writer: Writer;
	/** Shown to others in presence (awareness): from the session, never from the client. */
	identity: { name: string; role: string };
	/** The participant behind an `own-notes` grant (notes are keyed by it). */
	participantId: string | null;
	workshopId: string;
}

export type Decision =
	{ ok: true; grant: Grant } | { ok: false; refused: 'not-found' | 'forbidden' };

/** The workshop behind a document, and the board's phase when it is a board. */
async function workshopOf(db: Database, doc: DocName) {
	if (doc.kind === 'board') {
		const [row] = await db
			.select({ workshopId: boards.workshopId, status: workshops.status, phase: boards.phase })
			.from(boards)
			.innerJoin(workshops, eq(workshops.id, boards.workshopId))
			.where(eq(boards.id, doc.id));
		return row ?? null;
	}
	if (doc.kind === 'control') {
		const [row] = await db
			.select({ workshopId: workshops.id, status: workshops.status })
			.from(workshops)
			.where(eq(workshops.id, doc.id));
		return row ? { ...row, phase: null } : null;
	}
	const [row] = await db
		.select({ workshopId: workshops.id, status: workshops.status })
		.from(proposals)
		.innerJoin(workshops, eq(workshops.id, proposals.workshopId))
		.where(eq(proposals.id, doc.id));
	return row ? { ...row, phase: null } : null;
}

export async function decide(db: Database, visitor: Visitor, doc: DocName): Promise<Decision> {
	const workshop = await workshopOf(db, doc);
	if (!workshop) return { ok: false, refused: 'not-found' };
	const facilitatorIds = (
		await db
			.select({ id: workshopFacilitators.userId })
			.from(workshopFacilitators)
			.where(eq(workshopFacilitators.workshopId, workshop.workshopId))
	).map((r) => r.id);
	const owner = visitor.user
		? eq(participants.userId, visitor.user.id)
		: visitor.residentId
			? eq(participants.residentId, visitor.residentId)
			: null;
	const [participant] = owner
		? await db
				.select({ id: participants.id, nickname: participants.nickname })
				.from(participants)
				.where(and(eq(participants.workshopId, workshop.workshopId), owner))
		: [];
	const access = liveDocumentAccess({
		kind: doc.kind,
		exists: true,
		actor: visitor.user,
		participant: Boolean(participant),
		facilitatorIds,
		workshopClosed: workshop.status === 'closed'
	});
	if (!access.ok) return access;
	const asParticipant = access.mode === 'own-notes' || (!visitor.user && participant);
	return {
		ok: true,
		grant: {
			mode: access.mode,
			writer: asParticipant ? `participant:${participant!.id}` : `user:${visitor.user!.id}`,
			identity: asParticipant
				? { name: participant!.nickname, role: 'participant' }
				: { name: visitor.user!.name, role: visitor.user!.role },
			participantId: participant?.id ?? null,
			workshopId: workshop.workshopId
		}
	};
}

/** A board's phase now (the room caches it; facilitators' phase changes update the cache). */
export async function boardPhase(db: Database, boardId: string): Promise<BoardPhase | null> {
	const [row] = await db.select({ phase: boards.phase }).from(boards).where(eq(boards.id, boardId));
	return row?.phase ?? null;
}

/** Initial facts a new board document is given by the server (its kind and prompt). */
export async function boardSeed(db: Database, boardId: string) {
	const [row] = await db
		.select({ kind: boards.kind, prompt: boards.prompt })
		.from(boards)
		.where(eq(boards.id, boardId));
	return row ?? null;
}
