import type { VotingState } from '../workshop/kinds';

/**
 * Dot voting (DESIGN.md §2 "Vote", §4 `POST /api/boards/<boardId>/votes`): the decision the server
 * takes, in one transaction with the read of the participant's dots, before it stores a vote; and
 * the anonymous tallies shown once results are revealed.
 *
 * Dots are placed on items: a board's notes or its clusters. Each participant has a budget per
 * board (default 3) and, optionally, a cap of dots on one item. People without a phone vote on a
 * paper sheet; a facilitator enters the dots counted there, and tallies show them apart, "from paper".
 */

export const DEFAULT_BUDGET = 3;
export const BUDGET_MIN = 1;
/** Same bound as the `boards_budget_range` check. */
export const BUDGET_MAX = 100;
/** Most dots one paper sheet can give one item: a large room's worth, and a typo guard. */
export const PAPER_COUNT_MAX = 1000;

/** Whether `budget` is a budget a facilitator may set (an integer 1..100). */
export function isBudget(budget: unknown): budget is number {
	return (
		typeof budget === 'number' &&
		Number.isInteger(budget) &&
		budget >= BUDGET_MIN &&
		budget <= BUDGET_MAX
	);
}

/** Whether `max` is a valid cap of dots per item for `budget` (an integer 1..budget). */
export function isMaxPerItem(max: unknown, budget: number): max is number {
	return typeof max === 'number' && Number.isInteger(max) && max >= 1 && max <= budget;
}

/** Dots a participant has placed on the board. */
export function spent(myVotes: ReadonlyMap<string, number>): number {
	let total = 0;
	for (const count of myVotes.values()) total += count;
	return total;
}

/**
 * Dots still to place. Never below 0: a budget lowered between two voting rounds leaves someone
 * who had already spent more with none left, not with a negative number on their screen.
 */
export function remaining(budget: number, myVotes: ReadonlyMap<string, number>): number {
	return Math.max(0, budget - spent(myVotes));
}

export type VoteCode =
	/** The request body is not `{"itemId": string, "delta": 1 | -1}`. */
	| 'invalid-vote'
	/** The person is not a participant of the board's workshop (403). */
	| 'not-participant'
	/** Voting on this board has not been opened, or was closed (423). */
	| 'voting-closed'
	/** Results were revealed: the vote is over (423). */
	| 'voting-revealed'
	/** No such note or cluster on this board, e.g. a forged id (404). */
	| 'item-not-found'
	/** The note was hidden by a facilitator: it takes no new dots (409). */
	| 'item-hidden'
	/** The budget is spent (409). */
	| 'over-budget'
	/** This item already has as many of the person's dots as the cap allows (409). */
	| 'item-cap'
	/** Removing a dot from an item the person has no dot on (409). */
	| 'no-dot-to-remove'
	/** A paper count that is not an integer 0..PAPER_COUNT_MAX (400). */
	| 'invalid-count';

export type VoteRefusal = { ok: false; status: 400 | 403 | 404 | 409 | 423; code: VoteCode };

/** Everything the server reads, in the vote's transaction, to decide on one vote. */
export interface VoteQuestion {
	/** Whether the person is a participant of the board's workshop (staff vote by joining too). */
	participant: boolean;
	/** The board's voting state, read in the same transaction as the dots. */
	votingState: VotingState;
	/** Dots per participant on this board. */
	budget: number;
	/** Most dots of one participant on one item, or null for up to the budget. */
	maxPerItem: number | null;
	/** The person's dots on this board, by item id. */
	myVotes: ReadonlyMap<string, number>;
	/** The note or cluster the dot goes on or comes off. */
	itemId: string;
	/** 1 places a dot, -1 takes one back. */
	delta: 1 | -1;
	/** Whether the item is a note or cluster of this board. */
	itemExists: boolean;
	/** Whether the item is a note a facilitator hid. */
	itemHidden: boolean;
}

/**
 * Whether one dot may be placed or taken back, and the budget left after it.
 *
 * Taking a dot back is allowed whenever voting is open, even from a note since hidden or deleted:
 * otherwise the dot would be lost to its owner. Placing one needs a visible item of this board,
 * budget left, and room under the per-item cap.
 */
export function decideVote(
	q: VoteQuestion
): { ok: true; remaining: number; count: number } | VoteRefusal {
	if (!q.participant) return { ok: false, status: 403, code: 'not-participant' };
	if (q.votingState === 'closed') return { ok: false, status: 423, code: 'voting-closed' };
	if (q.votingState === 'revealed') return { ok: false, status: 423, code: 'voting-revealed' };
	const mine = q.myVotes.get(q.itemId) ?? 0;
	if (q.delta === -1) {
		if (mine === 0) {
			return q.itemExists
				? { ok: false, status: 409, code: 'no-dot-to-remove' }
				: { ok: false, status: 404, code: 'item-not-found' };
		}
		return { ok: true, remaining: Math.max(0, q.budget - spent(q.myVotes) + 1), count: mine - 1 };
	}
	if (!q.itemExists) return { ok: false, status: 404, code: 'item-not-found' };
	if (q.itemHidden) return { ok: false, status: 409, code: 'item-hidden' };
	const left = remaining(q.budget, q.myVotes);
	if (left === 0) return { ok: false, status: 409, code: 'over-budget' };
	if (mine >= (q.maxPerItem ?? q.budget)) return { ok: false, status: 409, code: 'item-cap' };
	return { ok: true, remaining: left - 1, count: mine + 1 };
}

