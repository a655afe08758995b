import { can } from '../access';
import type { Actor } from '../access';
import type { DocKind } from './doc-name';

/**
 * What someone may do on a live document (DESIGN.md §3):
 * - `board:`    the workshop's facilitators, managers and admins write everything; its participants
 *               write their own notes (while the board is open, judged per write); others nothing.
 * - `control:`  only the server writes; the workshop's staff and participants read.
 * - `proposal:` staff who may edit its workshop write; the workshop's participants read.
 * - `inbox:`    a resident's notes waiting on a board that holds notes (private mode or
 *               pre-moderation): that participant writes their own notes there, exactly as on the
 *               board; the staff who run the workshop read; nobody else, not even other staff, sees it.
 * - `held:`     every waiting note of a board, for the facilitator's screen: only the server writes,
 *               the staff who run the workshop read, residents never.
 * Participants of a closed workshop are refused: the workshop is over.
 */
export type LiveAccess =
	| { ok: true; mode: 'write' | 'own-notes' | 'read' }
	| { ok: false; refused: 'not-found' | 'forbidden' };

export interface LiveAccessFacts {
	kind: DocKind;
	/** Whether the document's board, workshop or proposal exists. */
	exists: boolean;
	/** The signed-in staff member, if any. */
	actor: Actor | null;
	/** Whether the person is a participant of the document's workshop. */
	participant: boolean;
	/** Facilitators of the document's workshop (empty when it has none). */
	facilitatorIds: readonly string[];
	/** Whether the document's workshop is closed. */
	workshopClosed: boolean;
	/** `inbox:` only: whether the person is the participant the inbox belongs to. */
	ownsInbox?: boolean;
}

export function liveDocumentAccess(facts: LiveAccessFacts): LiveAccess {
	if (!facts.exists) return { ok: false, refused: 'not-found' };
	const workshop = { facilitatorIds: facts.facilitatorIds };
	const runs = can(facts.actor, 'workshop:edit', workshop);
	// Waiting notes are private by design: only their author and the workshop's runners see them.
	if (facts.kind === 'inbox' || facts.kind === 'held') {
		if (runs) return { ok: true, mode: 'read' };
		if (facts.kind === 'inbox' && facts.participant && facts.ownsInbox && !facts.workshopClosed) {
			return { ok: true, mode: 'own-notes' };
		}
		return { ok: false, refused: 'forbidden' };
	}
	if (runs) return { ok: true, mode: facts.kind === 'control' ? 'read' : 'write' };
	if (can(facts.actor, 'workshop:view', workshop)) return { ok: true, mode: 'read' };
	if (facts.participant && !facts.workshopClosed) {
		return { ok: true, mode: facts.kind === 'board' ? 'own-notes' : 'read' };
	}
	return { ok: false, refused: 'forbidden' };
}
