import { checkLine } from '../text';
import type { VoteTarget } from '../voting/items';
import { createsBoard } from './kinds';
import type { ActivityKind } from './kinds';
import type { ActivitySpec, BoardSpec } from './templates';

/**
 * Editing a workshop's agenda, before and during the workshop. Every edit returns a new agenda or
 * the reason it is refused, and never changes the one it was given.
 *
 * The one rule that shapes the rest: clustering and dot voting work on the board of an EARLIER
 * activity that has notes (empathy map, idea wall, canvas); they hold that board's id, so the notes
 * are the same, not copies. An agenda where a referring activity comes before (or without) the
 * activity that creates its board is refused, whichever edit would make it so.
 */

/** One step of the agenda, as in the `activities` table and the control document. */
export interface Activity {
	/** Uuid of the `activities` row. */
	id: string;
	/** empathy-map | idea-wall | clustering | dot-voting | canvas. */
	kind: ActivityKind;
	/** Shown in the agenda and on phones; one line, at most ACTIVITY_TITLE_MAX characters. */
	title: string;
	/** The board it shows: its own for empathy map, idea wall and canvas, an earlier one otherwise. */
	boardId: string;
	/**
	 * Dot voting only: what the dots go on (`activities.vote_on`). Missing on other kinds, and in
	 * control documents written before it existed, where it means notes.
	 */
	voteOn?: VoteTarget;
}

export const ACTIVITY_TITLE_MAX = 120;
/** A workshop is an afternoon; a longer agenda is a mistake or an attack on the control document. */
export const AGENDA_MAX = 30;

export type AgendaProblem =
	/** No activity with that id (perhaps another facilitator just removed it). */
	| 'activity-not-found'
	/** An activity with that id is already in the agenda. */
	| 'duplicate-activity'
	| 'title-required'
	| 'title-too-long'
	/** Control or invisible characters in the title (text.ts). */
	| 'title-characters'
	/** A board-creating activity given the board of another one: each has its own. */
	| 'board-in-use'
	/** Clustering or dot voting without an earlier empathy map, idea wall or canvas on its board. */
	| 'needs-earlier-board'
	/** Removing an activity whose board a later clustering or dot voting works on. */
	| 'board-referenced'
	/** Removing the activity everyone is on while the workshop is live. */
	| 'current-activity'
	/** A position outside the agenda. */
	| 'position'
	| 'too-many-activities';

export type AgendaResult = { ok: true; agenda: Activity[] } | { ok: false; problem: AgendaProblem };

/** What the agenda's owner knows about the workshop when an activity is removed. */
export interface AgendaContext {
	/** Whether the workshop is live (people are following the current activity). */
	live: boolean;
	/** The activity everyone follows, or null. */
	currentActivityId: string | null;
}

/** The HTTP status a route answers for a problem: 400 for bad input, 409 for "not possible now". */
export function problemStatus(problem: AgendaProblem): 400 | 409 {
	return problem.startsWith('title-') ? 400 : 409;
}

/** Checks a title and returns it cleaned (NFC, trimmed, one line), or the problem. */
export function checkTitle(
	input: unknown
): { ok: true; title: string } | { ok: false; problem: AgendaProblem } {
	const result = checkLine(input, { max: ACTIVITY_TITLE_MAX, required: true });
	if (result.ok) return { ok: true, title: result.value };
	if (result.problem === 'required') return { ok: false, problem: 'title-required' };
	if (result.problem === 'too-long') return { ok: false, problem: 'title-too-long' };
	return { ok: false, problem: 'title-characters' };
}

/** Why a whole agenda is invalid, or null when it is valid. Every edit ends with this check. */
export function check(agenda: readonly Activity[]): AgendaProblem | null {
	if (agenda.length > AGENDA_MAX) return 'too-many-activities';
	const ids = new Set<string>();
	// Boards created so far, walking the agenda in order: a referring activity must find its board here.
	const boards = new Set<string>();
	for (const activity of agenda) {
		if (ids.has(activity.id)) return 'duplicate-activity';
		ids.add(activity.id);
		const title = checkTitle(activity.title);
		if (!title.ok) return title.problem;
		if (createsBoard(activity.kind)) {
			if (boards.has(activity.boardId)) return 'board-in-use';
			boards.add(activity.boardId);
		} else if (!boards.has(activity.boardId)) {
			return 'needs-earlier-board';
		}
	}
	return null;
}

function done(agenda: Activity[]): AgendaResult {
	const problem = check(agenda);
	return problem ? { ok: false, problem } : { ok: true, agenda };
}

