/**
 * Listening points: the library "outside itself" (a stall at a market, a condominium library, a
 * desk at the registry office). A workshop of its own format whose one idea-wall board stays open
 * for days, with no facilitator in the room, and a printed poster carrying its question and QR.
 * These are the rules of its form and of its opening window, with no database and no clock of
 * their own: the caller passes `now` and the library's time zone.
 */
import { isUuid } from '../ids';
import { WORKSHOP_TITLE_MAX, checkPlace } from '../planning';
import type { Checked } from '../planning';
import { checkLine } from '../text';
import { YEAR_MAX, YEAR_MIN, wallTimeToInstant } from '../time-zone';

/** The question has to be read from across a market stall: short enough to print huge. */
export const QUESTION_MAX = 200;

/** Longest stay: a season. Longer than that, the question deserves to be asked again. */
export const MAX_DAYS = 120;

export interface ListeningInput {
	processId: string;
	/** Staff-facing and phone title, e.g. "Mercato di piazza Lorenzini". */
	title: string;
	/** The one question residents answer; the board's prompt and the poster's headline. */
	question: string;
	/** Exactly one of branchId and placeText is set. */
	branchId: string | null;
	placeText: string | null;
	/** Start of the first day, on the library's clocks. */
	opensAt: Date;
	/** Start of the day after the last one: "until 15 December" includes the 15th. */
	closesAt: Date;
}

export type ListeningField =
	'processId' | 'title' | 'question' | 'place' | 'branchId' | 'placeText' | 'opensOn' | 'closesOn';

/** What the form sends: the strings as typed (`opensOn`, `closesOn` from `<input type="date">`). */
export interface ListeningRaw {
	processId: unknown;
	title: unknown;
	question: unknown;
	placeKind: unknown;
	branchId: unknown;
	placeText: unknown;
	opensOn: unknown;
	closesOn: unknown;
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar day as `<input type="date">` gives it ("2026-12-01"), or null if no such day. */
export function parseDay(input: unknown): { year: number; month: number; day: number } | null {
	if (typeof input !== 'string') return null;
	const match = DATE_PATTERN.exec(input.trim());
	if (!match) return null;
	const [year, month, day] = match.slice(1, 4).map(Number) as [number, number, number];
	if (year < YEAR_MIN || year > YEAR_MAX || month < 1 || month > 12 || day < 1) return null;
	// Day 0 of the next month is the last day of this one.
	if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
	return { year, month, day };
}

/** Midnight starting `day` (plus `offsetDays`) on the clocks of `timeZone`. */
function startOfDay(
	day: { year: number; month: number; day: number },
	offsetDays: number,
	timeZone: string
): Date {
	// Date.UTC rolls 32 December over into January, so the day after is simple arithmetic.
	const shifted = new Date(Date.UTC(day.year, day.month - 1, day.day + offsetDays));
	return wallTimeToInstant(
		{
			year: shifted.getUTCFullYear(),
			month: shifted.getUTCMonth() + 1,
			day: shifted.getUTCDate(),
			hour: 0,
			minute: 0
		},
		timeZone
	);
}

/**
 * Reads the "new listening point" form. The days are read on the library's clocks; the last day
 * is included. A window that has already ended, ends before it starts, or lasts longer than
 * MAX_DAYS is refused on the field at fault.
 */
export function checkListeningInput(
	raw: ListeningRaw,
	timeZone: string,
	now: Date
): Checked<ListeningInput, ListeningField> {
	const errors: Partial<Record<ListeningField, string>> = {};

	const processId = isUuid(raw.processId) ? raw.processId.toLowerCase() : null;
	if (!processId) errors.processId = 'required';

	const title = checkLine(raw.title, { max: WORKSHOP_TITLE_MAX, required: true });
	if (!title.ok) errors.title = title.problem;

	const question = checkLine(raw.question, { max: QUESTION_MAX, required: true });
	if (!question.ok) errors.question = question.problem;

	const { branchId, placeText, errors: placeErrors } = checkPlace(raw);
	Object.assign(errors, placeErrors);

	const opensOn = parseDay(raw.opensOn);
	const closesOn = parseDay(raw.closesOn);
	if (!opensOn) errors.opensOn = isBlank(raw.opensOn) ? 'required' : 'invalid';
	if (!closesOn) errors.closesOn = isBlank(raw.closesOn) ? 'required' : 'invalid';
	let opensAt: Date | null = null;
	let closesAt: Date | null = null;
	if (opensOn && closesOn) {
		opensAt = startOfDay(opensOn, 0, timeZone);
		closesAt = startOfDay(closesOn, 1, timeZone);
		const problem = windowProblem(opensAt, closesAt, now);
		if (problem) errors.closesOn = problem;
	}

	if (Object.keys(errors).length > 0 || !title.ok || !question.ok) return { ok: false, errors };
	return {
		ok: true,
		value: {
			processId: processId!,
			title: title.value,
			question: question.value,
			branchId,
			placeText,
			opensAt: opensAt!,
			closesAt: closesAt!
		}
	};
}

function isBlank(input: unknown): boolean {
	return typeof input !== 'string' || input.trim() === '';
}

/** Why an opening window cannot be used, or null when it can. */
export function windowProblem(
	opensAt: Date,
	closesAt: Date,
	now: Date
): 'before-start' | 'past' | 'too-long' | null {
	if (closesAt.getTime() <= opensAt.getTime()) return 'before-start';
	if (closesAt.getTime() <= now.getTime()) return 'past';
	if (closesAt.getTime() - opensAt.getTime() > (MAX_DAYS + 1) * 24 * 60 * 60 * 1000) {
		return 'too-long';
	}
	return null;
}

/** Where a listening point stands at `now`: before its first day, taking notes, or over. */
export type WindowState = 'upcoming' | 'open' | 'closed';

export function windowAt(window: { opensAt: Date; closesAt: Date }, now: Date): WindowState {
	if (now.getTime() >= window.closesAt.getTime()) return 'closed';
	if (now.getTime() < window.opensAt.getTime()) return 'upcoming';
	return 'open';
}

/**
 * Whether residents may still write on a listening point's board. It opens at creation (the
 * poster goes up on the first day; nobody knows the code before) and stops for good when the
 * window closes, whatever phase a facilitator set: the printed "until" is a promise to the street.
 */
export function takesNotes(closesAt: Date, now: Date): boolean {
	return now.getTime() < closesAt.getTime();
}

/** The "until" day to print: the last day included, i.e. the day before `closesAt`, as a date. */
export function lastDay(closesAt: Date): Date {
	return new Date(closesAt.getTime() - 1);
}
