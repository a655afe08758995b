import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Actor } from '../../domain/access';
import { can } from '../../domain/access';
import { isUuid } from '../../domain/ids';
import { releasesAll } from '../../domain/board/held';
import * as controls from '../../domain/workshop/control';
import type {
	ActionFacts,
	ControlAction,
	ControlCode,
	ControlState
} from '../../domain/workshop/control';
import * as controlDoc from '../../domain/workshop/control-doc';
import { roleIn } from '../../domain/workshop/permissions';
import { collabServer } from '../collab/server';
import type { Database } from '../db/client';
import { activities, boards, workshopFacilitators, workshops } from '../db/schema/index';
import type { Runtime } from '../runtime';
import * as tallies from '../voting/tallies';
import { dotsOn, load } from './control-state';

/**
 * The facilitator's controls (DESIGN.md §4, `POST /api/workshops/<workshopId>/actions`): one action
 * is judged by the domain rules against the state SQL holds, stored in SQL in one transaction, and
 * only then mirrored into the live documents (the `control:` document everyone's screen follows,
 * the board's enforced phase and pre-moderation, a hidden note's moderation flag, held notes
 * released into the board). SQL is the truth; the documents are its picture, and each action
 * rewrites the whole picture (only what differs is sent), so a mirror that failed is mended by the
 * next action. (A release that failed is retried by the next release or when the author's inbox is
 * next written to or loaded: see src/lib/server/collab/held-notes.ts.)
 */

export { load };

/** Who is asking, as `hooks.server.ts` fills `locals`. */
export interface Viewer {
	/** Signed-in staff member, or null. */
	user: Actor | null;
	/** Resident behind a participant session, or null. */
	residentId: string | null;
}

export type ActResult =
	| { ok: true; state: ControlState }
	| {
			ok: false;
			status: 400 | 403 | 404 | 409;
			code: ControlCode | 'forbidden' | 'not-found';
			/** The field at fault, for a 400 about one field. */
			field?: string;
	  };

/**
 * Runs one facilitator action on a workshop: 200 with the new control state; 403 unless the viewer
 * runs this workshop (its facilitators, managers, admins); 400 for a malformed action; 409 when it
 * is not possible now. A refused action changes nothing anywhere.
 */
export async function act(
	runtime: Runtime,
	viewer: Viewer,
	workshopId: string,
	body: unknown
): Promise<ActResult> {
	const db = runtime.database.db;
	// Who may act comes before what the body says: a stranger learns nothing from our 400s.
	const allowed = await mayRun(db, viewer, workshopId);
	if (allowed !== true) return allowed;
	const parsed = controls.parseAction(body);
	if (!parsed.ok) return parsed;
	const action = parsed.action;
	const collab = collabServer(runtime);

	// Documents are read before the transaction: loading one reads the database, and on PGlite (one
	// connection) that read would wait for the very transaction waiting for it.
	const noteExists = await noteOnBoard(runtime, workshopId, action);
	const revealedAt = await collab.read(
		`control:${workshopId}`,
		(doc) => controlDoc.read(doc)?.revealed
	);
	const now = Date.now();

	const outcome = await db.transaction(async (tx) => {
		const before = await load(tx, workshopId, {
			lock: true,
			now,
			revealedAt: Object.fromEntries(
				Object.entries(revealedAt ?? {}).map(([id, r]) => [id, r.revealedAt])
			)
		});
		if (!before) return { ok: false as const, status: 404 as const, code: 'not-found' as const };
		const facts: ActionFacts = {};
		if (noteExists !== undefined) facts.noteExists = noteExists;
		// The tally that is revealed is the one read under the same lock as the decision to reveal.
		if (action.type === 'voting' && action.state === 'revealed') {
			facts.tally = await tallies.ofBoard(tx, action.boardId);
		}
		// Counted under the workshop's row lock, which every dot's transaction shares: no dot can
		// land between this count and the change of target.
		if (action.type === 'vote-on') {
			const activity = before.agenda.find((a) => a.id === action.activityId);
			if (activity) facts.dots = await dotsOn(tx, activity.boardId);
		}
		const result = controls.applyAction(before, action, now, facts);
		if (!result.ok) return result;
		await store(tx, workshopId, before, result.state);
		return { ok: true as const, before, state: result.state };
	});
	if (!outcome.ok) return outcome;

	await mirror(workshopId, async () => {
		for (const [boardId, board] of Object.entries(outcome.state.boards)) {
			// The live-document server refuses residents' writes on a locked board from now on.
			if (outcome.before.boards[boardId]?.phase !== board.phase) {
				collab.setBoardPhase(boardId, board.phase);
			}
			if (outcome.before.boards[boardId]?.premoderation !== board.premoderation) {
				collab.setBoardPremoderation(boardId, board.premoderation);
			}
		}
		if (action.type === 'hide-note') {
			// A held note's flag waits in the board for the note: it applies once the note is released.
			await collab.transact(
				`board:${action.boardId}`,
				(doc) =>
					doc.getMap('moderation').set(action.noteId, { hidden: true, reason: action.reason }),
				action.type
			);
		}
		await collab.transact(
			`control:${workshopId}`,
			(doc) => controlDoc.write(doc, outcome.state),
			action.type
		);
		// Held notes go into the board once nothing holds them: private mode and pre-moderation off.
		// Notes a phone sends to its inbox meanwhile are moved by the collab server (held-notes.ts).
		if (action.type === 'private-mode' || action.type === 'premoderation') {
			const before = outcome.before.boards[action.boardId];
			const after = outcome.state.boards[action.boardId];
			if (before && after && releasesAll(before, after)) {
				await collab.held.release(action.boardId, 'all');
			}
		}
		if (action.type === 'approve-note') {
			await collab.held.release(action.boardId, [action.noteId]);
		}
	});
	settleLater(runtime, workshopId);
	return { ok: true, state: outcome.state };
}

