import { describe, expect, it } from 'vitest';
import {
	EMPTY_BATCH,
	NOTES_EVERY_MS,
	NOTES_GATHER_MS,
	addNotes,
	notesDueAt,
	phaseEvents,
	spokenResults,
	takeNotes,
	timerEvent
} from './announcements';
import type { BoardFacts, NoteBatch } from './announcements';

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
