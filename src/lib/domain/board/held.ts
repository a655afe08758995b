import type * as Y from 'yjs';
import { readNotes } from './notes';
import type { BoardNote } from './notes';
import { checkNote } from './schema';
import type { NoteRecord } from './schema';

/**
 * Held notes: what private mode and pre-moderation keep from the room until a facilitator lets them
 * through (DESIGN.md §3, issue 5). Hiding them on the phones would not be enough — every phone
 * receives the whole board document — so a resident's note written while the board holds notes is
 * written to another document, `inbox:<boardId>:<participantId>`, that only its author and the
 * staff who run the workshop can open. The server mirrors every inbox of a board into one
 * staff-only document, `held:<boardId>` (root `notes`: note key → the same record), for the
 * facilitator's screen, and releases a note by writing it into the board under the same key.
 *
 * An inbox has exactly one root, `notes`, shaped and checked like the board's (schema.ts); `held:`
 * has the same root, written only by the server.
 */

/** The root both an inbox and the held document keep notes in (the same name as the board's). */
export const HELD_ROOT = 'notes';

/** A board's settings that decide whether residents' new notes wait. */
export interface HoldSettings {
	/** Residents' notes reach only the facilitators until revealed (to avoid anchoring). */
	privateMode: boolean;
	/** Residents' notes wait for a facilitator's approval (public events). */
	premoderation: boolean;
}

/** Whether a new note on a board with these settings must wait. */
export function holdsNotes(board: HoldSettings): boolean {
	return board.privateMode || board.premoderation;
}

/** Whether a change of a board's settings lets every held note through. */
export function releasesAll(before: HoldSettings, after: HoldSettings): boolean {
	return holdsNotes(before) && !holdsNotes(after);
}

/** A note waiting for the facilitator, as their screen shows it. */
export interface HeldNote {
	key: string;
	note: NoteRecord;
}

/**
 * The held notes of a `held:` (or an inbox) document, oldest first. Records that are not notes are
 * left out: the reader shows what it can trust, whatever a document holds.
 */
export function readHeld(doc: Y.Doc): HeldNote[] {
	const list: HeldNote[] = [];
	for (const [key, value] of doc.getMap<unknown>(HELD_ROOT)) {
		const record = value as Partial<NoteRecord> | null;
		const checked = checkNote(value, {
			id: String(record?.authorId ?? ''),
			name: String(record?.authorName ?? '')
		});
		if (!checked.ok || !key.startsWith(`${checked.note.authorId}:`)) continue;
		list.push({ key, note: checked.note });
	}
	return list.sort((a, b) => a.note.createdAt - b.note.createdAt || a.key.localeCompare(b.key));
}

/** The participant a note key belongs to (`<participantId>:<random>`), or null. */
export function authorOfKey(key: string): string | null {
	const colon = key.indexOf(':');
	return colon > 0 ? key.slice(0, colon) : null;
}

/**
 * What to write so that the held document shows exactly an inbox's notes: records to set (new or
 * changed) and keys of that participant to delete (gone from the inbox).
 */
export function mirrorPlan(
	inbox: ReadonlyMap<string, unknown>,
	held: ReadonlyMap<string, unknown>,
	participantId: string
): { set: [string, unknown][]; remove: string[] } {
	const set: [string, unknown][] = [];
	for (const [key, record] of inbox) {
		if (JSON.stringify(held.get(key)) !== JSON.stringify(record)) set.push([key, record]);
	}
	const remove = [...held.keys()].filter(
		(key) => authorOfKey(key) === participantId && !inbox.has(key)
	);
	return { set, remove };
}

/**
 * What a resident sees of a board: the board's notes as readNotes shows them (others' hidden ones
 * left out), plus their own held notes from their inbox, marked `held`. A released note is in the
 * board before it leaves the inbox (the server writes in that order): it is shown once, from the
 * board. A held note hidden by a facilitator carries the flag that waits for it in the board.
 */
export function readResidentNotes(
	board: Y.Doc,
	inbox: Y.Doc,
	viewerId: string
): (BoardNote & { held: boolean })[] {
	const shown = readNotes(board, viewerId).map((n) => ({ ...n, held: false }));
	const boardNotes = board.getMap('notes');
	const moderation = board.getMap<{ hidden?: boolean; reason?: string }>('moderation');
	for (const n of readNotes(inbox, viewerId)) {
		if (boardNotes.has(n.key) || !n.mine) continue;
		const flag = moderation.get(n.key);
		const hidden = flag?.hidden ? { reason: String(flag.reason ?? '') } : null;
		shown.push({ ...n, hidden, held: true });
	}
	return shown.sort((a, b) => a.note.createdAt - b.note.createdAt || a.key.localeCompare(b.key));
}
