import { desc, eq, lt, sql } from 'drizzle-orm';
import { emailForAudit } from '../../domain/email';
import type { Database } from '../db/client';
import { signInAudit, users } from '../db/schema/index';
import type { SignInOutcome } from '../db/schema/index';

/**
 * The staff sign-in audit (issue 8): failures and lockouts, with the email tried (only when it
 * could be an address: see emailForAudit), the account it names, the address and the outcome —
 * never a password. Admins read the latest on the admin page; rows older than
 * SIGN_IN_AUDIT_DAYS are pruned by the runtime's hourly sweep.
 */

export interface AuditEntry {
	emailTried: string;
	userId: string | null;
	address: string;
	outcome: SignInOutcome;
}

export async function record(db: Database, entry: AuditEntry): Promise<void> {
	await db.insert(signInAudit).values({
		// Only what could be an address: a password typed into the email field is not kept (and
		// nothing with a NUL, which PostgreSQL refuses in text, reaches the insert).
		emailTried: emailForAudit(entry.emailTried),
		userId: entry.userId,
		address: entry.address.slice(0, 100),
		outcome: entry.outcome
	});
}

/** The latest entries, newest first, with the name of the account each names (if any). */
export async function recent(db: Database, limit = 20) {
	return db
		.select({
			at: signInAudit.at,
			emailTried: signInAudit.emailTried,
			userName: users.name,
			address: signInAudit.address,
			outcome: signInAudit.outcome
		})
		.from(signInAudit)
		.leftJoin(users, eq(users.id, signInAudit.userId))
		.orderBy(desc(signInAudit.at))
		.limit(limit);
}

/** Deletes entries older than `days` (database clock); resolves to how many went. */
export async function prune(db: Database, days: number): Promise<number> {
	const gone = await db
		.delete(signInAudit)
		.where(lt(signInAudit.at, sql`now() - make_interval(days => ${days})`))
		.returning({ id: signInAudit.id });
	return gone.length;
}
