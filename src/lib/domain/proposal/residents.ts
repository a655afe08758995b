import { isPlausibleEmail, normaliseEmail } from '../email';
import { checkLine, checkParagraphs } from '../text';
import type { TextResult } from '../text';
import { isFinal } from './stages';
import type { Stage } from './stages';

/**
 * What residents may do with a proposal once the workshop is over (issue 6, "closing the loop"):
 * follow it, support it, comment on it, and be told by email when its stage changes. Pure rules;
 * the services in server/proposals/ call them.
 */

/** Longest comment, in characters (UTF-16 units, as a textarea's `maxlength` counts). */
export const COMMENT_MAX = 1000;
/** Longest reason staff give for hiding a comment. */
export const HIDE_REASON_MAX = 300;

/** A resident's comment: plain text (shown as text, never as HTML), 1–1000 characters. */
export function checkComment(input: unknown): TextResult {
	return checkParagraphs(input, { max: COMMENT_MAX, required: true });
}

/** Why staff hid a comment: its author reads it, so it is required. */
export function checkHideReason(input: unknown): TextResult {
	return checkLine(input, { max: HIDE_REASON_MAX, required: true });
}

/** Who is asking, as far as these rules care. */
export interface ResidentViewer {
	/** A member of staff is signed in. */
	staff: boolean;
	/** The anonymous resident behind a participant session, if any. */
	residentId: string | null;
	/** In how many workshops this resident took part. */
	participations: number;
}

export type ResidentRefusal = 'no-session' | 'staff' | 'not-participant';

/**
 * Whether this viewer may act as a resident on a proposal (follow, support, comment): only
 * residents, and only those who took part in at least one workshop. Staff act on proposals through
 * their own tools; their support would distort what residents asked for.
 */
export function residentRefusal(viewer: ResidentViewer): ResidentRefusal | null {
	if (viewer.staff) return 'staff';
	if (!viewer.residentId) return 'no-session';
	if (viewer.participations < 1) return 'not-participant';
	return null;
}

/**
 * A new support: as above, and only while the proposal is still in play (an archived or merged
 * one can no longer be helped; support goes to the proposal it was merged into). Withdrawing is
 * always possible.
 */
export function supportRefusal(
	viewer: ResidentViewer,
	stage: Stage
): ResidentRefusal | 'final-stage' | null {
	return residentRefusal(viewer) ?? (isFinal(stage) ? 'final-stage' : null);
}

/**
 * The wording of the email consent changes only with a new version, stored beside each address:
 * we can always tell what a person agreed to.
 */
export const CONSENT_VERSION = '2026-11-v1';

export type EmailResult = { ok: true; value: string } | { ok: false; problem: 'invalid' };

/** The address a resident leaves: trimmed, lower-cased, plausible. */
export function checkContactEmail(input: unknown): EmailResult {
	if (typeof input !== 'string') return { ok: false, problem: 'invalid' };
	const email = normaliseEmail(input);
	return isPlausibleEmail(email) ? { ok: true, value: email } : { ok: false, problem: 'invalid' };
}

/** First retry after 30 s, doubling, never more than 6 hours apart: no email is ever dropped. */
export const RETRY_FIRST_SECONDS = 30;
export const RETRY_MAX_SECONDS = 6 * 60 * 60;

/** Seconds to wait before the next attempt, after `attempts` failed ones (1 or more). */
export function retryDelaySeconds(attempts: number): number {
	const exponent = Math.max(0, Math.min(attempts - 1, 20));
	return Math.min(RETRY_FIRST_SECONDS * 2 ** exponent, RETRY_MAX_SECONDS);
}

/** A comment as this viewer may read it. */
export interface CommentView {
	id: string;
	authorName: string;
	text: string;
	createdAt: string;
	/** Written by this viewer. */
	mine: boolean;
	/** Hidden by staff: only its author and the proposal's staff ever receive it, with the reason. */
	hidden: { reason: string; at: string } | null;
}

/** Why a proposal is among a resident's ideas. */
export type IdeaReason = 'note' | 'vote' | 'follow';
const REASON_ORDER: readonly IdeaReason[] = ['note', 'vote', 'follow'];

export interface IdeaRow {
	proposalId: string;
	reason: IdeaReason;
	/** When its stage last changed (ISO), for the order "latest news first". */
	stageChangedAt: string;
}

/**
 * "Le mie idee": one entry per proposal, with every reason it is there (in a fixed order: my note,
 * my dots, I follow it), latest change first; ties keep a stable order by id.
 */
export function gatherIdeas(
	rows: readonly IdeaRow[]
): { proposalId: string; reasons: IdeaReason[]; stageChangedAt: string }[] {
	const byId = new Map<string, { reasons: Set<IdeaReason>; stageChangedAt: string }>();
	for (const row of rows) {
		const entry = byId.get(row.proposalId) ?? {
			reasons: new Set<IdeaReason>(),
			stageChangedAt: row.stageChangedAt
		};
		entry.reasons.add(row.reason);
		byId.set(row.proposalId, entry);
	}
	return [...byId]
		.map(([proposalId, entry]) => ({
			proposalId,
			reasons: REASON_ORDER.filter((r) => entry.reasons.has(r)),
			stageChangedAt: entry.stageChangedAt
		}))
		.sort(
			(a, b) =>
				b.stageChangedAt.localeCompare(a.stageChangedAt) || a.proposalId.localeCompare(b.proposalId)
		);
}
