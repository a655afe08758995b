import type * as Y from 'yjs';
import { HELD_ROOT, authorOfKey, mirrorPlan } from '../../domain/board/held';
import { docName, inboxName } from '../../domain/collab/doc-name';

/**
 * The server's side of held notes (src/lib/domain/board/held.ts): keeps `held:<boardId>` showing
 * every resident's inbox of the board, and moves notes from the inboxes into the board when they
 * are released. Every step of one board runs after the previous one (a queue per board), so that a
 * release and a resident's write arriving at the same moment never interleave.
 *
 * Nothing here is remembered outside the documents: an inbox is reconciled whenever a client
 * writes to it and whenever it is loaded, so a note whose mirror or move was cut short (a crash
 * between two journal batches) is put right the next time its author's phone connects.
 * A release writes in the order board → inbox → held, and the journal stores updates in the order
 * they were made, so no crash leaves a released note nowhere.
 */

/** The documents the service works on (CollabServer.read / transact). */
export interface Documents {
	read<T>(docName: string, fn: (doc: Y.Doc) => T): Promise<T>;
	transact(docName: string, fn: (doc: Y.Doc) => void, reason: string): Promise<void>;
}

/** Whether a board holds residents' notes now (from SQL, the truth); null when there is no board. */
export type HoldsReader = (boardId: string) => Promise<boolean | null>;

export class HeldNotes {
	private readonly queues = new Map<string, Promise<unknown>>();

	constructor(
		private readonly documents: Documents,
		private readonly holds: HoldsReader
	) {}

	/**
	 * A participant's inbox changed (or was loaded): mirror it into `held:` while the board holds
	 * notes; otherwise (the note came late, from a phone that was offline when the facilitator let
	 * the notes through) move its notes straight into the board.
	 */
	inboxChanged(boardId: string, participantId: string): Promise<void> {
		const work = this.queued(boardId, async () => {
			const holds = await this.holds(boardId);
			if (holds === null) return;
			const inbox = await this.documents.read(inboxName(boardId, participantId), notesOf);
			if (holds) {
				const held = await this.documents.read(docName('held', boardId), notesOf);
				const plan = mirrorPlan(inbox, held, participantId);
				if (plan.set.length === 0 && plan.remove.length === 0) return;
				await this.documents.transact(
					docName('held', boardId),
					(doc) => {
						const notes = doc.getMap(HELD_ROOT);
						for (const [key, record] of plan.set) notes.set(key, record);
						for (const key of plan.remove) notes.delete(key);
					},
					'mirror held notes'
				);
				return;
			}
			await this.move(boardId, [...inbox.keys()], participantId);
		});
		// Called from a socket's write: nobody waits for it, and the next write or load retries it.
		return work.catch((error: unknown) => {
			console.error(
				`[piazza] held notes: could not reconcile an inbox of board ${boardId}: ${(error as Error).message}`
			);
		});
	}

	/**
	 * Lets held notes through into the board, under the same keys: `'all'` of them (private mode or
	 * pre-moderation turned off), or the given ones (approve-note). Returns the keys released;
	 * releasing a note that is no longer held does nothing, so a release may be repeated.
	 */
	release(boardId: string, keys: 'all' | readonly string[]): Promise<string[]> {
		return this.queued(boardId, async () => {
			const held = await this.documents.read(docName('held', boardId), notesOf);
			const chosen = keys === 'all' ? [...held.keys()] : keys.filter((key) => held.has(key));
			return this.move(boardId, chosen, null, held);
		});
	}

	/** Whether a note waits in the board's held document now. */
	isHeld(boardId: string, key: string): Promise<boolean> {
		return this.documents.read(docName('held', boardId), (doc) => doc.getMap(HELD_ROOT).has(key));
	}

	/**
	 * Moves notes into the board: board first, then out of the inboxes, then out of `held:`. Each
	 * record is taken from its author's inbox, the truth (the held copy may be a write behind), and
	 * from `held:` only when the inbox no longer has it (a move cut short).
	 */
	private async move(
		boardId: string,
		keys: readonly string[],
		onlyParticipant: string | null,
		held?: ReadonlyMap<string, unknown>
	): Promise<string[]> {
		const byAuthor = new Map<string, string[]>();
		for (const key of keys) {
			const author = authorOfKey(key);
			if (!author || (onlyParticipant !== null && author !== onlyParticipant)) continue;
			byAuthor.set(author, [...(byAuthor.get(author) ?? []), key]);
		}
		const records = new Map<string, unknown>();
		/** Keys known only from `held:`: a move cut short after the inbox let go of them. */
		const onlyHeld = new Set<string>();
		for (const [author, own] of byAuthor) {
			const inbox = await this.documents.read(inboxName(boardId, author), notesOf);
			for (const key of own) {
				const record = inbox.get(key) ?? held?.get(key);
				if (record === undefined) continue;
				records.set(key, record);
				if (!inbox.has(key)) onlyHeld.add(key);
			}
		}
		if (records.size > 0) {
			await this.documents.transact(
				docName('board', boardId),
				(doc) => {
					const notes = doc.getMap('notes');
					for (const [key, record] of records) {
						// A stale held copy never overwrites what its author has edited in the board since.
						if (onlyHeld.has(key) && notes.has(key)) continue;
						if (JSON.stringify(notes.get(key)) !== JSON.stringify(record)) notes.set(key, record);
					}
				},
				'release held notes'
			);
		}
		for (const [author, own] of byAuthor) {
			await this.documents.transact(
				inboxName(boardId, author),
				(doc) => {
					const notes = doc.getMap(HELD_ROOT);
					for (const key of own) if (notes.has(key)) notes.delete(key);
				},
				'release held notes'
			);
		}
		const released = [...byAuthor.values()].flat();
		await this.documents.transact(
			docName('held', boardId),
			(doc) => {
				const notes = doc.getMap(HELD_ROOT);
				for (const key of released) if (notes.has(key)) notes.delete(key);
				// The author's stale copies: a late note's inbox is the truth, and it is now empty.
				if (onlyParticipant !== null) {
					for (const key of [...notes.keys()]) {
						if (authorOfKey(key) === onlyParticipant) notes.delete(key);
					}
				}
			},
			'release held notes'
		);
		return [...records.keys()];
	}

	/** Runs `fn` after everything queued for the board; a failure is logged, not passed on. */
	private queued<T>(boardId: string, fn: () => Promise<T>): Promise<T> {
		const previous = this.queues.get(boardId) ?? Promise.resolve();
		const next = previous.catch(() => {}).then(fn);
		this.queues.set(boardId, next);
		const done = () => {
			if (this.queues.get(boardId) === next) this.queues.delete(boardId);
		};
		next.then(done, done);
		return next;
	}
}

/** A copy of a document's `notes` (the document may change while the copy is used). */
function notesOf(doc: Y.Doc): Map<string, unknown> {
	return new Map(doc.getMap<unknown>(HELD_ROOT).entries());
}
