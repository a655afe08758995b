import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { isUuid } from '../../domain/ids';
import type { Activity } from '../../domain/workshop/agenda';
import type { BoardControl, ControlState, RevealedTally } from '../../domain/workshop/control';
import type { Database } from '../db/client';
import { activities, boards, paperVotes, votes, workshops } from '../db/schema/index';
import * as tallies from '../voting/tallies';

/**
 * A workshop's control state (domain/workshop/control.ts) as SQL holds it. Kept apart from
 * control.ts, which writes the live documents, so that the live-document server can seed a new
 * `control:` document from here without importing itself back.
 */

export interface LoadOptions {
	/**
	 * Lock the workshop row until the transaction `db` is ends (PostgreSQL `for update`), so that
	 * two facilitators acting at once are served one after the other. PGlite has one connection.
	 */
	lock?: boolean;
	/**
	 * When each revealed board was revealed, as first mirrored into the control document: SQL keeps
	 * the reveal, not its time. A board missing here takes the time of this load.
	 */
	revealedAt?: Readonly<Record<string, number>>;
	/** Server time of the load (ms since the epoch). */
	now?: number;
}

/** The control state of a workshop, or null when there is none with this id. */
export async function load(
	db: Database,
	workshopId: string,
	options: LoadOptions = {}
): Promise<ControlState | null> {
	if (!isUuid(workshopId)) return null;
	const query = db
		.select({
			status: workshops.status,
			currentActivityId: workshops.currentActivityId,
			timerEndsAt: workshops.timerEndsAt,
			timerPausedMs: workshops.timerPausedMs,
			timerDurationMs: workshops.timerDurationMs
		})
		.from(workshops)
		.where(eq(workshops.id, workshopId));
	const [workshop] = options.lock ? await query.for('update') : await query;
	if (!workshop) return null;
	const activityRows = await db
		.select({
			id: activities.id,
			kind: activities.kind,
			title: activities.title,
			boardId: activities.boardId,
			voteOn: activities.voteOn
		})
		.from(activities)
		.where(eq(activities.workshopId, workshopId))
		.orderBy(asc(activities.position), asc(activities.id));
	// Only dot votes carry a target; a row without one counts dots on notes, as agendas create them.
	const agenda: Activity[] = activityRows.map(({ voteOn, ...activity }) =>
		activity.kind === 'dot-voting' ? { ...activity, voteOn: voteOn ?? 'notes' } : activity
	);
	const boardIds = [...new Set(agenda.map((a) => a.boardId))];
	const rows =
		boardIds.length === 0
			? []
			: await db
					.select({
						id: boards.id,
						phase: boards.phase,
						votingState: boards.votingState,
						voteBudget: boards.voteBudget,
						maxVotesPerItem: boards.maxVotesPerItem,
						privateMode: boards.privateMode,
						premoderation: boards.premoderation
					})
					.from(boards)
					.where(inArray(boards.id, boardIds))
					.orderBy(asc(boards.id));
	const dotted = await boardsWithDots(db, boardIds);
	const now = options.now ?? Date.now();
	const boardControls: Record<string, BoardControl> = {};
	const revealed: Record<string, RevealedTally> = {};
	for (const row of rows) {
		boardControls[row.id] = {
			phase: row.phase,
			voting: { state: row.votingState, budget: row.voteBudget, maxPerItem: row.maxVotesPerItem },
			privateMode: row.privateMode,
			premoderation: row.premoderation,
			hasDots: dotted.has(row.id)
		};
		if (row.votingState === 'revealed') {
			const revealedAt = options.revealedAt?.[row.id] ?? now;
			revealed[row.id] = { revealedAt, entries: await tallies.ofBoard(db, row.id) };
		}
	}
	const current = workshop.currentActivityId;
	return {
		status: workshop.status,
		agenda,
		currentActivityId: current && agenda.some((a) => a.id === current) ? current : null,
		boards: boardControls,
		timer: {
			endsAt: workshop.timerEndsAt?.getTime() ?? null,
			pausedRemainingMs: workshop.timerPausedMs,
			durationMs: workshop.timerDurationMs
		},
		revealed
	};
}

/** The boards among `boardIds` with at least one dot, from a phone or counted on paper. */
async function boardsWithDots(db: Database, boardIds: string[]): Promise<Set<string>> {
	if (boardIds.length === 0) return new Set();
	const online = await db
		.selectDistinct({ boardId: votes.boardId })
		.from(votes)
		.where(and(inArray(votes.boardId, boardIds), gt(votes.count, 0)));
	const paper = await db
		.selectDistinct({ boardId: paperVotes.boardId })
		.from(paperVotes)
		.where(and(inArray(paperVotes.boardId, boardIds), gt(paperVotes.count, 0)));
	return new Set([...online, ...paper].map((row) => row.boardId));
}

/** The dots (phone and paper) on one board, for a vote-on action inside its transaction. */
export async function dotsOn(db: Database, boardId: string): Promise<number> {
	const [online] = await db
		.select({ n: sql<number>`coalesce(sum(${votes.count}), 0)::int` })
		.from(votes)
		.where(eq(votes.boardId, boardId));
	const [paper] = await db
		.select({ n: sql<number>`coalesce(sum(${paperVotes.count}), 0)::int` })
		.from(paperVotes)
		.where(eq(paperVotes.boardId, boardId));
	return Number(online?.n ?? 0) + Number(paper?.n ?? 0);
}
