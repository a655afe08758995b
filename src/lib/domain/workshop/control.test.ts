import { describe, expect, it } from 'vitest';
import type { Activity } from './agenda';
import {
	addActivity,
	applyAction,
	initial,
	parseAction,
	remainingMs,
	targetChangeRefusal,
	timerStatus
} from './control';
import type { ControlAction, ControlResult, ControlState } from './control';

const WALL = '00000000-0000-4000-8000-00000000000a';
const CLUSTER = '00000000-0000-4000-8000-00000000000b';
const VOTE = '00000000-0000-4000-8000-00000000000c';
const BOARD = '00000000-0000-4000-8000-0000000000b1';
const OTHER_BOARD = '00000000-0000-4000-8000-0000000000b2';
const NOTE = '00000000-0000-4000-8000-0000000000f1:abc123';

const agenda: Activity[] = [
	{ id: WALL, kind: 'idea-wall', title: 'Muro delle idee', boardId: BOARD },
	{ id: CLUSTER, kind: 'clustering', title: 'Raggruppiamo', boardId: BOARD },
	{ id: VOTE, kind: 'dot-voting', title: 'Voto', boardId: BOARD }
];

const T0 = 1_800_000_000_000;
const live = Object.freeze(initial('live', agenda));

function state(result: ControlResult): ControlState {
	if (!result.ok) throw new Error(`refused: ${result.status} ${result.code}`);
	return result.state;
}

function run(start: ControlState, ...steps: [ControlAction, number?][]): ControlState {
	return steps.reduce((s, [action, now]) => state(applyAction(s, action, now ?? T0)), start);
}

describe('the initial control state', () => {
	it('has one locked board with voting closed and the default 3 dots, no activity, no timer', () => {
		expect(live.boards).toEqual({
			[BOARD]: {
				phase: 'locked',
				voting: { state: 'closed', budget: 3, maxPerItem: null },
				privateMode: false,
				premoderation: false,
				hasDots: false
			}
		});
		expect(live.currentActivityId).toBeNull();
		expect(timerStatus(live.timer, T0)).toBe('idle');
	});
});

describe('going to an activity', () => {
	it('brings everyone to it', () => {
		expect(run(live, [{ type: 'goto', activityId: VOTE }]).currentActivityId).toBe(VOTE);
	});

	it('refuses an activity of another agenda (409)', () => {
		expect(applyAction(live, { type: 'goto', activityId: BOARD }, T0)).toEqual({
			ok: false,
			status: 409,
			code: 'activity-not-found'
		});
	});

	it('refuses every action once the workshop is closed, leaving the state as it was', () => {
		const closed = { ...live, status: 'closed' as const };
		expect(applyAction(closed, { type: 'goto', activityId: VOTE }, T0)).toEqual({
			ok: false,
			status: 409,
			code: 'workshop-closed'
		});
		expect(applyAction(closed, { type: 'timer', op: 'start' }, T0)).toMatchObject({
			code: 'workshop-closed'
		});
		expect(closed.currentActivityId).toBeNull();
	});
});

describe('board phase', () => {
	it('opens and locks a board, and setting the same phase twice is harmless', () => {
		const opened = run(live, [{ type: 'board-phase', boardId: BOARD, phase: 'open' }]);
		expect(opened.boards[BOARD]!.phase).toBe('open');
		expect(run(opened, [{ type: 'board-phase', boardId: BOARD, phase: 'open' }])).toEqual(opened);
		expect(
			run(opened, [{ type: 'board-phase', boardId: BOARD, phase: 'locked' }]).boards[BOARD]!.phase
		).toBe('locked');
	});

	it('refuses a board that is not in this workshop', () => {
		expect(
			applyAction(live, { type: 'board-phase', boardId: OTHER_BOARD, phase: 'open' }, T0)
		).toEqual({ ok: false, status: 409, code: 'board-not-found' });
	});

	it('refuses to open a board for writing while its voting is open', () => {
		const voting = run(live, [{ type: 'voting', boardId: BOARD, state: 'open' }]);
		expect(
			applyAction(voting, { type: 'board-phase', boardId: BOARD, phase: 'open' }, T0)
		).toMatchObject({ status: 409, code: 'voting-open' });
	});
});

