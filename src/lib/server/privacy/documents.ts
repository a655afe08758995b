import { inArray } from 'drizzle-orm';
import type * as Y from 'yjs';
import { HELD_ROOT } from '../../domain/board/held';
import { docName, inboxName } from '../../domain/collab/doc-name';
import { keysOf, withoutAuthorName } from '../../domain/privacy/erasure';
import type { Database } from '../db/client';
import { boards, collabDocuments, collabUpdates } from '../db/schema/index';

/**
 * A participant's notes where the live documents keep them: on the boards of their workshops
 * (`notes`, with the facilitators' `layout` and `moderation` entries of the same keys), in their
 * inboxes and in the boards' `held:` documents (notes waiting for a facilitator). Changes go
 * through the live-document server's own transactions, so open phones and the projector see them
 * at once, and are journaled like any server change.
 */

/** What the privacy services need of the live-document server (CollabServer). */
export interface LiveDocuments {
	read<T>(docName: string, fn: (doc: Y.Doc) => T): Promise<T>;
	transact(docName: string, fn: (doc: Y.Doc) => void, reason?: string): Promise<void>;
	compactNow(docNames: readonly string[]): Promise<void>;
}

/** A participant row as the privacy services see it. */
export interface Participation {
	participantId: string;
	workshopId: string;
}

/** Every document that may hold these participants' notes and has ever been stored. */
export async function documentsOf(
	db: Database,
	participations: readonly Participation[]
): Promise<{ boards: string[]; held: string[]; inboxes: string[] }> {
	if (participations.length === 0) return { boards: [], held: [], inboxes: [] };
	const workshopIds = [...new Set(participations.map((p) => p.workshopId))];
	const boardRows = await db
		.select({ id: boards.id, workshopId: boards.workshopId })
		.from(boards)
		.where(inArray(boards.workshopId, workshopIds));
	const candidates = {
		boards: boardRows.map((b) => docName('board', b.id)),
		held: boardRows.map((b) => docName('held', b.id)),
		inboxes: boardRows.flatMap((b) =>
			participations
				.filter((p) => p.workshopId === b.workshopId)
				.map((p) => inboxName(b.id, p.participantId))
		)
	};
	const stored = await storedAmong(db, [
		...candidates.boards,
		...candidates.held,
		...candidates.inboxes
	]);
	return {
		boards: candidates.boards.filter((n) => stored.has(n)),
		held: candidates.held.filter((n) => stored.has(n)),
		inboxes: candidates.inboxes.filter((n) => stored.has(n))
	};
}

/**
 * Which of these documents exist in storage: a document never written is not loaded (loading a
 * board would give it its initial content).
 */
async function storedAmong(db: Database, names: readonly string[]): Promise<Set<string>> {
	const found = new Set<string>();
	// A few hundred names at most (boards × the participant's workshops); chunked all the same.
	for (let i = 0; i < names.length; i += 500) {
		const chunk = names.slice(i, i + 500);
		const snapshots = await db
			.select({ name: collabDocuments.name })
			.from(collabDocuments)
			.where(inArray(collabDocuments.name, chunk));
		const journaled = await db
			.selectDistinct({ name: collabUpdates.docName })
			.from(collabUpdates)
			.where(inArray(collabUpdates.docName, chunk));
		for (const row of [...snapshots, ...journaled]) found.add(row.name);
	}
	return found;
}

/** A note as the download shows it. */
export interface NoteCopy {
	/** Its key in the board (`<participantId>:<random>`). */
	key: string;
	/** The board it is on (or waits for). */
	boardId: string;
	/** True while it waits for a facilitator (private mode or pre-moderation). */
	waiting: boolean;
	record: unknown;
}

/** The participants' notes in these documents, as they are now. */
export async function readNotes(
	live: LiveDocuments,
	names: { boards: string[]; inboxes: string[] },
	participantIds: ReadonlySet<string>
): Promise<NoteCopy[]> {
	const copies: NoteCopy[] = [];
	for (const name of names.boards) {
		const boardId = name.slice('board:'.length);
		const found = await live.read(name, (doc) => {
			const notes = doc.getMap<unknown>('notes');
			return keysOf(notes.keys(), participantIds).map((key) => ({ key, record: notes.get(key) }));
		});
		for (const { key, record } of found) copies.push({ key, boardId, waiting: false, record });
	}
	for (const name of names.inboxes) {
		const boardId = name.split(':')[1]!;
		const found = await live.read(name, (doc) =>
			[...doc.getMap<unknown>(HELD_ROOT).entries()].map(([key, record]) => ({ key, record }))
		);
		for (const { key, record } of found) copies.push({ key, boardId, waiting: true, record });
	}
	return copies;
}

/**
 * Removes the participants' notes (erase) or their names from them (retention) in every document
 * given, and returns the documents changed and the count of notes concerned.
 */
export async function rewriteNotes(
	live: LiveDocuments,
	names: { boards: string[]; held: string[]; inboxes: string[] },
	participantIds: ReadonlySet<string>,
	mode: 'erase' | 'unname'
): Promise<{ changed: string[]; notes: number }> {
	const changed: string[] = [];
	let notes = 0;
	const reason = mode === 'erase' ? 'privacy: erase notes' : 'privacy: retention';
	const visit = async (name: string, roots: readonly string[], all: boolean) => {
		const keys = await live.read(name, (doc) => {
			const map = doc.getMap<unknown>(HELD_ROOT);
			const own = all ? [...map.keys()] : keysOf(map.keys(), participantIds);
			return mode === 'erase'
				? own
				: own.filter((key) => withoutAuthorName(map.get(key)) !== map.get(key));
		});
		if (keys.length === 0) return;
		await live.transact(
			name,
			(doc) => {
				const map = doc.getMap<unknown>(HELD_ROOT);
				for (const key of keys) {
					if (mode === 'unname') {
						if (map.has(key)) map.set(key, withoutAuthorName(map.get(key)));
						continue;
					}
					// The staff roots keyed by the note (position, cluster, moderation) go with it.
					for (const root of roots) {
						const entries = doc.getMap(root);
						if (entries.has(key)) entries.delete(key);
					}
				}
			},
			reason
		);
		if (name.startsWith('board:') || name.startsWith('inbox:')) notes += keys.length;
		changed.push(name);
	};
	for (const name of names.boards) await visit(name, ['notes', 'layout', 'moderation'], false);
	for (const name of names.inboxes) await visit(name, [HELD_ROOT], true);
	for (const name of names.held) await visit(name, [HELD_ROOT], false);
	return { changed, notes };
}
