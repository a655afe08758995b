import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { isSelfLockout } from '../../domain/access';
import type { Actor, StaffRole as DomainRole } from '../../domain/access';
import { isPlausibleEmail, normaliseEmail } from '../../domain/email';
import { isUuid } from '../../domain/ids';
import { checkAccountInput } from '../../domain/staff-account';
import type { AccountField } from '../../domain/staff-account';
import * as passwords from '../auth/passwords';
import * as sessions from '../auth/sessions';
import type { Database } from '../db/client';
import { users } from '../db/schema/index';
import type { StaffRole } from '../db/schema/index';
import type { Outcome } from '../outcome';

// The domain repeats the list of roles (it never imports the schema): this line keeps them in step.
const _sameRoles: [StaffRole, DomainRole] extends [DomainRole, StaffRole] ? true : never = true;
void _sameRoles;

export interface NewUser {
	name: string;
	email: string;
	/** Checked here: a role string from a form or the command line. */
	role: string;
	password: string;
}

/**
 * Creates a staff account, or names the problem of every wrong field at once (name, email, role,
 * password; see `checkAccountInput`). Nothing is stored unless all are right.
 */
export async function create(
	db: Database,
	input: NewUser
): Promise<Outcome<AccountField, { id: string }>> {
	const checked = checkAccountInput(input);
	const errors: Partial<Record<AccountField, string>> = checked.ok ? {} : { ...checked.errors };
	const passwordProblem = passwords.passwordProblem(input.password);
	if (passwordProblem) errors.password = passwordProblem;
	if (!checked.ok || passwordProblem) return { ok: false, errors };
	const { name, email, role } = checked.value;
	const passwordHash = await passwords.hashPassword(input.password);
	const [row] = await db
		.insert(users)
		.values({ email, name, role, passwordHash })
		.onConflictDoNothing({ target: users.email })
		.returning({ id: users.id });
	if (!row) return { ok: false, errors: { email: 'taken' } };
	return { ok: true, id: row.id };
}

/**
 * The account and password hash for sign-in; null when unknown. An address no account could have
 * (see `isPlausibleEmail`: a NUL in it would even make PostgreSQL refuse the query) is unknown
 * without a lookup.
 */
export async function findForSignIn(db: Database, email: string) {
	const normalised = normaliseEmail(email);
	if (!isPlausibleEmail(normalised)) return null;
	const [row] = await db
		.select({
			id: users.id,
			role: users.role,
			passwordHash: users.passwordHash,
			disabledAt: users.disabledAt
		})
		.from(users)
		.where(eq(users.email, normalised))
		.limit(1);
	return row ?? null;
}

/** The account with this email, or null (without a lookup when no account could have it). */
export async function findByEmail(db: Database, email: string) {
	const normalised = normaliseEmail(email);
	if (!isPlausibleEmail(normalised)) return null;
	const [row] = await db
		.select({ id: users.id, email: users.email, name: users.name, role: users.role })
		.from(users)
		.where(eq(users.email, normalised))
		.limit(1);
	return row ?? null;
}

/** What the admin pages show of an account (never the password hash). */
const accountColumns = {
	id: users.id,
	email: users.email,
	name: users.name,
	role: users.role,
	disabledAt: users.disabledAt,
	createdAt: users.createdAt
};

export async function list(db: Database) {
	return db
		.select(accountColumns)
		.from(users)
		.orderBy(asc(sql`lower(${users.name})`));
}

/** Changes the password and ends every session of the account (a stolen cookie stops working). */
export async function setPassword(db: Database, userId: string, password: string) {
	const problem = passwords.passwordProblem(password);
	if (problem) return { ok: false as const, problem };
	if (!isUuid(userId)) return { ok: false as const, problem: 'not-found' as const };
	const passwordHash = await passwords.hashPassword(password);
	const updated = await db
		.update(users)
		.set({ passwordHash })
		.where(eq(users.id, userId))
		.returning({ id: users.id });
	if (updated.length === 0) return { ok: false as const, problem: 'not-found' as const };
	await sessions.invalidateAllOfUser(db, userId);
	return { ok: true as const };
}

