import { describe, expect, it } from 'vitest';
import {
	EMPTY_BATCH,
	EMPTY_SELECTION,
	NOTES_EVERY_MS,
	NOTES_GATHER_MS,
	SELECTION_SETTLE_MS,
	addNotes,
	changeSelection,
	notesDueAt,
	phaseEvents,
	selectionDueAt,
	spokenResults,
	takeNotes,
	takeSelection,
	timerEvent
} from './announcements';
import type { BoardFacts, NoteBatch, SelectionBatch, SelectionCause } from './announcements';

const T0 = 1_800_000_000_000;

/** Notes arriving at the given times (one each), and what is said when checked at each `checks`. */
function replay(arrivals: number[], checks: number[]): { at: number; count: number }[] {
	const events = [
		...arrivals.map((at) => ({ at, kind: 'note' as const })),
		...checks.map((at) => ({ at, kind: 'check' as const }))
	].sort((a, b) => a.at - b.at || (a.kind === 'note' ? -1 : 1));
	let batch: NoteBatch = EMPTY_BATCH;
	const said: { at: number; count: number }[] = [];
	for (const event of events) {
		if (event.kind === 'note') batch = addNotes(batch, 1, event.at);
		else {
			const taken = takeNotes(batch, event.at);
			batch = taken.batch;
			if (taken.count > 0) said.push({ at: event.at, count: taken.count });
		}
	}
	return said;
}

describe('new notes are said in batches', () => {
	it('says nothing while no note arrived', () => {
		expect(notesDueAt(EMPTY_BATCH)).toBeNull();
		expect(takeNotes(EMPTY_BATCH, T0).count).toBe(0);
	});

	it('gathers notes that arrive together into one number', () => {
		const said = replay([T0, T0 + 200, T0 + 900], [T0 + 100, T0 + NOTES_GATHER_MS]);
		expect(said).toEqual([{ at: T0 + NOTES_GATHER_MS, count: 3 }]);
	});

	it('waits the gathering time after the first note, not after the last', () => {
		const batch = addNotes(addNotes(EMPTY_BATCH, 1, T0), 1, T0 + 1_000);
		expect(notesDueAt(batch)).toBe(T0 + NOTES_GATHER_MS);
	});

	it('never says notes twice within the interval, however fast they come', () => {
		// A note every 300 ms for 30 s, checked every 100 ms: a flood if said one by one.
		const arrivals = Array.from({ length: 100 }, (_, i) => T0 + i * 300);
		const checks = Array.from({ length: 320 }, (_, i) => T0 + i * 100);
		const said = replay(arrivals, checks);
		for (let i = 1; i < said.length; i++) {
			expect(said[i]!.at - said[i - 1]!.at).toBeGreaterThanOrEqual(NOTES_EVERY_MS);
		}
		expect(said.length).toBeLessThanOrEqual(Math.ceil(32_000 / NOTES_EVERY_MS));
		// Every note is counted once: nothing is lost, nothing doubled.
		expect(said.reduce((sum, s) => sum + s.count, 0)).toBe(100);
	});

	it('says a lone note soon when nothing was said for a while', () => {
		const quiet = { waiting: 0, firstAt: null, lastSaidAt: T0 - 60_000 };
		expect(notesDueAt(addNotes(quiet, 1, T0))).toBe(T0 + NOTES_GATHER_MS);
	});

	it('ignores counts that are not a positive whole number', () => {
		for (const count of [0, -2, 1.5, Number.NaN]) {
			expect(addNotes(EMPTY_BATCH, count, T0)).toBe(EMPTY_BATCH);
		}
	});
});

const board = (phase: 'open' | 'locked', voting: 'closed' | 'open' | 'revealed'): BoardFacts => ({
	phase,
	voting: { state: voting }
});

/**
 * Selection changes (count, cause, time) and checks at the given times: the counts said. A check is
 * made after every change too, as the page's timer would fire if it were due.
 */