/** Adds an activity at position `at` (default: the end). Its title is cleaned as checkTitle does. */
export function add(
	agenda: readonly Activity[],
	activity: Activity,
	at: number = agenda.length
): AgendaResult {
	if (!Number.isInteger(at) || at < 0 || at > agenda.length)
		return { ok: false, problem: 'position' };
	if (agenda.some((a) => a.id === activity.id)) return { ok: false, problem: 'duplicate-activity' };
	const title = checkTitle(activity.title);
	if (!title.ok) return title;
	const next = [...agenda];
	next.splice(at, 0, { ...activity, title: title.title });
	return done(next);
}

/**
 * Removes an activity. Refused for the activity everyone is on while the workshop is live (people
 * would be left on nothing), and for an activity whose board a later clustering or dot voting
 * uses (remove those first: deleting the board under them would delete their notes and votes).
 */
export function remove(
	agenda: readonly Activity[],
	activityId: string,
	context: AgendaContext
): AgendaResult {
	const index = agenda.findIndex((a) => a.id === activityId);
	const activity = agenda[index];
	if (!activity) return { ok: false, problem: 'activity-not-found' };
	if (context.live && context.currentActivityId === activityId) {
		return { ok: false, problem: 'current-activity' };
	}
	if (
		createsBoard(activity.kind) &&
		agenda.some((a) => a.id !== activityId && a.boardId === activity.boardId)
	) {
		return { ok: false, problem: 'board-referenced' };
	}
	return done(agenda.filter((a) => a.id !== activityId));
}

/** Moves an activity to position `to` (its index once moved). Refused if a reference would break. */
export function move(agenda: readonly Activity[], activityId: string, to: number): AgendaResult {
	const index = agenda.findIndex((a) => a.id === activityId);
	if (index < 0) return { ok: false, problem: 'activity-not-found' };
	if (!Number.isInteger(to) || to < 0 || to >= agenda.length)
		return { ok: false, problem: 'position' };
	const next = [...agenda];
	next.splice(to, 0, ...next.splice(index, 1));
	return done(next);
}

/** Gives an activity a new title (cleaned as checkTitle does). */
export function retitle(
	agenda: readonly Activity[],
	activityId: string,
	title: unknown
): AgendaResult {
	const index = agenda.findIndex((a) => a.id === activityId);
	if (index < 0) return { ok: false, problem: 'activity-not-found' };
	const checked = checkTitle(title);
	if (!checked.ok) return checked;
	return done(agenda.map((a, i) => (i === index ? { ...a, title: checked.title } : a)));
}

/**
 * What the dots on a board go on: those of the dot-voting activity everyone follows if it shows
 * this board, else of the board's last dot-voting activity; notes when none says. The server
 * decides a dot's item the same way (server/voting/votes.ts `targetOf`).
 */
export function voteTargetOf(
	agenda: readonly Activity[],
	boardId: string,
	currentActivityId: string | null
): VoteTarget {
	const votes = agenda.filter((a) => a.kind === 'dot-voting' && a.boardId === boardId);
	const chosen = votes.find((a) => a.id === currentActivityId) ?? votes.at(-1);
	return chosen?.voteOn ?? 'notes';
}

/** A board a template asks the server to create, under the id it will have. */
export interface NewBoard {
	/** Uuid for the new `boards` row and its `board:<id>` document. */
	id: string;
	/** What its `meta` starts with. */
	spec: BoardSpec;
}

/**
 * Turns a template's specs into activities and the boards to create, with ids from `newId` (the
 * server passes crypto.randomUUID). Referring specs get the board of the activity they point at.
 * Throws on a spec list that does not make a valid agenda: templates are code, not input.
 */
export function instantiate(
	specs: readonly ActivitySpec[],
	newId: () => string
): { activities: Activity[]; boards: NewBoard[] } {
	const activities: Activity[] = [];
	const boards: NewBoard[] = [];
	for (const spec of specs) {
		let boardId: string;
		if ('board' in spec) {
			boardId = newId();
			boards.push({ id: boardId, spec: spec.board });
		} else {
			const source = activities[spec.boardOf];
			if (!source)
				throw new Error(`Template activity refers to a later activity (${spec.boardOf}).`);
			boardId = source.boardId;
		}
		activities.push({ id: newId(), kind: spec.kind, title: spec.title, boardId });
	}
	const problem = check(activities);
	if (problem) throw new Error(`Template makes an invalid agenda: ${problem}.`);
	return { activities, boards };
}
