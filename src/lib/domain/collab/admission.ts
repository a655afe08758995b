import type { StaffRole } from '../access';
import type { BoardPhase } from '../workshop/kinds';
import { liveDocumentAccess } from './access';
import type { DocName } from './doc-name';

/**
 * Whether a socket is admitted to a live document, and with what rights, from plain facts: the
 * server reads the facts (in one query at upgrade, or ahead of time at a restart) and this decides.
 * No database, no clock of its own: `now` is given.
 */

/** A staff member as the session names them. */
export interface StaffUser {
	id: string;
	email: string;
	name: string;
	role: StaffRole;
}

/** Who opens a socket, as the session cookie says. */
export interface Visitor {
	sessionId: string;
	user: StaffUser | null;
	residentId: string | null;
}

/** What a connection may do on its document, decided once at upgrade and re-checked periodically. */
export interface Grant {
	mode: 'write' | 'own-notes' | 'read';
	/** Author of its writes in the journal (`user:<id>` / `participant:<id>`), and owner of the Yjs client ids it uses. */
	writer: string;
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

/** What the database says of a document and of one person in its workshop. */
export interface DocumentFacts {
	workshopId: string;
	/** The workshop's status (`closed` refuses its participants). */
	status: string;
	/** The board's phase as residents' writes are judged (boards, inboxes, held), else null. */
	phase: BoardPhase | null;
	/** Whether the person facilitates the document's workshop. */
	facilitates: boolean;
	/** The person's participant record in that workshop, if any. */
	participant: { id: string; nickname: string } | null;
}

/** A session whose secret the server has already checked against the stored hash. */
export interface SessionFacts {
	id: string;
	user: StaffUser | null;
	residentId: string | null;
	/** When it expires (ms since the epoch). */
	expiresAt: number;
}

export interface AdmissionFacts {
	/** Null when the token names no session, its secret is wrong, or the session has ended. */
	session: SessionFacts | null;
	/** Null when the document's board, workshop or proposal does not exist. */
	document: DocumentFacts | null;
}

/** No session: close 4401. Otherwise the visitor and what they may do on the document. */
export type Admission = { visitor: null } | { visitor: Visitor; decision: Decision };

/** Whether a socket with these facts is admitted to `doc` at `now` (ms since the epoch). */
export function decide(facts: AdmissionFacts, doc: DocName, now: number): Admission {
	const { session } = facts;
	// Security: an expired session is refused even when its facts were read while it still stood.
	if (!session || session.expiresAt <= now) return { visitor: null };
	const visitor: Visitor = {
		sessionId: session.id,
		user: session.user,
		residentId: session.residentId
	};
	return { visitor, decision: decideAccess(visitor, doc, facts.document) };
}

/** What a known visitor may do on `doc`, given the document's facts (null: no such document). */
export function decideAccess(
	visitor: Visitor,
	doc: DocName,
	facts: DocumentFacts | null
): Decision {
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
