import type * as Y from 'yjs';
import type { NoteRecord } from './schema';
import { isPaperNote } from './paper';

/**
 * The notes of a board as facilitators see them: all of them, hidden ones included (with their
 * reason), so that moderation can be checked and explained. Residents read `readNotes` instead.
 */

export interface FacilitatorNote {
	key: string;
	note: NoteRecord;
	/** Hidden by a facilitator, with the reason shown to its author; null while visible. */
	hidden: { reason: string } | null;
	/** Typed in from a paper sheet: shown as "from paper" instead of an author. */
	fromPaper: boolean;
}

/** A section of the board (empathy-map quadrant), as `meta.sections` holds it. */
export interface BoardSection {
	id: string;
	label: string;
}

/** Every note, oldest first. */
export function readAllNotes(doc: Y.Doc): FacilitatorNote[] {
	const moderation = doc.getMap<{ hidden?: unknown; reason?: unknown }>('moderation');
	const list: FacilitatorNote[] = [];
	for (const [key, value] of doc.getMap<NoteRecord>('notes')) {
		if (typeof value !== 'object' || value === null || typeof value.text !== 'string') continue;
		const flag = moderation.get(key);
		const hidden = flag?.hidden === true ? { reason: String(flag.reason ?? '') } : null;
		list.push({ key, note: value, hidden, fromPaper: isPaperNote(key, value) });
	}
	return list.sort((a, b) => a.note.createdAt - b.note.createdAt || a.key.localeCompare(b.key));
}

/** The board's sections in order, or none; anything malformed is left out. */
export function readSections(doc: Y.Doc): BoardSection[] {
	const value = doc.getMap<unknown>('meta').get('sections');
	if (!Array.isArray(value)) return [];
	return value.filter(
		(s): s is BoardSection =>
			typeof s === 'object' &&
			s !== null &&
			typeof (s as BoardSection).id === 'string' &&
			typeof (s as BoardSection).label === 'string'
	);
}