/** Longest item id accepted: a note key is `<uuid>:<up to 40 characters>`. */
const ITEM_ID = /^[A-Za-z0-9_:-]{1,80}$/;

/** Reads the body of `POST /api/boards/<boardId>/votes`; anything else is a 400. */
export function parseVote(
	json: unknown
): { ok: true; vote: { itemId: string; delta: 1 | -1 } } | VoteRefusal {
	const invalid = { ok: false, status: 400, code: 'invalid-vote' } as const;
	if (typeof json !== 'object' || json === null || Array.isArray(json)) return invalid;
	const body = json as Record<string, unknown>;
	if (Object.keys(body).some((key) => key !== 'itemId' && key !== 'delta')) return invalid;
	const { itemId, delta } = body;
	if (typeof itemId !== 'string' || !ITEM_ID.test(itemId)) return invalid;
	if (delta !== 1 && delta !== -1) return invalid;
	return { ok: true, vote: { itemId, delta } };
}

/**
 * Reads the body of `POST /api/boards/<boardId>/paper-votes`, `{"itemId": string, "count": …}`.
 * The count is left for `decidePaperCount` to judge (a missing one too), so that a wrong count
 * gets its own code.
 */
export function parsePaperVote(
	json: unknown
): { ok: true; paper: { itemId: string; count: unknown } } | VoteRefusal {
	const invalid = { ok: false, status: 400, code: 'invalid-vote' } as const;
	if (typeof json !== 'object' || json === null || Array.isArray(json)) return invalid;
	const body = json as Record<string, unknown>;
	if (Object.keys(body).some((key) => key !== 'itemId' && key !== 'count')) return invalid;
	const { itemId, count } = body;
	if (typeof itemId !== 'string' || !ITEM_ID.test(itemId)) return invalid;
	return { ok: true, paper: { itemId, count } };
}

/**
 * Whether a facilitator may set the dots counted on a paper sheet for one item. A count replaces
 * the previous one for that item (entering a sheet twice does not double it). Accepted while
 * voting is open or closed, since sheets are often counted after the phones stop; refused once the
 * results are revealed, because then the tally is already public.
 */
export function decidePaperCount(q: {
	votingState: VotingState;
	itemExists: boolean;
	itemHidden: boolean;
	count: unknown;
}): { ok: true; count: number } | VoteRefusal {
	if (
		typeof q.count !== 'number' ||
		!Number.isInteger(q.count) ||
		q.count < 0 ||
		q.count > PAPER_COUNT_MAX
	) {
		return { ok: false, status: 400, code: 'invalid-count' };
	}
	if (q.votingState === 'revealed') return { ok: false, status: 423, code: 'voting-revealed' };
	if (!q.itemExists) return { ok: false, status: 404, code: 'item-not-found' };
	// A hidden note may still have its paper dots set back to 0.
	if (q.itemHidden && q.count > 0) return { ok: false, status: 409, code: 'item-hidden' };
	return { ok: true, count: q.count };
}

/** Dots on one item from one source, as read from SQL: no voter, so a tally cannot name anyone. */
export interface Ballot {
	/** The note or cluster. */
	itemId: string;
	/** How many dots. */
	count: number;
	/** Counted on a paper sheet and entered by a facilitator, rather than placed from a phone. */
	fromPaper: boolean;
}

/** One line of the results. */
export interface TallyEntry {
	/** The note or cluster. */
	itemId: string;
	/** All its dots. */
	total: number;
	/** Dots placed from phones. */
	online: number;
	/** Dots entered from paper sheets, shown as such. */
	paper: number;
	/** 1 for the most dots; tied items share a rank and the next rank is skipped (1, 1, 3). */
	rank: number;
}

/**
 * Anonymous totals, most dots first. Ties keep a stable order: the order of `itemOrder` (e.g. the
 * board's notes oldest first) and then the item id, so the same votes always give the same list.
 * Items without dots are left out.
 */
export function tally(ballots: Iterable<Ballot>, itemOrder: readonly string[] = []): TallyEntry[] {
	const byItem = new Map<string, { online: number; paper: number }>();
	for (const ballot of ballots) {
		const entry = byItem.get(ballot.itemId) ?? { online: 0, paper: 0 };
		if (ballot.fromPaper) entry.paper += ballot.count;
		else entry.online += ballot.count;
		byItem.set(ballot.itemId, entry);
	}
	const position = new Map(itemOrder.map((id, i) => [id, i]));
	const entries = [...byItem]
		.map(([itemId, { online, paper }]) => ({
			itemId,
			total: online + paper,
			online,
			paper,
			rank: 0
		}))
		.filter((entry) => entry.total > 0)
		.sort(
			(a, b) =>
				b.total - a.total ||
				(position.get(a.itemId) ?? itemOrder.length) -
					(position.get(b.itemId) ?? itemOrder.length) ||
				(a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0)
		);
	entries.forEach((entry, i) => {
		const previous = entries[i - 1];
		entry.rank = previous && previous.total === entry.total ? previous.rank : i + 1;
	});
	return entries;
}