describe('voting', () => {
	const tally = [{ itemId: NOTE, total: 2, online: 1, paper: 1, rank: 1 }];

	it('opens with a budget and a cap, and locks the board so notes stay still under the dots', () => {
		const opened = run(
			live,
			[{ type: 'board-phase', boardId: BOARD, phase: 'open' }],
			[{ type: 'voting', boardId: BOARD, state: 'open', budget: 5, maxPerItem: 2 }]
		);
		expect(opened.boards[BOARD]).toMatchObject({
			phase: 'locked',
			voting: { state: 'open', budget: 5, maxPerItem: 2 }
		});
	});

	it('goes closed → open → closed → open → revealed, and mirrors the tally at the reveal', () => {
		const s = run(
			live,
			[{ type: 'voting', boardId: BOARD, state: 'open' }],
			[{ type: 'voting', boardId: BOARD, state: 'closed' }],
			[{ type: 'voting', boardId: BOARD, state: 'open' }]
		);
		const revealed = state(
			applyAction(s, { type: 'voting', boardId: BOARD, state: 'revealed' }, T0 + 5, { tally })
		);
		expect(revealed.boards[BOARD]!.voting.state).toBe('revealed');
		expect(revealed.revealed[BOARD]).toEqual({ revealedAt: T0 + 5, entries: tally });
	});

	it('keeps revealed final: no reopening, no closing, no new budget', () => {
		const revealed = state(
			applyAction(live, { type: 'voting', boardId: BOARD, state: 'revealed' }, T0, { tally })
		);
		for (const action of [
			{ type: 'voting', boardId: BOARD, state: 'open' },
			{ type: 'voting', boardId: BOARD, state: 'closed' }
		] as const) {
			expect(applyAction(revealed, action, T0)).toEqual({
				ok: false,
				status: 409,
				code: 'voting-revealed'
			});
		}
		// Revealing again (a second facilitator's click) keeps the first tally.
		const again = applyAction(
			revealed,
			{ type: 'voting', boardId: BOARD, state: 'revealed' },
			T0 + 9
		);
		expect(state(again).revealed[BOARD]!.revealedAt).toBe(T0);
	});

	it('refuses to change the budget or the cap while voting is open', () => {
		const opened = run(live, [{ type: 'voting', boardId: BOARD, state: 'open', budget: 3 }]);
		expect(
			applyAction(opened, { type: 'voting', boardId: BOARD, state: 'open', budget: 4 }, T0)
		).toMatchObject({ status: 409, code: 'voting-open' });
		expect(
			applyAction(opened, { type: 'voting', boardId: BOARD, state: 'open', maxPerItem: 1 }, T0)
		).toMatchObject({ status: 409, code: 'voting-open' });
		expect(run(opened, [{ type: 'voting', boardId: BOARD, state: 'open', budget: 3 }])).toEqual(
			opened
		);
	});

	it('brings an existing cap down to a lowered budget, and refuses a cap above the budget', () => {
		const capped = run(live, [
			{ type: 'voting', boardId: BOARD, state: 'closed', budget: 5, maxPerItem: 4 }
		]);
		const lowered = run(capped, [{ type: 'voting', boardId: BOARD, state: 'open', budget: 2 }]);
		expect(lowered.boards[BOARD]!.voting).toEqual({ state: 'open', budget: 2, maxPerItem: 2 });
		expect(
			applyAction(live, { type: 'voting', boardId: BOARD, state: 'open', maxPerItem: 4 }, T0)
		).toEqual({ ok: false, status: 400, code: 'invalid-field', field: 'maxPerItem' });
	});

	it('needs the tally to reveal: the server reads it in the same transaction', () => {
		expect(() =>
			applyAction(live, { type: 'voting', boardId: BOARD, state: 'revealed' }, T0)
		).toThrow(/tally/);
	});
});

