import { isUuid } from '../ids';
import { checkLine, checkParagraphs } from '../text';
import type { TextProblem } from '../text';

/**
 * A proposal's own fields as staff type them (title, problem, target groups, tags) and the ids of
 * its branches and services. Checked here once for the API, the promotion form and the edit form.
 * Whether a branch or service exists and is not retired is the server's to check: it reads them.
 */
export const TITLE_MAX = 200;
export const PROBLEM_MAX = 2000;
export const LABEL_MAX = 60;
export const LABELS_MAX = 12;
export const PLACES_MAX = 30;

export type DetailField =
	'title' | 'problem' | 'targetGroups' | 'tags' | 'branchIds' | 'serviceSlugs';

export type DetailProblem = TextProblem | 'too-many' | 'invalid';

export interface Details {
	title: string;
	problem: string;
	targetGroups: string[];
	tags: string[];
	branchIds: string[];
	serviceSlugs: string[];
}

export type CheckedDetails =
	| { ok: true; value: Partial<Details> }
	| {
			ok: false;
			errors: Partial<Record<DetailField, DetailProblem>>;
			/** The fields that were right, so a caller can check the rest further and report all. */
			value: Partial<Details>;
	  };

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Short labels, one line each, without repeats (compared case-insensitively), in the given order. */
function labels(
	input: unknown
): { ok: true; value: string[] } | { ok: false; problem: DetailProblem } {
	if (!Array.isArray(input)) return { ok: false, problem: 'invalid' };
	if (input.length > LABELS_MAX) return { ok: false, problem: 'too-many' };
	const seen = new Set<string>();
	const value: string[] = [];
	for (const raw of input) {
		const checked = checkLine(raw, { max: LABEL_MAX, unit: 'graphemes' });
		if (!checked.ok) return { ok: false, problem: checked.problem };
		const key = checked.value.toLocaleLowerCase('it');
		if (!checked.value || seen.has(key)) continue;
		seen.add(key);
		value.push(checked.value);
	}
	return { ok: true, value };
}

function ids(
	input: unknown,
	valid: (v: string) => boolean
): { ok: true; value: string[] } | { ok: false; problem: DetailProblem } {
	if (!Array.isArray(input)) return { ok: false, problem: 'invalid' };
	if (input.length > PLACES_MAX) return { ok: false, problem: 'too-many' };
	const value: string[] = [];
	for (const raw of input) {
		if (typeof raw !== 'string' || !valid(raw)) return { ok: false, problem: 'invalid' };
		const id = raw.toLowerCase();
		if (!value.includes(id)) value.push(id);
	}
	return { ok: true, value };
}

/**
 * Checks the fields present in `input` (an edit sends only what changed; a promotion sends title
 * and problem at least, which `required` names). Unknown fields are ignored.
 */
export function checkDetails(
	input: Record<string, unknown>,
	required: readonly DetailField[] = []
): CheckedDetails {
	const errors: Partial<Record<DetailField, DetailProblem>> = {};
	const value: Partial<Details> = {};
	const has = (field: DetailField) => input[field] !== undefined || required.includes(field);

	if (has('title')) {
		const title = checkLine(input.title, { max: TITLE_MAX, required: true, unit: 'graphemes' });
		if (title.ok) value.title = title.value;
		else errors.title = title.problem;
	}
	if (has('problem')) {
		const problem = checkParagraphs(input.problem ?? '', { max: PROBLEM_MAX, unit: 'graphemes' });
		if (problem.ok) value.problem = problem.value;
		else errors.problem = problem.problem;
	}
	for (const field of ['targetGroups', 'tags'] as const) {
		if (!has(field)) continue;
		const checked = labels(input[field] ?? []);
		if (checked.ok) value[field] = checked.value;
		else errors[field] = checked.problem;
	}
	if (has('branchIds')) {
		const checked = ids(input.branchIds ?? [], isUuid);
		if (checked.ok) value.branchIds = checked.value;
		else errors.branchIds = checked.problem;
	}
	if (has('serviceSlugs')) {
		const checked = ids(input.serviceSlugs ?? [], (s) => s.length <= 80 && SLUG.test(s));
		if (checked.ok) value.serviceSlugs = checked.value;
		else errors.serviceSlugs = checked.problem;
	}
	return Object.keys(errors).length > 0 ? { ok: false, errors, value } : { ok: true, value };
}

/**
 * A proposal leaves `proposed` only once it says where and what: at least one branch and one
 * service. Promotion may come before that is known (a facilitator at the end of an evening).
 */
export function readyToAdvance(place: { branches: number; services: number }): boolean {
	return place.branches > 0 && place.services > 0;
}
