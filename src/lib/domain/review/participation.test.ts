import { describe, expect, it } from 'vitest';
import { buildParticipation, median } from './participation';

const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000);
const branches = [
	{ id: 'niguarda', name: 'Niguarda', municipio: 9 },
	{ id: 'dergano', name: 'Dergano', municipio: 9 },
	{ id: 'zara', name: 'Zara', municipio: 2 },
	{ id: 'bus', name: 'Bibliobus', municipio: null }
];

describe('buildParticipation', () => {
	const report = buildParticipation({
		branches,
		workshops: [
			{ id: 'w1', branchId: 'niguarda', heldAt: day(0) },
			{ id: 'w2', branchId: 'dergano', heldAt: day(10) },
			{ id: 'w3', branchId: null, heldAt: day(20) },
			{ id: 'w4', branchId: 'retired', heldAt: day(30) }
		],
		attendance: [
			{ workshopId: 'w1', residentId: 'anna', first: true },
			{ workshopId: 'w1', residentId: 'bruno', first: false },
			{ workshopId: 'w2', residentId: 'anna', first: false },
			{ workshopId: 'w2', residentId: 'carla', first: true },
			{ workshopId: 'w3', residentId: 'dario', first: true }
		],
		notes: new Map([
			['w1', 12],
			['w2', 7],
			['w3', 3]
		]),
		dots: new Map([['w1', 30]]),
		proposals: [
			{ workshopId: 'w1', stage: 'adopted', decidedAt: day(40) },
			{ workshopId: 'w1', stage: 'archived', decidedAt: day(20) },
			{ workshopId: 'w1', stage: 'prototyping', decidedAt: null },
			{ workshopId: 'w2', stage: 'adopted', decidedAt: day(70) }
		]
	});

	it('counts a person once per row, however many workshops they came to', () => {
		const m9 = report.groups.find((g) => g.municipio === 9)!;
		expect(m9.rows.map((r) => [r.branch!.id, r.figures.residents])).toEqual([
			['niguarda', 2],
			['dergano', 2]
		]);
		expect(m9.figures.residents).toBe(3);
		expect(report.total.residents).toBe(4);
		expect(report.total.firstTime).toBe(3);
	});

	it('sums workshops, notes, dots and proposals, and takes the median wait to a decision', () => {
		const niguarda = report.groups.find((g) => g.municipio === 9)!.rows[0]!.figures;
		expect(niguarda).toEqual({
			workshops: 1,
			residents: 2,
			firstTime: 1,
			notes: 12,
			dots: 30,
			proposals: 3,
			adopted: 1,
			daysToDecision: 30,
			decided: 2
		});
		expect(report.total.daysToDecision).toBe(40);
		expect(report.total.adopted).toBe(2);
	});

	it('keeps branches without workshops, and workshops outside the branches given', () => {
		const zara = report.groups.find((g) => g.municipio === 2)!.rows[0]!.figures;
		expect(zara.workshops).toBe(0);
		expect(zara.daysToDecision).toBeNull();
		expect(report.groups.map((g) => g.municipio)).toEqual([2, 9, null]);
		expect(report.elsewhere?.workshops).toBe(2);
		expect(report.total.workshops).toBe(4);
	});
});

describe('median', () => {
	it('is the middle value, or the mean of the middle two', () => {
		expect(median([])).toBeNull();
		expect(median([5, 1, 3])).toBe(3);
		expect(median([4, 1, 3, 10])).toBe(3.5);
	});
});