function replaySelection(
	changes: { at: number; count: number; cause: SelectionCause }[],
	checks: number[]
): { at: number; count: number }[] {
	const events = [
		...changes.map((change) => ({ ...change, kind: 'change' as const })),
		...checks.map((at) => ({ at, kind: 'check' as const }))
	].sort((a, b) => a.at - b.at || (a.kind === 'change' ? -1 : 1));
	let batch: SelectionBatch = EMPTY_SELECTION;
	const said: { at: number; count: number }[] = [];
	for (const event of events) {
		if (event.kind === 'change') {
			batch = changeSelection(batch, event.count, event.cause, event.at);
			continue;
		}
		const taken = takeSelection(batch, event.at);
		batch = taken.batch;
		if (taken.say !== null) said.push({ at: event.at, count: taken.say });
	}
	return said;
}

/** Checks every 50 ms for `ms` from T0. */
const everyFifty = (ms: number) => Array.from({ length: ms / 50 }, (_, i) => T0 + i * 50);

describe('the canvas selection is said once it settles', () => {
	it('says nothing while nothing changed', () => {
		expect(selectionDueAt(EMPTY_SELECTION)).toBeNull();
		expect(takeSelection(EMPTY_SELECTION, T0).say).toBeNull();
	});

	it('says a lasso over 20 notes once, with its final count', () => {
		// The box grows over the notes one by one, a change every 30 ms.
		const lasso = Array.from({ length: 20 }, (_, i) => ({
			at: T0 + i * 30,
			count: i + 1,
			cause: 'user' as const
		}));
		const said = replaySelection(lasso, everyFifty(3_000));
		expect(said.map((s) => s.count)).toEqual([20]);
		expect(said[0]!.at).toBeGreaterThanOrEqual(T0 + 19 * 30 + SELECTION_SETTLE_MS);
	});

	it('waits until the selection stands still, not a fixed time after it began', () => {
		let batch = changeSelection(EMPTY_SELECTION, 1, 'user', T0);
		batch = changeSelection(batch, 2, 'user', T0 + 500);
		expect(selectionDueAt(batch)).toBe(T0 + 500 + SELECTION_SETTLE_MS);
		expect(takeSelection(batch, T0 + SELECTION_SETTLE_MS).say).toBeNull();
		expect(takeSelection(batch, T0 + 500 + SELECTION_SETTLE_MS).say).toBe(2);
	});

	it('says each shift-click of someone who pauses between them', () => {
		const clicks = [1, 2, 3].map((count, i) => ({
			at: T0 + i * 2_000,
			count,
			cause: 'user' as const
		}));
		expect(replaySelection(clicks, everyFifty(6_000)).map((s) => s.count)).toEqual([1, 2, 3]);
	});

	it('says an emptied selection when the person emptied it', () => {
		const said = replaySelection(
			[
				{ at: T0, count: 3, cause: 'user' },
				{ at: T0 + 2_000, count: 0, cause: 'user' }
			],
			everyFifty(4_000)
		);
		expect(said.map((s) => s.count)).toEqual([3, 0]);
	});

	it('is silent when the page empties the selection, as when a group is made from it', () => {
		const said = replaySelection(
			[
				{ at: T0, count: 2, cause: 'user' },
				{ at: T0 + 2_000, count: 0, cause: 'page' }
			],
			everyFifty(4_000)
		);
		expect(said.map((s) => s.count)).toEqual([2]);
	});

	it('is silent for a checkbox, which says its own state, and counts from it afterwards', () => {
		const said = replaySelection(
			[
				{ at: T0, count: 1, cause: 'control' },
				{ at: T0 + 100, count: 2, cause: 'control' },
				// Then a note clicked away on the canvas: one left, which the person did not hear.
				{ at: T0 + 2_000, count: 1, cause: 'user' },
				{ at: T0 + 4_000, count: 2, cause: 'control' },
				// A click that leaves the count where the person knew it says nothing new.
				{ at: T0 + 6_000, count: 2, cause: 'user' }
			],
			everyFifty(8_000)
		);
		expect(said.map((s) => s.count)).toEqual([1]);
	});

	it('says nothing when the selection comes back where it was before it settles', () => {
		const said = replaySelection(
			[
				{ at: T0, count: 1, cause: 'user' },
				{ at: T0 + 200, count: 0, cause: 'user' }
			],
			everyFifty(2_000)
		);
		expect(said).toEqual([]);
	});

	it('says the final count when the person and the page change it in the same moment', () => {
		// A lasso over five notes while one of them is hidden by a moderator elsewhere.
		const said = replaySelection(
			[
				{ at: T0, count: 5, cause: 'user' },
				{ at: T0 + 100, count: 4, cause: 'page' }
			],
			everyFifty(2_000)
		);
		expect(said.map((s) => s.count)).toEqual([4]);
	});

	it('ignores counts that are not a whole number of notes', () => {
		for (const count of [-1, 1.5, Number.NaN]) {
			expect(changeSelection(EMPTY_SELECTION, count, 'user', T0)).toBe(EMPTY_SELECTION);
		}
	});
});

