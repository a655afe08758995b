import type { TallyEntry } from '../voting/budget';
import type { BoardControl } from './control';

/**
 * What a screen reader is told of a live workshop without anyone asking, and when: the pure rules
 * behind the one polite live region of the facilitator's room and the resident's board
 * (components/Announcer.svelte). A live region that speaks on every change drowns the person in
 * words (30 phones writing at once, a countdown ticking), so:
 *  - new notes are counted, not read, and said as one number at most every `NOTES_EVERY_MS`;
 *  - the timer speaks twice: when one minute is left and when time is up;
 *  - a board's phase and voting speak when they change, never on first sight (arriving on a
 *    locked board is what the page itself says);
 *  - the facilitator's selection on the canvas is said as one count once it stands still, and
 *    only when the person changed it there (see `SelectionCause`);
 *  - presence, cursors and typing never reach it (nothing here reads them).
 */

/** A batch waits this long after its first note, so notes arriving together are said together. */
export const NOTES_GATHER_MS = 1_500;
/** Never two "new notes" announcements closer than this. */
export const NOTES_EVERY_MS = 5_000;

/** Notes arrived and not yet said. */
export interface NoteBatch {
	/** How many arrived since the last announcement. */
	waiting: number;
	/** When the first of them arrived (ms), or null when none waits. */
	firstAt: number | null;
	/** When notes were last said (ms), or null if never. */
	lastSaidAt: number | null;
}

export const EMPTY_BATCH: NoteBatch = { waiting: 0, firstAt: null, lastSaidAt: null };

/** `count` more notes arrived at `now`: counted, not said yet. */
export function addNotes(batch: NoteBatch, count: number, now: number): NoteBatch {
	if (!Number.isInteger(count) || count <= 0) return batch;
	return { ...batch, waiting: batch.waiting + count, firstAt: batch.firstAt ?? now };
}

/** When the waiting notes may be said (ms), or null when none waits. */
export function notesDueAt(batch: NoteBatch): number | null {
	if (batch.waiting === 0 || batch.firstAt === null) return null;
	const gathered = batch.firstAt + NOTES_GATHER_MS;
	return batch.lastSaidAt === null
		? gathered
		: Math.max(gathered, batch.lastSaidAt + NOTES_EVERY_MS);
}

/** At `now`: how many notes to say (0 for none yet) and the batch after saying them. */
export function takeNotes(batch: NoteBatch, now: number): { count: number; batch: NoteBatch } {
	const due = notesDueAt(batch);
	if (due === null || now < due) return { count: 0, batch };
	return { count: batch.waiting, batch: { waiting: 0, firstAt: null, lastSaidAt: now } };
}

/**
 * A selection is said once it has not changed for this long: a lasso over 20 notes, or a quick
 * run of shift-clicks, changes it many times and is said once, at its end.
 */
export const SELECTION_SETTLE_MS = 700;

/**
 * Who changed a selection:
 *  - `user`: the person, on the canvas (click, shift-click, lasso, Enter or Escape on a note, the
 *    Deselect button): nothing else tells them how many are now selected;
 *  - `control`: the person, with a control that says its own new state (a checkbox);
 *  - `page`: the page itself (a group made from the selection, which has its own sentence; a
 *    selected note gone from the board).
 */
export type SelectionCause = 'user' | 'control' | 'page';

/** Selection changes not said yet. */
export interface SelectionBatch {
	/** How many were selected when the person last knew (said, or changed where they saw it). */
	known: number;
	/** How many are selected now. */
	count: number;
	/** Whether a change since `known` was the person's own on the canvas. */
	byUser: boolean;
	/** When it last changed (ms), or null when nothing waits. */
	changedAt: number | null;
}

export const EMPTY_SELECTION: SelectionBatch = {
	known: 0,
	count: 0,
	byUser: false,
	changedAt: null
};

