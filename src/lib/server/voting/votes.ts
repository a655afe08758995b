import { and, asc, eq, sql } from 'drizzle-orm';
import type { Actor } from '../../domain/access';
import { docName } from '../../domain/collab/doc-name';
import { isUuid } from '../../domain/ids';
import * as budget from '../../domain/voting/budget';
import type { VoteCode } from '../../domain/voting/budget';
import * as items from '../../domain/voting/items';
import type { VoteItem, VoteTarget } from '../../domain/voting/items';
import * as permissions from '../../domain/workshop/permissions';
import type { PermissionCode, WorkshopRole } from '../../domain/workshop/permissions';
import { collabServer } from '../collab/server';
import type { Database } from '../db/client';
import {
	activities,
	boards,
	paperVotes,
	participants as participantRows,
	votes,
	workshopFacilitators,
	workshops
} from '../db/schema/index';
import type { Runtime } from '../runtime';
import * as participants from '../workshops/participants';

/**
 * Dot voting, server side (DESIGN.md §3 "Votes", §4 `POST /api/boards/<boardId>/votes`): a
 * participant's dots and the counts of paper sheets, decided by the pure rules of
 * domain/voting/budget.ts and stored in SQL. The board document is only read, to tell whether the
 * item a dot is aimed at exists and is visible; votes never live in it.
 */

/** Who is asking: the request's session, as `hooks.server.ts` left it in `locals`. */
export interface Visitor {
	/** The signed-in staff member, if any. */
	user: Actor | null;
	/** The anonymous resident behind a participant session, if any. */
	residentId: string | null;
}

/** Why a vote or a paper count was refused, with the HTTP status the contract gives it. */
export interface VoteFailure {
	ok: false;
	/** 400 bad body, 403 who, 404 no such board or item, 409 not now, 410 closed, 423 vote not open. */
	status: 400 | 403 | 404 | 409 | 410 | 423;
	/** A vote rule (budget.ts), a workshop permission (permissions.ts), or no such board. */
	code: VoteCode | PermissionCode | 'board-not-found';
}

/** A participant's dots on one board, for the phone's voting screen. */
export interface MyVotes {
	/** Dots still to place. */
	remaining: number;
	/** Dots per participant on this board. */
	budget: number;
	/** Most dots on one item, or null for up to the budget. */
	maxPerItem: number | null;
	/** The participant's dots by item id (items without dots left out). */
	votes: Record<string, number>;
}

/** The board facts a vote depends on, read with the board's row. */
interface BoardFacts {
	workshopId: string;
	status: 'draft' | 'live' | 'closed';
	phase: 'open' | 'locked';
	votingState: 'closed' | 'open' | 'revealed';
	privateMode: boolean;
	budget: number;
	maxPerItem: number | null;
	currentActivityId: string | null;
}

/**
 * Places or takes back one dot (`body` is the request's JSON, `{"itemId","delta"}`) and answers
 * the dots left. The voting state, the budget and the participant's dots are read, and the dot
 * written, in one transaction that holds the participant's row: two tabs of one person tapping at
 * once are decided one after the other, so together they never spend more than the budget.
 */
export async function cast(
	runtime: Runtime,
	visitor: Visitor,
	boardId: string,
	body: unknown
): Promise<{ ok: true; remaining: number } | VoteFailure> {
	const parsed = budget.parseVote(body);
	if (!parsed.ok) return parsed;
	const { itemId, delta } = parsed.vote;
	const db = runtime.database.db;

	const asked = await askerOf(runtime, visitor, boardId, 'vote', itemId);
	if (!asked.ok) return asked;
	const { board, participant, role, item } = asked;
	if (!participant) return refused('not-participant');

	return db.transaction(async (tx) => {
		// Serialises this participant's votes. A row lock on `participants` rather than an advisory
		// lock on a hash of board and participant: it needs no key space shared with other locks
		// (migrations hold an advisory lock), cannot collide, and is released with the transaction
		// on both databases. It holds all of one person's boards at once, which costs nothing: one
		// person taps a few times a minute. `no key update` conflicts with itself but not with the
		// key-share locks that inserts referencing the participant take, so nothing else waits.
		// PGlite runs one transaction at a time anyway.
		await tx
			.select({ id: participantRows.id })
			.from(participantRows)
			.where(eq(participantRows.id, participant.id))
			.for('no key update');
		const now = await lockedFactsOf(tx, boardId, board.workshopId);
		if (!now) return boardNotFound();
		const state = refusalOf(role, 'vote', now);
		if (state) return state;
		const mine = await dotsOf(tx, participant.id, boardId);
		const decision = budget.decideVote({
			participant: true,
			votingState: now.votingState,
			budget: now.budget,
			maxPerItem: now.maxPerItem,
			myVotes: mine,
			itemId,
			delta,
			itemExists: item.exists,
			itemHidden: item.hidden
		});
		if (!decision.ok) return decision;
		if (decision.count === 0) {
			await tx
				.delete(votes)
				.where(
					and(
						eq(votes.boardId, boardId),
						eq(votes.participantId, participant.id),
						eq(votes.itemId, itemId)
					)
				);
		} else {
			// The count was decided from the rows read under the lock, so it is written as is.
			await tx
				.insert(votes)
				.values({ boardId, participantId: participant.id, itemId, count: decision.count })
				.onConflictDoUpdate({
					target: [votes.boardId, votes.participantId, votes.itemId],
					set: { count: decision.count, updatedAt: sql`now()` }
				});
		}
		return { ok: true as const, remaining: decision.remaining };
	});
}

