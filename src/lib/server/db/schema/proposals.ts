import { sql } from 'drizzle-orm';
import {
	type AnyPgColumn,
	check,
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
	text,
	timestamp,
	unique,
	uuid
} from 'drizzle-orm/pg-core';
import type { Evaluation, PrototypePlan } from '../../../domain/proposal/stages';
import type { Provenance } from '../../../domain/proposal/provenance';
import { oneOf } from './checks';
import { residents, users } from './people';
import { branches, services } from './reference';
import { boards, participants, processes, workshops } from './workshops';

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
 * A proposal born from a workshop (DESIGN.md §2). Its description is the live document
 * `proposal:<id>` (rich text, edited by staff); everything decided about it is here and in
 * `proposal_events`, which is its history.
 */
export const proposals = pgTable(
	'proposals',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** The workshop it came from, whose participants may read it. */
		workshopId: uuid('workshop_id').references(() => workshops.id, { onDelete: 'set null' }),
		/** The workshop's process, for the managers' filters. */
		processId: uuid('process_id').references(() => processes.id, { onDelete: 'set null' }),
		/** Short public title. */
		title: text('title').notNull(),
		/** The problem it answers, in a few sentences. */
		problem: text('problem').notNull().default(''),
		/** proposed → shortlisted → prototyping → evaluating → adopted; or archived / merged. */
		stage: text('stage', { enum: proposalStages }).notNull().default('proposed'),
		/** Who the proposal is for (young readers, new Milanese…), short labels in order. */
		targetGroups: jsonb('target_groups').$type<string[]>().notNull().default([]),
		/** Free labels staff use to find it again. */
		tags: jsonb('tags').$type<string[]>().notNull().default([]),
		/** The member of staff who carries it. */
		ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
		/** What it came from, frozen when promoted: it stays true if the board changes later. */
		provenance: jsonb('provenance').$type<Provenance>().notNull(),
		/** The plan of the current (or last) prototype round. */
		plan: jsonb('plan').$type<PrototypePlan>(),
		/** The last evaluation. */
		evaluation: jsonb('evaluation').$type<Evaluation>(),
		/** The public reason it was archived. */
		archivedReason: text('archived_reason'),
		/** The proposal it was merged into. */
		mergedIntoId: uuid('merged_into_id').references((): AnyPgColumn => proposals.id, {
			onDelete: 'restrict'
		}),
		/** Staff member who created it. */
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		/** When it was created. */
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		/** Last change of its fields. */
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		/** Last change of stage, for "last change" sorting and the time to a decision. */
		stageChangedAt: timestamp('stage_changed_at', { withTimezone: true }).notNull().defaultNow(),
		/**
		 * Residents' supports, recounted by every write that adds or withdraws one
		 * (proposals/support-counts.ts): the ranking reads two integers instead of counting every
		 * support of every proposal on each request.
		 */
		supports: integer('supports').notNull().default(0),
		/** Of those, supporters who were not participants of its workshop: its reach beyond the room. */
		supportsOutside: integer('supports_outside').notNull().default(0)
	},
	(t) => [
		check('proposals_stage', oneOf(t.stage, proposalStages)),
		check('proposals_title_length', sql`char_length(${t.title}) between 1 and 200`),
		check(
			'proposals_merged_has_target',
			sql`(${t.stage} = 'merged') = (${t.mergedIntoId} is not null)`
		),
		index('proposals_workshop_idx').on(t.workshopId),
		index('proposals_process_idx').on(t.processId),
		index('proposals_stage_idx').on(t.stage),
		index('proposals_merged_into_idx').on(t.mergedIntoId)
	]
);

/** The branches a proposal concerns (one or more). */
export const proposalBranches = pgTable(
	'proposal_branches',
	{
		proposalId: uuid('proposal_id')
			.notNull()
			.references(() => proposals.id, { onDelete: 'cascade' }),
		branchId: uuid('branch_id')
			.notNull()
			.references(() => branches.id, { onDelete: 'restrict' })
	},
	(t) => [
		primaryKey({ columns: [t.proposalId, t.branchId] }),
		index('proposal_branches_branch_idx').on(t.branchId)
	]
);

/** The services a proposal concerns (one or more). */
export const proposalServices = pgTable(
	'proposal_services',
	{
		proposalId: uuid('proposal_id')
			.notNull()
			.references(() => proposals.id, { onDelete: 'cascade' }),
		serviceId: uuid('service_id')
			.notNull()
			.references(() => services.id, { onDelete: 'restrict' })
	},
	(t) => [
		primaryKey({ columns: [t.proposalId, t.serviceId] }),
		index('proposal_services_service_idx').on(t.serviceId)
	]
);

/**
 * The board items a proposal came from (notes, or a cluster), one row each, with the note's
 * author: so that "my ideas" finds a resident's proposals by their notes and dots without reading
 * board documents. The texts themselves are in `proposals.provenance`.
 */
export const proposalSources = pgTable(
	'proposal_sources',
	{
		proposalId: uuid('proposal_id')
			.notNull()
			.references(() => proposals.id, { onDelete: 'cascade' }),
		boardId: uuid('board_id')
			.notNull()
			.references(() => boards.id, { onDelete: 'cascade' }),
		/** A note id, or a cluster id. */
		itemId: text('item_id').notNull(),
		/** The note's author, when the item is a resident's note. */
		participantId: uuid('participant_id').references(() => participants.id, {
			onDelete: 'set null'
		})
	},
	(t) => [
		primaryKey({ columns: [t.proposalId, t.boardId, t.itemId] }),
		index('proposal_sources_item_idx').on(t.boardId, t.itemId),
		index('proposal_sources_participant_idx').on(t.participantId)
	]
);

