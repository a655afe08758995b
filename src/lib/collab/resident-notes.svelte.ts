import { inboxName } from '$lib/domain/collab/doc-name';
import { readResidentNotes } from '$lib/domain/board/held';
import { addNote, deleteNote, editNote } from '$lib/domain/board/notes';
import type { BoardNote, NoteAuthor } from '$lib/domain/board/notes';
import type { NoteColour } from '$lib/domain/board/schema';
import { LiveDocument } from './live-document.svelte';

/**
 * A resident's notes on one board, wherever they are. While the board holds notes (private mode or
 * pre-moderation) a new note is written to the resident's own inbox document
 * (`inbox:<boardId>:<participantId>`), which no other phone receives; the server lets it into the
 * board under the same key when the facilitator releases it (src/lib/domain/board/held.ts). Both
 * documents are kept offline, so a note written without a connection survives a reload and reaches
 * the server later; one that arrives after the release is moved into the board by the server.
 */

/** A note as the resident sees it. `held`: waiting (private mode or pre-moderation), seen only by
 *  its author and the facilitators until released. */
export interface ResidentNote extends BoardNote {
	held: boolean;
}

export class ResidentNotes {
	/** The board's live document (connection state, `lastDenied`). */
	readonly board: LiveDocument;
	/** What this resident sees, oldest first ($state). */
	notes = $state<ResidentNote[]>([]);

	private readonly inbox: LiveDocument;
	private readonly holds: () => boolean;
	private readonly refresh = () =>
		(this.notes = readResidentNotes(this.board.doc, this.inbox.doc, this.author.id));

	/** `holds()` says whether a new note must wait (private mode or pre-moderation on this board),
	 *  read from the control document at the moment of writing. */
	constructor(
		boardId: string,
		private readonly author: NoteAuthor,
		options: { holds?: () => boolean } = {}
	) {
		this.holds = options.holds ?? (() => false);
		this.board = new LiveDocument(`board:${boardId}`, { keepOffline: true });
		this.inbox = new LiveDocument(inboxName(boardId, author.id), { keepOffline: true });
		this.board.doc.on('update', this.refresh);
		this.inbox.doc.on('update', this.refresh);
		this.refresh();
	}

	/** Writes a new note where it belongs now; returns its key. */
	add(input: { text: string; section: string | null; colour: NoteColour }): string {
		const target = this.holds() ? this.inbox : this.board;
		const key = addNote(target.doc, this.author, input);
		this.refresh();
		return key;
	}

	/** Edits an own note where it is now: in the board once released, else in the inbox. */
	edit(key: string, text: string) {
		editNote(this.whereIs(key).doc, this.author, key, text);
		this.refresh();
	}

	/** Deletes an own note wherever a copy of it is (both, for the moment a release is under way). */
	remove(key: string) {
		for (const live of [this.board, this.inbox]) deleteNote(live.doc, this.author, key);
		this.refresh();
	}

	destroy() {
		this.board.doc.off('update', this.refresh);
		this.inbox.doc.off('update', this.refresh);
		this.board.destroy();
		this.inbox.destroy();
	}

	private whereIs(key: string): LiveDocument {
		return this.board.doc.getMap('notes').has(key) ? this.board : this.inbox;
	}
}