/** The selection holds `count` items from `now`, changed by `cause`. */
export function changeSelection(
	batch: SelectionBatch,
	count: number,
	cause: SelectionCause,
	now: number
): SelectionBatch {
	if (!Number.isInteger(count) || count < 0) return batch;
	return {
		known: batch.known,
		count,
		byUser: batch.byUser || cause === 'user',
		changedAt: now
	};
}

/** When the selection may be said (ms), or null when nothing waits. */
export function selectionDueAt(batch: SelectionBatch): number | null {
	return batch.changedAt === null ? null : batch.changedAt + SELECTION_SETTLE_MS;
}

/**
 * At `now`: the count to say (null for nothing) and the batch after. Said only when the person
 * changed it on the canvas and it ended somewhere other than where they last knew it: selecting
 * and deselecting the same note in a breath is silent, and so is a selection the page emptied
 * (an emptied one is said, as 0, only when the person emptied it).
 */
export function takeSelection(
	batch: SelectionBatch,
	now: number
): { say: number | null; batch: SelectionBatch } {
	const due = selectionDueAt(batch);
	if (due === null || now < due) return { say: null, batch };
	const settled = { known: batch.count, count: batch.count, byUser: false, changedAt: null };
	const say = batch.byUser && batch.count !== batch.known ? batch.count : null;
	return { say, batch: settled };
}

/** A change of a board's state worth saying. */
export type PhaseEvent =
	'board-locked' | 'board-opened' | 'voting-opened' | 'voting-closed' | 'results-revealed';

/** The part of a board's control a screen reader hears about. */
export type BoardFacts = Pick<BoardControl, 'phase'> & {
	voting: Pick<BoardControl['voting'], 'state'>;
};

/**
 * What changed between two readings of the same board; nothing when there was no reading before
 * (the page was just opened, or everyone moved to another board).
 */
export function phaseEvents(before: BoardFacts | null, after: BoardFacts | null): PhaseEvent[] {
	if (!before || !after) return [];
	const events: PhaseEvent[] = [];
	if (before.phase !== after.phase)
		events.push(after.phase === 'locked' ? 'board-locked' : 'board-opened');
	if (before.voting.state !== after.voting.state) {
		events.push(
			after.voting.state === 'open'
				? 'voting-opened'
				: after.voting.state === 'revealed'
					? 'results-revealed'
					: 'voting-closed'
		);
	}
	return events;
}

/** Time left at which the timer speaks before it ends. */
export const TIMER_WARNING_MS = 60_000;

export type TimerEvent = 'one-minute' | 'time-up';

/**
 * What the countdown says between two readings of the time left (ms; null while the timer is idle
 * or paused): a crossing of the one-minute mark or of zero. A reading that skipped both (a tab
 * that slept) says only the last; a first reading says nothing, so opening the page with 40 s left
 * is silent.
 */
export function timerEvent(before: number | null, after: number | null): TimerEvent | null {
	if (before === null || after === null) return null;
	if (before > 0 && after <= 0) return 'time-up';
	if (before > TIMER_WARNING_MS && after <= TIMER_WARNING_MS) return 'one-minute';
	return null;
}

/** One line of the results as said aloud. */
export interface SpokenResult {
	rank: number;
	label: string;
	total: number;
}

/**
 * The head of a revealed tally, as it is said: the items with most dots (at most `limit`, ties kept
 * in the tally's order), skipping items this screen cannot name (a note deleted since).
 */
export function spokenResults(
	entries: readonly TallyEntry[],
	labelOf: (itemId: string) => string | null,
	limit = 3
): SpokenResult[] {
	const named = entries.flatMap((entry) => {
		const label = labelOf(entry.itemId);
		return label === null ? [] : [{ label, total: entry.total }];
	});
	return named
		.map((item, index) => ({ item, index }))
		.sort((a, b) => b.item.total - a.item.total || a.index - b.index)
		.slice(0, Math.max(0, limit))
		.map(({ item }, index, all) => ({
			// Equal totals share a rank, as on the results list.
			rank: all.findIndex((other) => other.item.total === item.total) + 1,
			label: item.label,
			total: item.total
		}));
}
