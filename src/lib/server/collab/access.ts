import { and, eq, sql } from 'drizzle-orm';
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
	| {
			ok: true;
			grant: Grant;
			/** The board's phase now (boards only): the room keeps it for judging residents' writes. */
			phase: BoardPhase | null;
	  }
	| { ok: false; refused: 'not-found' | 'forbidden' };

/**
 * Everything the decision needs, in one query (an upgrade is on the path of every join and
 * reconnect): the workshop behind the document, the board's phase, whether the visitor facilitates
 * it, and the visitor's participant record in it.
 */
async function factsOf(db: Database, visitor: Visitor, doc: DocName) {
	const owner = visitor.user
		? eq(participants.userId, visitor.user.id)
		: visitor.residentId
			? eq(participants.residentId, visitor.residentId)
			: sql`false`;
	const facilitates = visitor.user
		? sql<boolean>`exists (select 1 from ${workshopFacilitators} where ${workshopFacilitators.workshopId} = ${workshops.id} and ${workshopFacilitators.userId} = ${visitor.user.id})`.mapWith(
				Boolean
			)
		: sql<boolean>`false`.mapWith(Boolean);
	const columns = {
		workshopId: workshops.id,
		status: workshops.status,
		facilitates,
		participantId: participants.id,
		nickname: participants.nickname
	};
	const asParticipant = and(eq(participants.workshopId, workshops.id), owner);
	if (doc.kind === 'board') {
		const [row] = await db
			.select({ ...columns, phase: boards.phase })
			.from(boards)
			.innerJoin(workshops, eq(workshops.id, boards.workshopId))
			.leftJoin(participants, asParticipant)
			.where(eq(boards.id, doc.id))
			.limit(1);
		return row ?? null;
	}
	const [row] =
		doc.kind === 'control'
			? await db
					.select(columns)
					.from(workshops)
					.leftJoin(participants, asParticipant)
					.where(eq(workshops.id, doc.id))
					.limit(1)
			: await db
					.select(columns)
					.from(proposals)
					.innerJoin(workshops, eq(workshops.id, proposals.workshopId))
					.leftJoin(participants, asParticipant)
					.where(eq(proposals.id, doc.id))
					.limit(1);
	return row ? { ...row, phase: null } : null;
}

export async function decide(db: Database, visitor: Visitor, doc: DocName): Promise<Decision> {
	const facts = await factsOf(db, visitor, doc);
	if (!facts) return { ok: false, refused: 'not-found' };
	const participant =
		facts.participantId && facts.nickname !== null
			? { id: facts.participantId, nickname: facts.nickname }
			: null;
	const access = liveDocumentAccess({
		kind: doc.kind,
		exists: true,
		actor: visitor.user,
		participant: Boolean(participant),
		facilitatorIds: facts.facilitates && visitor.user ? [visitor.user.id] : [],
		workshopClosed: facts.status === 'closed'
	});
	if (!access.ok) return access;
	const asParticipant = access.mode === 'own-notes' || (!visitor.user && participant);
	return {
		ok: true,
		phase: facts.phase,
		grant: {
			mode: access.mode,
			writer: asParticipant ? `participant:${participant!.id}` : `user:${visitor.user!.id}`,
			identity: asParticipant
				? { name: participant!.nickname, role: 'participant' }
				: { name: visitor.user!.name, role: visitor.user!.role },
			participantId: participant?.id ?? null,
			workshopId: facts.workshopId
		}
	};
}

/** A board's phase and the facts a new board document is given by the server (kind, prompt). */
export async function boardFacts(db: Database, boardId: string) {
	const [row] = await db
		.select({ phase: boards.phase, kind: boards.kind, prompt: boards.prompt })
		.from(boards)
		.where(eq(boards.id, boardId));
	return row ?? null;
}
