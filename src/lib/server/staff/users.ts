import { asc, eq, sql } from 'drizzle-orm';
import { isPlausibleEmail, normaliseEmail } from '../../domain/email';
import * as passwords from '../auth/passwords';
import * as sessions from '../auth/sessions';
import type { Database } from '../db/client';
import { users } from '../db/schema/index';
import type { StaffRole } from '../db/schema/index';

export type CreateUserProblem =
	'invalid-email' | 'email-taken' | 'invalid-name' | 'too-short' | 'too-long';

export interface NewUser {
	email: string;
	name: string;
	role: StaffRole;
	password: string;
}

/** Creates a staff account, or says which field is wrong. */
export async function create(
	db: Database,
	input: NewUser
): Promise<{ ok: true; id: string } | { ok: false; problem: CreateUserProblem }> {
	const email = normaliseEmail(input.email);
	if (!isPlausibleEmail(email)) return { ok: false, problem: 'invalid-email' };
	const name = input.name.normalize('NFC').trim();
	if (name.length === 0 || name.length > 80) return { ok: false, problem: 'invalid-name' };
	const problem = passwords.passwordProblem(input.password);
	if (problem) return { ok: false, problem };
	const passwordHash = await passwords.hashPassword(input.password);
	const [row] = await db
		.insert(users)
		.values({ email, name, role: input.role, passwordHash })
		.onConflictDoNothing({ target: users.email })
		.returning({ id: users.id });
	if (!row) return { ok: false, problem: 'email-taken' };
	return { ok: true, id: row.id };
}

/** The account and password hash for sign-in; null when unknown. */
export async function findForSignIn(db: Database, email: string) {
	const [row] = await db
		.select({
			id: users.id,
			role: users.role,
			passwordHash: users.passwordHash,
			disabledAt: users.disabledAt
		})
		.from(users)
		.where(eq(users.email, normaliseEmail(email)))
		.limit(1);
	return row ?? null;
}

export async function findByEmail(db: Database, email: string) {
	const [row] = await db
		.select({ id: users.id, email: users.email, name: users.name, role: users.role })
		.from(users)
		.where(eq(users.email, normaliseEmail(email)))
		.limit(1);
	return row ?? null;
}

export async function list(db: Database) {
	return db
		.select({
			id: users.id,
			email: users.email,
			name: users.name,
			role: users.role,
			disabledAt: users.disabledAt,
			createdAt: users.createdAt
		})
		.from(users)
		.orderBy(asc(sql`lower(${users.name})`));
}

/** Changes the password and ends every session of the account (a stolen cookie stops working). */
export async function setPassword(db: Database, userId: string, password: string) {
	const problem = passwords.passwordProblem(password);
	if (problem) return { ok: false as const, problem };
	const passwordHash = await passwords.hashPassword(password);
	await db.update(users).set({ passwordHash }).where(eq(users.id, userId));
	await sessions.invalidateAllOfUser(db, userId);
	return { ok: true as const };
}
