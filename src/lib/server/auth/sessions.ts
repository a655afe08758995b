import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, inArray, lt, ne, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { sessions, users } from '../db/schema/index';
import type { StaffRole } from '../db/schema/index';

/**
 * Sessions as Lucia's guide teaches them, owned here. The cookie holds `<id>.<secret>`: the id finds
 * the row, the secret is checked against its stored SHA-256 in constant time, so neither a timing
 * side channel nor a leaked table yields a usable token.
 */

export const COOKIE_NAME = 'piazza_session';

const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789'; // 32 symbols: 5 bits each
const PART_LENGTH = 24; // 120 bits per part

function randomPart(): string {
	const bytes = randomBytes(PART_LENGTH);
	let out = '';
	for (const byte of bytes) out += ALPHABET[byte & 31];
	return out;
}

function sha256(text: string): Uint8Array {
	return new Uint8Array(createHash('sha256').update(text).digest());
}

const TOKEN_PATTERN = new RegExp(
	`^([${ALPHABET}]{${PART_LENGTH}})\\.([${ALPHABET}]{${PART_LENGTH}})$`
);

export type SessionOwner = { userId: string } | { residentId: string };

export interface StaffUser {
	id: string;
	email: string;
	name: string;
	role: StaffRole;
}

export interface ValidSession {
	id: string;
	expiresAt: Date;
	/** True when validation slid the expiry forward: the cookie must be sent again. */
	extended: boolean;
	user: StaffUser | null;
	residentId: string | null;
}

/** Creates a session and returns the token for the cookie (the only place it ever exists). */
export async function create(db: Database, owner: SessionOwner, lifetimeDays: number) {
	const id = randomPart();
	const secret = randomPart();
	const [row] = await db
		.insert(sessions)
		.values({
			id,
			secretHash: sha256(secret),
			userId: 'userId' in owner ? owner.userId : null,
			residentId: 'residentId' in owner ? owner.residentId : null,
			expiresAt: sql`now() + make_interval(days => ${lifetimeDays})`
		})
		.returning({ expiresAt: sessions.expiresAt });
	return { token: `${id}.${secret}`, id, expiresAt: row!.expiresAt };
}

/**
 * Checks a token; slides the expiry forward once half of the lifetime has passed. Expiry is judged
 * by the database clock, which every instance shares.
 */
export async function validate(
	db: Database,
	token: string,
	lifetimeDays: Lifetimes
): Promise<ValidSession | null> {
	return (await validateMany(db, [token], lifetimeDays)).get(token) ?? null;
}

/**
 * `validate` for many tokens in one read: a room reconnecting at once (after a restart, a Wi-Fi
 * drop) asks for dozens of sessions within a few milliseconds.
 */
export async function validateMany(
	db: Database,
	tokens: readonly string[],
	lifetimeDays: Lifetimes
): Promise<Map<string, ValidSession | null>> {
	const result = new Map<string, ValidSession | null>(tokens.map((t) => [t, null]));
	const wanted = new Map<string, { token: string; secret: string }[]>();
	for (const token of tokens) {
		const parsed = parseToken(token);
		if (!parsed) continue;
		wanted.set(parsed.id, [...(wanted.get(parsed.id) ?? []), { token, secret: parsed.secret }]);
	}
	if (wanted.size === 0) return result;
	const rows = await db
		.select(rowColumns(lifetimeDays))
		.from(sessions)
		.leftJoin(users, eq(users.id, sessions.userId))
		.where(and(inArray(sessions.id, [...wanted.keys()]), gt(sessions.expiresAt, sql`now()`)));
	for (const row of rows) {
		for (const { token, secret } of wanted.get(row.id) ?? []) {
			if (secretMatches(secret, row.secretHash))
				result.set(token, await settle(db, row, lifetimeDays));
		}
	}
	return result;
}

export interface Lifetimes {
	staff: number;
	participant: number;
}

/** A token's parts, or null when it is not shaped like one of ours. */
export function parseToken(token: string): { id: string; secret: string } | null {
	const match = TOKEN_PATTERN.exec(token);
	if (!match) return null;
	return { id: match[1]!, secret: match[2]! };
}

/** Security: whether `secret` hashes to the stored hash, compared in constant time. */
export function secretMatches(secret: string, secretHash: Uint8Array): boolean {
	const stored = Buffer.from(secretHash);
	const given = Buffer.from(sha256(secret));
	return stored.length === given.length && timingSafeEqual(stored, given);
}

/**
 * The columns of a session row as validation needs them, with its staff member (`users` left
 * joined on `sessions.user_id`): other reads (the live-document server's admission) select them
 * alongside their own facts and hand the row to `secretMatches` and `settle`.
 */
export function rowColumns(lifetimeDays: Lifetimes) {
	const halfLife = sql`make_interval(days => case when ${sessions.userId} is null then ${lifetimeDays.participant}::int else ${lifetimeDays.staff}::int end) / 2`;
	return {
		id: sessions.id,
		secretHash: sessions.secretHash,
		expiresAt: sessions.expiresAt,
		residentId: sessions.residentId,
		userId: users.id,
		email: users.email,
		name: users.name,
		role: users.role,
		disabledAt: users.disabledAt,
		/** Whether validating it now slides its expiry forward (half of its lifetime has passed). */
		slides: sql<boolean>`${sessions.expiresAt} < now() + ${halfLife}`.mapWith(Boolean)
	};
}

