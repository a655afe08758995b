import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { CONSENT_VERSION, checkContactEmail } from '../../domain/proposal/residents';
import type { Database } from '../db/client';
import { residentContacts } from '../db/schema/index';
import { dropPending } from './outbox';
import type { Locale } from '../../domain/languages';

/**
 * A resident's email for news of the proposals they follow, kept only with their explicit
 * consent (the wording's version is stored with it) and deleted outright when they withdraw it.
 */

export interface Contact {
	email: string;
	consentedAt: string;
	consentVersion: string;
}

export async function get(db: Database, residentId: string): Promise<Contact | null> {
	const [row] = await db
		.select({
			email: residentContacts.email,
			consentedAt: residentContacts.consentedAt,
			consentVersion: residentContacts.consentVersion
		})
		.from(residentContacts)
		.where(eq(residentContacts.residentId, residentId));
	return row ? { ...row, consentedAt: row.consentedAt.toISOString() } : null;
}

export type Given =
	{ ok: true } | { ok: false; problem: 'email-invalid' | 'consent-required' | 'consent-outdated' };

/**
 * Stores (or replaces) the address, with consent to the current wording: `consentVersion` is the
 * version the form showed, so a form left open across a change of wording is asked again.
 */
export async function give(
	db: Database,
	residentId: string,
	input: { email: unknown; consent: boolean; consentVersion: unknown; locale: Locale }
): Promise<Given> {
	const email = checkContactEmail(input.email);
	if (!email.ok) return { ok: false, problem: 'email-invalid' };
	if (!input.consent) return { ok: false, problem: 'consent-required' };
	if (input.consentVersion !== CONSENT_VERSION) return { ok: false, problem: 'consent-outdated' };
	const fields = {
		email: email.value,
		consentedAt: new Date(),
		consentVersion: CONSENT_VERSION,
		locale: input.locale,
		stopToken: randomBytes(24).toString('base64url')
	};
	await db
		.insert(residentContacts)
		.values({ residentId, ...fields })
		.onConflictDoUpdate({ target: residentContacts.residentId, set: fields });
	return { ok: true };
}

/** Deletes the address and any email not yet sent to it. */
export async function withdraw(db: Database, residentId: string): Promise<void> {
	await db.transaction(async (tx) => {
		await tx.delete(residentContacts).where(eq(residentContacts.residentId, residentId));
		await dropPending(tx, [residentId]);
	});
}

/** The "stop these emails" link: true when it named an address, which is now gone. */
export async function withdrawByToken(db: Database, token: string): Promise<boolean> {
	if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) return false;
	return db.transaction(async (tx) => {
		const gone = await tx
			.delete(residentContacts)
			.where(eq(residentContacts.stopToken, token))
			.returning({ residentId: residentContacts.residentId });
		if (gone.length > 0)
			await dropPending(
				tx,
				gone.map((g) => g.residentId)
			);
		return gone.length > 0;
	});
}
