import { sql } from 'drizzle-orm';
import { integer, pgTable, text, timestamp, uuid, check } from 'drizzle-orm/pg-core';
import { oneOf } from './checks';

/** The nine municipi (administrative districts) of Milan. */
export const municipi = pgTable(
	'municipi',
	{
		/** The municipio's number, 1-9; also its public name ("Municipio 4"). */
		id: integer('id').primaryKey(),
		/** When it was added; reference rows are seeded once and never rewritten. */
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [check('municipi_id_range', sql`${t.id} between 1 and 99`)]
);

export const branchKinds = ['central', 'neighbourhood', 'mobile', 'other'] as const;
export type BranchKind = (typeof branchKinds)[number];

/** A library of the system (neighbourhood branch, the central Sormani, the Bibliobus). */
export const branches = pgTable(
	'branches',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** Stable public identifier used in URLs and filters; never changes after creation. */
		slug: text('slug').notNull().unique(),
		/** Display name, e.g. "Biblioteca Dergano"; admins may rename. */
		name: text('name').notNull(),
		/** central | neighbourhood | mobile | other. */
		kind: text('kind', { enum: branchKinds }).notNull().default('neighbourhood'),
		/** The municipio it serves; null for the Bibliobus, which serves several. */
		municipioId: integer('municipio_id').references(() => municipi.id),
		/** Set when retired: retired branches stay for history (proposals point at them) but are not offered for new work. */
		retiredAt: timestamp('retired_at', { withTimezone: true }),
		/** When the row was created. */
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [check('branches_kind', oneOf(t.kind, branchKinds))]
);

/** A service of the library system that proposals can concern (loans, smart lockers, civil registry…). */
export const services = pgTable('services', {
	id: uuid('id').primaryKey().defaultRandom(),
	/** Stable public identifier used by the API (`serviceSlugs`); never changes after creation. */
	slug: text('slug').notNull().unique(),
	/** Italian name (the default language). */
	nameIt: text('name_it').notNull(),
	/** English name. */
	nameEn: text('name_en').notNull(),
	/** Set when retired: kept for history, not offered for new proposals. */
	retiredAt: timestamp('retired_at', { withTimezone: true }),
	/** When the row was created. */
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});
