/**
 * What a process or a workshop form must contain before anything is stored. These checks are about
 * the shape of the input only; whether a branch or a colleague may be chosen is the database's
 * answer, given by the services that call these.
 */
import { isUuid } from './ids';
import { checkLine, checkParagraphs } from './text';
import type { TextProblem } from './text';
import { localInputToInstant } from './time-zone';

export const PROCESS_TITLE_MAX = 120;
export const CHALLENGE_MAX = 2000;
export const WORKSHOP_TITLE_MAX = 120;
export const PLACE_MAX = 160;
export const WELCOME_MAX = 1000;

/** Why a list of chosen items is refused: none chosen, or an item that cannot be chosen. */
export type ChoiceProblem = 'required' | 'invalid';

export type Checked<T, F extends string> =
	{ ok: true; value: T } | { ok: false; errors: Partial<Record<F, string>> };

function ids(input: unknown): string[] | null {
	const list = Array.isArray(input) ? input : input === undefined ? [] : [input];
	if (!list.every(isUuid)) return null;
	return [...new Set(list.map((id) => id.toLowerCase()))];
}

export interface ProcessInput {
	title: string;
	challenge: string;
	branchIds: string[];
}

export type ProcessField = 'title' | 'challenge' | 'branchIds';

export function checkProcessInput(raw: {
	title: unknown;
	challenge: unknown;
	branchIds: unknown;
}): Checked<ProcessInput, ProcessField> {
	const errors: Partial<Record<ProcessField, TextProblem | ChoiceProblem>> = {};
	const title = checkLine(raw.title, { max: PROCESS_TITLE_MAX, required: true });
	if (!title.ok) errors.title = title.problem;
	const challenge = checkParagraphs(raw.challenge, { max: CHALLENGE_MAX });
	if (!challenge.ok) errors.challenge = challenge.problem;
	const branchIds = ids(raw.branchIds);
	if (!branchIds) errors.branchIds = 'invalid';
	else if (branchIds.length === 0) errors.branchIds = 'required';
	if (!title.ok || !challenge.ok || !branchIds || branchIds.length === 0)
		return { ok: false, errors };
	return { ok: true, value: { title: title.value, challenge: challenge.value, branchIds } };
}

export interface WorkshopInput {
	processId: string;
	title: string;
	/** Null while the date is not fixed yet. */
	startsAt: Date | null;
	/** Exactly one of branchId and placeText is set. */
	branchId: string | null;
	placeText: string | null;
	facilitatorIds: string[];
	welcomeText: string;
}

export type WorkshopField =
	| 'processId'
	| 'title'
	| 'startsAt'
	| 'place'
	| 'branchId'
	| 'placeText'
	| 'facilitatorIds'
	| 'welcomeText';

/**
 * Reads a workshop form. The place is a branch or a free text, as the person chose with
 * `placeKind`; the other field is ignored, so a half-typed alternative is never stored.
 * `startsAt` is a `datetime-local` value read on the clocks of `timeZone`.
 */
export function checkWorkshopInput(
	raw: {
		processId: unknown;
		title: unknown;
		startsAt: unknown;
		placeKind: unknown;
		branchId: unknown;
		placeText: unknown;
		facilitatorIds: unknown;
		welcomeText: unknown;
	},
	timeZone: string
): Checked<WorkshopInput, WorkshopField> {
	const errors: Partial<Record<WorkshopField, string>> = {};

	const processId = isUuid(raw.processId) ? raw.processId.toLowerCase() : null;
	if (!processId) errors.processId = 'required';

	const title = checkLine(raw.title, { max: WORKSHOP_TITLE_MAX, required: true });
	if (!title.ok) errors.title = title.problem;

	let startsAt: Date | null = null;
	if (typeof raw.startsAt === 'string' && raw.startsAt.trim() !== '') {
		startsAt = localInputToInstant(raw.startsAt, timeZone);
		if (!startsAt) errors.startsAt = 'invalid';
	}

	const { branchId, placeText, errors: placeErrors } = checkPlace(raw);
	Object.assign(errors, placeErrors);

	const facilitatorIds = ids(raw.facilitatorIds);
	if (!facilitatorIds) errors.facilitatorIds = 'invalid';
	else if (facilitatorIds.length === 0) errors.facilitatorIds = 'required';

	const welcome = checkParagraphs(raw.welcomeText, { max: WELCOME_MAX });
	if (!welcome.ok) errors.welcomeText = welcome.problem;

	if (Object.keys(errors).length > 0 || !title.ok || !welcome.ok) return { ok: false, errors };
	return {
		ok: true,
		value: {
			processId: processId!,
			title: title.value,
			startsAt,
			branchId,
			placeText,
			facilitatorIds: facilitatorIds!,
			welcomeText: welcome.value
		}
	};
}

/**
 * Where a workshop or a listening point takes place: a branch, or a place named in words ("the
 * market in piazza Dergano"). Shared by both forms so that they accept and refuse the same things.
 */
export function checkPlace(raw: { placeKind: unknown; branchId: unknown; placeText: unknown }): {
	branchId: string | null;
	placeText: string | null;
	errors: Partial<Record<'branchId' | 'placeText' | 'place', string>>;
} {
	if (raw.placeKind === 'branch') {
		return isUuid(raw.branchId)
			? { branchId: raw.branchId.toLowerCase(), placeText: null, errors: {} }
			: { branchId: null, placeText: null, errors: { branchId: 'required' } };
	}
	if (raw.placeKind === 'other') {
		const place = checkLine(raw.placeText, { max: PLACE_MAX, required: true });
		return place.ok
			? { branchId: null, placeText: place.value, errors: {} }
			: { branchId: null, placeText: null, errors: { placeText: place.problem } };
	}
	return { branchId: null, placeText: null, errors: { place: 'required' } };
}
