import type * as Y from 'yjs';
import { NOTE_COLOURS } from './schema';
import type { NoteColour, NoteRecord } from './schema';
import { cleanNoteText, noteTextProblem } from './notes';
import type { NoteInputProblem } from './notes';

/**
 * Notes from people without a phone: a facilitator types in what was written on a paper sheet.
 * Such a note sits in the board's `notes` map like any other, under a key no participant can own
 * (`paper:<12 random [a-z0-9]>`, participant keys start with a uuid), with `authorId: "paper"`, an
 * empty author name and `fromPaper: true`; every screen shows it as "from paper". Written by staff
 * (the live server lets facilitators write every root of a board), never by a resident.
 */

export const PAPER_AUTHOR_ID = 'paper';
const PAPER_KEY = /^paper:[a-z0-9]{12}$/;
const KEY_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const SECTION = /^[a-z0-9-]{1,40}$/;

/** Who wrote it into the document: a staff member, for the journal and permissions. */
export type PaperOrigin = { source: 'staff'; userId: string };

export interface PaperNoteInput {
	text: string;
	/** A section id of the board, or null. */
	section: string | null;
	colour: NoteColour;
}

export type PaperNoteProblem = NoteInputProblem | 'section' | 'colour';

/** Whether `key` names a note typed in from paper. */
export function isPaperNoteKey(key: string): boolean {
	return PAPER_KEY.test(key);
}

/** Whether a stored note came from a paper sheet (by its key and its record, which must agree). */
export function isPaperNote(key: string, note: NoteRecord): boolean {
	return isPaperNoteKey(key) && note.fromPaper === true && note.authorId === PAPER_AUTHOR_ID;
}

export function newPaperNoteKey(random: () => number = Math.random): string {
	let suffix = '';
	for (let i = 0; i < 12; i++) suffix += KEY_ALPHABET[Math.floor(random() * KEY_ALPHABET.length)];
	return `paper:${suffix}`;
}

/** Why this input cannot become a paper note, or null. Same text limits as a phone's note. */
export function paperNoteProblem(input: PaperNoteInput): PaperNoteProblem | null {
	const text = noteTextProblem(cleanNoteText(input.text));
	if (text) return text;
	if (input.section !== null && !SECTION.test(input.section)) return 'section';
	if (!(NOTE_COLOURS as readonly string[]).includes(input.colour)) return 'colour';
	return null;
}

/**
 * Writes a paper note into the board document in one transaction with a staff origin, and returns
 * its key; or the problem with the input, writing nothing.
 */
export function addPaperNote(
	doc: Y.Doc,
	staff: { userId: string },
	input: PaperNoteInput,
	now = Date.now(),
	random: () => number = Math.random
): { ok: true; key: string } | { ok: false; problem: PaperNoteProblem } {
	const problem = paperNoteProblem(input);
	if (problem) return { ok: false, problem };
	const key = newPaperNoteKey(random);
	const note: NoteRecord = {
		authorId: PAPER_AUTHOR_ID,
		authorName: '',
		text: cleanNoteText(input.text),
		section: input.section,
		colour: input.colour,
		createdAt: now,
		fromPaper: true
	};
	const origin: PaperOrigin = { source: 'staff', userId: staff.userId };
	doc.transact(() => doc.getMap('notes').set(key, note), origin);
	return { ok: true, key };
}
