import { can as staffCan } from '../access';
import type { Actor } from '../access';
import type { WorkshopStatus } from '../workshop-status';
import type { BoardPhase, VotingState } from './kinds';

/**
 * Who may do what in a workshop, in each phase (the issue's "who may do what in each phase").
 * access.ts says which staff may see and edit a workshop at all; this says what each person may do
 * inside one, given the workshop's status and the board's phase, voting state and private mode.
 *
 * - Residents (participants) write and edit their own notes only while the workshop is live and the
 *   board open; vote only while voting is open; see others' notes unless private mode is on; see
 *   results once revealed. They never run the workshop.
 * - Facilitators of this workshop (and managers and admins, who may edit every workshop) run it:
 *   actions, moderation, layout and clusters, paper notes and paper dots, in any phase, until it is
 *   closed. They write notes on a locked board too (that is how paper notes get in). They do not
 *   vote: the person who opens, closes and reveals a vote is not one of its voters.
 * - Other staff (a facilitator of another workshop) and everyone else may do nothing here.
 * - A closed workshop is a record: nothing in it changes; its facilitators still read it.
 */

/** How someone stands towards one workshop. */
export type WorkshopRole = 'resident' | 'facilitator' | 'other-staff' | 'none';

export type WorkshopAction =
	/** See the board (the prompt, one's own notes, layout, clusters). */
	| 'read-board'
	/** See other people's notes as they arrive. */
	| 'see-others-notes'
	/** Add a note of one's own. */
	| 'write-note'
	/** Edit or delete a note of one's own. */
	| 'edit-own-note'
	/** Place or take back a dot. */
	| 'vote'
	/** See the tally. */
	| 'see-results'
	/** Enter notes written on paper, for people without a phone. */
	| 'enter-paper-notes'
	/** Enter the dots counted on a paper sheet. */
	| 'enter-paper-votes'
	/** Hide a note with a reason, approve a waiting note. */
	| 'moderate'
	/** Move notes, make and name clusters (the staff roots of the board document). */
	| 'arrange'
	/** Any action of `POST /api/workshops/<id>/actions`. */
	| 'run-actions';

export const WORKSHOP_ACTIONS: readonly WorkshopAction[] = [
	'read-board',
	'see-others-notes',
	'write-note',
	'edit-own-note',
	'vote',
	'see-results',
	'enter-paper-notes',
	'enter-paper-votes',
	'moderate',
	'arrange',
	'run-actions'
];

/** Where the workshop and the board in question stand. */
export interface PhaseState {
	/** draft | live | closed. */
	status: WorkshopStatus;
	/** The board the action is about (every action but run-actions is about one). */
	board: {
		phase: BoardPhase;
		votingState: VotingState;
		privateMode: boolean;
	};
}

export type PermissionCode =
	/** Not a participant of this workshop, nor staff who may edit it. */
	| 'not-participant'
	/** Staff, but not of this workshop (e.g. a facilitator of another one). */
	| 'not-this-workshop'
	/** Only the workshop's facilitators may do this. */
	| 'not-facilitator'
	/** Facilitators run the vote and do not vote in it. */
	| 'facilitators-do-not-vote'
	/** The workshop has not started yet. */
	| 'workshop-not-started'
	/** The workshop is over. */
	| 'workshop-closed'
	/** The board is read-only for residents. */
	| 'board-locked'
	/** Voting has not been opened, or was closed. */
	| 'voting-closed'
	/** The results are out: the vote is over. */
	| 'voting-revealed'
	/** Results are shown once the facilitator reveals them. */
	| 'results-not-revealed'
	/** Private mode: others' notes reach only the facilitator for now. */
	| 'private-mode';

/**
 * How someone stands towards a workshop. Staff who may edit it are its facilitators even if they
 * also joined with the code; a staff member who joined someone else's workshop is a participant.
 */
export function roleIn(
	viewer: { actor: Actor | null; participant: boolean },
	workshop: { facilitatorIds: readonly string[] }
): WorkshopRole {
	if (staffCan(viewer.actor, 'workshop:edit', workshop)) return 'facilitator';
	if (viewer.participant) return 'resident';
	return viewer.actor ? 'other-staff' : 'none';
}