/**
 * An admin ends every session of an account (a lost phone, a shared computer): its open boards
 * close with 4401. Their own current session (`keep`) survives when they do it to themself.
 */
export async function endSessions(
	db: Database,
	userId: string,
	keep: string | null
): Promise<{ ok: true; ended: number } | { ok: false; problem: 'not-found' }> {
	if (!(await get(db, userId))) return { ok: false, problem: 'not-found' };
	return { ok: true, ended: await sessions.invalidateAllOfUser(db, userId, keep) };
}

/** One account, or null when there is none or `userId` is not even a uuid (never sent to the database). */
export async function get(db: Database, userId: string) {
	if (!isUuid(userId)) return null;
	const [row] = await db.select(accountColumns).from(users).where(eq(users.id, userId)).limit(1);
	return row ?? null;
}

export type AccountChangeProblem = 'not-found' | 'self';

/** Gives an account another role. An admin cannot demote themself (see `isSelfLockout`). */
export async function setRole(
	db: Database,
	actor: Actor,
	userId: string,
	role: StaffRole
): Promise<{ ok: true } | { ok: false; problem: AccountChangeProblem }> {
	if (!isUuid(userId)) return { ok: false, problem: 'not-found' };
	if (isSelfLockout(actor, userId, { role })) return { ok: false, problem: 'self' };
	const updated = await db
		.update(users)
		.set({ role })
		.where(eq(users.id, userId))
		.returning({ id: users.id });
	return updated.length > 0 ? { ok: true } : { ok: false, problem: 'not-found' };
}

/**
 * Disables an account (sign-in refused, every session ended at once so a stolen cookie stops
 * working too) or enables it again. An admin cannot disable themself.
 */
export async function setDisabled(
	db: Database,
	actor: Actor,
	userId: string,
	disabled: boolean
): Promise<{ ok: true } | { ok: false; problem: AccountChangeProblem }> {
	if (!isUuid(userId)) return { ok: false, problem: 'not-found' };
	if (isSelfLockout(actor, userId, { disabled })) return { ok: false, problem: 'self' };
	const updated = await db
		.update(users)
		.set({ disabledAt: disabled ? sql`coalesce(${users.disabledAt}, now())` : null })
		.where(eq(users.id, userId))
		.returning({ id: users.id });
	if (updated.length === 0) return { ok: false, problem: 'not-found' };
	if (disabled) await sessions.invalidateAllOfUser(db, userId);
	return { ok: true };
}

/**
 * Staff who can be chosen to run a workshop: every active account, plus `keepIds` (the current
 * facilitators, shown even if disabled since, so that saving a form does not drop them unseen).
 */
export async function listAssignable(db: Database, keepIds: readonly string[] = []) {
	const active = isNull(users.disabledAt);
	return db
		.select({
			id: users.id,
			name: users.name,
			role: users.role,
			disabled: sql<boolean>`${users.disabledAt} is not null`
		})
		.from(users)
		.where(keepIds.length > 0 ? or(active, inArray(users.id, [...keepIds])) : active)
		.orderBy(asc(sql`lower(${users.name})`));
}

/** True when every id names an account that may be chosen (see `listAssignable`). */
export async function areAssignable(
	db: Database,
	ids: readonly string[],
	keepIds: readonly string[] = []
): Promise<boolean> {
	if (ids.length === 0) return true;
	if (!ids.every(isUuid)) return false;
	const rows = await db
		.select({ id: users.id })
		.from(users)
		.where(
			and(
				inArray(users.id, [...ids]),
				keepIds.length > 0
					? or(isNull(users.disabledAt), inArray(users.id, [...keepIds]))
					: isNull(users.disabledAt)
			)
		);
	return rows.length === ids.length;
}
