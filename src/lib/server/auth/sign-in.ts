import { normaliseEmail } from '../../domain/email';
import type { Database } from '../db/client';
import type { StaffRole } from '../db/schema/index';
import * as users from '../staff/users';
import * as passwords from './passwords';
import type { FailureCounter } from './rate-limit';
import * as sessions from './sessions';

/**
 * Staff sign-in and sign-out, shared by the JSON API and the sign-in page so that both answer
 * exactly alike (DESIGN.md §4, RELIABILITY.md cases 24-26).
 */

export interface SignInServices {
	database: { db: Database };
	limits: { signInByAddress: FailureCounter; signInByAccount: FailureCounter };
	config: { sessions: { staffDays: number } };
}

export interface SignInRequest {
	email: string;
	password: string;
	/** The client's address, for the per-address failure count. */
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
	{ database: { db }, limits, config }: SignInServices,
	request: SignInRequest
): Promise<SignInResult> {
	// Failures count per account even when the email is unknown, so that probing an address that
	// has no account looks exactly like probing one that has.
	const account = normaliseEmail(request.email).slice(0, 320);
	const wait = Math.max(
		await limits.signInByAddress.retryAfter(request.address),
		await limits.signInByAccount.retryAfter(account)
	);
	// While locked out even the right password is refused: otherwise the lockout would tell an
	// attacker when a guess was right.
	if (wait > 0) return { ok: false, reason: 'rate-limited', retryAfter: wait };

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
		await limits.signInByAddress.fail(request.address);
		await limits.signInByAccount.fail(account);
		return { ok: false, reason: 'invalid-credentials' };
	}

	// Only the account's count is forgiven: an attacker who owns one account must not be able to
	// clear their address's count by signing in to it between guesses.
	await limits.signInByAccount.reset(account);
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
