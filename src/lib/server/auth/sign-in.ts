import { emailForAudit, normaliseEmail } from '../../domain/email';
import { networkOf } from '../../domain/network';
import type { Database } from '../db/client';
import type { StaffRole } from '../db/schema/index';
import * as users from '../staff/users';
import * as passwords from './passwords';
import type { FailureCounter, RecentKeys } from './rate-limit';
import * as sessions from './sessions';
import * as audit from './sign-in-audit';

/**
 * Staff sign-in and sign-out, shared by the JSON API and the sign-in page so that both answer
 * exactly alike (DESIGN.md §4, RELIABILITY.md cases 24-26).
 *
 * Failures are counted three ways (RELIABILITY.md case 24), each with its allowance in `Limits`:
 * - per address, whatever the accounts tried: one machine guessing across many accounts;
 * - per account from one network (/24, IPv6 /64): guessing one account's password from one place
 *   locks that account out of that network only, so a stranger elsewhere cannot keep its owner out
 *   by failing on purpose;
 * - per account from all networks together, with a far higher ceiling: guessing spread over many
 *   networks. Past it the account is refused from everywhere for the window and an ALARM is logged
 *   once: a lockout an attacker can cause, but only with a botnet, and one that operators hear of.
 */

export interface SignInServices {
	database: { db: Database };
	limits: {
		signInByAddress: FailureCounter;
		signInByAccountAndNetwork: FailureCounter;
		signInByAccount: FailureCounter;
		/**
		 * Attempts refused during a lockout already written to the audit in the last minute (by
		 * email and address): a flood of them writes one row a minute, not one per request. Without
		 * it every refusal is written.
		 */
		signInRefusalsAudited?: RecentKeys;
	};
	config: { sessions: { staffDays: number } };
	/** Where the account-wide alarm goes (console.warn in the server). */
	warn?: (line: string) => void;
}

export interface SignInRequest {
	email: string;
	password: string;
	/** The client's address, for the per-address and per-network failure counts. */
	address: string;
	/**
	 * The session the browser already holds (as validated by the hook), if any: it is ended and a new
	 * token is issued, never carried over (session fixation).
	 */
	currentSessionId: string | null;
	cookies: sessions.CookieJar;
	/** True when served over https: the cookie is then Secure. */
	secure: boolean;
}

export type SignInResult =
	| { ok: true; userId: string; role: StaffRole }
	/** Unknown email, wrong password or disabled account: deliberately one answer for all three. */
	| { ok: false; reason: 'invalid-credentials' }
	| { ok: false; reason: 'rate-limited'; retryAfter: number };

export async function signIn(
	{ database: { db }, limits, config, warn = console.warn }: SignInServices,
	request: SignInRequest
): Promise<SignInResult> {
	// Failures count per account even when the email is unknown, so that probing an address that
	// has no account looks exactly like probing one that has.
	const account = normaliseEmail(request.email).slice(0, 320);
	// JSON keeps the pair unambiguous whatever the two strings hold.
	const accountHere = JSON.stringify([account, networkOf(request.address)]);
	const wait = Math.max(
		await limits.signInByAddress.retryAfter(request.address),
		await limits.signInByAccountAndNetwork.retryAfter(accountHere),
		await limits.signInByAccount.retryAfter(account)
	);
	// While locked out even the right password is refused: otherwise the lockout would tell an
	// attacker when a guess was right.
	if (wait > 0) {
		const key = JSON.stringify([account, request.address]);
		if (!(await limits.signInRefusalsAudited?.has(key))) {
			await limits.signInRefusalsAudited?.remember(key);
			const named = await users.findByEmail(db, account);
			await audit.record(db, {
				emailTried: account,
				userId: named?.id ?? null,
				address: request.address,
				outcome: 'refused-locked'
			});
		}
		return { ok: false, reason: 'rate-limited', retryAfter: wait };
	}

	// An address no account could have (a NUL or another control character in it) is looked up no
	// further than the check `findForSignIn` makes, and is then answered like any unknown email:
	// the decoy verification below, the same 401, counted as a failure.
	const user = await users.findForSignIn(db, account);
	// A password longer than any we accept is checked against the decoy, so it costs the same time.
	const tooLong = request.password.length > passwords.MAX_LENGTH;
	const matches = await passwords.verifyPassword(
		tooLong ? null : (user?.passwordHash ?? null),
		request.password.slice(0, passwords.MAX_LENGTH)
	);
	if (!user || !matches || user.disabledAt) {
		const addressFull = await limits.signInByAddress.fail(request.address);
		const accountHereFull = await limits.signInByAccountAndNetwork.fail(accountHere);
		// True only for the failure that reaches the ceiling: one line per account and window.
		const accountFull = await limits.signInByAccount.fail(account);
		if (accountFull) {
			warn(
				`[piazza] ALARM: sign-in guessing on account ${JSON.stringify(emailForAudit(account))} from many ` +
					'networks: its failure ceiling is reached, it is refused from everywhere for a while.'
			);
		}
		await audit.record(db, {
			emailTried: account,
			userId: user?.id ?? null,
			address: request.address,
			outcome: addressFull || accountHereFull || accountFull ? 'locked-out' : 'failed'
		});
		return { ok: false, reason: 'invalid-credentials' };
	}

	// Only this network's count for the account is forgiven. Not the address's: an attacker who owns
	// one account must not clear their address's count by signing in to it between guesses. Not the
	// account-wide one: the owner signing in must not hand a distributed attack a fresh allowance.
	await limits.signInByAccountAndNetwork.reset(accountHere);
	// A browser holds one session: whatever it held is ended here, a resident's participant session
	// included. Staff signing in on a resident's phone thus replace the resident's session; the
	// resident and their participation stay in the database, but this browser no longer holds that
	// identity. This is deliberate: keeping two identities in one cookie would blur whose actions
	// are whose, and carrying the old session over would open the door to session fixation
	// (RELIABILITY.md case 25).
	if (request.currentSessionId) await sessions.invalidate(db, request.currentSessionId);
	const session = await sessions.create(db, { userId: user.id }, config.sessions.staffDays);
	sessions.setCookie(request.cookies, session.token, session.expiresAt, request.secure);
	return { ok: true, userId: user.id, role: user.role };
}

