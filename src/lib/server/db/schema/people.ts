import { sql } from 'drizzle-orm';
import { check, customType, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { oneOf } from './checks';

export const staffRoles = ['admin', 'manager', 'facilitator'] as const;
export type StaffRole = (typeof staffRoles)[number];

/** A member of staff who signs in with email and password. */
export const users = pgTable(
	'users',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** Lower-cased, trimmed email; the sign-in name. */
		email: text('email').notNull().unique(),
		/** Name shown to colleagues and, for facilitators, to residents. */
		name: text('name').notNull(),
		/** admin | manager | facilitator. */
		role: text('role', { enum: staffRoles }).notNull(),
		/** argon2id PHC string; never leaves the server. */
		passwordHash: text('password_hash').notNull(),
		/** Set when an admin disables the account: its sessions are deleted and sign-in refused. */
		disabledAt: timestamp('disabled_at', { withTimezone: true }),
		/** When the account was created. */
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		check('users_email_lower', sql`${t.email} = lower(${t.email})`),
		check('users_role', oneOf(t.role, staffRoles))
	]
);

/**
 * An anonymous resident: no name, no email. Exists so that one browser can take part in several
 * workshops over time and later find "my ideas"; each workshop gets its own participant row.
 */
export const residents = pgTable('residents', {
	id: uuid('id').primaryKey().defaultRandom(),
	/** When the resident first joined a workshop. */
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
	dataType: () => 'bytea'
});

/**
 * A signed-in browser (Lucia-style). The cookie holds `<id>.<secret>`; only the SHA-256 of the
 * secret is stored, so a database leak does not leak usable tokens.
 */
export const sessions = pgTable(
	'sessions',
	{
		/** Public half of the token; the lookup key. */
		id: text('id').primaryKey(),
		/** SHA-256 of the secret half, compared in constant time. */
		secretHash: bytea('secret_hash').notNull(),
		/** Staff user of a staff session. Exactly one of userId / residentId is set. */
		userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
		/** Resident of a participant session. */
		residentId: uuid('resident_id').references(() => residents.id, { onDelete: 'cascade' }),
		/** Sliding expiry, compared with the database clock (clients and app servers may drift). */
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		/** When the session was created (sign-in or join). */
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		check('sessions_one_owner', sql`(${t.userId} is null) <> (${t.residentId} is null)`),
		index('sessions_user_idx').on(t.userId),
		index('sessions_resident_idx').on(t.residentId)
	]
);

export const signInOutcomes = ['failed', 'locked-out', 'refused-locked'] as const;
export type SignInOutcome = (typeof signInOutcomes)[number];

/**
 * The staff sign-in audit: failed sign-ins and lockouts, for admins to see guessing (issue 8).
 * Never a password, not even a wrong one. Pruned after `SIGN_IN_AUDIT_DAYS`.
 */
export const signInAudit = pgTable(
	'sign_in_audit',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** When it happened (database clock). */
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
		/** The email as typed, normalised and cut to 320 characters (an account may not exist). */
		emailTried: text('email_tried').notNull(),
		/** The account the email names, when there is one; kept null if the account goes. */
		userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
		/** The client's address as the server saw it. */
		address: text('address').notNull(),
		/**
		 * failed (wrong credentials) | locked-out (the failure that used up an allowance: a lockout
		 * starts) | refused-locked (an attempt refused during a lockout, once a minute per email
		 * and address).
		 */
		outcome: text('outcome', { enum: signInOutcomes }).notNull()
	},
	(t) => [
		check('sign_in_audit_outcome', oneOf(t.outcome, signInOutcomes)),
		index('sign_in_audit_at_idx').on(t.at)
	]
);
