import { isUuid } from '../ids';
import { checkLine } from '../text';
import { isBudget, isMaxPerItem, DEFAULT_BUDGET } from '../voting/budget';
import type { TallyEntry } from '../voting/budget';
import type { VoteTarget } from '../voting/items';
import type { WorkshopStatus } from '../workshop-status';
import * as agendas from './agenda';
import type { Activity, AgendaProblem } from './agenda';
import { AGENDA_MAX } from './agenda';
import { BOARD_PHASES, createsBoard } from './kinds';
import type { BoardPhase, VotingState } from './kinds';

/**
 * The control document (`control:<workshopId>`, DESIGN.md §3) as a plain value, and the facilitator
 * actions that change it (§4, `POST /api/workshops/<workshopId>/actions`). Only the server writes
 * the document: a route parses the body with `parseAction`, checks who may act (permissions.ts),
 * runs `applyAction`, stores what matters in SQL and then mirrors the new state into the document.
 *
 * Decisions worth knowing:
 * - Setting something to the value it already has succeeds and changes nothing: two facilitators
 *   pressing the same button at once is not an error.
 * - Opening voting locks the board (notes appearing or vanishing under people's dots would make the
 *   vote unfair), and a board cannot be reopened for writing while its voting is open.
 * - Budget and cap change only while voting is closed: changing them mid-vote would leave some
 *   people over a budget they had respected.
 * - Revealed is final. The tally is then public and mirrored here, and proposals cite it as their
 *   provenance; reopening would change the evidence under them, and a second round held after
 *   seeing the results votes on the results. A new round is a new board.
 * - A closed workshop refuses every action: its control document is the record of the session.
 * - What a dot vote counts dots on (notes or clusters) changes only while the board's voting is
 *   closed and before any dot is on the board: a dot on a note is no dot on a cluster, so a change
 *   afterwards would silently drop votes people cast.
 */

/** What the server decides about one board, mirrored for every screen. */
export interface BoardControl {
	/** open: residents write; locked: read-only for residents. Mirrors `boards.phase`. */
	phase: BoardPhase;
	/** Mirrors `boards.voting_state`, `vote_budget` and `max_votes_per_item`. */
	voting: {
		/** closed → open → closed or revealed; revealed is final. */
		state: VotingState;
		/** Dots per participant, 1..100. */
		budget: number;
		/** Most dots of one participant on one item, 1..budget; null for up to the budget. */
		maxPerItem: number | null;
	};
	/** While on, residents' notes reach only facilitators (against anchoring) until turned off. */
	privateMode: boolean;
	/** While on, residents' notes wait for a facilitator's approval before others see them. */
	premoderation: boolean;
	/**
	 * Whether any dot (from a phone or a paper sheet) is on the board, as SQL held it at the last
	 * action. Dots are placed only while voting is open, and closing is an action, so the value is
	 * current whenever voting is closed: the facilitator's screen offers a vote-on choice by it.
	 * Missing in documents written before it existed (read as false).
	 */
	hasDots: boolean;
}

/**
 * The shared countdown, as server times so every screen shows it in step (clients add their clock
 * offset to `now`). Idle: both null. Running: `endsAt` set. Paused: `pausedRemainingMs` set.
 */
export interface Timer {
	/** Server time (ms since the epoch) when it reaches zero, while running; else null. */
	endsAt: number | null;
	/** Time left when it was paused; null unless paused. */
	pausedRemainingMs: number | null;
	/** The countdown's whole length, for a progress ring and for the next start without seconds. */
	durationMs: number;
}

/** Results mirrored into the control document when a board's voting is revealed. */
export interface RevealedTally {
	/** Server time of the reveal. */
	revealedAt: number;
	/** Anonymous totals, most dots first (voting/budget.ts `tally`). */
	entries: TallyEntry[];
}

export interface ControlState {
	/** The workshop's status, mirrored so phones can show "waiting" or "ended"; closed is final. */
	status: WorkshopStatus;
	/** The activities in order. */
	agenda: Activity[];
	/** The activity everyone's screen follows, or null before the facilitator picks one. */
	currentActivityId: string | null;
	/** Per board id: one entry per board an activity of the agenda creates. */
	boards: Record<string, BoardControl>;
	/** The shared countdown. */
	timer: Timer;
	/** Per board id, once its voting is revealed. */
	revealed: Record<string, RevealedTally>;
}

