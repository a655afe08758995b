import { sql } from 'drizzle-orm';
import {
	check,
	doublePrecision,
	index,
	pgTable,
	primaryKey,
	smallint,
	text,
	timestamp,
	uuid
} from 'drizzle-orm/pg-core';
import { users } from './people';
import { proposals } from './proposals';

/**
 * One member of staff's rating of a proposal, 1-5 on each criterion (DESIGN.md §2 "staff
 * ratings"). Several raters are averaged in the priority score; a rater changes their own row.
 */
export const proposalRatings = pgTable(
	'proposal_ratings',
	{
		proposalId: uuid('proposal_id')
			.notNull()
			.references(() => proposals.id, { onDelete: 'cascade' }),
		/** The member of staff who rated. */
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** How much good it would do, 1 (little) to 5 (a lot). */
		impact: smallint('impact').notNull(),
		/** How easily the library system can do it, 1 (hard) to 5 (easy). */
		feasibility: smallint('feasibility').notNull(),
		/** What it would cost, 1 (little) to 5 (a lot): it counts against the proposal. */
		cost: smallint('cost').notNull(),
		/** When the rater last changed it. */
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.proposalId, t.userId] }),
		check('proposal_ratings_impact', sql`${t.impact} between 1 and 5`),
		check('proposal_ratings_feasibility', sql`${t.feasibility} between 1 and 5`),
		check('proposal_ratings_cost', sql`${t.cost} between 1 and 5`)
	]
);

/**
 * The priority score's weights, one row per change: the newest row is in force, the others are
 * the record of who weighed what and when (never updated or deleted: a trigger refuses it).
 */
export const priorityWeights = pgTable(
	'priority_weights',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** When the weights were set. */
		setAt: timestamp('set_at', { withTimezone: true }).notNull().defaultNow(),
		/** Who set them. */
		setBy: uuid('set_by').references(() => users.id, { onDelete: 'set null' }),
		/** Their name then, kept if the account goes. */
		setByName: text('set_by_name').notNull(),
		/** Why they changed (optional, shown in the history). */
		note: text('note').notNull().default(''),
		/** Weight of the dots received in the workshop. */
		votes: doublePrecision('votes').notNull(),
		/** Weight of residents' supports after the workshop. */
		supports: doublePrecision('supports').notNull(),
		/** Weight of the staff's impact rating. */
		impact: doublePrecision('impact').notNull(),
		/** Weight of the staff's feasibility rating. */
		feasibility: doublePrecision('feasibility').notNull(),
		/** Weight of the staff's cost rating (a low cost scores high). */
		cost: doublePrecision('cost').notNull(),
		/** Weight of the reach: branches and residents it concerns. */
		reach: doublePrecision('reach').notNull()
	},
	(t) => [
		check(
			'priority_weights_range',
			sql`least(${t.votes}, ${t.supports}, ${t.impact}, ${t.feasibility}, ${t.cost}, ${t.reach}) >= 0 and greatest(${t.votes}, ${t.supports}, ${t.impact}, ${t.feasibility}, ${t.cost}, ${t.reach}) <= 10`
		),
		check(
			'priority_weights_not_all_zero',
			sql`${t.votes} + ${t.supports} + ${t.impact} + ${t.feasibility} + ${t.cost} + ${t.reach} > 0`
		),
		index('priority_weights_set_at_idx').on(t.setAt)
	]
);