describe('what the dots go on (vote-on)', () => {
	const onClusters = { type: 'vote-on', activityId: VOTE, on: 'clusters' } as const;
	const none = { dots: 0 };

	it('lets the target change only while voting is closed and no dot is on the board', () => {
		const closed = live.boards[BOARD]!;
		expect(targetChangeRefusal(closed, 0)).toBeNull();
		expect(targetChangeRefusal(closed, 1)).toBe('board-has-dots');
		const open = { ...closed, voting: { ...closed.voting, state: 'open' as const } };
		expect(targetChangeRefusal(open, 0)).toBe('voting-open');
		const revealed = { ...closed, voting: { ...closed.voting, state: 'revealed' as const } };
		expect(targetChangeRefusal(revealed, 0)).toBe('voting-revealed');
	});

	it('puts the dots of a dot vote on clusters, and back on notes, in the agenda everyone reads', () => {
		const clusters = state(applyAction(live, onClusters, T0, none));
		expect(clusters.agenda.find((a) => a.id === VOTE)?.voteOn).toBe('clusters');
		// Nothing else changes: the other activities carry no target.
		expect(clusters.agenda.filter((a) => a.id !== VOTE)).toEqual(
			live.agenda.filter((a) => a.id !== VOTE)
		);
		const notes = state(applyAction(clusters, { ...onClusters, on: 'notes' }, T0, none));
		expect(notes.agenda.find((a) => a.id === VOTE)?.voteOn).toBe('notes');
	});

	it('reads an activity without a target (an older document) as voting on notes', () => {
		expect(live.agenda.find((a) => a.id === VOTE)?.voteOn).toBeUndefined();
		expect(applyAction(live, { ...onClusters, on: 'notes' }, T0, none)).toEqual({
			ok: true,
			state: live
		});
	});

	it('refuses a change once a dot is on the board, while voting is open, and after the reveal (409)', () => {
		expect(applyAction(live, onClusters, T0, { dots: 2 })).toEqual({
			ok: false,
			status: 409,
			code: 'board-has-dots'
		});
		const opened = run(live, [{ type: 'voting', boardId: BOARD, state: 'open' }]);
		expect(applyAction(opened, onClusters, T0, none)).toMatchObject({
			status: 409,
			code: 'voting-open'
		});
		const revealed = state(
			applyAction(live, { type: 'voting', boardId: BOARD, state: 'revealed' }, T0, { tally: [] })
		);
		expect(applyAction(revealed, onClusters, T0, none)).toMatchObject({
			status: 409,
			code: 'voting-revealed'
		});
	});

	it('accepts the choice it already has, even with dots or open voting (two facilitators at once)', () => {
		const clusters = state(applyAction(live, onClusters, T0, none));
		const opened = run(clusters, [{ type: 'voting', boardId: BOARD, state: 'open' }]);
		expect(applyAction(opened, onClusters, T0, { dots: 5 })).toEqual({ ok: true, state: opened });
	});

	it('refuses an activity that is not a dot vote (400) and one not in the agenda (409)', () => {
		expect(applyAction(live, { ...onClusters, activityId: CLUSTER }, T0, none)).toEqual({
			ok: false,
			status: 400,
			code: 'not-dot-voting',
			field: 'activityId'
		});
		expect(applyAction(live, { ...onClusters, activityId: BOARD }, T0, none)).toMatchObject({
			status: 409,
			code: 'activity-not-found'
		});
	});

	it('needs the dots counted: the server reads them in the same transaction', () => {
		expect(() => applyAction(live, onClusters, T0)).toThrow(/dots/);
	});

	it('parses the action strictly', () => {
		expect(parseAction({ type: 'vote-on', activityId: VOTE, on: 'clusters' })).toEqual({
			ok: true,
			action: onClusters
		});
		for (const on of ['groups', null, true, 'Clusters']) {
			expect(parseAction({ type: 'vote-on', activityId: VOTE, on })).toEqual({
				ok: false,
				status: 400,
				code: 'invalid-field',
				field: 'on'
			});
		}
		expect(parseAction({ type: 'vote-on', activityId: VOTE })).toMatchObject({
			code: 'missing-field',
			field: 'on'
		});
		expect(parseAction({ type: 'vote-on', activityId: 'x', on: 'notes' })).toMatchObject({
			field: 'activityId'
		});
		expect(
			parseAction({ type: 'vote-on', activityId: VOTE, on: 'notes', boardId: BOARD })
		).toMatchObject({ code: 'unknown-field', field: 'boardId' });
	});
});