/** A participant's dots on a board with the board's budget and cap (`GET …/votes`). */
export async function mine(db: Database, participantId: string, boardId: string): Promise<MyVotes> {
	const board = await factsOf(db, boardId);
	const dots = await dotsOf(db, participantId, boardId);
	const total = board?.budget ?? budget.DEFAULT_BUDGET;
	return {
		remaining: budget.remaining(total, dots),
		budget: total,
		maxPerItem: board?.maxPerItem ?? null,
		votes: Object.fromEntries(dots)
	};
}

/**
 * The visitor's own dots on a board, if they take part in its workshop; anyone else is refused as
 * they would be when voting (403), and an unknown board is 404.
 */
export async function readMine(
	db: Database,
	visitor: Visitor,
	boardId: string
): Promise<{ ok: true; votes: MyVotes } | VoteFailure> {
	const board = await factsOf(db, boardId);
	if (!board) return boardNotFound();
	const owner = participants.ownerOf(visitor);
	const participant = owner ? await participants.find(db, board.workshopId, owner) : null;
	if (!participant) return refused('not-participant');
	return { ok: true, votes: await mine(db, participant.id, boardId) };
}

/**
 * Sets the dots counted on a paper sheet for one item (`body`: `{"itemId","count"}`), replacing
 * the count entered before, so that entering a sheet twice does not double it. Facilitators of the
 * workshop, managers and admins only; refused once the results are revealed.
 */
export async function enterPaper(
	runtime: Runtime,
	visitor: Visitor,
	boardId: string,
	body: unknown
): Promise<{ ok: true; itemId: string; count: number } | VoteFailure> {
	const parsed = budget.parsePaperVote(body);
	if (!parsed.ok) return parsed;
	const { itemId } = parsed.paper;
	const db = runtime.database.db;

	const asked = await askerOf(runtime, visitor, boardId, 'enter-paper-votes', itemId);
	if (!asked.ok) {
		// Staff-only: staff of another workshop are answered as for no board (a vote keeps its 403).
		if (asked.code !== 'not-this-workshop') return asked;
		return { ok: false, ...permissions.staffBoardRefusal(asked.code) };
	}
	const { board, role, item } = asked;
	// Only staff who may edit the workshop get here: `user` is set.
	const enteredBy = visitor.user?.id ?? null;

	return db.transaction(async (tx) => {
		// The same locks as a phone's dot: a count never lands after the reveal's tally was read.
		const now = await lockedFactsOf(tx, boardId, board.workshopId);
		if (!now) return boardNotFound();
		const state = refusalOf(role, 'enter-paper-votes', now);
		if (state) return state;
		const decision = budget.decidePaperCount({
			votingState: now.votingState,
			itemExists: item.exists,
			itemHidden: item.hidden,
			count: parsed.paper.count
		});
		if (!decision.ok) return decision;
		await tx
			.insert(paperVotes)
			.values({ boardId, itemId, count: decision.count, enteredBy })
			.onConflictDoUpdate({
				target: [paperVotes.boardId, paperVotes.itemId],
				set: { count: decision.count, enteredBy, updatedAt: sql`now()` }
			});
		return { ok: true as const, itemId, count: decision.count };
	});
}

/**
 * Who asks to act on a board's votes and about which item, read before the transaction: the
 * board, the visitor's participant record and role, and the item as the board's document has it.
 * A visitor refused for who they are (403) is answered before the document is read, so a stranger
 * learns nothing of it.
 */
