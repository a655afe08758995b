/**
 * The kinds, phases and voting states of a workshop's activities and boards. Same values as the
 * `activities.kind`, `boards.kind`, `boards.phase` and `boards.voting_state` columns; repeated here
 * because the domain never imports the schema (kinds.test.ts checks that they still agree).
 */
export const ACTIVITY_KINDS = [
	'empathy-map',
	'idea-wall',
	'clustering',
	'dot-voting',
	'canvas'
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** The activities that create a board of their own, where people write notes. */
export const BOARD_KINDS = ['empathy-map', 'idea-wall', 'canvas'] as const;
export type BoardKind = (typeof BOARD_KINDS)[number];

/**
 * The activities that work on an earlier activity's board: clustering groups its notes, dot voting
 * counts dots on its notes or clusters. Same notes, never copies, so the votes stay tied to them.
 */
export const REFERRING_KINDS = ['clustering', 'dot-voting'] as const;
export type ReferringKind = (typeof REFERRING_KINDS)[number];

export const BOARD_PHASES = ['open', 'locked'] as const;
export type BoardPhase = (typeof BOARD_PHASES)[number];

export const VOTING_STATES = ['closed', 'open', 'revealed'] as const;
export type VotingState = (typeof VOTING_STATES)[number];

export function isActivityKind(value: unknown): value is ActivityKind {
	return typeof value === 'string' && (ACTIVITY_KINDS as readonly string[]).includes(value);
}

/** Whether an activity of this kind creates its own board (rather than using an earlier one). */
export function createsBoard(kind: ActivityKind): kind is BoardKind {
	return (BOARD_KINDS as readonly string[]).includes(kind);
}
