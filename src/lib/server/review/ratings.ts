import { and, eq, sql } from 'drizzle-orm';
import type { Actor } from '../../domain/access';
import { can } from '../../domain/access';
import { isUuid } from '../../domain/ids';
import type { Database } from '../db/client';
import { proposalRatings, proposals, users } from '../db/schema/index';

/**
 * Staff ratings of a proposal: each manager rates impact, feasibility and cost 1-5 and may change
 * their own rating; the score uses the averages. Ratings are staff-only: they never reach a
 * public page, only through the score they shape.
 */

export const RATING_CRITERIA = ['impact', 'feasibility', 'cost'] as const;
export type RatingCriterion = (typeof RATING_CRITERIA)[number];
export type Rating = Record<RatingCriterion, number>;

export interface RatingsSummary {
	raters: number;
	impact: number | null;
	feasibility: number | null;
	cost: number | null;
	/** Each rater's own, newest first (names are staff names, shown to staff only). */
	each: { userId: string; name: string; rating: Rating; updatedAt: string }[];
	/** The viewer's own rating, if they gave one. */
	mine: Rating | null;
}

export function parseRating(
	input: unknown
):
	| { ok: true; rating: Rating }
	| { ok: false; errors: Partial<Record<RatingCriterion, 'invalid'>> } {
	const source = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
	const rating = {} as Rating;
	const errors: Partial<Record<RatingCriterion, 'invalid'>> = {};
	for (const criterion of RATING_CRITERIA) {
		const raw = source[criterion];
		const value = typeof raw === 'string' && /^\s*[1-5]\s*$/.test(raw) ? Number(raw) : raw;
		if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5)
			rating[criterion] = value;
		else errors[criterion] = 'invalid';
	}
	return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, rating };
}

export async function summary(
	db: Database,
	proposalId: string,
	viewerId: string | null
): Promise<RatingsSummary> {
	if (!isUuid(proposalId))
		return { raters: 0, impact: null, feasibility: null, cost: null, each: [], mine: null };
	const rows = await db
		.select({
			userId: proposalRatings.userId,
			name: users.name,
			impact: proposalRatings.impact,
			feasibility: proposalRatings.feasibility,
			cost: proposalRatings.cost,
			updatedAt: proposalRatings.updatedAt
		})
		.from(proposalRatings)
		.innerJoin(users, eq(users.id, proposalRatings.userId))
		.where(eq(proposalRatings.proposalId, proposalId))
		.orderBy(sql`${proposalRatings.updatedAt} desc`);
	const mean = (k: RatingCriterion) =>
		rows.length === 0 ? null : rows.reduce((sum, r) => sum + r[k], 0) / rows.length;
	const each = rows.map((r) => ({
		userId: r.userId,
		name: r.name,
		rating: { impact: r.impact, feasibility: r.feasibility, cost: r.cost },
		updatedAt: r.updatedAt.toISOString()
	}));
	return {
		raters: rows.length,
		impact: mean('impact'),
		feasibility: mean('feasibility'),
		cost: mean('cost'),
		each,
		mine: each.find((e) => e.userId === viewerId)?.rating ?? null
	};
}

export type RateResult =
	| { ok: true }
	| { ok: false; status: 403; code: 'forbidden' }
	| { ok: false; status: 404; code: 'not_found' }
	| {
			ok: false;
			status: 400;
			code: 'invalid';
			errors: Partial<Record<RatingCriterion, 'invalid'>>;
	  };

/** Sets (or replaces) the actor's own rating of a proposal. */
export async function rate(
	db: Database,
	actor: Actor | null,
	proposalId: string,
	input: unknown
): Promise<RateResult> {
	if (!actor || !can(actor, 'proposal:rate')) return { ok: false, status: 403, code: 'forbidden' };
	if (!isUuid(proposalId)) return { ok: false, status: 404, code: 'not_found' };
	const parsed = parseRating(input);
	if (!parsed.ok) return { ok: false, status: 400, code: 'invalid', errors: parsed.errors };
	const [exists] = await db
		.select({ id: proposals.id })
		.from(proposals)
		.where(eq(proposals.id, proposalId))
		.limit(1);
	if (!exists) return { ok: false, status: 404, code: 'not_found' };
	await db
		.insert(proposalRatings)
		.values({ proposalId, userId: actor.id, ...parsed.rating })
		.onConflictDoUpdate({
			target: [proposalRatings.proposalId, proposalRatings.userId],
			set: { ...parsed.rating, updatedAt: new Date() }
		});
	return { ok: true };
}

/** Withdraws the actor's own rating. */
export async function withdraw(db: Database, actor: Actor | null, proposalId: string) {
	if (!actor || !can(actor, 'proposal:rate')) return { ok: false as const, status: 403 as const };
	if (!isUuid(proposalId)) return { ok: true as const };
	await db
		.delete(proposalRatings)
		.where(and(eq(proposalRatings.proposalId, proposalId), eq(proposalRatings.userId, actor.id)));
	return { ok: true as const };
}