async function askerOf(
	runtime: Runtime,
	visitor: Visitor,
	boardId: string,
	action: 'vote' | 'enter-paper-votes',
	itemId: string
) {
	const db = runtime.database.db;
	const board = await factsOf(db, boardId);
	if (!board) return boardNotFound();
	const owner = participants.ownerOf(visitor);
	const participant = owner ? await participants.find(db, board.workshopId, owner) : null;
	const role = await roleOf(db, visitor, board.workshopId, participant !== null);
	const who = refusalOf(role, action, board);
	if (who && who.status === 403) return who;
	const item = await itemOn(runtime, boardId, await targetOf(db, boardId, board), itemId);
	return { ok: true as const, board, participant, role, item };
}

function boardNotFound(): VoteFailure {
	return { ok: false, status: 404, code: 'board-not-found' };
}

function refused(code: PermissionCode): VoteFailure {
	return { ok: false, status: permissions.refusalStatus(code), code };
}

/** Why `role` may not do `action` on this board now, as a failure to answer, or null. */
function refusalOf(
	role: WorkshopRole,
	action: 'vote' | 'enter-paper-votes',
	board: BoardFacts
): VoteFailure | null {
	const code = permissions.refusal(role, action, {
		status: board.status,
		board: { phase: board.phase, votingState: board.votingState, privateMode: board.privateMode }
	});
	return code ? refused(code) : null;
}

async function roleOf(
	db: Database,
	visitor: Visitor,
	workshopId: string,
	participant: boolean
): Promise<WorkshopRole> {
	const facilitatorIds = visitor.user
		? (
				await db
					.select({ id: workshopFacilitators.userId })
					.from(workshopFacilitators)
					.where(eq(workshopFacilitators.workshopId, workshopId))
			).map((row) => row.id)
		: [];
	return permissions.roleIn({ actor: visitor.user, participant }, { facilitatorIds });
}

/**
 * The board's settings read under share locks, inside a vote's transaction. Facilitators' actions
 * (workshops/control.ts) hold the workshop's row FOR UPDATE while they read the tally to reveal
 * and change the board: a share lock on that row makes a reveal wait for a dot in flight (so the
 * revealed tally counts it) or makes the dot wait for the reveal (and then see the vote over).
 * The workshop's row is locked before the board's, in the order the actions take them, so the
 * two never deadlock.
 */
async function lockedFactsOf(
	tx: Database,
	boardId: string,
	workshopId: string
): Promise<BoardFacts | null> {
	await tx
		.select({ id: workshops.id })
		.from(workshops)
		.where(eq(workshops.id, workshopId))
		.for('share');
	return factsOf(tx, boardId, { lock: true });
}

/** The board's workshop and vote settings, or null (also for a malformed id). */
async function factsOf(
	db: Database,
	boardId: string,
	options: { lock?: boolean } = {}
): Promise<BoardFacts | null> {
	if (!isUuid(boardId)) return null;
	const query = db
		.select({
			workshopId: boards.workshopId,
			status: workshops.status,
			phase: boards.phase,
			votingState: boards.votingState,
			privateMode: boards.privateMode,
			budget: boards.voteBudget,
			maxPerItem: boards.maxVotesPerItem,
			currentActivityId: workshops.currentActivityId
		})
		.from(boards)
		.innerJoin(workshops, eq(workshops.id, boards.workshopId))
		.where(eq(boards.id, boardId))
		.limit(1)
		.$dynamic();
	const [row] = await (options.lock ? query.for('share', { of: boards }) : query);
	return row ?? null;
}

/** A participant's dots on a board, by item. */
async function dotsOf(
	db: Database,
	participantId: string,
	boardId: string
): Promise<Map<string, number>> {
	const rows = await db
		.select({ itemId: votes.itemId, count: votes.count })
		.from(votes)
		.where(and(eq(votes.boardId, boardId), eq(votes.participantId, participantId)));
	return new Map(rows.map((row) => [row.itemId, row.count]));
}

/**
 * What the board's dots go on: the dot-voting activity the workshop follows now if it shows this
 * board, else the board's last dot-voting activity; notes when none says (the default).
 */
async function targetOf(db: Database, boardId: string, board: BoardFacts): Promise<VoteTarget> {
	const rows = await db
		.select({ id: activities.id, voteOn: activities.voteOn })
		.from(activities)
		.where(and(eq(activities.boardId, boardId), eq(activities.kind, 'dot-voting')))
		.orderBy(asc(activities.position));
	const chosen = rows.find((row) => row.id === board.currentActivityId) ?? rows.at(-1);
	return chosen?.voteOn ?? 'notes';
}

/** The item as the live board document holds it now (loaded if nobody has it open). */
function itemOn(
	runtime: Runtime,
	boardId: string,
	target: VoteTarget,
	itemId: string
): Promise<VoteItem> {
	return collabServer(runtime).read(docName('board', boardId), (doc) =>
		items.voteItem(doc, target, itemId)
	);
}