/** True, or the refusal: the viewer must be staff who may edit this workshop. */
export async function mayRun(
	db: Database,
	viewer: Viewer,
	workshopId: string
): Promise<true | Extract<ActResult, { ok: false }>> {
	const forbidden = { ok: false as const, status: 403 as const, code: 'forbidden' as const };
	// Residents never run a workshop; nor does anyone without a session.
	if (!viewer.user) return forbidden;
	const [workshop] = isUuid(workshopId)
		? await db.select({ id: workshops.id }).from(workshops).where(eq(workshops.id, workshopId))
		: [];
	if (!workshop) {
		// As for reading a workshop: only staff who could run any workshop learn that it is missing.
		const runsEvery = can(viewer.user, 'workshop:edit', { facilitatorIds: [] });
		return runsEvery ? { ok: false, status: 404, code: 'not-found' } : forbidden;
	}
	const facilitators = await db
		.select({ id: workshopFacilitators.userId })
		.from(workshopFacilitators)
		.where(eq(workshopFacilitators.workshopId, workshopId));
	const role = roleIn(
		{ actor: viewer.user, participant: false },
		{ facilitatorIds: facilitators.map((f) => f.id) }
	);
	return role === 'facilitator' ? true : forbidden;
}

/**
 * For hide-note: whether the note is in the board document as the server holds it, or held (private
 * mode, pre-moderation); for approve-note: whether it is held. A board of another workshop is not
 * opened at all (the action is refused as board-not-found).
 */
async function noteOnBoard(
	runtime: Runtime,
	workshopId: string,
	action: ControlAction
): Promise<boolean | undefined> {
	if (action.type !== 'hide-note' && action.type !== 'approve-note') return undefined;
	const [board] = await runtime.database.db
		.select({ id: boards.id })
		.from(boards)
		.where(and(eq(boards.id, action.boardId), eq(boards.workshopId, workshopId)));
	if (!board) return false;
	const collab = collabServer(runtime);
	if (await collab.held.isHeld(board.id, action.noteId)) return true;
	if (action.type === 'approve-note') return false;
	return collab.read(`board:${board.id}`, (doc) => doc.getMap('notes').has(action.noteId));
}

