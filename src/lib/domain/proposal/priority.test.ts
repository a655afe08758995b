import { describe, expect, it } from 'vitest';
import {
	CRITERIA,
	DEFAULT_WEIGHTS,
	compareRanked,
	criterionValues,
	parseWeights,
	score,
	scoreValue
} from './priority';
import type { ScoreContext, ScoreInputs, Weights } from './priority';

const context: ScoreContext = { maxSupports: 20, maxResidents: 60, totalBranches: 26 };
const inputs: ScoreInputs = {
	votes: 12,
	participants: 20,
	supports: 5,
	raters: 2,
	impact: 4,
	feasibility: 3.5,
	cost: 2,
	branches: 2,
	residents: 30
};
const only = (criterion: keyof Weights): Weights =>
	Object.fromEntries(CRITERIA.map((c) => [c, c === criterion ? 1 : 0])) as Weights;

describe('criterion values', () => {
	it('reads dots per person in the room, supports and residents against the most, ratings on 1-5', () => {
		const v = criterionValues(inputs, context);
		expect(v.votes).toBeCloseTo(0.6);
		expect(v.supports).toBeCloseTo(0.25);
		expect(v.impact).toBeCloseTo(0.75);
		expect(v.feasibility).toBeCloseTo(0.625);
		expect(v.cost).toBeCloseTo(0.75);
		expect(v.reach).toBeCloseTo((2 / 26 + 30 / 60) / 2);
	});

	it('caps a room that gave more dots than people at 1 and never divides by zero', () => {
		const v = criterionValues(
			{ ...inputs, votes: 50, participants: 10 },
			{ maxSupports: 0, maxResidents: 0, totalBranches: 0 }
		);
		expect(v.votes).toBe(1);
		expect(v.supports).toBe(0);
		expect(v.reach).toBe(0);
		expect(criterionValues({ ...inputs, participants: 0 }, context).votes).toBe(0);
	});

	it('leaves the ratings unknown while nobody has rated', () => {
		const v = criterionValues({ ...inputs, raters: 0 }, context);
		expect([v.impact, v.feasibility, v.cost]).toEqual([null, null, null]);
	});

	it('counts a cheap proposal high and an expensive one low', () => {
		expect(criterionValues({ ...inputs, cost: 1 }, context).cost).toBe(1);
		expect(criterionValues({ ...inputs, cost: 5 }, context).cost).toBe(0);
	});
});

describe('score', () => {
	it('is the weighted mean of the values, scaled to 100, and its parts add up to it', () => {
		const s = score(inputs, DEFAULT_WEIGHTS, context);
		const v = criterionValues(inputs, context);
		const total = CRITERIA.reduce((sum, c) => sum + DEFAULT_WEIGHTS[c], 0);
		const expected = CRITERIA.reduce((sum, c) => sum + DEFAULT_WEIGHTS[c] * (v[c] ?? 0), 0);
		expect(s.score).toBeCloseTo((100 * expected) / total, 1);
		const sum = s.parts.reduce((acc, p) => acc + p.points, 0);
		expect(Math.abs(sum - s.score)).toBeLessThanOrEqual(0.3);
		expect(s.parts.map((p) => p.criterion)).toEqual([...CRITERIA]);
	});

	it('with one weight alone is that criterion on 0-100', () => {
		expect(score(inputs, only('votes'), context).score).toBe(60);
		expect(score(inputs, only('supports'), context).score).toBe(25);
		expect(score(inputs, only('impact'), context).score).toBe(75);
	});

	it('does not depend on the scale of the weights, only on their proportions', () => {
		const doubled = Object.fromEntries(CRITERIA.map((c) => [c, DEFAULT_WEIGHTS[c] * 2])) as Weights;
		expect(score(inputs, doubled, context).score).toBe(
			score(inputs, DEFAULT_WEIGHTS, context).score
		);
	});

	it('counts an unrated proposal 0 on the ratings, so rating it can raise it', () => {
		const unrated = score({ ...inputs, raters: 0 }, DEFAULT_WEIGHTS, context);
		expect(unrated.parts.find((p) => p.criterion === 'impact')).toMatchObject({
			value: null,
			points: 0
		});
		expect(unrated.score).toBeLessThan(score(inputs, DEFAULT_WEIGHTS, context).score);
	});

	it('changes the ranking when the weights change', () => {
		const popular: ScoreInputs = {
			...inputs,
			votes: 20,
			raters: 1,
			impact: 1,
			feasibility: 1,
			cost: 5
		};
		const judged: ScoreInputs = {
			...inputs,
			votes: 2,
			raters: 3,
			impact: 5,
			feasibility: 5,
			cost: 1
		};
		expect(score(popular, only('votes'), context).score).toBeGreaterThan(
			score(judged, only('votes'), context).score
		);
		expect(score(popular, only('impact'), context).score).toBeLessThan(
			score(judged, only('impact'), context).score
		);
	});

	it('stays within 0-100 whatever the data', () => {
		const wild: ScoreInputs = {
			votes: 1e9,
			participants: 1,
			supports: 1e9,
			raters: 1,
			impact: 9,
			feasibility: -3,
			cost: -1,
			branches: 1e9,
			residents: 1e9
		};
		const s = score(wild, DEFAULT_WEIGHTS, context);
		expect(s.score).toBeGreaterThanOrEqual(0);
		expect(s.score).toBeLessThanOrEqual(100);
	});
});

