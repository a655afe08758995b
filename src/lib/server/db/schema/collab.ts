import {
	bigint,
	bigserial,
	check,
	customType,
	index,
	integer,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uuid
} from 'drizzle-orm/pg-core';
import { oneOf } from './checks';
import { users } from './people';
import { participants } from './workshops';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
	dataType: () => 'bytea'
});

/** A live document's compacted state: loading it costs its state, not its history. */
export const collabDocuments = pgTable('collab_documents', {
	/** `<kind>:<id>`, e.g. `board:…` (see src/lib/domain/collab/doc-name.ts). */
	name: text('name').primaryKey(),
	/** Yjs update (v1) holding the whole state up to `snapshotUpdateId`. */
	snapshot: bytea('snapshot').notNull(),
	/** Last row of `collab_updates` folded into the snapshot; later rows are replayed on load. */
	snapshotUpdateId: bigint('snapshot_update_id', { mode: 'number' }).notNull().default(0),
	/** When the snapshot was last written. */
	updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
});

export const collabOrigins = ['client', 'server'] as const;

/**
 * Every update the server accepted, in order, with its author: the journal replayed on load and
 * the audit trail. Compaction folds the bytes into the snapshot and clears `update`, keeping who
 * wrote what size when.
 */
export const collabUpdates = pgTable(
	'collab_updates',
	{
		/** Order of acceptance. */
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		/** The document it belongs to. */
		docName: text('doc_name').notNull(),
		/** Yjs update (v1); null once folded into the document's snapshot. */
		update: bytea('update'),
		/** Size of the update in bytes (kept after compaction, for the audit trail). */
		size: integer('size').notNull(),
		/** client (a person's edit) | server (phase changes, tallies, initial content). */
		origin: text('origin', { enum: collabOrigins }).notNull(),
		/** Staff author, when a staff member wrote it. */
		authorUserId: uuid('author_user_id').references(() => users.id, { onDelete: 'set null' }),
		/** Participant author, when a resident (or staff who joined with the code) wrote it. */
		authorParticipantId: uuid('author_participant_id').references(() => participants.id, {
			onDelete: 'set null'
		}),
		/** When the server accepted it. */
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('collab_updates_doc_idx').on(t.docName, t.id),
		check('collab_updates_origin', oneOf(t.origin, collabOrigins))
	]
);

/**
 * Which author each Yjs client id of a document belongs to. A client id is bound to the first
 * author who writes with it; anyone else sending structs under it is refused (RELIABILITY.md 12),
 * across restarts.
 */
export const collabClients = pgTable(
	'collab_clients',
	{
		/** The document. */
		docName: text('doc_name').notNull(),
		/** Yjs client id (a 32-bit unsigned integer chosen by the client). */
		clientId: bigint('client_id', { mode: 'number' }).notNull(),
		/** `user:<uuid>`, `participant:<uuid>` or `server`. */
		author: text('author').notNull(),
		/** When the binding was made. */
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.docName, t.clientId] })]
);
