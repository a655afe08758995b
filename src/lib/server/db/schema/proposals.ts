import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { oneOf } from './checks';
import { users } from './people';
import { workshops } from './workshops';

export const proposalStages = [
	'proposed',
	'shortlisted',
	'prototyping',
	'evaluating',
	'adopted',
	'archived',
	'merged'
] as const;
export type ProposalStage = (typeof proposalStages)[number];

/**
 * A proposal born from a workshop (DESIGN.md §2). This is its core; provenance, branches, services,
 * ratings and the stage history arrive with the proposals milestone. Its description is the live
 * document `proposal:<id>` (rich text, edited by staff, read by the workshop's participants).
 */
export const proposals = pgTable(
	'proposals',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** The workshop it came from, whose participants may read it. */
		workshopId: uuid('workshop_id').references(() => workshops.id, { onDelete: 'set null' }),
		/** Short public title. */
		title: text('title').notNull(),
		/** The problem it answers, in a few sentences. */
		problem: text('problem').notNull().default(''),
		/** proposed → shortlisted → prototyping → evaluating → adopted; or archived / merged. */
		stage: text('stage', { enum: proposalStages }).notNull().default('proposed'),
		/** Staff member who created it. */
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		/** When it was created. */
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		/** Last change of its fields. */
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		check('proposals_stage', oneOf(t.stage, proposalStages)),
		check('proposals_title_length', sql`char_length(${t.title}) between 1 and 200`),
		index('proposals_workshop_idx').on(t.workshopId)
	]
);
