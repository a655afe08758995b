import { describe, expect, it } from 'vitest';
import { resultRows } from './results';

const entry = (itemId: string, online: number, paper: number, rank = 1) => ({
	itemId,
	total: online + paper,
	online,
	paper,
	rank
});

describe('revealed results on a phone', () => {
	it('sorts most dots first and sizes bars against the winner, paper part included', () => {
		const rows = resultRows([entry('a', 1, 0), entry('b', 2, 2), entry('c', 2, 0)]);
		expect(rows.map((r) => [r.itemId, r.share, r.paperShare])).toEqual([
			['b', 1, 0.5],
			['c', 0.5, 0],
			['a', 0.25, 0]
		]);
	});

	it('leaves out items the phone cannot show and keeps bars empty when nobody voted', () => {
		const rows = resultRows([entry('gone', 5, 0), entry('x', 0, 0)], (id) => id !== 'gone');
		expect(rows).toEqual([{ ...entry('x', 0, 0), share: 0, paperShare: 0 }]);
	});
});