describe('parseWeights', () => {
	it('accepts numbers and numeric strings with a decimal comma, rounded to a tenth', () => {
		const r = parseWeights({
			votes: '2,5',
			supports: 1,
			impact: '0',
			feasibility: 3.04,
			cost: 10,
			reach: ' 1 '
		});
		expect(r).toEqual({
			ok: true,
			weights: { votes: 2.5, supports: 1, impact: 0, feasibility: 3, cost: 10, reach: 1 }
		});
	});

	it('names each weight that is missing, not a number, negative or too large', () => {
		const r = parseWeights({
			votes: -1,
			supports: 'tanto',
			impact: 11,
			feasibility: '1e3',
			cost: NaN
		});
		expect(r).toEqual({
			ok: false,
			errors: {
				votes: 'negative',
				supports: 'not-a-number',
				impact: 'too-large',
				feasibility: 'not-a-number',
				cost: 'not-a-number',
				reach: 'missing'
			}
		});
	});

	it('refuses weights that are all zero, and anything that is not an object', () => {
		const zero = Object.fromEntries(CRITERIA.map((c) => [c, 0]));
		expect(parseWeights(zero)).toEqual({ ok: false, errors: { all: 'all-zero' } });
		expect(parseWeights('1,1,1').ok).toBe(false);
		expect(parseWeights(null).ok).toBe(false);
	});
});

describe('compareRanked', () => {
	it('ranks by score, then dots, then the newest, then id', () => {
		const items = [
			{ id: 'b', score: 50, votes: 3, createdAt: '2026-01-01' },
			{ id: 'a', score: 50, votes: 3, createdAt: '2026-01-01' },
			{ id: 'c', score: 50, votes: 3, createdAt: '2026-02-01' },
			{ id: 'd', score: 50, votes: 9, createdAt: '2025-01-01' },
			{ id: 'e', score: 80, votes: 0, createdAt: '2024-01-01' }
		];
		expect(items.sort(compareRanked).map((i) => i.id)).toEqual(['e', 'd', 'c', 'a', 'b']);
	});
});

describe('scoreValue', () => {
	it('is exactly score().score over many inputs, weights and contexts', () => {
		// A small deterministic generator: the same cases on every run.
		let seed = 7;
		const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
		const int = (max: number) => Math.floor(next() * (max + 1));
		const mean = () => (next() < 0.2 ? null : 1 + int(40) / 10);
		for (let i = 0; i < 5000; i += 1) {
			const raters = int(3);
			const inputs: ScoreInputs = {
				votes: int(80),
				participants: int(60),
				supports: int(30),
				raters,
				impact: raters ? mean() : null,
				feasibility: raters ? mean() : null,
				cost: raters ? mean() : null,
				branches: int(5),
				residents: int(90)
			};
			const weights = Object.fromEntries(
				CRITERIA.map((c) => [c, next() < 0.15 ? 0 : int(100) / 10])
			) as Weights;
			const ctx: ScoreContext = {
				maxSupports: int(40),
				maxResidents: int(120),
				totalBranches: int(30)
			};
			expect(scoreValue(inputs, weights, ctx)).toBe(score(inputs, weights, ctx).score);
		}
	});
});
