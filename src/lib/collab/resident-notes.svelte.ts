import { addNote, deleteNote, editNote, readNotes } from '$lib/domain/board/notes';
import type { BoardNote, NoteAuthor } from '$lib/domain/board/notes';
import type { NoteColour } from '$lib/domain/board/schema';
import { LiveDocument } from './live-document.svelte';

/**
 * A resident's notes on one board (the agreed client API, shared with the facilitator's screens).
 *
 * This is the board-only version: every note goes into the board document. A note written while
 * the board holds notes (private mode, pre-moderation) is marked `held` on this phone for as long
 * as the page is open, so the resident sees that it waits; the full version keeps held notes apart
 * until a facilitator releases them and replaces this file.
 */

/** A note as the resident sees it. `held`: waiting (private mode or pre-moderation), seen only by
 *  its author and the facilitators until released. */
export interface ResidentNote extends BoardNote {
	held: boolean;
}

export class ResidentNotes {
	/** The board's live document (connection state, `lastDenied`). */
	readonly board: LiveDocument;
	/** What this resident sees, oldest first. */
	notes = $state<ResidentNote[]>([]);

	// Not state: `notes` is rebuilt after every change, and that is what the page reads.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	private readonly heldKeys = new Set<string>();
	private readonly holds: () => boolean;

	constructor(
		readonly boardId: string,
		private readonly author: NoteAuthor,
		options: { holds?: () => boolean } = {}
	) {
		this.holds = options.holds ?? (() => false);
		// Kept on the phone too: a note written in a dead zone waits there and goes out later.
		this.board = new LiveDocument(`board:${boardId}`, { keepOffline: true });
		const doc = this.board.doc;
		doc.getMap('notes').observe(this.refresh);
		doc.getMap('moderation').observe(this.refresh);
		this.refresh();
	}

	private readonly refresh = () => {
		this.notes = readNotes(this.board.doc, this.author.id).map((note) => ({
			...note,
			held: note.mine && this.heldKeys.has(note.key)
		}));
	};

	add(input: { text: string; section: string | null; colour: NoteColour }): string {
		const held = this.holds();
		const key = addNote(this.board.doc, this.author, input);
		if (held) {
			this.heldKeys.add(key);
			this.refresh();
		}
		return key;
	}

	edit(key: string, text: string): void {
		editNote(this.board.doc, this.author, key, text);
	}

	remove(key: string): void {
		deleteNote(this.board.doc, this.author, key);
	}

	destroy(): void {
		this.board.destroy();
	}
}
