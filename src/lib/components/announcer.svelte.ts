import { getContext, setContext } from 'svelte';
import type * as Y from 'yjs';
import type { LiveDocument } from '$lib/collab/live-document.svelte';
import {
	EMPTY_BATCH,
	EMPTY_SELECTION,
	addNotes,
	changeSelection,
	notesDueAt,
	selectionDueAt,
	takeNotes,
	takeSelection
} from '$lib/domain/workshop/announcements';
import type { NoteBatch, SelectionBatch, SelectionCause } from '$lib/domain/workshop/announcements';

/**
 * What the page's one polite live region says (rendered by Announcer.svelte): sentences said by
 * the page (`say`), and new notes on the board in view, counted and said in batches by the rule
 * of domain/workshop/announcements.ts, and the canvas selection once it settles. Sentences said in
 * the same moment are said as one, so a screen reader does not cut the first off with the second.
 */
export class Announcements {
	/** The sentence the region holds now. */
	text = $state('');
	/** Bumped on every announcement, so the same sentence twice is said twice. */
	serial = $state(0);
	/** The board whose notes are counted and whose items the results name, or null. */
	board = $state.raw<Y.Doc | null>(null);

	private batch: NoteBatch = EMPTY_BATCH;
	private notesTimer: ReturnType<typeof setTimeout> | null = null;
	private selection: SelectionBatch = EMPTY_SELECTION;
	private selectionTimer: ReturnType<typeof setTimeout> | null = null;
	private selectionSentence: (count: number) => string = () => '';
	private pending: string[] = [];
	private flushTimer: ReturnType<typeof setTimeout> | null = null;

	/** `notesSentence(count)`: how "count new notes" is said in the page's language. */
	constructor(private readonly notesSentence: (count: number) => string) {}

	/** Says `sentence` (politely: after what the screen reader is reading). */
	say(sentence: string) {
		if (sentence.trim() === '') return;
		this.pending.push(sentence);
		this.flushTimer ??= setTimeout(() => {
			this.flushTimer = null;
			this.text = this.pending.join(' ');
			this.pending = [];
			this.serial += 1;
		}, 50);
	}

	/**
	 * Counts the notes others add to the live board from now on (not the ones already there, not
	 * this page's own, not edits) and names results from it; returns the way to stop. `ownId`: a
	 * resident's participant id, whose notes (keyed `<id>:…`) are not news to them even when the
	 * server lets them in after an approval.
	 */
	watchBoard(live: Pick<LiveDocument, 'doc' | 'state'>, ownId: string | null = null): () => void {
		const doc = live.doc;
		const notes = doc.getMap('notes');
		const observe = (event: Y.YMapEvent<unknown>) => {
			// This page's own writes (a resident's note, a paper note typed here) are not news, and
			// neither is the board arriving (first sync, or a catch-up after a lost connection).
			if (event.transaction.local || live.state !== 'synced') return;
			let added = 0;
			for (const [key, change] of event.changes.keys) {
				if (change.action === 'add' && !(ownId && key.startsWith(`${ownId}:`))) added += 1;
			}
			this.notesArrived(added);
		};
		notes.observe(observe);
		this.board = doc;
		return () => {
			notes.unobserve(observe);
			if (this.board === doc) this.board = null;
			this.batch = EMPTY_BATCH;
			this.clearNotesTimer();
		};
	}

	/** `count` notes by others arrived now. */
	notesArrived(count: number) {
		this.batch = addNotes(this.batch, count, Date.now());
		this.scheduleNotes();
	}

	/**
	 * The canvas selection now holds `count` notes, changed by `cause`: said once it settles, as
	 * `sentence(count)` (0 when it was emptied), if the rule says so.
	 */
	selectionChanged(count: number, cause: SelectionCause, sentence: (count: number) => string) {
		this.selectionSentence = sentence;
		this.selection = changeSelection(this.selection, count, cause, Date.now());
		this.scheduleSelection();
	}

	/** The canvas is gone: its selection is forgotten, and nothing more is said of it. */
	forgetSelection() {
		this.selection = EMPTY_SELECTION;
		this.clearSelectionTimer();
	}

	destroy() {
		this.clearNotesTimer();
		this.clearSelectionTimer();
		if (this.flushTimer !== null) clearTimeout(this.flushTimer);
		this.flushTimer = null;
	}

	private scheduleNotes() {
		if (this.notesTimer !== null) return;
		const due = notesDueAt(this.batch);
		if (due === null) return;
		this.notesTimer = setTimeout(
			() => {
				this.notesTimer = null;
				const taken = takeNotes(this.batch, Date.now());
				this.batch = taken.batch;
				if (taken.count > 0) this.say(this.notesSentence(taken.count));
				this.scheduleNotes();
			},
			Math.max(0, due - Date.now())
		);
	}

	// Every change puts the sentence off again: a lasso is said when it stops, not while it grows.
	private scheduleSelection() {
		this.clearSelectionTimer();
		const due = selectionDueAt(this.selection);
		if (due === null) return;
		this.selectionTimer = setTimeout(
			() => {
				this.selectionTimer = null;
				const taken = takeSelection(this.selection, Date.now());
				this.selection = taken.batch;
				if (taken.say !== null) this.say(this.selectionSentence(taken.say));
				this.scheduleSelection();
			},
			Math.max(0, due - Date.now())
		);
	}

	private clearSelectionTimer() {
		if (this.selectionTimer !== null) clearTimeout(this.selectionTimer);
		this.selectionTimer = null;
	}

	private clearNotesTimer() {
		if (this.notesTimer !== null) clearTimeout(this.notesTimer);
		this.notesTimer = null;
	}
}

const KEY = Symbol('announcements');

/** Makes the page's announcements reachable from the components below it. */
export function provideAnnouncements(announcements: Announcements) {
	setContext(KEY, announcements);
}

/** The page's announcements, or undefined on a page without a live region. */
export function useAnnouncements(): Announcements | undefined {
	return getContext<Announcements | undefined>(KEY);
}
