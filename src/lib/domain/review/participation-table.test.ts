import { describe, expect, it } from 'vitest';
import { buildParticipation } from './participation';
import { FIGURE_COLUMNS, participationTable } from './participation-table';
import type { Labels } from './participation-table';

const labels: Labels = {
	header: ['level', 'municipio', 'branch', 'w', 'r', 'f', 'n', 'd', 'p', 'a', 'dec', 'days'],
	level: { branch: 'B', municipio: 'M', elsewhere: 'E', system: 'S' },
	municipio: (n) => (n === null ? 'none' : `M${n}`),
	elsewhere: 'outside',
	system: 'all',
	days: (v) => v.toFixed(1).replace('.', ',')
};

const at = (day: string) => new Date(`${day}T18:00:00Z`);

describe('participationTable', () => {
	const report = buildParticipation({
		branches: [
			{ id: 'nig', name: 'Niguarda', municipio: 9 },
			{ id: 'aff', name: 'Affori', municipio: 9 },
			{ id: 'zar', name: 'Zara', municipio: 2 }
		],
		workshops: [
			{ id: 'w1', branchId: 'nig', heldAt: at('2026-03-01') },
			{ id: 'w2', branchId: 'aff', heldAt: at('2026-04-01') },
			{ id: 'w3', branchId: null, heldAt: at('2026-05-01') }
		],
		attendance: [
			{ workshopId: 'w1', residentId: 'ada', first: true },
			{ workshopId: 'w2', residentId: 'ada', first: false },
			{ workshopId: 'w2', residentId: 'bea', first: true },
			{ workshopId: 'w3', residentId: 'cin', first: true }
		],
		notes: new Map([['w1', 4]]),
		dots: new Map([['w2', 6]]),
		proposals: [
			{ workshopId: 'w1', stage: 'adopted', decidedAt: at('2026-03-31') },
			{ workshopId: 'w2', stage: 'proposed', decidedAt: null }
		]
	});
	const table = participationTable(report, labels);

	it('writes the municipio before its branches, then elsewhere and the system', () => {
		expect(table.map((r) => [r[0], r[1], r[2]])).toEqual([
			['level', 'municipio', 'branch'],
			['M', 'M2', ''],
			['B', 'M2', 'Zara'],
			['M', 'M9', ''],
			['B', 'M9', 'Niguarda'],
			['B', 'M9', 'Affori'],
			['E', '', 'outside'],
			['S', '', 'all']
		]);
		for (const row of table) expect(row).toHaveLength(3 + FIGURE_COLUMNS);
	});

	it('counts a resident once in the municipio though they came to two of its branches', () => {
		const m9 = table.find((r) => r[0] === 'M' && r[1] === 'M9')!;
		expect(m9.slice(3)).toEqual([2, 2, 2, 4, 6, 2, 1, 1, '30,0']);
		const system = table.at(-1)!;
		expect(system.slice(3, 5)).toEqual([3, 3]);
	});

	it('leaves the days empty where nothing was decided', () => {
		const affori = table.find((r) => r[2] === 'Affori')!;
		expect(affori.at(-1)).toBe('');
		expect(affori.at(-2)).toBe(0);
	});
});
