import { describe, expect, it } from 'vitest';
import type { WorkshopStatus } from '../workshop-status';
import type { BoardPhase, VotingState } from './kinds';
import {
	WORKSHOP_ACTIONS,
	can,
	canSeeNote,
	refusal,
	refusalStatus,
	roleIn,
	staffBoardRefusal
} from './permissions';
import type { NoteVisibility, PermissionCode, PhaseState, WorkshopAction } from './permissions';

function at(
	status: WorkshopStatus,
	phase: BoardPhase,
	votingState: VotingState,
	privateMode = false
): PhaseState {
	return { status, board: { phase, votingState, privateMode } };
}

/** Every combination of workshop status, board phase, voting state and private mode. */
const EVERY_PHASE: PhaseState[] = (['draft', 'live', 'closed'] as const).flatMap((status) =>
	(['open', 'locked'] as const).flatMap((phase) =>
		(['closed', 'open', 'revealed'] as const).flatMap((voting) =>
			[false, true].map((privateMode) => at(status, phase, voting, privateMode))
		)
	)
);

const STAFF_ONLY: WorkshopAction[] = [
	'enter-paper-notes',
	'enter-paper-votes',
	'moderate',
	'arrange',
	'run-actions'
];

describe('roleIn', () => {
	const workshop = { facilitatorIds: ['f1'] };

	it('makes the workshop’s facilitators, managers and admins its facilitators', () => {
		expect(roleIn({ actor: { id: 'f1', role: 'facilitator' }, participant: false }, workshop)).toBe(
			'facilitator'
		);
		expect(roleIn({ actor: { id: 'm', role: 'manager' }, participant: false }, workshop)).toBe(
			'facilitator'
		);
		expect(roleIn({ actor: { id: 'a', role: 'admin' }, participant: true }, workshop)).toBe(
			'facilitator'
		);
	});

	it('makes a facilitator of another workshop other staff, or a resident if they joined', () => {
		const colleague = { id: 'f2', role: 'facilitator' as const };
		expect(roleIn({ actor: colleague, participant: false }, workshop)).toBe('other-staff');
		expect(roleIn({ actor: colleague, participant: true }, workshop)).toBe('resident');
	});

	it('makes a participant without a staff account a resident, and anyone else nobody', () => {
		expect(roleIn({ actor: null, participant: true }, workshop)).toBe('resident');
		expect(roleIn({ actor: null, participant: false }, workshop)).toBe('none');
	});
});

describe('a resident, during a live workshop', () => {
	const table: [BoardPhase, VotingState, Partial<Record<WorkshopAction, PermissionCode | null>>][] =
		[
			[
				'open',
				'closed',
				{
					'write-note': null,
					'edit-own-note': null,
					vote: 'voting-closed',
					'see-results': 'results-not-revealed'
				}
			],
			[
				'locked',
				'closed',
				{ 'write-note': 'board-locked', 'edit-own-note': 'board-locked', vote: 'voting-closed' }
			],
			[
				'locked',
				'open',
				{ 'write-note': 'board-locked', vote: null, 'see-results': 'results-not-revealed' }
			],
			[
				'locked',
				'revealed',
				{ 'write-note': 'board-locked', vote: 'voting-revealed', 'see-results': null }
			],
			['open', 'revealed', { 'write-note': null, vote: 'voting-revealed', 'see-results': null }]
		];

	it.each(table)('on a board %s with voting %s, may do exactly this', (phase, voting, expected) => {
		for (const [action, code] of Object.entries(expected)) {
			expect(refusal('resident', action as WorkshopAction, at('live', phase, voting)), action).toBe(
				code
			);
		}
	});

	it('reads the board and sees others’ notes, except in private mode', () => {
		expect(can('resident', 'read-board', at('live', 'open', 'closed', true))).toBe(true);
		expect(can('resident', 'see-others-notes', at('live', 'open', 'closed'))).toBe(true);
		expect(refusal('resident', 'see-others-notes', at('live', 'open', 'closed', true))).toBe(
			'private-mode'
		);
	});
});

describe('a resident, before and after the workshop', () => {
	it('waits in a draft workshop: reads, but neither writes nor votes', () => {
		const draft = at('draft', 'open', 'open');
		expect(can('resident', 'read-board', draft)).toBe(true);
		expect(refusal('resident', 'write-note', draft)).toBe('workshop-not-started');
		expect(refusal('resident', 'vote', draft)).toBe('workshop-not-started');
	});

	it('may do nothing at all once the workshop is closed', () => {
		for (const state of EVERY_PHASE.filter((s) => s.status === 'closed')) {
			for (const action of WORKSHOP_ACTIONS) {
				expect(refusal('resident', action, state)).toBe('workshop-closed');
			}
		}
	});

	it('never runs the workshop, in any phase', () => {
		for (const state of EVERY_PHASE.filter((s) => s.status !== 'closed')) {
			for (const action of STAFF_ONLY)
				expect(refusal('resident', action, state)).toBe('not-facilitator');
		}
	});
});

