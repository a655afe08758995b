import { randomBytes, randomUUID } from 'node:crypto';
import * as Y from 'yjs';

/**
 * The board content every server receives: notes in the `notes` Y.Map as Piazza's board schema
 * has them (key `<participantId>:<random>`, a plain JSON value), so that Piazza's permission
 * checks accept them and the peers store exactly the same bytes.
 */
export const BENCH_PROMPT = 'Come potremmo rendere la biblioteca il posto del quartiere? (bench)';

/** Who writes: on Piazza a participant who joined through the API, elsewhere a look-alike. */
export interface Author {
	participantId: string;
	name: string;
}

export function lookAlikeAuthor(index: number): Author {
	return { participantId: randomUUID(), name: `bench-${index}` };
}

const FILLER = 'Una sala studio aperta la sera, con prese, wifi e un angolo per i compiti.';

/**
 * Marks a note so that receivers can time it by scanning frame bytes: a plain JSON value is
 * encoded by Yjs as UTF-8 text inside the update, whole, even when updates are merged.
 */
export function marker(writer: number, seq: number, sentAt: number): string {
	return `~m${writer}.${seq}.${sentAt.toFixed(3)}~`;
}

const MARK = Buffer.from('~m');
const TILDE = 0x7e;
const DOT = 0x2e;
const ZERO = 0x30;

/**
 * Calls `found` for every marker in a frame. Digits are read straight from the bytes: in the
 * stress line a worker reads a quarter of a million markers a second, and it must not be what
 * the latencies measure.
 */
export function scanMarkers(
	frame: Buffer,
	found: (writer: number, seq: number, sentAt: number) => void
) {
	let at = frame.indexOf(MARK);
	while (at !== -1) {
		// `<writer>.<seq>.<ms>.<fraction>~`
		const fields = [0, 0, 0, 0];
		const scale = [1, 1, 1, 1];
		let field = 0;
		let i = at + 2;
		for (; i < frame.length; i++) {
			const byte = frame[i]!;
			if (byte === TILDE) break;
			if (byte === DOT) field++;
			else if (field < 4) {
				fields[field] = fields[field]! * 10 + (byte - ZERO);
				scale[field]! *= 10;
			}
		}
		if (i >= frame.length) return;
		found(fields[0]!, fields[1]!, fields[2]! + fields[3]! / scale[3]!);
		at = frame.indexOf(MARK, i + 1);
	}
}

/** Adds one note to `doc` (one Yjs update). */
export function addNote(doc: Y.Doc, author: Author, text: string, createdAt: number) {
	const key = `${author.participantId}:${randomBytes(8).toString('base64url')}`;
	doc.getMap('notes').set(key, {
		authorId: author.participantId,
		authorName: author.name,
		text,
		section: null,
		colour: 'yellow',
		createdAt: Math.round(createdAt)
	});
}

export function noteText(writer: number, seq: number, sentAt: number): string {
	return `${marker(writer, seq, sentAt)} ${FILLER}`;
}

/**
 * What Piazza's server writes into a new board (its `meta`), written by a client on the peers so
 * that all three hold the same document.
 */
export function initialiseMeta(doc: Y.Doc) {
	doc.transact(() => {
		const meta = doc.getMap('meta');
		meta.set('schemaVersion', 1);
		meta.set('kind', 'idea-wall');
		meta.set('prompt', BENCH_PROMPT);
	});
}