export const DEFAULT_TIMER_MS = 5 * 60_000;
/** Longest countdown: a whole workshop. */
export const TIMER_MAX_SECONDS = 3 * 60 * 60;
/** Most one "add" may add; the button adds a minute. */
export const TIMER_ADD_MAX_SECONDS = 60 * 60;
export const TIMER_ADD_DEFAULT_SECONDS = 60;
export const HIDE_REASON_MAX = 200;

/** The actions of DESIGN.md §4 (never change these) and the ones this issue adds after them. */
export type ControlAction =
	| { type: 'goto'; activityId: string }
	| { type: 'board-phase'; boardId: string; phase: BoardPhase }
	| {
			type: 'voting';
			boardId: string;
			state: VotingState;
			budget?: number;
			/** null removes the cap. */
			maxPerItem?: number | null;
	  }
	| { type: 'timer'; op: 'start' | 'pause' | 'add'; seconds?: number }
	| { type: 'private-mode'; boardId: string; on: boolean }
	| { type: 'hide-note'; boardId: string; noteId: string; reason: string }
	// Added by the workshop issue.
	| { type: 'premoderation'; boardId: string; on: boolean }
	| { type: 'approve-note'; boardId: string; noteId: string }
	| { type: 'activity-move'; activityId: string; to: number }
	| { type: 'activity-retitle'; activityId: string; title: string }
	| { type: 'activity-remove'; activityId: string }
	// Added by the cluster-vote issue.
	| { type: 'vote-on'; activityId: string; on: VoteTarget };

export type ActionType = ControlAction['type'];

export type ControlCode =
	// 400: the body is not a valid action.
	| 'not-an-object'
	| 'unknown-type'
	| 'unknown-field'
	| 'missing-field'
	| 'invalid-field'
	// 409: not possible now.
	| 'workshop-closed'
	| 'board-not-found'
	| 'note-not-found'
	| 'voting-open'
	| 'voting-revealed'
	| 'timer-running'
	| 'timer-not-running'
	| 'timer-too-long'
	| 'premoderation-off'
	/** vote-on: the target cannot change once a dot is on the board (409). */
	| 'board-has-dots'
	/** vote-on: the activity is not a dot vote (400: the request names the wrong thing). */
	| 'not-dot-voting'
	| AgendaProblem;

export type ControlProblem = {
	ok: false;
	status: 400 | 409;
	code: ControlCode;
	/** The offending field, for 400s about one field (a code, not a sentence: routes translate). */
	field?: string;
};

export type ControlResult = { ok: true; state: ControlState } | ControlProblem;

/** What the server knows beyond the control state, read in the action's transaction. */
export interface ActionFacts {
	/** For a reveal: the board's tally, computed from SQL in the same transaction. */
	tally?: TallyEntry[];
	/**
	 * For hide-note: whether the note is on the board or held (private mode, pre-moderation); for
	 * approve-note: whether it is held, waiting for approval. False for a forged id.
	 */
	noteExists?: boolean;
	/** For vote-on: the dots (phone and paper) on the activity's board, counted in the same transaction. */
	dots?: number;
}

// Required rather than assumed: a forgotten look-up must not let a forged note id through.
function noteExists(facts: ActionFacts): boolean {
	if (facts.noteExists === undefined)
		throw new Error('A note action needs to know whether the note exists.');
	return facts.noteExists;
}

/** A board's settings before anyone touches them: the same defaults as the `boards` table. */
export function defaultBoard(): BoardControl {
	return {
		phase: 'locked',
		voting: { state: 'closed', budget: DEFAULT_BUDGET, maxPerItem: null },
		privateMode: false,
		premoderation: false,
		hasDots: false
	};
}

/**
 * Why the dots of a vote on `board` may not go on something else now, or null when they may: only
 * while its voting is closed and `dots` (counted in SQL, phone and paper) is 0. Open voting would
 * change the items under people's fingers; once revealed the tally is final; and a dot cast on a
 * note means nothing on a cluster.
 */
