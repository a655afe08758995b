import { describe, expect, it } from 'vitest';
import {
	MAX_DAYS,
	QUESTION_MAX,
	checkListeningInput,
	lastDay,
	parseDay,
	takesNotes,
	windowAt,
	windowProblem
} from './listening';
import type { ListeningRaw } from './listening';

const ZONE = 'Europe/Rome';
const PROCESS = '6f1c2a9e-1b7d-4c0a-9a55-3d2b8e0f4a11';
const BRANCH = '0b6c3a52-8e4f-4f7e-bb1a-9d7e2c5a3f00';
// 20 November 2026, 10:00 in Milan.
const NOW = new Date('2026-11-20T09:00:00Z');

function form(overrides: Partial<ListeningRaw> = {}): ListeningRaw {
	return {
		processId: PROCESS,
		title: 'Mercato di piazza Lorenzini',
		question: 'Come potremmo portare la biblioteca al mercato?',
		placeKind: 'other',
		branchId: '',
		placeText: 'Mercato comunale, banco 12',
		opensOn: '2026-11-20',
		closesOn: '2026-12-04',
		...overrides
	};
}

describe('reading the new listening point form', () => {
	it('opens at midnight of the first day and closes at midnight after the last, in Milan', () => {
		expect.hasAssertions();
		const checked = checkListeningInput(form(), ZONE, NOW);
		expect(checked.ok).toBe(true);
		if (!checked.ok) return;
		// Milan is UTC+1 in winter.
		expect(checked.value.opensAt.toISOString()).toBe('2026-11-19T23:00:00.000Z');
		expect(checked.value.closesAt.toISOString()).toBe('2026-12-04T23:00:00.000Z');
		expect(checked.value.placeText).toBe('Mercato comunale, banco 12');
		expect(checked.value.branchId).toBeNull();
	});

	it('rolls the closing day over the end of a month and a year', () => {
		expect.hasAssertions();
		const checked = checkListeningInput(
			form({ opensOn: '2026-12-20', closesOn: '2026-12-31' }),
			ZONE,
			NOW
		);
		expect(checked.ok && checked.value.closesAt.toISOString()).toBe('2026-12-31T23:00:00.000Z');
	});

	it('keeps the library’s clock across a daylight-saving change', () => {
		expect.hasAssertions();
		const checked = checkListeningInput(
			form({ opensOn: '2027-03-20', closesOn: '2027-04-02' }),
			ZONE,
			NOW
		);
		// Summer time from 28 March: midnight is 22:00 UTC.
		expect(checked.ok && checked.value.closesAt.toISOString()).toBe('2027-04-02T22:00:00.000Z');
	});

	it('takes a branch as the place, ignoring a half-typed free text', () => {
		expect.hasAssertions();
		const checked = checkListeningInput(
			form({ placeKind: 'branch', branchId: BRANCH.toUpperCase(), placeText: 'ignored' }),
			ZONE,
			NOW
		);
		expect(checked.ok && [checked.value.branchId, checked.value.placeText]).toEqual([BRANCH, null]);
	});

	it('refuses a question longer than the poster can print, and an empty one', () => {
		expect.hasAssertions();
		const long = checkListeningInput(form({ question: 'x'.repeat(QUESTION_MAX + 1) }), ZONE, NOW);
		expect(!long.ok && long.errors.question).toBe('too-long');
		const empty = checkListeningInput(form({ question: '   ' }), ZONE, NOW);
		expect(!empty.ok && empty.errors.question).toBe('required');
		const exact = checkListeningInput(form({ question: 'x'.repeat(QUESTION_MAX) }), ZONE, NOW);
		expect(exact.ok).toBe(true);
	});

	it('names every missing or wrong field at once', () => {
		expect.hasAssertions();
		const checked = checkListeningInput(
			{
				processId: 'nope',
				title: '',
				question: '',
				placeKind: undefined,
				branchId: '',
				placeText: '',
				opensOn: '',
				closesOn: '2026-02-30'
			},
			ZONE,
			NOW
		);
		expect(checked.ok).toBe(false);
		if (checked.ok) return;
		expect(checked.errors).toEqual({
			processId: 'required',
			title: 'required',
			question: 'required',
			place: 'required',
			opensOn: 'required',
			closesOn: 'invalid'
		});
	});

	it('refuses a window that ends before it starts, has already ended, or lasts too long', () => {
		expect.hasAssertions();
		const backwards = checkListeningInput(
			form({ opensOn: '2026-12-10', closesOn: '2026-12-01' }),
			ZONE,
			NOW
		);
		expect(!backwards.ok && backwards.errors.closesOn).toBe('before-start');
		const over = checkListeningInput(
			form({ opensOn: '2026-11-01', closesOn: '2026-11-19' }),
			ZONE,
			NOW
		);
		expect(!over.ok && over.errors.closesOn).toBe('past');
		const endless = checkListeningInput(
			form({ opensOn: '2026-11-20', closesOn: '2027-11-20' }),
			ZONE,
			NOW
		);
		expect(!endless.ok && endless.errors.closesOn).toBe('too-long');
	});

	it('accepts a one-day stall on the day itself, until midnight', () => {
		expect.hasAssertions();
		const today = checkListeningInput(
			form({ opensOn: '2026-11-20', closesOn: '2026-11-20' }),
			ZONE,
			NOW
		);
		expect(today.ok).toBe(true);
	});
});

describe('the opening window', () => {
	const opensAt = new Date('2026-11-19T23:00:00Z');
	const closesAt = new Date('2026-12-04T23:00:00Z');

	it('is upcoming before the first day, open during, closed from the closing instant', () => {
		expect.hasAssertions();
		expect(windowAt({ opensAt, closesAt }, new Date('2026-11-19T22:59:59Z'))).toBe('upcoming');
		expect(windowAt({ opensAt, closesAt }, opensAt)).toBe('open');
		expect(windowAt({ opensAt, closesAt }, new Date(closesAt.getTime() - 1))).toBe('open');
		expect(windowAt({ opensAt, closesAt }, closesAt)).toBe('closed');
	});

	it('takes notes until the closing instant and never after', () => {
		expect.hasAssertions();
		expect(takesNotes(closesAt, new Date(closesAt.getTime() - 1))).toBe(true);
		expect(takesNotes(closesAt, closesAt)).toBe(false);
	});

	it('prints the last day included, not the day after', () => {
		expect.hasAssertions();
		expect(lastDay(closesAt).toISOString()).toBe('2026-12-04T22:59:59.999Z');
	});

	it('allows exactly MAX_DAYS days and refuses one more', () => {
		expect.hasAssertions();
		const day = 24 * 60 * 60 * 1000;
		const start = new Date('2026-11-20T00:00:00Z');
		expect(windowProblem(start, new Date(start.getTime() + MAX_DAYS * day), NOW)).toBeNull();
		expect(windowProblem(start, new Date(start.getTime() + (MAX_DAYS + 2) * day), NOW)).toBe(
			'too-long'
		);
	});
});

describe('reading a day from a date input', () => {
	it('reads real days and refuses the rest', () => {
		expect.hasAssertions();
		expect(parseDay('2028-02-29')).toEqual({ year: 2028, month: 2, day: 29 });
		expect(parseDay('2027-02-29')).toBeNull();
		expect(parseDay('2026-13-01')).toBeNull();
		expect(parseDay('20/11/2026')).toBeNull();
		expect(parseDay(42)).toBeNull();
	});
});