describe('phase changes', () => {
	it('says nothing on first sight of a board', () => {
		expect(phaseEvents(null, board('locked', 'open'))).toEqual([]);
		expect(phaseEvents(board('open', 'closed'), null)).toEqual([]);
	});

	it('says nothing when nothing that is said changed', () => {
		expect(phaseEvents(board('open', 'closed'), board('open', 'closed'))).toEqual([]);
	});

	it('tells a board locked from one opened', () => {
		expect(phaseEvents(board('open', 'closed'), board('locked', 'closed'))).toEqual([
			'board-locked'
		]);
		expect(phaseEvents(board('locked', 'closed'), board('open', 'closed'))).toEqual([
			'board-opened'
		]);
	});

	it('tells voting opened, closed and revealed', () => {
		expect(phaseEvents(board('locked', 'closed'), board('locked', 'open'))).toEqual([
			'voting-opened'
		]);
		expect(phaseEvents(board('locked', 'open'), board('locked', 'closed'))).toEqual([
			'voting-closed'
		]);
		expect(phaseEvents(board('locked', 'open'), board('locked', 'revealed'))).toEqual([
			'results-revealed'
		]);
	});

	it('says both when the phase and the vote change at once', () => {
		expect(phaseEvents(board('open', 'closed'), board('locked', 'open'))).toEqual([
			'board-locked',
			'voting-opened'
		]);
	});
});

describe('timer warnings', () => {
	it('warns once when the one-minute mark is crossed', () => {
		expect(timerEvent(61_000, 60_000)).toBe('one-minute');
		expect(timerEvent(60_000, 59_000)).toBeNull();
		expect(timerEvent(120_000, 119_000)).toBeNull();
	});

	it('says time is up when zero is reached, even from far above', () => {
		expect(timerEvent(1_000, 0)).toBe('time-up');
		expect(timerEvent(300_000, 0)).toBe('time-up');
		expect(timerEvent(0, 0)).toBeNull();
	});

	it('is silent on a first reading, a pause and a new start', () => {
		expect(timerEvent(null, 40_000)).toBeNull();
		expect(timerEvent(40_000, null)).toBeNull();
		expect(timerEvent(null, 0)).toBeNull();
		expect(timerEvent(20_000, 180_000)).toBeNull();
	});
});

describe('results said aloud', () => {
	const entry = (itemId: string, total: number) => ({
		itemId,
		total,
		online: total,
		paper: 0,
		rank: 0
	});
	const labels: Record<string, string> = {
		a: 'Aperti la domenica',
		b: 'Wifi',
		c: 'Caffè',
		d: 'Sedie'
	};
	const labelOf = (id: string) => labels[id] ?? null;

	it('names the items with most dots first, at most three', () => {
		const spoken = spokenResults(
			[entry('b', 2), entry('a', 7), entry('c', 4), entry('d', 1)],
			labelOf
		);
		expect(spoken).toEqual([
			{ rank: 1, label: 'Aperti la domenica', total: 7 },
			{ rank: 2, label: 'Caffè', total: 4 },
			{ rank: 3, label: 'Wifi', total: 2 }
		]);
	});

	it('gives tied items the same rank and keeps the tally order between them', () => {
		const spoken = spokenResults([entry('c', 5), entry('a', 5), entry('b', 1)], labelOf);
		expect(spoken.map((s) => [s.rank, s.label])).toEqual([
			[1, 'Caffè'],
			[1, 'Aperti la domenica'],
			[3, 'Wifi']
		]);
	});

	it('leaves out items this screen cannot name', () => {
		expect(spokenResults([entry('gone', 9), entry('b', 2)], labelOf)).toEqual([
			{ rank: 1, label: 'Wifi', total: 2 }
		]);
		expect(spokenResults([], labelOf)).toEqual([]);
	});
});