export function targetChangeRefusal(
	board: BoardControl,
	dots: number
): 'voting-open' | 'voting-revealed' | 'board-has-dots' | null {
	if (board.voting.state === 'open') return 'voting-open';
	if (board.voting.state === 'revealed') return 'voting-revealed';
	if (dots > 0) return 'board-has-dots';
	return null;
}

function applyVoteOn(
	state: ControlState,
	action: Extract<ControlAction, { type: 'vote-on' }>,
	facts: ActionFacts
): ControlResult {
	const index = state.agenda.findIndex((a) => a.id === action.activityId);
	const activity = state.agenda[index];
	if (!activity) return refuse(409, 'activity-not-found');
	if (activity.kind !== 'dot-voting') return refuse(400, 'not-dot-voting', 'activityId');
	// The same choice again (two facilitators at once) is no change, whatever the vote is doing.
	if ((activity.voteOn ?? 'notes') === action.on) return { ok: true, state };
	const board = Object.hasOwn(state.boards, activity.boardId)
		? state.boards[activity.boardId]
		: null;
	if (!board) return refuse(409, 'board-not-found');
	// Required rather than assumed: a forgotten count must not let a change through under dots.
	if (facts.dots === undefined) throw new Error('A vote-on action needs the dots on the board.');
	const refusal = targetChangeRefusal(board, facts.dots);
	if (refusal) return refuse(409, refusal);
	const agenda = state.agenda.map((a, i) => (i === index ? { ...a, voteOn: action.on } : a));
	return { ok: true, state: { ...state, agenda } };
}

/** The control state of a workshop with this agenda, nothing started. */
export function initial(status: WorkshopStatus, agenda: readonly Activity[]): ControlState {
	const boards: Record<string, BoardControl> = {};
	for (const activity of agenda) {
		if (createsBoard(activity.kind)) boards[activity.boardId] = defaultBoard();
	}
	return {
		status,
		agenda: [...agenda],
		currentActivityId: null,
		boards,
		timer: { endsAt: null, pausedRemainingMs: null, durationMs: DEFAULT_TIMER_MS },
		revealed: {}
	};
}

export type TimerStatus = 'idle' | 'running' | 'paused' | 'expired';

/** Where the countdown is at server time `now`. */
export function timerStatus(timer: Timer, now: number): TimerStatus {
	if (timer.pausedRemainingMs !== null) return 'paused';
	if (timer.endsAt === null) return 'idle';
	return timer.endsAt > now ? 'running' : 'expired';
}

/** Milliseconds left at server time `now`: the whole duration before a start, never below 0. */
export function remainingMs(timer: Timer, now: number): number {
	if (timer.pausedRemainingMs !== null) return timer.pausedRemainingMs;
	if (timer.endsAt === null) return timer.durationMs;
	return Math.max(0, timer.endsAt - now);
}

function refuse(status: 400 | 409, code: ControlCode, field?: string): ControlProblem {
	return field === undefined ? { ok: false, status, code } : { ok: false, status, code, field };
}

function withBoard(state: ControlState, boardId: string, board: BoardControl): ControlResult {
	return { ok: true, state: { ...state, boards: { ...state.boards, [boardId]: board } } };
}

function applyTimer(
	state: ControlState,
	action: Extract<ControlAction, { type: 'timer' }>,
	now: number
): ControlResult {
	const timer = state.timer;
	const status = timerStatus(timer, now);
	const ok = (next: Timer): ControlResult => ({ ok: true, state: { ...state, timer: next } });
	if (action.op === 'start') {
		if (action.seconds !== undefined) {
			// A start with seconds starts over, whatever the countdown was doing.
			const durationMs = action.seconds * 1000;
			return ok({ endsAt: now + durationMs, pausedRemainingMs: null, durationMs });
		}
		if (status === 'running') return refuse(409, 'timer-running');
		if (status === 'paused') {
			return ok({
				...timer,
				endsAt: now + (timer.pausedRemainingMs ?? 0),
				pausedRemainingMs: null
			});
		}
		return ok({ ...timer, endsAt: now + timer.durationMs, pausedRemainingMs: null });
	}
	if (action.op === 'pause') {
		if (status !== 'running') return refuse(409, 'timer-not-running');
		return ok({ ...timer, endsAt: null, pausedRemainingMs: remainingMs(timer, now) });
	}
	// add: to a running or paused countdown, or after it ran out ("one more minute").
	if (status === 'idle') return refuse(409, 'timer-not-running');
	const addMs = (action.seconds ?? TIMER_ADD_DEFAULT_SECONDS) * 1000;
	const left = remainingMs(timer, now) + addMs;
	if (left > TIMER_MAX_SECONDS * 1000) return refuse(409, 'timer-too-long');
	const durationMs = Math.min(timer.durationMs + addMs, TIMER_MAX_SECONDS * 1000);
	if (status === 'paused') return ok({ ...timer, pausedRemainingMs: left, durationMs });
	return ok({ endsAt: now + left, pausedRemainingMs: null, durationMs });
}