describe('a facilitator of this workshop', () => {
	it('runs, moderates, arranges and enters paper notes in every phase of a draft or live workshop', () => {
		for (const state of EVERY_PHASE.filter((s) => s.status !== 'closed')) {
			for (const action of ['run-actions', 'moderate', 'arrange', 'enter-paper-notes'] as const) {
				expect(can('facilitator', action, state)).toBe(true);
			}
			expect(can('facilitator', 'write-note', state)).toBe(true);
			expect(can('facilitator', 'edit-own-note', state)).toBe(true);
		}
	});

	it('enters paper dots until the results are revealed', () => {
		expect(can('facilitator', 'enter-paper-votes', at('live', 'locked', 'open'))).toBe(true);
		expect(can('facilitator', 'enter-paper-votes', at('live', 'locked', 'closed'))).toBe(true);
		expect(refusal('facilitator', 'enter-paper-votes', at('live', 'locked', 'revealed'))).toBe(
			'voting-revealed'
		);
	});

	it('sees every note and the results before the reveal, even in private mode', () => {
		const state = at('live', 'open', 'open', true);
		expect(can('facilitator', 'see-others-notes', state)).toBe(true);
		expect(can('facilitator', 'see-results', state)).toBe(true);
	});

	it('does not vote', () => {
		for (const state of EVERY_PHASE) {
			expect(refusal('facilitator', 'vote', state)).toBe('facilitators-do-not-vote');
		}
	});

	it('only reads once the workshop is closed', () => {
		for (const state of EVERY_PHASE.filter((s) => s.status === 'closed')) {
			expect(can('facilitator', 'read-board', state)).toBe(true);
			expect(can('facilitator', 'see-results', state)).toBe(true);
			for (const action of [...STAFF_ONLY, 'write-note', 'edit-own-note'] as const) {
				expect(refusal('facilitator', action, state)).toBe('workshop-closed');
			}
		}
	});
});

describe('other staff and strangers', () => {
	it('may do nothing in any phase: a facilitator of another workshop is refused as such', () => {
		for (const state of EVERY_PHASE) {
			for (const action of WORKSHOP_ACTIONS) {
				expect(refusal('other-staff', action, state)).toBe('not-this-workshop');
				expect(refusal('none', action, state)).toBe('not-participant');
			}
		}
	});
});

describe('refusalStatus', () => {
	it('answers 403 for who, 410 for closed, 423 for locked or not voting, 409 otherwise', () => {
		expect(refusalStatus('not-this-workshop')).toBe(403);
		expect(refusalStatus('not-facilitator')).toBe(403);
		expect(refusalStatus('workshop-closed')).toBe(410);
		expect(refusalStatus('board-locked')).toBe(423);
		expect(refusalStatus('voting-closed')).toBe(423);
		expect(refusalStatus('voting-revealed')).toBe(423);
		expect(refusalStatus('workshop-not-started')).toBe(409);
	});
});

describe('staffBoardRefusal', () => {
	it('tells staff of another workshop that the board does not exist, and residents that they may not', () => {
		expect(staffBoardRefusal('not-this-workshop')).toEqual({
			status: 404,
			code: 'board-not-found'
		});
		expect(staffBoardRefusal('not-facilitator')).toEqual({ status: 403, code: 'not-facilitator' });
		expect(staffBoardRefusal('not-participant')).toEqual({ status: 403, code: 'not-participant' });
		expect(staffBoardRefusal('workshop-closed')).toEqual({ status: 410, code: 'workshop-closed' });
		expect(staffBoardRefusal('voting-revealed')).toEqual({ status: 423, code: 'voting-revealed' });
	});
});

describe('canSeeNote', () => {
	const note: NoteVisibility = {
		role: 'resident',
		viewerId: 'p2',
		authorId: 'p1',
		hidden: false,
		approved: false,
		board: { privateMode: false, premoderation: false }
	};

	it('shows a resident the others’ notes on an ordinary board', () => {
		expect(canSeeNote(note)).toBe(true);
	});

	it('keeps from other residents a hidden note, a note waiting for approval, and private notes', () => {
		expect(canSeeNote({ ...note, hidden: true })).toBe(false);
		expect(canSeeNote({ ...note, board: { privateMode: false, premoderation: true } })).toBe(false);
		expect(
			canSeeNote({ ...note, approved: true, board: { privateMode: false, premoderation: true } })
		).toBe(true);
		expect(canSeeNote({ ...note, board: { privateMode: true, premoderation: false } })).toBe(false);
	});

	it('always shows the author their own note, hidden, waiting or private', () => {
		const own = { ...note, viewerId: 'p1', hidden: true };
		expect(canSeeNote({ ...own, board: { privateMode: true, premoderation: true } })).toBe(true);
	});

	it('shows facilitators every note, and nobody else any', () => {
		const all = { ...note, hidden: true, board: { privateMode: true, premoderation: true } };
		expect(canSeeNote({ ...all, role: 'facilitator', viewerId: null })).toBe(true);
		expect(canSeeNote({ ...note, role: 'other-staff', viewerId: null })).toBe(false);
		expect(canSeeNote({ ...note, role: 'none', viewerId: null })).toBe(false);
	});
});
