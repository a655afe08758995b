import { describe, expect, it } from 'vitest';
import { STAGES } from '../proposal/stages';
import type { Stage } from '../proposal/stages';
import { columnsFor, groupByStage, judgeDrop } from './kanban';

describe('columnsFor', () => {
	it('shows every stage but merged when the view names none', () => {
		expect(columnsFor([])).toEqual([
			'proposed',
			'shortlisted',
			'prototyping',
			'evaluating',
			'adopted',
			'archived'
		]);
	});
	it('shows the stages asked for, in the stages’ own order', () => {
		expect(columnsFor(['adopted', 'merged', 'proposed'])).toEqual([
			'proposed',
			'adopted',
			'merged'
		]);
	});
});

describe('groupByStage', () => {
	const row = (id: string, stage: Stage) => ({ id, stage });
	it('keeps the ranking’s order inside each column and counts beyond the limit', () => {
		const rows = [
			row('a', 'proposed'),
			row('b', 'adopted'),
			row('c', 'proposed'),
			row('d', 'proposed'),
			row('e', 'merged')
		];
		const columns = groupByStage(rows, ['proposed', 'shortlisted', 'adopted'], 2);
		expect(columns.map((c) => [c.stage, c.total, c.cards.map((x) => x.id)])).toEqual([
			['proposed', 3, ['a', 'c']],
			['shortlisted', 0, []],
			['adopted', 1, ['b']]
		]);
	});
});

describe('judgeDrop', () => {
	it('allows exactly the moves the stage rules allow, except a merge', () => {
		for (const from of STAGES)
			for (const to of STAGES) {
				const verdict = judgeDrop(from, to);
				const allowed =
					from !== to &&
					to !== 'merged' &&
					!['archived', 'merged'].includes(from) &&
					({
						proposed: ['shortlisted', 'archived'],
						shortlisted: ['prototyping', 'archived'],
						prototyping: ['evaluating', 'archived'],
						evaluating: ['adopted', 'prototyping', 'archived'],
						adopted: ['archived']
					}[from as 'proposed']?.includes(to) ??
						false);
				expect(verdict.ok, `${from} → ${to}`).toBe(allowed);
			}
	});
	it('says why a drop is refused', () => {
		expect(judgeDrop('proposed', 'proposed')).toEqual({ ok: false, reason: 'same-stage' });
		expect(judgeDrop('archived', 'proposed')).toEqual({ ok: false, reason: 'final-stage' });
		expect(judgeDrop('proposed', 'adopted')).toEqual({ ok: false, reason: 'skips-stage' });
		expect(judgeDrop('proposed', 'merged')).toEqual({ ok: false, reason: 'needs-target' });
	});
});