function applyVoting(
	state: ControlState,
	board: BoardControl,
	action: Extract<ControlAction, { type: 'voting' }>,
	now: number,
	facts: ActionFacts
): ControlResult {
	const current = board.voting;
	const budget = action.budget ?? current.budget;
	// A cap above a lowered budget is brought down to it rather than refused: it still means "no
	// more than all your dots on one item", which is what the facilitator had.
	let maxPerItem = action.maxPerItem === undefined ? current.maxPerItem : action.maxPerItem;
	if (maxPerItem !== null && action.maxPerItem === undefined)
		maxPerItem = Math.min(maxPerItem, budget);
	if (maxPerItem !== null && !isMaxPerItem(maxPerItem, budget)) {
		return refuse(400, 'invalid-field', 'maxPerItem');
	}
	const settingsChange = budget !== current.budget || maxPerItem !== current.maxPerItem;

	if (current.state === 'revealed') {
		if (action.state === 'revealed' && !settingsChange) return { ok: true, state };
		return refuse(409, 'voting-revealed');
	}
	if (current.state === 'open' && settingsChange) return refuse(409, 'voting-open');

	const voting = { state: action.state, budget, maxPerItem };
	if (action.state === 'open') {
		return withBoard(state, action.boardId, { ...board, phase: 'locked', voting });
	}
	if (action.state === 'closed') return withBoard(state, action.boardId, { ...board, voting });
	if (!facts.tally) throw new Error('A reveal needs the tally read in the same transaction.');
	const boards = { ...state.boards, [action.boardId]: { ...board, voting } };
	const revealed = {
		...state.revealed,
		[action.boardId]: { revealedAt: now, entries: facts.tally }
	};
	return { ok: true, state: { ...state, boards, revealed } };
}

function applyAgenda(state: ControlState, result: agendas.AgendaResult): ControlResult {
	if (!result.ok) return refuse(agendas.problemStatus(result.problem), result.problem);
	const agenda = result.agenda;
	// Boards no activity shows any more leave the control document; SQL keeps them.
	const kept = new Set(agenda.map((a) => a.boardId));
	const boards = Object.fromEntries(Object.entries(state.boards).filter(([id]) => kept.has(id)));
	const revealed = Object.fromEntries(
		Object.entries(state.revealed).filter(([id]) => kept.has(id))
	);
	const currentActivityId = agenda.some((a) => a.id === state.currentActivityId)
		? state.currentActivityId
		: null;
	return { ok: true, state: { ...state, agenda, boards, revealed, currentActivityId } };
}

/**
 * Adds an activity the server has just created (with its board, for a board-creating kind): adding
 * is not an action of its own because the ids come from the database, not from the request.
 */
export function addActivity(state: ControlState, activity: Activity, at?: number): ControlResult {
	if (state.status === 'closed') return refuse(409, 'workshop-closed');
	const result = applyAgenda(state, agendas.add(state.agenda, activity, at));
	if (!result.ok || !createsBoard(activity.kind)) return result;
	return withBoard(result.state, activity.boardId, defaultBoard());
}

/**
 * Applies one facilitator action at server time `now`. Returns the new state, never changing the
 * one given, or why the action is not possible now (409; 400 for a value out of range for this
 * board). Hide-note and approve-note change the board document, not this state: they are checked
 * here so that every action has one place where it is judged.
 */