describe('the timer', () => {
	const start = (seconds?: number): ControlAction => ({ type: 'timer', op: 'start', seconds });

	it('counts down from the server time it was started', () => {
		const s = run(live, [start(120), T0]);
		expect(s.timer).toEqual({ endsAt: T0 + 120_000, pausedRemainingMs: null, durationMs: 120_000 });
		expect(remainingMs(s.timer, T0 + 30_000)).toBe(90_000);
		expect(timerStatus(s.timer, T0 + 30_000)).toBe('running');
	});

	it('shows the whole duration before it starts and never a negative time after the end', () => {
		expect(remainingMs(live.timer, T0)).toBe(5 * 60_000);
		const s = run(live, [start(60), T0]);
		expect(remainingMs(s.timer, T0 + 90_000)).toBe(0);
		expect(timerStatus(s.timer, T0 + 90_000)).toBe('expired');
	});

	it('keeps the remainder when paused and resumes from it', () => {
		const paused = run(live, [start(120), T0], [{ type: 'timer', op: 'pause' }, T0 + 20_000]);
		expect(paused.timer).toMatchObject({ endsAt: null, pausedRemainingMs: 100_000 });
		expect(remainingMs(paused.timer, T0 + 999_999)).toBe(100_000);
		const resumed = run(paused, [start(), T0 + 60_000]);
		expect(resumed.timer.endsAt).toBe(T0 + 160_000);
		expect(timerStatus(resumed.timer, T0 + 60_000)).toBe('running');
	});

	it('adds a minute while running, while paused, and after it ran out', () => {
		const add = { type: 'timer', op: 'add' } as const;
		const running = run(live, [start(120), T0], [add, T0 + 10_000]);
		expect(remainingMs(running.timer, T0 + 10_000)).toBe(170_000);
		expect(running.timer.durationMs).toBe(180_000);
		const paused = run(
			live,
			[start(120), T0],
			[{ type: 'timer', op: 'pause' }, T0 + 20_000],
			[add]
		);
		expect(paused.timer.pausedRemainingMs).toBe(160_000);
		const over = run(live, [start(60), T0], [add, T0 + 600_000]);
		expect(remainingMs(over.timer, T0 + 600_000)).toBe(60_000);
	});

	it('starts over when started with seconds, and resumes or restarts without them', () => {
		const s = run(live, [start(120), T0], [start(30), T0 + 5_000]);
		expect(s.timer).toEqual({ endsAt: T0 + 35_000, pausedRemainingMs: null, durationMs: 30_000 });
		const again = run(s, [start(), T0 + 100_000]);
		expect(again.timer.endsAt).toBe(T0 + 130_000);
	});

	it('refuses what makes no sense now: pausing or adding to no countdown, resuming a running one', () => {
		expect(applyAction(live, { type: 'timer', op: 'pause' }, T0)).toMatchObject({
			status: 409,
			code: 'timer-not-running'
		});
		expect(applyAction(live, { type: 'timer', op: 'add' }, T0)).toMatchObject({
			code: 'timer-not-running'
		});
		const running = run(live, [start(60), T0]);
		expect(applyAction(running, start(), T0 + 1)).toMatchObject({ code: 'timer-running' });
		expect(applyAction(running, { type: 'timer', op: 'pause' }, T0 + 61_000)).toMatchObject({
			code: 'timer-not-running'
		});
	});

	it('refuses to add beyond three hours', () => {
		const long = run(live, [start(3 * 3600 - 30), T0]);
		expect(applyAction(long, { type: 'timer', op: 'add' }, T0)).toMatchObject({
			status: 409,
			code: 'timer-too-long'
		});
	});
});