/** A row read with `rowColumns` (by the database clock, not expired). */
export interface SessionRow {
	id: string;
	secretHash: Uint8Array;
	expiresAt: Date;
	residentId: string | null;
	userId: string | null;
	email: string | null;
	name: string | null;
	role: StaffRole | null;
	disabledAt: Date | null;
	slides: boolean;
}

/**
 * A session row whose secret matched: ends it if its staff member was disabled since, slides its
 * expiry forward once half of the lifetime has passed, and gives the valid session (or null).
 */
export async function settle(
	db: Database,
	row: SessionRow,
	lifetimeDays: Lifetimes
): Promise<ValidSession | null> {
	if (row.userId && row.disabledAt) {
		await invalidate(db, row.id);
		return null;
	}
	// Most requests come well within the first half: they cost one read, no write.
	let slid: { expiresAt: Date } | undefined;
	if (row.slides) {
		const days = row.userId ? lifetimeDays.staff : lifetimeDays.participant;
		[slid] = await db
			.update(sessions)
			.set({ expiresAt: sql`now() + make_interval(days => ${days})` })
			.where(
				and(
					eq(sessions.id, row.id),
					sql`${sessions.expiresAt} < now() + make_interval(days => ${days}) / 2`
				)
			)
			.returning({ expiresAt: sessions.expiresAt });
	}
	return {
		id: row.id,
		expiresAt: slid?.expiresAt ?? row.expiresAt,
		extended: Boolean(slid),
		user:
			row.userId && row.email && row.name && row.role
				? { id: row.userId, email: row.email, name: row.name, role: row.role }
				: null,
		residentId: row.residentId
	};
}

export async function invalidate(db: Database, sessionId: string) {
	await db.delete(sessions).where(eq(sessions.id, sessionId));
	for (const listener of endedListeners) listener(sessionId);
}

type EndedListener = (sessionId: string) => void;
/** Shared through `globalThis`: SvelteKit's bundle and the server entry load separate copies. */
const endedListeners: Set<EndedListener> = ((globalThis as Record<symbol, Set<EndedListener>>)[
	Symbol.for('piazza.sessions.ended')
] ??= new Set());

/**
 * Tells in-process caches (the live-document server's admissions) that a session was ended here,
 * so that a signed-out cookie is refused at once, not only after the cache expires, and its open
 * sockets are closed at the next sweep rather than at their next periodic re-check.
 */
export function onSessionEnded(listener: EndedListener): () => void {
	endedListeners.add(listener);
	return () => endedListeners.delete(listener);
}

/** Tells the in-process caches that these sessions, deleted by the caller, have ended. */
export function announceEnded(sessionIds: readonly string[]) {
	for (const id of sessionIds) for (const listener of endedListeners) listener(id);
}

/**
 * Ends every session of a staff member (password change, account disabled, an admin's revocation),
 * except `keep` when given (an admin revoking their own other sessions stays signed in here).
 * Resolves to how many ended.
 */
export async function invalidateAllOfUser(
	db: Database,
	userId: string,
	keep: string | null = null
): Promise<number> {
	const ended = await db
		.delete(sessions)
		.where(and(eq(sessions.userId, userId), keep ? ne(sessions.id, keep) : undefined))
		.returning({ id: sessions.id });
	// Security: the live-document server forgets them too, at once, and closes their sockets.
	for (const { id } of ended) for (const listener of endedListeners) listener(id);
	return ended.length;
}

/** Deletes sessions that have expired (run periodically: every join without a cookie adds one). */
export async function purgeExpired(db: Database): Promise<number> {
	const gone = await db
		.delete(sessions)
		.where(lt(sessions.expiresAt, sql`now()`))
		.returning({ id: sessions.id });
	return gone.length;
}

/** Minimal cookie jar interface (SvelteKit's `cookies` satisfies it). */
export interface CookieJar {
	set(
		name: string,
		value: string,
		options: {
			path: string;
			httpOnly: boolean;
			sameSite: 'lax';
			secure: boolean;
			expires: Date;
		}
	): void;
	delete(name: string, options: { path: string; secure: boolean }): void;
}

/** Cookies are Secure whenever the app's origin is https (ORIGIN, or the proxy's protocol header). */
export function isSecure(url: URL): boolean {
	return url.protocol === 'https:';
}

/** Secure whenever the app is served over https; SameSite=Lax so links from a QR scan still carry it. */
export function setCookie(cookies: CookieJar, token: string, expiresAt: Date, secure: boolean) {
	cookies.set(COOKIE_NAME, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure,
		expires: expiresAt
	});
}

export function deleteCookie(cookies: CookieJar, secure: boolean) {
	cookies.delete(COOKIE_NAME, { path: '/', secure });
}

/** Whether a session still stands (not signed out, not expired): open sockets ask this periodically. */
/** Which of these session ids are still valid, in one read (open sockets re-check them together). */
export async function activeAmong(
	db: Database,
	sessionIds: readonly string[]
): Promise<Set<string>> {
	if (sessionIds.length === 0) return new Set();
	const rows = await db
		.select({ id: sessions.id })
		.from(sessions)
		.where(and(inArray(sessions.id, [...sessionIds]), gt(sessions.expiresAt, sql`now()`)));
	return new Set(rows.map((row) => row.id));
}