export const proposalEventKinds = ['created', 'stage', 'edited', 'merged-in'] as const;
export type ProposalEventKind = (typeof proposalEventKinds)[number];

/**
 * A proposal's history, one row per change: never updated or deleted (a trigger refuses it), so
 * the timeline residents read is the record. `actor_name` keeps who acted if the account goes.
 */
export const proposalEvents = pgTable(
	'proposal_events',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		proposalId: uuid('proposal_id')
			.notNull()
			.references(() => proposals.id, { onDelete: 'cascade' }),
		/** When it happened. */
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
		/** created | stage | edited | merged-in (another proposal was merged into this one). */
		kind: text('kind', { enum: proposalEventKinds }).notNull(),
		/** Who acted. */
		actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
		/** Their name then; staff names are public on timelines, as in any council's minutes. */
		actorName: text('actor_name').notNull(),
		fromStage: text('from_stage', { enum: proposalStages }),
		toStage: text('to_stage', { enum: proposalStages }),
		/** The note given with the change (public). */
		note: text('note').notNull().default(''),
		plan: jsonb('plan').$type<PrototypePlan>(),
		evaluation: jsonb('evaluation').$type<Evaluation>(),
		/** merged: the target; merged-in: the proposal merged into this one. */
		otherId: uuid('other_id'),
		/** edited: the names of the fields that changed. */
		fields: jsonb('fields').$type<string[]>()
	},
	(t) => [
		check('proposal_events_kind', oneOf(t.kind, proposalEventKinds)),
		index('proposal_events_proposal_idx').on(t.proposalId, t.at)
	]
);

/** A resident following a proposal ("tell me what happens to it"). */
export const proposalFollows = pgTable(
	'proposal_follows',
	{
		proposalId: uuid('proposal_id')
			.notNull()
			.references(() => proposals.id, { onDelete: 'cascade' }),
		residentId: uuid('resident_id')
			.notNull()
			.references(() => residents.id, { onDelete: 'cascade' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.proposalId, t.residentId] }),
		index('proposal_follows_resident_idx').on(t.residentId)
	]
);

/** A resident's support after the workshop: one per resident, counted in the priority score. */
export const proposalSupports = pgTable(
	'proposal_supports',
	{
		proposalId: uuid('proposal_id')
			.notNull()
			.references(() => proposals.id, { onDelete: 'cascade' }),
		residentId: uuid('resident_id')
			.notNull()
			.references(() => residents.id, { onDelete: 'cascade' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.proposalId, t.residentId] }),
		index('proposal_supports_resident_idx').on(t.residentId)
	]
);

/** A resident's comment on a proposal; staff may hide it with a reason (shown to its author). */
export const proposalComments = pgTable(
	'proposal_comments',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		proposalId: uuid('proposal_id')
			.notNull()
			.references(() => proposals.id, { onDelete: 'cascade' }),
		residentId: uuid('resident_id')
			.notNull()
			.references(() => residents.id, { onDelete: 'cascade' }),
		/** The nickname shown, chosen by the resident in one of their workshops. */
		authorName: text('author_name').notNull(),
		text: text('text').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		hiddenAt: timestamp('hidden_at', { withTimezone: true }),
		hiddenReason: text('hidden_reason'),
		hiddenBy: uuid('hidden_by').references(() => users.id, { onDelete: 'set null' })
	},
	(t) => [
		check('proposal_comments_text_length', sql`char_length(${t.text}) between 1 and 1000`),
		index('proposal_comments_proposal_idx').on(t.proposalId, t.createdAt)
	]
);

/**
 * A resident's email, given with explicit consent to be told of stage changes of the proposals
 * they follow. Withdrawing deletes the row: nothing is kept "just in case".
 */
export const residentContacts = pgTable(
	'resident_contacts',
	{
		residentId: uuid('resident_id')
			.primaryKey()
			.references(() => residents.id, { onDelete: 'cascade' }),
		email: text('email').notNull(),
		/** When consent was given, with the wording's version shown then. */
		consentedAt: timestamp('consented_at', { withTimezone: true }).notNull().defaultNow(),
		consentVersion: text('consent_version').notNull(),
		/** The language the resident gave consent in, which the emails are written in. */
		locale: text('locale').notNull().default('it'),
		/**
		 * The secret of the "stop these emails" link, which works on any device. It grants nothing but
		 * deleting this row, so it is stored as is (the sender needs it to write each email).
		 */
		stopToken: text('stop_token')
			.notNull()
			.default(sql`replace(gen_random_uuid()::text, '-', '')`)
	},
	(t) => [unique('resident_contacts_stop_token').on(t.stopToken)]
);

/**
 * Emails to send, written in the same transaction as the stage change that causes them, so that
 * none is lost if the mail server is down; a sender drains it and retries with backoff.
 */
export const notificationOutbox = pgTable(
	'notification_outbox',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		residentId: uuid('resident_id')
			.notNull()
			.references(() => residents.id, { onDelete: 'cascade' }),
		proposalId: uuid('proposal_id')
			.notNull()
			.references(() => proposals.id, { onDelete: 'cascade' }),
		eventId: uuid('event_id')
			.notNull()
			.references(() => proposalEvents.id, { onDelete: 'cascade' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		attempts: integer('attempts').notNull().default(0),
		nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
		sentAt: timestamp('sent_at', { withTimezone: true }),
		lastError: text('last_error')
	},
	(t) => [index('notification_outbox_due_idx').on(t.sentAt, t.nextAttemptAt)]
);
