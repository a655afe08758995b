import { describe, expect, it } from 'vitest';
import {
	decidePaperCount,
	decideVote,
	isBudget,
	isMaxPerItem,
	parsePaperVote,
	parseVote,
	remaining,
	tally
} from './budget';
import type { VoteQuestion } from './budget';

const open: VoteQuestion = {
	participant: true,
	votingState: 'open',
	budget: 3,
	maxPerItem: null,
	myVotes: new Map(),
	itemId: 'note-a',
	delta: 1,
	itemExists: true,
	itemHidden: false
};

describe('placing a dot', () => {
	it('places it and says how many dots are left', () => {
		expect(decideVote(open)).toEqual({ ok: true, remaining: 2, count: 1 });
		expect(decideVote({ ...open, myVotes: new Map([['note-b', 1]]) })).toEqual({
			ok: true,
			remaining: 1,
			count: 1
		});
	});

	it('allows several dots on one item up to the budget when there is no cap', () => {
		expect(decideVote({ ...open, myVotes: new Map([['note-a', 2]]) })).toEqual({
			ok: true,
			remaining: 0,
			count: 3
		});
	});

	it('refuses a vote once the budget is spent (409)', () => {
		const myVotes = new Map([
			['note-a', 1],
			['note-b', 2]
		]);
		expect(decideVote({ ...open, myVotes, itemId: 'note-c' })).toEqual({
			ok: false,
			status: 409,
			code: 'over-budget'
		});
	});

	it('refuses a dot beyond the cap per item, though budget is left', () => {
		const q = { ...open, maxPerItem: 1, myVotes: new Map([['note-a', 1]]) };
		expect(decideVote(q)).toEqual({ ok: false, status: 409, code: 'item-cap' });
		expect(decideVote({ ...q, itemId: 'note-b' })).toMatchObject({ ok: true, remaining: 1 });
	});

	it('refuses a vote when voting is closed or after the reveal (423)', () => {
		expect(decideVote({ ...open, votingState: 'closed' })).toEqual({
			ok: false,
			status: 423,
			code: 'voting-closed'
		});
		expect(decideVote({ ...open, votingState: 'revealed' })).toEqual({
			ok: false,
			status: 423,
			code: 'voting-revealed'
		});
		expect(decideVote({ ...open, votingState: 'closed', delta: -1 })).toMatchObject({
			status: 423
		});
	});

	it('refuses anyone who is not a participant of the workshop (403), before anything else', () => {
		expect(decideVote({ ...open, participant: false, votingState: 'closed' })).toEqual({
			ok: false,
			status: 403,
			code: 'not-participant'
		});
	});

	it('refuses a dot on a hidden note or on an item that is not on the board', () => {
		expect(decideVote({ ...open, itemHidden: true })).toEqual({
			ok: false,
			status: 409,
			code: 'item-hidden'
		});
		expect(decideVote({ ...open, itemExists: false })).toEqual({
			ok: false,
			status: 404,
			code: 'item-not-found'
		});
	});
});

describe('taking a dot back', () => {
	const mine = new Map([
		['note-a', 2],
		['note-b', 1]
	]);

	it('gives the dot back to the budget', () => {
		expect(decideVote({ ...open, myVotes: mine, delta: -1 })).toEqual({
			ok: true,
			remaining: 1,
			count: 1
		});
	});

	it('works even from a note since hidden or deleted, so no dot is lost', () => {
		const q = { ...open, myVotes: mine, delta: -1 as const };
		expect(decideVote({ ...q, itemHidden: true })).toMatchObject({ ok: true, count: 1 });
		expect(decideVote({ ...q, itemExists: false })).toMatchObject({ ok: true, count: 1 });
	});

	it('refuses to take back a dot that is not there', () => {
		const q = { ...open, myVotes: mine, itemId: 'note-c', delta: -1 as const };
		expect(decideVote(q)).toEqual({ ok: false, status: 409, code: 'no-dot-to-remove' });
		expect(decideVote({ ...q, itemExists: false })).toEqual({
			ok: false,
			status: 404,
			code: 'item-not-found'
		});
	});

	it('never shows a negative budget after the budget was lowered below what was spent', () => {
		const q = { ...open, budget: 1, myVotes: mine };
		expect(remaining(1, mine)).toBe(0);
		expect(decideVote(q)).toMatchObject({ code: 'over-budget' });
		expect(decideVote({ ...q, delta: -1 })).toEqual({ ok: true, remaining: 0, count: 1 });
	});
});