describe('private mode, pre-moderation and moderation', () => {
	it('turns private mode and pre-moderation on and off for one board', () => {
		const s = run(
			live,
			[{ type: 'private-mode', boardId: BOARD, on: true }],
			[{ type: 'premoderation', boardId: BOARD, on: true }]
		);
		expect(s.boards[BOARD]).toMatchObject({ privateMode: true, premoderation: true });
		const off = run(s, [{ type: 'private-mode', boardId: BOARD, on: false }]);
		expect(off.boards[BOARD]).toMatchObject({ privateMode: false, premoderation: true });
	});

	it('accepts hiding a note of this workshop’s board without changing the control state', () => {
		const hide = { type: 'hide-note', boardId: BOARD, noteId: NOTE, reason: 'Fuori tema' } as const;
		expect(applyAction(live, hide, T0, { noteExists: true })).toEqual({ ok: true, state: live });
	});

	it('refuses to hide or approve a forged note, or a note on another workshop’s board', () => {
		const hide = { type: 'hide-note', boardId: BOARD, noteId: NOTE, reason: 'x' } as const;
		expect(applyAction(live, hide, T0, { noteExists: false })).toMatchObject({
			code: 'note-not-found'
		});
		expect(applyAction(live, { ...hide, boardId: OTHER_BOARD }, T0)).toMatchObject({
			code: 'board-not-found'
		});
		const moderated = run(live, [{ type: 'premoderation', boardId: BOARD, on: true }]);
		expect(
			applyAction(moderated, { type: 'approve-note', boardId: BOARD, noteId: NOTE }, T0, {
				noteExists: false
			})
		).toMatchObject({ code: 'note-not-found' });
		// The server must look the note up: an action without the answer is a bug, not a yes.
		expect(() => applyAction(live, hide, T0)).toThrow(/note exists/);
	});

	it('approves a waiting note only while pre-moderation is on', () => {
		const approve = { type: 'approve-note', boardId: BOARD, noteId: NOTE } as const;
		expect(applyAction(live, approve, T0)).toMatchObject({
			status: 409,
			code: 'premoderation-off'
		});
		const moderated = run(live, [{ type: 'premoderation', boardId: BOARD, on: true }]);
		expect(applyAction(moderated, approve, T0, { noteExists: true })).toMatchObject({ ok: true });
	});
});

