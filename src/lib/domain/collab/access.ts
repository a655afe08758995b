import { can } from '../access';
import type { Actor } from '../access';
import type { DocKind } from './doc-name';

/**
 * What someone may do on a live document (DESIGN.md §3):
 * - `board:`    the workshop's facilitators, managers and admins write everything; its participants
 *               write their own notes (while the board is open, judged per write); others nothing.
 * - `control:`  only the server writes; the workshop's staff and participants read.
 * - `proposal:` staff who may edit its workshop write; the workshop's participants read.
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
}

export function liveDocumentAccess(facts: LiveAccessFacts): LiveAccess {
	if (!facts.exists) return { ok: false, refused: 'not-found' };
	const workshop = { facilitatorIds: facts.facilitatorIds };
	if (can(facts.actor, 'workshop:edit', workshop)) {
		return { ok: true, mode: facts.kind === 'control' ? 'read' : 'write' };
	}
	if (can(facts.actor, 'workshop:view', workshop)) return { ok: true, mode: 'read' };
	if (facts.participant && !facts.workshopClosed) {
		return { ok: true, mode: facts.kind === 'board' ? 'own-notes' : 'read' };
	}
	return { ok: false, refused: 'forbidden' };
}
