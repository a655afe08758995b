import { and, eq, inArray, or, sql } from 'drizzle-orm';
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
			/**
			 * The board's phase now (boards and their inboxes): the room keeps it for judging
			 * residents' writes.
			 */
			phase: BoardPhase | null;
	  }
	| { ok: false; refused: 'not-found' | 'forbidden' };

/**
 * A board's phase as residents' writes are judged: locked from a listening point's `closes_at` on
 * (by the database's clock), whatever the stored phase, so that no note slips in between that
 * instant and the sweep that stores the lock (workshops/listening.ts). Needs `workshops` joined.
 */
const effectivePhase = sql<BoardPhase>`case when ${workshops.closesAt} <= now() then 'locked' else ${boards.phase} end`;

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
	// A board's inbox and held documents belong to the board: its workshop, its phase.
	if (doc.kind === 'board' || doc.kind === 'inbox' || doc.kind === 'held') {
		const [row] = await db
			.select({ ...columns, phase: effectivePhase })
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

interface Facts {
	workshopId: string;
	status: string;
	phase: BoardPhase | null;
	facilitates: boolean;
	participant: { id: string; nickname: string } | null;
}

function decision(visitor: Visitor, doc: DocName, facts: Facts | null): Decision {
	if (!facts) return { ok: false, refused: 'not-found' };
	const { participant } = facts;
	const access = liveDocumentAccess({
		kind: doc.kind,
		exists: true,
		actor: visitor.user,
		participant: Boolean(participant),
		facilitatorIds: facts.facilitates && visitor.user ? [visitor.user.id] : [],
		workshopClosed: facts.status === 'closed',
		// Security: an inbox named with someone else's participant id is refused (4403).
		ownsInbox: doc.kind === 'inbox' && participant !== null && participant.id === doc.participantId
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

export async function decide(db: Database, visitor: Visitor, doc: DocName): Promise<Decision> {
	const row = await factsOf(db, visitor, doc);
	return decision(
		visitor,
		doc,
		row && {
			...row,
			participant:
				row.participantId && row.nickname !== null
					? { id: row.participantId, nickname: row.nickname }
					: null
		}
	);
}

/**
 * `decide` for many visitors of one document, in three reads whatever their number: a room
 * reconnecting at once asks for dozens within a few milliseconds.
 */
export async function decideMany(
	db: Database,
	visitors: readonly Visitor[],
	doc: DocName
): Promise<Decision[]> {
	if (visitors.length === 1) return [await decide(db, visitors[0]!, doc)];
	const base = await factsOf(db, NO_VISITOR, doc);
	if (!base) return visitors.map(() => ({ ok: false, refused: 'not-found' }));
	const userIds = visitors.flatMap((v) => (v.user ? [v.user.id] : []));
	const residentIds = visitors.flatMap((v) => (!v.user && v.residentId ? [v.residentId] : []));
	const facilitators = new Set(
		userIds.length === 0
			? []
			: (
					await db
						.select({ id: workshopFacilitators.userId })
						.from(workshopFacilitators)
						.where(
							and(
								eq(workshopFacilitators.workshopId, base.workshopId),
								inArray(workshopFacilitators.userId, userIds)
							)
						)
				).map((r) => r.id)
	);
	const owners = [
		...(userIds.length > 0 ? [inArray(participants.userId, userIds)] : []),
		...(residentIds.length > 0 ? [inArray(participants.residentId, residentIds)] : [])
	];
	const rows =
		owners.length === 0
			? []
			: await db
					.select({
						id: participants.id,
						nickname: participants.nickname,
						userId: participants.userId,
						residentId: participants.residentId
					})
					.from(participants)
					.where(and(eq(participants.workshopId, base.workshopId), or(...owners)));
	return visitors.map((visitor) => {
		const row = rows.find((r) =>
			visitor.user ? r.userId === visitor.user.id : r.residentId === visitor.residentId
		);
		return decision(visitor, doc, {
			workshopId: base.workshopId,
			status: base.status,
			phase: base.phase,
			facilitates: Boolean(visitor.user && facilitators.has(visitor.user.id)),
			participant: row ? { id: row.id, nickname: row.nickname } : null
		});
	});
}

/** Someone with no account and no participant record: the document's own facts only. */
const NO_VISITOR: Visitor = { sessionId: '', user: null, residentId: null };

/**
 * A board's phase, whether it holds residents' notes now (private mode, pre-moderation), and the
 * facts a new board document is given by the server (kind, prompt).
 */
export async function boardFacts(db: Database, boardId: string) {
	const [row] = await db
		.select({
			phase: effectivePhase,
			kind: boards.kind,
			prompt: boards.prompt,
			privateMode: boards.privateMode,
			premoderation: boards.premoderation
		})
		.from(boards)
		.innerJoin(workshops, eq(workshops.id, boards.workshopId))
		.where(eq(boards.id, boardId));
	return row ?? null;
}
