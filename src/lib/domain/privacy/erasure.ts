import { authorOfKey } from '../board/held';
import type { Provenance } from '../proposal/provenance';

/**
 * What erasing a participant's contributions, or anonymising them when the retention period has
 * run out, changes in the documents and records that hold them. Pure: the server reads the
 * documents and rows, asks these functions what to write, and writes it.
 *
 * Residents are anonymous by design: the only personal fields are nicknames, the notes and
 * comments they wrote, and the email they may leave for news. An erasure removes all of it; a
 * retention sweep removes the nicknames and the email and keeps the contributions, which belong to
 * the process, with no name on them.
 */

/** The keys of a notes map (board, inbox or held) that belong to these participants. */
export function keysOf(keys: Iterable<string>, participantIds: ReadonlySet<string>): string[] {
	const mine: string[] = [];
	for (const key of keys) {
		const author = authorOfKey(key);
		if (author !== null && participantIds.has(author)) mine.push(key);
	}
	return mine;
}

/** A note record with the author's name removed (retention); any other value is left as it is. */
export function withoutAuthorName(record: unknown): unknown {
	if (typeof record !== 'object' || record === null || Array.isArray(record)) return record;
	if (!('authorName' in record) || (record as { authorName: unknown }).authorName === '')
		return record;
	return { ...record, authorName: '' };
}

/**
 * A proposal's frozen provenance without these participants' notes: the proposal stays (staff
 * wrote it and may have carried it far), the count of dots and of people stays (they are
 * anonymous figures the ranking relies on), but the quoted text and nickname of an erased
 * resident go. Null when nothing of theirs is in it.
 */
export function provenanceWithout(
	provenance: Provenance,
	participantIds: ReadonlySet<string>
): Provenance | null {
	const notes = provenance.notes.filter(
		(note) => note.authorId === null || !participantIds.has(note.authorId)
	);
	if (notes.length === provenance.notes.length) return null;
	return { ...provenance, notes };
}

/**
 * A proposal's provenance with these participants' nicknames removed (retention): the texts stay.
 * Null when nothing changes.
 */
export function provenanceUnnamed(
	provenance: Provenance,
	participantIds: ReadonlySet<string>
): Provenance | null {
	let changed = false;
	const notes = provenance.notes.map((note) => {
		if (note.authorId === null || !participantIds.has(note.authorId) || note.authorName === '')
			return note;
		changed = true;
		return { ...note, authorName: '' };
	});
	return changed ? { ...provenance, notes } : null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The instant before which a resident's last visit makes their personal fields expire. */
export function retentionCutoff(now: Date, retentionDays: number): Date {
	return new Date(now.getTime() - retentionDays * DAY_MS);
}

/** The file name of a resident's download: no nickname in it (it lands in a shared Downloads folder). */
export function exportFileName(now: Date): string {
	return `piazza-i-miei-dati-${now.toISOString().slice(0, 10)}.json`;
}
