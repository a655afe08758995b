/**
 * The priority score (DESIGN.md §2): a weighted mean of six criteria, each first brought to 0..1,
 * scaled to 0..100. One pure function so that the ranked list, the CSV, the open data and the
 * sentence shown beside every score can never disagree. Every normalisation is one a manager can
 * say aloud ("12 dots from 20 people"): no logarithms, no hidden constants.
 */

export const CRITERIA = ['votes', 'supports', 'impact', 'feasibility', 'cost', 'reach'] as const;
export type Criterion = (typeof CRITERIA)[number];
export type Weights = Record<Criterion, number>;

/** In force until a manager sets others: the room's vote first, then the staff's judgement. */
export const DEFAULT_WEIGHTS: Weights = {
	votes: 3,
	supports: 1,
	impact: 2,
	feasibility: 2,
	cost: 1,
	reach: 1
};

/** A weight is a number of "shares" from 0 to 10; steps finer than a tenth mean nothing here. */
export const MAX_WEIGHT = 10;

export type WeightProblem = 'missing' | 'not-a-number' | 'negative' | 'too-large' | 'all-zero';

export type WeightsResult =
	| { ok: true; weights: Weights }
	| { ok: false; errors: Partial<Record<Criterion | 'all', WeightProblem>> };

/**
 * Reads weights sent by a form or JSON. Numbers or numeric strings (a comma is a decimal point,
 * as Italian keyboards type it); each 0..10, rounded to a tenth; not all zero.
 */
export function parseWeights(input: unknown): WeightsResult {
	const source = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
	const errors: Partial<Record<Criterion | 'all', WeightProblem>> = {};
	const weights = {} as Weights;
	for (const criterion of CRITERIA) {
		const raw = source[criterion];
		if (raw === undefined || raw === null || raw === '') {
			errors[criterion] = 'missing';
			continue;
		}
		const value =
			typeof raw === 'number'
				? raw
				: typeof raw === 'string' && /^\s*-?\d+([.,]\d+)?\s*$/.test(raw)
					? Number(raw.trim().replace(',', '.'))
					: NaN;
		if (!Number.isFinite(value)) errors[criterion] = 'not-a-number';
		else if (value < 0) errors[criterion] = 'negative';
		else if (value > MAX_WEIGHT) errors[criterion] = 'too-large';
		else weights[criterion] = Math.round(value * 10) / 10;
	}
	if (Object.keys(errors).length > 0) return { ok: false, errors };
	if (CRITERIA.every((c) => weights[c] === 0)) return { ok: false, errors: { all: 'all-zero' } };
	return { ok: true, weights };
}

/** What the database knows about one proposal, as the score needs it. */
export interface ScoreInputs {
	/** Dots its notes or cluster received in the workshop (phones and paper). */
	votes: number;
	/** People who joined that workshop. */
	participants: number;
	/** Residents' supports after the workshop. */
	supports: number;
	/** Staff who rated it, and their averages (null when nobody has). */
	raters: number;
	impact: number | null;
	feasibility: number | null;
	cost: number | null;
	/** Branches it concerns. */
	branches: number;
	/** Residents it concerns: the workshop's participants and its supporters from elsewhere. */
	residents: number;
}

/**
 * Figures over all proposals still in play (not archived or merged), whatever the filter: a
 * proposal's score must not change because a manager narrowed the list.
 */
export interface ScoreContext {
	maxSupports: number;
	maxResidents: number;
	/** Branches open in the system (the Bibliobus counts as one). */
	totalBranches: number;
}

export interface ScorePart {
	criterion: Criterion;
	/** 0..1, or null when it cannot be known yet (not rated). */
	value: number | null;
	weight: number;
	/** Its share of the score: the parts' points add up to the score. */
	points: number;
}

export interface Score {
	/** 0..100, one decimal. */
	score: number;
	parts: ScorePart[];
}

const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);
const ratio = (n: number, d: number) => (d > 0 ? clamp01(n / d) : 0);
/** A 1-5 rating as 0..1. */
const rating = (avg: number | null, inverted = false) =>
	avg === null ? null : clamp01(inverted ? (5 - avg) / 4 : (avg - 1) / 4);

/** Each criterion on 0..1, exactly as the explanation states it. */
export function criterionValues(inputs: ScoreInputs, context: ScoreContext) {
	return {
		// Dots per person in the room: 12 dots from 20 people is 0.6; a whole room's dots caps at 1.
		votes: ratio(inputs.votes, inputs.participants),
		supports: ratio(inputs.supports, context.maxSupports),
		impact: inputs.raters > 0 ? rating(inputs.impact) : null,
		feasibility: inputs.raters > 0 ? rating(inputs.feasibility) : null,
		// Cost counts against: 1 (cheap) is 1.0, 5 (expensive) is 0.
		cost: inputs.raters > 0 ? rating(inputs.cost, true) : null,
		// Half for the share of the system's branches, half for the residents against the most.
		reach:
			(ratio(inputs.branches, context.totalBranches) +
				ratio(inputs.residents, context.maxResidents)) /
			2
	} satisfies Record<Criterion, number | null>;
}

/**
 * The score: Σ weight × value ÷ Σ weights, × 100. An unrated criterion counts 0 (and says so), so
 * that rating a proposal can only be a decision, never an accident of missing data.
 */
export function score(inputs: ScoreInputs, weights: Weights, context: ScoreContext): Score {
	const values = criterionValues(inputs, context);
	const total = CRITERIA.reduce((sum, c) => sum + weights[c], 0);
	const parts = CRITERIA.map((criterion) => {
		const value = values[criterion];
		const weight = weights[criterion];
		const points = total > 0 ? (100 * weight * (value ?? 0)) / total : 0;
		return { criterion, value, weight, points };
	});
	const raw = parts.reduce((sum, p) => sum + p.points, 0);
	return {
		score: Math.round(raw * 10) / 10,
		parts: parts.map((p) => ({ ...p, points: Math.round(p.points * 10) / 10 }))
	};
}

/**
 * `score(…).score` alone, without the parts: the ranked list scores every proposal of the view to
 * order them but explains only the page it shows, and ten thousand sets of parts were a fifth of
 * its time. The same arithmetic in the same order, so the two never differ (tested).
 */
export function scoreValue(inputs: ScoreInputs, weights: Weights, context: ScoreContext): number {
	const values = criterionValues(inputs, context);
	let total = 0;
	for (const c of CRITERIA) total += weights[c];
	if (!(total > 0)) return 0;
	let raw = 0;
	for (const c of CRITERIA) raw += (100 * weights[c] * (values[c] ?? 0)) / total;
	return Math.round(raw * 10) / 10;
}

/** Ranks scored items: score, then dots, then the newest; ids break what is left, for stable pages. */
export function compareRanked(
	a: { score: number; votes: number; createdAt: string; id: string },
	b: { score: number; votes: number; createdAt: string; id: string }
): number {
	return (
		b.score - a.score ||
		b.votes - a.votes ||
		(a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0) ||
		(a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
	);
}