/** Ends the session the browser holds (its row is deleted) and clears the cookie. */
export async function signOut(
	db: Database,
	request: { currentSessionId: string | null; cookies: sessions.CookieJar; secure: boolean }
) {
	if (request.currentSessionId) await sessions.invalidate(db, request.currentSessionId);
	sessions.deleteCookie(request.cookies, request.secure);
}

export interface PasswordChangeRequest {
	/** The signed-in staff member changing their own password. */
	user: { id: string; email: string };
	currentPassword: string;
	newPassword: string;
	/** The client's address, for the failure counts. */
	address: string;
	cookies: sessions.CookieJar;
	secure: boolean;
}

export type PasswordChangeResult =
	| { ok: true }
	| { ok: false; reason: 'wrong-password' }
	| { ok: false; reason: 'too-short' | 'too-long' }
	| { ok: false; reason: 'rate-limited'; retryAfter: number };

/**
 * A staff member changes their own password. The current one is asked for and checked like a
 * sign-in (same counters and lockout, a wrong one audited), so a borrowed unlocked screen is no
 * way to guess it. On success every session of the account ends (a stolen cookie stops working,
 * open sockets close with 4401) and this browser gets a fresh one.
 */
export async function changePassword(
	{ database: { db }, limits, config }: SignInServices,
	request: PasswordChangeRequest
): Promise<PasswordChangeResult> {
	const account = normaliseEmail(request.user.email);
	const accountHere = JSON.stringify([account, networkOf(request.address)]);
	const wait = Math.max(
		await limits.signInByAddress.retryAfter(request.address),
		await limits.signInByAccountAndNetwork.retryAfter(accountHere),
		await limits.signInByAccount.retryAfter(account)
	);
	if (wait > 0) return { ok: false, reason: 'rate-limited', retryAfter: wait };
	const user = await users.findForSignIn(db, account);
	const matches =
		request.currentPassword.length <= passwords.MAX_LENGTH &&
		(await passwords.verifyPassword(user?.passwordHash ?? null, request.currentPassword));
	if (!user || user.id !== request.user.id || !matches) {
		const full = [
			await limits.signInByAddress.fail(request.address),
			await limits.signInByAccountAndNetwork.fail(accountHere),
			await limits.signInByAccount.fail(account)
		].some(Boolean);
		await audit.record(db, {
			emailTried: account,
			userId: request.user.id,
			address: request.address,
			outcome: full ? 'locked-out' : 'failed'
		});
		return { ok: false, reason: 'wrong-password' };
	}
	const changed = await users.setPassword(db, user.id, request.newPassword);
	if (!changed.ok) {
		// An account read a moment ago gone since (deleted meanwhile): answered like a wrong password.
		if (changed.problem === 'not-found') return { ok: false, reason: 'wrong-password' };
		return { ok: false, reason: changed.problem };
	}
	// setPassword ended every session of the account, this one included: issue a fresh one here.
	const session = await sessions.create(db, { userId: user.id }, config.sessions.staffDays);
	sessions.setCookie(request.cookies, session.token, session.expiresAt, request.secure);
	return { ok: true };
}
