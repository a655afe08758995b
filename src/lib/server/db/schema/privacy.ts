import { check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { oneOf } from './checks';
import { users } from './people';

/** self: the resident from "le mie idee"; admin: an admin on request; retention: the sweep. */
export const erasureKinds = ['self', 'admin', 'retention'] as const;
export type ErasureKind = (typeof erasureKinds)[number];

/**
 * The record of every erasure and anonymisation: who did it to which participants, when. No
 * content, no nickname: the record must not keep what was erased.
 */
export const privacyErasures = pgTable(
	'privacy_erasures',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** When it was done. */
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
		/** self | admin | retention. */
		kind: text('kind', { enum: erasureKinds }).notNull(),
		/** The admin who did it (kind admin); null otherwise, or once the account is gone. */
		actorUserId: uuid('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
		/** The admin's name then, so the record reads after the account is removed. */
		actorName: text('actor_name'),
		/** The (now anonymous) participant rows it concerned, comma-separated ids. */
		participantIds: text('participant_ids').notNull(),
		/** Notes removed from boards and inboxes (kind self and admin). */
		notesRemoved: integer('notes_removed').notNull().default(0)
	},
	(t) => [
		check('privacy_erasures_kind', oneOf(t.kind, erasureKinds)),
		index('privacy_erasures_at_idx').on(t.at)
	]
);
