import * as Y from 'yjs';
import { NOTE_TEXT_MAX, checkNote } from './schema';
import type { NoteColour, NoteRecord } from './schema';

/**
 * Named operations on a board's notes (STYLE.md rule 5). Every change runs in one transaction with
 * a typed origin, and writes exactly what the server accepts from a resident (schema.ts): a whole
 * note record under a key that starts with the author's participant id.
 */

export interface NoteAuthor {
	/** Participant id (the note key's prefix). */
	id: string;
	/** Current nickname. */
	name: string;
}

export type BoardOrigin = { source: 'user'; participantId: string };

export interface BoardNote {
	key: string;
	note: NoteRecord;
	/** Hidden by a facilitator (moderation), with the public reason. */
	hidden: { reason: string } | null;
	mine: boolean;
}

const KEY_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A new note key for `author`: `<participantId>:<12 random characters>`. */
export function newNoteKey(author: NoteAuthor, random: () => number = Math.random): string {
	let suffix = '';
	for (let i = 0; i < 12; i++) suffix += KEY_ALPHABET[Math.floor(random() * KEY_ALPHABET.length)];
	return `${author.id}:${suffix}`;
}

export type NoteInputProblem = 'empty' | 'too-long';

/** Why a note text cannot be posted, or null. (The same limits as the server's check.) */
export function noteTextProblem(text: string): NoteInputProblem | null {
	if (text.trim().length === 0) return 'empty';
	if ([...text].length > NOTE_TEXT_MAX) return 'too-long';
	return null;
}

/** Strips what a note may not hold (control characters other than line breaks) and trims. */
export function cleanNoteText(text: string): string {
	return text
		.normalize('NFC')
		.replace(/\r\n?/g, '\n')
		.replace(/[\p{Cc}--[\n]]/gv, '')
		.trim();
}

export function addNote(
	doc: Y.Doc,
	author: NoteAuthor,
	input: { text: string; section?: string | null; colour?: NoteColour },
	now = Date.now()
): string {
	const key = newNoteKey(author);
	const note: NoteRecord = {
		authorId: author.id,
		authorName: author.name,
		text: cleanNoteText(input.text),
		section: input.section ?? null,
		colour: input.colour ?? 'yellow',
		createdAt: now
	};
	if (!checkNote(note, author).ok) throw new Error('Refusing to write an invalid note.');
	doc.transact(() => doc.getMap('notes').set(key, note), origin(author));
	return key;
}

export function editNote(doc: Y.Doc, author: NoteAuthor, key: string, text: string) {
	const notes = doc.getMap<NoteRecord>('notes');
	const current = notes.get(key);
	if (!current || current.authorId !== author.id) return;
	// Rewritten under the current nickname: the server checks it against the session.
	const note = { ...current, authorName: author.name, text: cleanNoteText(text) };
	if (!checkNote(note, author).ok) throw new Error('Refusing to write an invalid note.');
	doc.transact(() => notes.set(key, note), origin(author));
}

export function deleteNote(doc: Y.Doc, author: NoteAuthor, key: string) {
	const notes = doc.getMap<NoteRecord>('notes');
	if (notes.get(key)?.authorId !== author.id) return;
	doc.transact(() => notes.delete(key), origin(author));
}

/** The notes to show, oldest first; others' hidden notes left out, the author's own kept. */
export function readNotes(doc: Y.Doc, viewerId: string | null): BoardNote[] {
	const moderation = doc.getMap<{ hidden: boolean; reason: string }>('moderation');
	const list: BoardNote[] = [];
	for (const [key, value] of doc.getMap<NoteRecord>('notes')) {
		if (typeof value !== 'object' || value === null) continue;
		const flag = moderation.get(key);
		const hidden = flag?.hidden ? { reason: String(flag.reason ?? '') } : null;
		const mine = value.authorId === viewerId;
		if (hidden && !mine) continue;
		list.push({ key, note: value, hidden, mine });
	}
	return list.sort((a, b) => a.note.createdAt - b.note.createdAt || a.key.localeCompare(b.key));
}

function origin(author: NoteAuthor): BoardOrigin {
	return { source: 'user', participantId: author.id };
}