export function applyAction(
	state: ControlState,
	action: ControlAction,
	now: number,
	facts: ActionFacts = {}
): ControlResult {
	if (state.status === 'closed') return refuse(409, 'workshop-closed');
	switch (action.type) {
		case 'goto':
			if (!state.agenda.some((a) => a.id === action.activityId)) {
				return refuse(409, 'activity-not-found');
			}
			return { ok: true, state: { ...state, currentActivityId: action.activityId } };
		case 'timer':
			return applyTimer(state, action, now);
		case 'activity-move':
			return applyAgenda(state, agendas.move(state.agenda, action.activityId, action.to));
		case 'activity-retitle':
			return applyAgenda(state, agendas.retitle(state.agenda, action.activityId, action.title));
		case 'activity-remove':
			return applyAgenda(
				state,
				agendas.remove(state.agenda, action.activityId, {
					live: state.status === 'live',
					currentActivityId: state.currentActivityId
				})
			);
		case 'vote-on':
			return applyVoteOn(state, action, facts);
	}
	// Every other action is about one board of this workshop: a board id from another workshop is
	// not found here, whatever the caller may do there.
	const board = Object.hasOwn(state.boards, action.boardId) ? state.boards[action.boardId] : null;
	if (!board) return refuse(409, 'board-not-found');
	switch (action.type) {
		case 'board-phase':
			if (action.phase === 'open' && board.voting.state === 'open')
				return refuse(409, 'voting-open');
			return withBoard(state, action.boardId, { ...board, phase: action.phase });
		case 'voting':
			return applyVoting(state, board, action, now, facts);
		case 'private-mode':
			return withBoard(state, action.boardId, { ...board, privateMode: action.on });
		case 'premoderation':
			return withBoard(state, action.boardId, { ...board, premoderation: action.on });
		case 'hide-note':
			return noteExists(facts) ? { ok: true, state } : refuse(409, 'note-not-found');
		case 'approve-note':
			if (!board.premoderation) return refuse(409, 'premoderation-off');
			return noteExists(facts) ? { ok: true, state } : refuse(409, 'note-not-found');
	}
}

// ---------------------------------------------------------------------------------------------
// Reading an untrusted body.

type Parsed<T> = { ok: true; value: T } | ControlProblem;

// A resident's note (`<participantId>:<random>`) or one typed in from paper (board/paper.ts).
const NOTE_ID =
	/^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:[A-Za-z0-9_-]{6,40}|paper:[a-z0-9]{12})$/;

/** The fields each action type takes; `true` marks the required ones. */
const FIELDS: Record<ActionType, Record<string, boolean>> = {
	goto: { activityId: true },
	'board-phase': { boardId: true, phase: true },
	voting: { boardId: true, state: true, budget: false, maxPerItem: false },
	timer: { op: true, seconds: false },
	'private-mode': { boardId: true, on: true },
	'hide-note': { boardId: true, noteId: true, reason: true },
	premoderation: { boardId: true, on: true },
	'approve-note': { boardId: true, noteId: true },
	'activity-move': { activityId: true, to: true },
	'activity-retitle': { activityId: true, title: true },
	'activity-remove': { activityId: true },
	'vote-on': { activityId: true, on: true }
};

