import { describe, expect, it } from 'vitest';
import { STAGES } from '../proposal/stages';
import { buildHeatmap, levelOf } from './heatmap';
import type { HeatmapPair } from './heatmap';

const branches = [
	{ id: 'niguarda', name: 'Niguarda', municipio: 9 },
	{ id: 'bus', name: 'Bibliobus', municipio: null },
	{ id: 'dergano', name: 'Dergano', municipio: 9 },
	{ id: 'zara', name: 'Zara', municipio: 2 }
];
const services = [
	{ slug: 'anagrafe', name: 'Certificati anagrafici' },
	{ slug: 'condominio', name: 'Biblioteche di condominio' },
	{ slug: 'lockers', name: 'Armadietti smart' }
];
const pair = (
	proposalId: string,
	branchId: string,
	serviceSlug: string,
	stage: HeatmapPair['stage'] = 'proposed'
): HeatmapPair => ({ proposalId, branchId, serviceSlug, stage });

describe('buildHeatmap', () => {
	it('counts a proposal in each of its cells but once in every total', () => {
		const map = buildHeatmap(
			[
				pair('a', 'niguarda', 'condominio'),
				pair('a', 'dergano', 'condominio'),
				pair('a', 'niguarda', 'anagrafe'),
				pair('a', 'dergano', 'anagrafe')
			],
			branches,
			services,
			STAGES
		);
		expect(map.total).toBe(1);
		expect(map.services.map((s) => [s.slug, s.total])).toEqual([
			['anagrafe', 1],
			['condominio', 1]
		]);
		const m9 = map.groups.find((g) => g.municipio === 9)!;
		expect(m9.total).toBe(1);
		expect(m9.rows.map((r) => [r.branch.id, r.total, r.cells.map((c) => c.total)])).toEqual([
			['niguarda', 1, [1, 1]],
			['dergano', 1, [1, 1]]
		]);
	});

	it('keeps every branch, groups them by municipio in order, the Bibliobus last', () => {
		const map = buildHeatmap([pair('a', 'zara', 'lockers')], branches, services, STAGES);
		expect(map.groups.map((g) => [g.municipio, g.rows.map((r) => r.branch.id), g.total])).toEqual([
			[2, ['zara'], 1],
			[9, ['niguarda', 'dergano'], 0],
			[null, ['bus'], 0]
		]);
		expect(map.quietServices.map((s) => s.slug)).toEqual(['anagrafe', 'condominio']);
	});

	it('splits a cell by stage in the stage order, and shades by share of the fullest cell', () => {
		const map = buildHeatmap(
			[
				pair('a', 'niguarda', 'condominio', 'adopted'),
				pair('b', 'niguarda', 'condominio', 'proposed'),
				pair('c', 'niguarda', 'condominio', 'proposed'),
				pair('d', 'niguarda', 'condominio', 'prototyping'),
				pair('e', 'dergano', 'condominio', 'shortlisted')
			],
			branches,
			services,
			STAGES
		);
		const rows = map.groups.find((g) => g.municipio === 9)!.rows;
		expect(map.max).toBe(4);
		expect(rows[0]!.cells[0]).toEqual({
			total: 4,
			level: 4,
			stages: [
				{ stage: 'proposed', count: 2 },
				{ stage: 'prototyping', count: 1 },
				{ stage: 'adopted', count: 1 }
			]
		});
		expect(rows[1]!.cells[0]!.level).toBe(1);
	});

	it('ignores pairs naming a branch or service it was not given', () => {
		const map = buildHeatmap(
			[pair('a', 'gone', 'condominio'), pair('b', 'zara', 'retired-service')],
			branches,
			services,
			STAGES
		);
		expect(map.total).toBe(0);
		expect(map.services).toEqual([]);
		expect(map.max).toBe(0);
	});
});

describe('levelOf', () => {
	it('is 0 only for an empty cell and reaches 4 at the top', () => {
		expect([0, 1, 2, 3, 5, 8, 10].map((n) => levelOf(n, 10))).toEqual([0, 1, 1, 2, 2, 4, 4]);
		expect(levelOf(3, 0)).toBe(0);
	});
});