describe('reading a vote request', () => {
	it('accepts exactly an item id and a delta of 1 or -1', () => {
		expect(parseVote({ itemId: 'p1:abc123', delta: -1 })).toEqual({
			ok: true,
			vote: { itemId: 'p1:abc123', delta: -1 }
		});
	});

	it('refuses anything else with a 400', () => {
		for (const bad of [
			null,
			[],
			'vote',
			{ itemId: 'a' },
			{ itemId: 'a', delta: 2 },
			{ itemId: 'a', delta: '1' },
			{ itemId: '', delta: 1 },
			{ itemId: 'a'.repeat(81), delta: 1 },
			{ itemId: '<script>', delta: 1 },
			{ itemId: 'a', delta: 1, participantId: 'someone-else' }
		]) {
			expect(parseVote(bad)).toEqual({ ok: false, status: 400, code: 'invalid-vote' });
		}
	});
});

describe('budgets and caps a facilitator may set', () => {
	it('accept a budget of 1 to 100 dots and a cap of 1 to the budget', () => {
		expect([1, 3, 100].every(isBudget)).toBe(true);
		for (const bad of [0, 101, 2.5, '3', null]) expect(isBudget(bad)).toBe(false);
		expect(isMaxPerItem(1, 3)).toBe(true);
		expect(isMaxPerItem(3, 3)).toBe(true);
		for (const bad of [0, 4, 1.5, '1']) expect(isMaxPerItem(bad, 3)).toBe(false);
	});
});

const paperSheet = {
	votingState: 'closed' as const,
	itemExists: true,
	itemHidden: false,
	count: 7
};

describe('paper votes', () => {
	const sheet = paperSheet;

	it('accept the dots counted on a sheet while voting is open or closed', () => {
		expect(decidePaperCount(sheet)).toEqual({ ok: true, count: 7 });
		expect(decidePaperCount({ ...sheet, votingState: 'open' })).toEqual({ ok: true, count: 7 });
	});

	it('are refused after the reveal, for unknown or hidden items, and for impossible counts', () => {
		expect(decidePaperCount({ ...sheet, votingState: 'revealed' })).toMatchObject({
			status: 423,
			code: 'voting-revealed'
		});
		expect(decidePaperCount({ ...sheet, itemExists: false })).toMatchObject({ status: 404 });
		expect(decidePaperCount({ ...sheet, itemHidden: true })).toMatchObject({ code: 'item-hidden' });
		expect(decidePaperCount({ ...sheet, itemHidden: true, count: 0 })).toMatchObject({ ok: true });
		for (const count of [-1, 1.5, 1001, '7', null]) {
			expect(decidePaperCount({ ...sheet, count })).toMatchObject({ code: 'invalid-count' });
		}
	});
});

describe('reading a paper count', () => {
	it('takes an item id and leaves the count to be judged', () => {
		expect(parsePaperVote({ itemId: 'p1:abc123', count: 4 })).toEqual({
			ok: true,
			paper: { itemId: 'p1:abc123', count: 4 }
		});
		const missing = parsePaperVote({ itemId: 'p1:abc123' });
		expect(missing.ok && decidePaperCount({ ...paperSheet, count: missing.paper.count })).toEqual({
			ok: false,
			status: 400,
			code: 'invalid-count'
		});
	});

	it('refuses a body that is not an item id and a count with a 400', () => {
		for (const bad of [
			null,
			[],
			{ count: 3 },
			{ itemId: 'a'.repeat(81), count: 3 },
			{ itemId: 'a', count: 3, enteredBy: 'someone' }
		]) {
			expect(parsePaperVote(bad)).toEqual({ ok: false, status: 400, code: 'invalid-vote' });
		}
	});
});

describe('tally', () => {
	it('adds up phone and paper dots per item, keeping the paper ones apart, most first', () => {
		const results = tally([
			{ itemId: 'a', count: 2, fromPaper: false },
			{ itemId: 'b', count: 1, fromPaper: false },
			{ itemId: 'b', count: 4, fromPaper: true },
			{ itemId: 'a', count: 1, fromPaper: false }
		]);
		expect(results).toEqual([
			{ itemId: 'b', total: 5, online: 1, paper: 4, rank: 1 },
			{ itemId: 'a', total: 3, online: 3, paper: 0, rank: 2 }
		]);
	});

	it('names no voter, whatever the rows carry', () => {
		const row = { itemId: 'a', count: 1, fromPaper: false, participantId: 'p-secret' };
		expect(JSON.stringify(tally([row]))).not.toContain('p-secret');
	});

	it('gives tied items the same rank and keeps them in the board’s order, then by id', () => {
		const ballots = ['c', 'a', 'b', 'd'].map((itemId) => ({
			itemId,
			count: itemId === 'd' ? 1 : 2,
			fromPaper: false
		}));
		expect(tally(ballots, ['b', 'c']).map((e) => [e.itemId, e.rank])).toEqual([
			['b', 1],
			['c', 1],
			['a', 1],
			['d', 4]
		]);
		expect(tally(ballots.toReversed(), ['b', 'c'])).toEqual(tally(ballots, ['b', 'c']));
	});

	it('leaves out items without dots', () => {
		expect(tally([{ itemId: 'a', count: 0, fromPaper: true }])).toEqual([]);
	});
});