function isInteger(value: unknown, min: number, max: number): value is number {
	return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function id(body: Record<string, unknown>, field: string): Parsed<string> {
	const value = body[field];
	// Lower case, as the database writes them, so that ids compare equal as map keys.
	return isUuid(value)
		? { ok: true, value: value.toLowerCase() }
		: refuse(400, 'invalid-field', field);
}

/**
 * Reads an untrusted request body into an action, or a 400 naming the field at fault. Strict: an
 * unknown type or an extra field is refused rather than ignored, so a typo never passes as a
 * different action.
 */
export function parseAction(json: unknown): { ok: true; action: ControlAction } | ControlProblem {
	if (typeof json !== 'object' || json === null || Array.isArray(json)) {
		return refuse(400, 'not-an-object');
	}
	const body = json as Record<string, unknown>;
	const type = body.type;
	if (typeof type !== 'string' || !Object.hasOwn(FIELDS, type)) return refuse(400, 'unknown-type');
	const fields = FIELDS[type as ActionType];
	for (const key of Object.keys(body)) {
		if (key !== 'type' && !Object.hasOwn(fields, key)) return refuse(400, 'unknown-field', key);
	}
	for (const [key, required] of Object.entries(fields)) {
		if (required && body[key] === undefined) return refuse(400, 'missing-field', key);
	}
	const parsed = parseFields(type as ActionType, body);
	return parsed.ok ? { ok: true, action: parsed.value } : parsed;
}

function parseFields(type: ActionType, body: Record<string, unknown>): Parsed<ControlAction> {
	const ok = (value: ControlAction): Parsed<ControlAction> => ({ ok: true, value });
	switch (type) {
		case 'goto':
		case 'activity-remove': {
			const activityId = id(body, 'activityId');
			return activityId.ok ? ok({ type, activityId: activityId.value }) : activityId;
		}
		case 'activity-move': {
			const activityId = id(body, 'activityId');
			if (!activityId.ok) return activityId;
			if (!isInteger(body.to, 0, AGENDA_MAX - 1)) return refuse(400, 'invalid-field', 'to');
			return ok({ type, activityId: activityId.value, to: body.to });
		}
		case 'activity-retitle': {
			const activityId = id(body, 'activityId');
			if (!activityId.ok) return activityId;
			const title = agendas.checkTitle(body.title);
			if (!title.ok) return refuse(400, title.problem, 'title');
			return ok({ type, activityId: activityId.value, title: title.title });
		}
		case 'vote-on': {
			const activityId = id(body, 'activityId');
			if (!activityId.ok) return activityId;
			const on = body.on;
			if (on !== 'notes' && on !== 'clusters') return refuse(400, 'invalid-field', 'on');
			return ok({ type, activityId: activityId.value, on });
		}
		case 'timer': {
			const op = body.op;
			if (op !== 'start' && op !== 'pause' && op !== 'add')
				return refuse(400, 'invalid-field', 'op');
			const seconds = body.seconds;
			if (seconds === undefined) return ok({ type, op });
			const max = op === 'start' ? TIMER_MAX_SECONDS : op === 'add' ? TIMER_ADD_MAX_SECONDS : 0;
			if (!isInteger(seconds, 1, max)) return refuse(400, 'invalid-field', 'seconds');
			return ok({ type, op, seconds });
		}
	}
	const boardId = id(body, 'boardId');
	if (!boardId.ok) return boardId;
	switch (type) {
		case 'board-phase': {
			const phase = body.phase;
			if (!(BOARD_PHASES as readonly unknown[]).includes(phase)) {
				return refuse(400, 'invalid-field', 'phase');
			}
			return ok({ type, boardId: boardId.value, phase: phase as BoardPhase });
		}
		case 'voting': {
			const state = body.state;
			if (state !== 'open' && state !== 'closed' && state !== 'revealed') {
				return refuse(400, 'invalid-field', 'state');
			}
			const { budget, maxPerItem } = body;
			// Budget and cap are set before or on opening; a reveal carries none.
			if (budget !== undefined && (state === 'revealed' || !isBudget(budget))) {
				return refuse(400, 'invalid-field', 'budget');
			}
			if (
				maxPerItem !== undefined &&
				(state === 'revealed' ||
					(maxPerItem !== null && !isMaxPerItem(maxPerItem, (budget as number | undefined) ?? 100)))
			) {
				return refuse(400, 'invalid-field', 'maxPerItem');
			}
			const action: ControlAction = { type, boardId: boardId.value, state };
			if (budget !== undefined) action.budget = budget as number;
			if (maxPerItem !== undefined) action.maxPerItem = maxPerItem as number | null;
			return ok(action);
		}
		case 'private-mode':
		case 'premoderation':
			if (typeof body.on !== 'boolean') return refuse(400, 'invalid-field', 'on');
			return ok({ type, boardId: boardId.value, on: body.on });
		case 'hide-note':
		case 'approve-note': {
			const noteId = body.noteId;
			if (typeof noteId !== 'string' || !NOTE_ID.test(noteId)) {
				return refuse(400, 'invalid-field', 'noteId');
			}
			if (type === 'approve-note') return ok({ type, boardId: boardId.value, noteId });
			// The reason is shown to the note's author: one line, no invisible characters.
			const reason = checkLine(body.reason, {
				max: HIDE_REASON_MAX,
				required: true,
				unit: 'graphemes'
			});
			if (!reason.ok) return refuse(400, 'invalid-field', 'reason');
			return ok({ type, boardId: boardId.value, noteId, reason: reason.value });
		}
	}
	return refuse(400, 'unknown-type');
}