describe('editing the agenda through the control state', () => {
	it('moves and retitles activities, refusing what breaks the agenda', () => {
		expect(
			run(live, [{ type: 'activity-move', activityId: VOTE, to: 1 }]).agenda.map((a) => a.id)
		).toEqual([WALL, VOTE, CLUSTER]);
		expect(applyAction(live, { type: 'activity-move', activityId: VOTE, to: 0 }, T0)).toMatchObject(
			{ status: 409, code: 'needs-earlier-board' }
		);
		expect(
			run(live, [{ type: 'activity-retitle', activityId: WALL, title: 'Idee' }]).agenda[0]!.title
		).toBe('Idee');
	});

	it('refuses to remove the current activity while live, and drops a board nobody shows', () => {
		const onVote = run(live, [{ type: 'goto', activityId: VOTE }]);
		expect(applyAction(onVote, { type: 'activity-remove', activityId: VOTE }, T0)).toMatchObject({
			status: 409,
			code: 'current-activity'
		});
		expect(applyAction(onVote, { type: 'activity-remove', activityId: WALL }, T0)).toMatchObject({
			status: 409,
			code: 'board-referenced'
		});
		const revealedTally = { revealedAt: T0, entries: [] };
		const draft = { ...onVote, status: 'draft' as const, revealed: { [BOARD]: revealedTally } };
		const s = run(
			draft,
			[{ type: 'activity-remove', activityId: VOTE }],
			[{ type: 'activity-remove', activityId: CLUSTER }],
			[{ type: 'activity-remove', activityId: WALL }]
		);
		expect(s.agenda).toEqual([]);
		expect(s.boards).toEqual({});
		expect(s.revealed).toEqual({});
		expect(s.currentActivityId).toBeNull();
	});

	it('adds an activity the server created, with default settings for its new board', () => {
		const canvas: Activity = {
			id: OTHER_BOARD,
			kind: 'canvas',
			title: 'Canvas',
			boardId: OTHER_BOARD
		};
		const s = state(addActivity(live, canvas));
		expect(s.agenda.at(-1)).toEqual(canvas);
		expect(s.boards[OTHER_BOARD]).toMatchObject({ phase: 'locked', voting: { budget: 3 } });
		expect(addActivity(live, { ...canvas, kind: 'dot-voting' })).toMatchObject({
			code: 'needs-earlier-board'
		});
	});

	it('never changes the state it was given', () => {
		const before = JSON.stringify(live);
		run(
			live,
			[{ type: 'goto', activityId: WALL }],
			[{ type: 'voting', boardId: BOARD, state: 'open', budget: 7 }],
			[{ type: 'timer', op: 'start', seconds: 60 }],
			[{ type: 'activity-retitle', activityId: WALL, title: 'Nuovo' }]
		);
		expect(JSON.stringify(live)).toBe(before);
	});
});