/** Stores in SQL what differs between two control states of a workshop. */
async function store(db: Database, workshopId: string, before: ControlState, after: ControlState) {
	if (
		before.currentActivityId !== after.currentActivityId ||
		JSON.stringify(before.timer) !== JSON.stringify(after.timer)
	) {
		await db
			.update(workshops)
			.set({
				currentActivityId: after.currentActivityId,
				timerEndsAt: after.timer.endsAt === null ? null : new Date(after.timer.endsAt),
				timerPausedMs: after.timer.pausedRemainingMs,
				timerDurationMs: after.timer.durationMs,
				updatedAt: sql`now()`
			})
			.where(eq(workshops.id, workshopId));
	}
	for (const [boardId, board] of Object.entries(after.boards)) {
		if (JSON.stringify(before.boards[boardId]) === JSON.stringify(board)) continue;
		await db
			.update(boards)
			.set({
				phase: board.phase,
				votingState: board.voting.state,
				voteBudget: board.voting.budget,
				maxVotesPerItem: board.voting.maxPerItem,
				privateMode: board.privateMode,
				premoderation: board.premoderation
			})
			.where(and(eq(boards.id, boardId), eq(boards.workshopId, workshopId)));
	}
	const kept = new Set(after.agenda.map((a) => a.id));
	const removed = before.agenda.filter((a) => !kept.has(a.id)).map((a) => a.id);
	if (removed.length > 0) {
		// The board stays: its notes may still become proposals.
		await db
			.delete(activities)
			.where(and(inArray(activities.id, removed), eq(activities.workshopId, workshopId)));
	}
	for (const [position, activity] of after.agenda.entries()) {
		const previous = before.agenda.findIndex((a) => a.id === activity.id);
		const old = before.agenda[previous];
		if (previous === position && old?.title === activity.title && old.voteOn === activity.voteOn)
			continue;
		await db
			.update(activities)
			.set({ position, title: activity.title, voteOn: activity.voteOn ?? null })
			.where(and(eq(activities.id, activity.id), eq(activities.workshopId, workshopId)));
	}
}

/**
 * Rewrites a workshop's `control:` document from what SQL holds now, in the order of the other
 * mirrors: for agenda changes made outside `act` (a template applied, an activity added).
 */
export async function republish(
	runtime: Runtime,
	workshopId: string,
	reason: string,
	settle = true
) {
	const collab = collabServer(runtime);
	await mirror(workshopId, async () => {
		// Reveal times live only in the document: keep the ones it shows.
		const revealed = await collab.read(
			`control:${workshopId}`,
			(doc) => controlDoc.read(doc)?.revealed
		);
		const state = await load(runtime.database.db, workshopId, {
			revealedAt: Object.fromEntries(
				Object.entries(revealed ?? {}).map(([id, r]) => [id, r.revealedAt])
			)
		});
		if (!state) return;
		await collab.transact(`control:${workshopId}`, (doc) => controlDoc.write(doc, state), reason);
	});
	if (settle) settleLater(runtime, workshopId);
}

/**
 * The mirrors of one workshop, applied in the order their actions committed: the row lock orders
 * the commits, and without this queue two mirrors in flight could land the other way round and
 * leave the document showing the older state. Process-wide, emptied when a workshop is idle.
 */
const mirrors = new Map<string, Promise<void>>();

async function mirror(workshopId: string, fn: () => Promise<void>): Promise<void> {
	const previous = mirrors.get(workshopId) ?? Promise.resolve();
	const next = previous.then(fn).catch((error: unknown) => {
		// SQL holds the action; the next action rewrites the whole document.
		console.error(
			`[piazza] control: could not mirror an action into the documents of ${workshopId}: ${(error as Error).message}`
		);
	});
	mirrors.set(workshopId, next);
	await next;
	if (mirrors.get(workshopId) === next) mirrors.delete(workshopId);
}

/**
 * With several instances (REDIS_URL), two actions of one workshop may be mirrored by different
 * instances within the few milliseconds an update takes to cross Redis: each writes its copy of
 * `control:` before seeing the other's write, and Yjs settles two concurrent values of one key by
 * client id, not by time, so the older state may win. SQL holds the truth, so shortly after an
 * action the document is written again from SQL (only what differs: nothing when it is right).
 * Within one process the mirror queue above orders writes, and this does nothing.
 */
const SETTLE_MS = 1_000;
const settling = new Map<string, ReturnType<typeof setTimeout>>();

function settleLater(runtime: Runtime, workshopId: string) {
	if (!runtime.config.redisUrl) return;
	clearTimeout(settling.get(workshopId));
	const timer = setTimeout(() => {
		settling.delete(workshopId);
		void republish(runtime, workshopId, 'settle', false).catch(() => {});
	}, SETTLE_MS);
	timer.unref();
	settling.set(workshopId, timer);
}
