/**
 * The board document, schema version 1 (DESIGN.md §3, "Board document shape"). Root types are split
 * by who may write them, so the server can judge a write by where it lands:
 *
 * - `meta`       Y.Map, staff: schemaVersion, kind, prompt, sections, persona.
 * - `notes`      Y.Map noteId → NoteRecord (plain JSON), written only by the note's author. The key
 *                starts with the author's participant id, so ownership is readable from the key.
 * - `layout`     Y.Map noteId → { x, y, clusterId }, staff.
 * - `clusters`   Y.Map clusterId → { label, x, y, colour }, staff.
 * - `moderation` Y.Map noteId → { hidden, reason }, staff.
 *
 * Values are plain JSON, never nested Y types: one write replaces one whole record, and a tree of
 * nested maps (a classic way to poison a document) has nowhere to go. Every change to this shape
 * comes with a new version number and a named migration.
 */
export const BOARD_SCHEMA_VERSION = 1;

export const BOARD_ROOTS = ['meta', 'notes', 'layout', 'clusters', 'moderation'] as const;
export type BoardRoot = (typeof BOARD_ROOTS)[number];

export const NOTE_TEXT_MAX = 280;
export const NOTE_COLOURS = ['yellow', 'pink', 'blue', 'green', 'orange', 'purple'] as const;
export type NoteColour = (typeof NOTE_COLOURS)[number];

/** A note as stored under `notes`. */
export interface NoteRecord {
	/** Participant id of the author; equals the key's prefix. */
	authorId: string;
	/** The author's nickname when they wrote it (shown beside the note). */
	authorName: string;
	/** The note, 1-280 characters of plain text. */
	text: string;
	/** Empathy-map quadrant or free-canvas section id, or null. */
	section: string | null;
	/** One of NOTE_COLOURS. */
	colour: NoteColour;
	/** Milliseconds since the epoch, from the author's clock (display only). */
	createdAt: number;
	/** Typed in by a facilitator from a paper sheet (key `paper:<random>`, authorId "paper"). */
	fromPaper?: true;
}

/** Largest plain-JSON value any board record may hold, serialised. */
export const RECORD_MAX_BYTES = 8 * 1024;

const NOTE_SUFFIX = /^[A-Za-z0-9_-]{6,40}$/;

/** Whether `key` names a note of `authorId` (`<authorId>:<random>`). */
export function isNoteKeyOf(key: string, authorId: string): boolean {
	return key.startsWith(`${authorId}:`) && NOTE_SUFFIX.test(key.slice(authorId.length + 1));
}

export type NoteProblem =
	'not-an-object' | 'wrong-author' | 'text' | 'section' | 'colour' | 'created-at' | 'extra-fields';

const NOTE_FIELDS = new Set(['authorId', 'authorName', 'text', 'section', 'colour', 'createdAt']);

/**
 * Checks a note a resident writes: exactly the record's fields, their own id and current nickname
 * (names shown on the board come from the session, not from what a client claims), 1-280
 * characters of text without control characters.
 */
export function checkNote(
	value: unknown,
	author: { id: string; name: string }
): { ok: true; note: NoteRecord } | { ok: false; problem: NoteProblem } {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		return { ok: false, problem: 'not-an-object' };
	}
	const record = value as Record<string, unknown>;
	if (Object.keys(record).some((k) => !NOTE_FIELDS.has(k))) {
		return { ok: false, problem: 'extra-fields' };
	}
	if (record.authorId !== author.id || record.authorName !== author.name) {
		return { ok: false, problem: 'wrong-author' };
	}
	const text = record.text;
	if (
		typeof text !== 'string' ||
		text.trim().length === 0 ||
		[...text].length > NOTE_TEXT_MAX ||
		/[\p{Cc}--[\n]]/v.test(text)
	) {
		return { ok: false, problem: 'text' };
	}
	const section = record.section;
	if (section !== null && (typeof section !== 'string' || !/^[a-z0-9-]{1,40}$/.test(section))) {
		return { ok: false, problem: 'section' };
	}
	if (!(NOTE_COLOURS as readonly unknown[]).includes(record.colour)) {
		return { ok: false, problem: 'colour' };
	}
	if (typeof record.createdAt !== 'number' || !Number.isFinite(record.createdAt)) {
		return { ok: false, problem: 'created-at' };
	}
	return { ok: true, note: record as unknown as NoteRecord };
}