describe('parseAction', () => {
	it('reads each action type of the contract', () => {
		const bodies: unknown[] = [
			{ type: 'goto', activityId: WALL },
			{ type: 'board-phase', boardId: BOARD, phase: 'open' },
			{ type: 'voting', boardId: BOARD, state: 'open', budget: 3, maxPerItem: 1 },
			{ type: 'voting', boardId: BOARD, state: 'revealed' },
			{ type: 'timer', op: 'start', seconds: 300 },
			{ type: 'timer', op: 'pause' },
			{ type: 'timer', op: 'add', seconds: 60 },
			{ type: 'private-mode', boardId: BOARD, on: true },
			{ type: 'hide-note', boardId: BOARD, noteId: NOTE, reason: 'Fuori tema' },
			{ type: 'premoderation', boardId: BOARD, on: false },
			{ type: 'approve-note', boardId: BOARD, noteId: NOTE },
			{ type: 'activity-move', activityId: WALL, to: 2 },
			{ type: 'activity-retitle', activityId: WALL, title: 'Idee' },
			{ type: 'activity-remove', activityId: WALL },
			{ type: 'vote-on', activityId: VOTE, on: 'clusters' }
		];
		for (const body of bodies) expect(parseAction(body)).toEqual({ ok: true, action: body });
	});

	it('takes a paper note’s id for hiding, and nothing that only looks like one', () => {
		const hide = { type: 'hide-note', boardId: BOARD, reason: 'Doppione' } as const;
		expect(parseAction({ ...hide, noteId: 'paper:abcdefghij12' })).toEqual({
			ok: true,
			action: { ...hide, noteId: 'paper:abcdefghij12' }
		});
		for (const noteId of ['paper:ABCDEFGHIJ12', 'paper:short', 'paper:abcdefghij12x']) {
			expect(parseAction({ ...hide, noteId })).toMatchObject({ ok: false, field: 'noteId' });
		}
	});

	it('lower-cases ids and cleans titles and reasons', () => {
		expect(parseAction({ type: 'goto', activityId: WALL.toUpperCase() })).toEqual({
			ok: true,
			action: { type: 'goto', activityId: WALL }
		});
		const parsed = parseAction({
			type: 'hide-note',
			boardId: BOARD,
			noteId: NOTE,
			reason: '  Spam  '
		});
		expect(parsed.ok && parsed.action).toMatchObject({ reason: 'Spam' });
	});

	it('refuses what is not an action, an unknown type and extra fields', () => {
		for (const body of [null, 'goto', [], 42]) {
			expect(parseAction(body)).toEqual({ ok: false, status: 400, code: 'not-an-object' });
		}
		for (const type of ['vote', 'toString', '__proto__', undefined]) {
			expect(parseAction({ type, activityId: WALL })).toMatchObject({ code: 'unknown-type' });
		}
		expect(parseAction({ type: 'goto', activityId: WALL, workshopId: WALL })).toEqual({
			ok: false,
			status: 400,
			code: 'unknown-field',
			field: 'workshopId'
		});
	});

	it('names the missing or invalid field', () => {
		const cases: [unknown, string, string][] = [
			[{ type: 'goto' }, 'missing-field', 'activityId'],
			[{ type: 'goto', activityId: 'wall' }, 'invalid-field', 'activityId'],
			[{ type: 'board-phase', boardId: BOARD, phase: 'closed' }, 'invalid-field', 'phase'],
			[{ type: 'voting', boardId: BOARD, state: 'open', budget: 0 }, 'invalid-field', 'budget'],
			[{ type: 'voting', boardId: BOARD, state: 'open', budget: 101 }, 'invalid-field', 'budget'],
			[{ type: 'voting', boardId: BOARD, state: 'open', budget: 2.5 }, 'invalid-field', 'budget'],
			[
				{ type: 'voting', boardId: BOARD, state: 'open', budget: 3, maxPerItem: 4 },
				'invalid-field',
				'maxPerItem'
			],
			[
				{ type: 'voting', boardId: BOARD, state: 'open', maxPerItem: 0 },
				'invalid-field',
				'maxPerItem'
			],
			[{ type: 'voting', boardId: BOARD, state: 'revealed', budget: 3 }, 'invalid-field', 'budget'],
			[{ type: 'voting', boardId: BOARD, state: 'paused' }, 'invalid-field', 'state'],
			[{ type: 'timer', op: 'stop' }, 'invalid-field', 'op'],
			[{ type: 'timer', op: 'start', seconds: 0 }, 'invalid-field', 'seconds'],
			[{ type: 'timer', op: 'start', seconds: 3 * 3600 + 1 }, 'invalid-field', 'seconds'],
			[{ type: 'timer', op: 'add', seconds: -60 }, 'invalid-field', 'seconds'],
			[{ type: 'timer', op: 'pause', seconds: 10 }, 'invalid-field', 'seconds'],
			[{ type: 'private-mode', boardId: BOARD, on: 'yes' }, 'invalid-field', 'on'],
			[{ type: 'private-mode', boardId: BOARD }, 'missing-field', 'on'],
			[
				{ type: 'hide-note', boardId: BOARD, noteId: 'other:abc123', reason: 'x' },
				'invalid-field',
				'noteId'
			],
			[
				{ type: 'hide-note', boardId: BOARD, noteId: NOTE, reason: 'x'.repeat(201) },
				'invalid-field',
				'reason'
			],
			[
				{ type: 'hide-note', boardId: BOARD, noteId: NOTE, reason: '  ' },
				'invalid-field',
				'reason'
			],
			[{ type: 'activity-move', activityId: WALL, to: 30 }, 'invalid-field', 'to'],
			[{ type: 'activity-retitle', activityId: WALL, title: '' }, 'title-required', 'title']
		];
		for (const [body, code, field] of cases) {
			expect(parseAction(body), JSON.stringify(body)).toEqual({
				ok: false,
				status: 400,
				code,
				field
			});
		}
	});

	it('accepts a reason of exactly 200 characters and a cap set back to none', () => {
		expect(
			parseAction({ type: 'hide-note', boardId: BOARD, noteId: NOTE, reason: 'é'.repeat(200) })
		).toMatchObject({ ok: true });
		expect(
			parseAction({ type: 'voting', boardId: BOARD, state: 'closed', maxPerItem: null })
		).toMatchObject({ ok: true });
	});
});