/** Why `role` may not do `action` now, or null when it may. */
export function refusal(
	role: WorkshopRole,
	action: WorkshopAction,
	state: PhaseState
): PermissionCode | null {
	if (role === 'none') return 'not-participant';
	if (role === 'other-staff') return 'not-this-workshop';
	const { status, board } = state;
	if (role === 'facilitator') {
		if (action === 'vote') return 'facilitators-do-not-vote';
		// Facilitators keep reading a closed workshop: its notes become proposals.
		if (action === 'read-board' || action === 'see-others-notes' || action === 'see-results') {
			return null;
		}
		if (status === 'closed') return 'workshop-closed';
		if (action === 'enter-paper-votes' && board.votingState === 'revealed')
			return 'voting-revealed';
		return null;
	}
	// A resident.
	if (status === 'closed') return 'workshop-closed';
	switch (action) {
		case 'read-board':
			return null;
		case 'see-others-notes':
			return board.privateMode ? 'private-mode' : null;
		case 'see-results':
			return board.votingState === 'revealed' ? null : 'results-not-revealed';
		case 'write-note':
		case 'edit-own-note':
			if (status === 'draft') return 'workshop-not-started';
			return board.phase === 'open' ? null : 'board-locked';
		case 'vote':
			if (status === 'draft') return 'workshop-not-started';
			if (board.votingState === 'revealed') return 'voting-revealed';
			return board.votingState === 'open' ? null : 'voting-closed';
		default:
			return 'not-facilitator';
	}
}

/** Whether `role` may do `action` now. */
export function can(role: WorkshopRole, action: WorkshopAction, state: PhaseState): boolean {
	return refusal(role, action, state) === null;
}

/**
 * The HTTP status for a refusal, matching the contracts: 403 for who you are, 410 for a closed
 * workshop (as at join), 423 for a locked board or a vote that is not open (as the votes
 * endpoint), 409 for the rest of "not now".
 */
export function refusalStatus(code: PermissionCode): 403 | 409 | 410 | 423 {
	switch (code) {
		case 'not-participant':
		case 'not-this-workshop':
		case 'not-facilitator':
		case 'facilitators-do-not-vote':
		case 'private-mode':
			return 403;
		case 'workshop-closed':
			return 410;
		case 'board-locked':
		case 'voting-closed':
		case 'voting-revealed':
			return 423;
		default:
			return 409;
	}
}

/**
 * A refusal on a staff-only board endpoint (cluster suggestions, paper votes; the promoted notes
 * endpoint answers alike by its own check):
 * staff of another workshop are told the board does not exist, as every staff page and endpoint
 * about a workshop they do not run tells them (RELIABILITY.md case 36); residents and visitors
 * are told, in their language, that they may not (refusalStatus).
 */
export function staffBoardRefusal(code: PermissionCode): {
	status: 403 | 404 | 409 | 410 | 423;
	code: PermissionCode | 'board-not-found';
} {
	if (code === 'not-this-workshop') return { status: 404, code: 'board-not-found' };
	return { status: refusalStatus(code), code };
}

/** What decides whether one note reaches one viewer. */
export interface NoteVisibility {
	/** The viewer's role in the note's workshop. */
	role: WorkshopRole;
	/** The viewer's participant id in this workshop, or null (staff who did not join). */
	viewerId: string | null;
	/** The note's author (the prefix of its key). */
	authorId: string;
	/** Hidden by a facilitator (moderation). */
	hidden: boolean;
	/** Approved by a facilitator; only matters while pre-moderation is on. */
	approved: boolean;
	/** The board's private mode and pre-moderation. */
	board: { privateMode: boolean; premoderation: boolean };
}

/**
 * Whether a note reaches a viewer. Its author always sees it (a hidden one marked as hidden, so
 * they know why it left the wall); facilitators see every note, to moderate and to reveal; other
 * residents see it unless it is hidden, still waiting for approval, or private mode is on.
 */
export function canSeeNote(v: NoteVisibility): boolean {
	if (v.role === 'none' || v.role === 'other-staff') return false;
	if (v.role === 'facilitator') return true;
	if (v.viewerId === v.authorId) return true;
	if (v.hidden || v.board.privateMode) return false;
	return !v.board.premoderation || v.approved;
}
