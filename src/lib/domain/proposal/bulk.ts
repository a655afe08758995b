import { isUuid } from '../ids';
import { NOTE_MAX } from './stages';

/**
 * Bulk actions of the managers' review: several proposals shortlisted, or archived with one
 * public reason, at once. Each proposal still goes through the stage rules on its own (a merged
 * or adopted one cannot be shortlisted, one under evaluation is archived only with its
 * evaluation), so a bulk action can part succeed: the answer says which moved and why the others
 * did not.
 */

export const BULK_ACTIONS = ['shortlist', 'archive'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

/** A meeting's worth: more at once is a mistake more likely than a need. */
export const BULK_MAX = 100;

export type BulkProblem =
	'none-selected' | 'too-many' | 'unknown-action' | 'reason-required' | 'reason-too-long';

export type BulkRequest =
	| { ok: true; action: BulkAction; ids: string[]; reason: string }
	| { ok: false; problem: BulkProblem };

export function parseBulk(action: unknown, ids: readonly unknown[], reason: unknown): BulkRequest {
	if (!(BULK_ACTIONS as readonly unknown[]).includes(action))
		return { ok: false, problem: 'unknown-action' };
	const unique = [
		...new Set(ids.filter((id): id is string => isUuid(id)).map((id) => id.toLowerCase()))
	];
	if (unique.length === 0) return { ok: false, problem: 'none-selected' };
	if (unique.length > BULK_MAX) return { ok: false, problem: 'too-many' };
	const text = typeof reason === 'string' ? reason.trim() : '';
	if (action === 'archive' && !text) return { ok: false, problem: 'reason-required' };
	if ([...text].length > NOTE_MAX) return { ok: false, problem: 'reason-too-long' };
	return { ok: true, action: action as BulkAction, ids: unique, reason: text };
}

/** The stage request each proposal of a bulk action is moved with. */
export function requestFor(action: BulkAction, reason: string) {
	return action === 'shortlist'
		? { to: 'shortlisted', note: reason }
		: { to: 'archived', note: reason };
}
