import { eq, sql } from 'drizzle-orm';
import { normaliseJoinCode } from '../../domain/join-code';
import { checkNickname } from '../../domain/nickname';
import type { NicknameProblem } from '../../domain/nickname';
import { networkOf } from '../../domain/network';
import type { EventCounter, FailureCounter, RecentKeys } from '../auth/rate-limit';
import * as sessions from '../auth/sessions';
import type { Database } from '../db/client';
import { participants as participantRows, residents, workshops } from '../db/schema/index';
import type { Runtime } from '../runtime';
import * as supportCounts from '../proposals/support-counts';
import * as participants from './participants';
import type { ParticipantRole } from './participants';

/**
 * Joining a workshop with its code and a nickname (DESIGN.md §4), for the JSON API and the join
 * page alike, so that both obey the same rules and the same rate limits.
 *
 * Guessing codes is the attack to stop (RELIABILITY.md 23): every unknown or closed code counts as
 * a failure against the address and its network, and an address or network that has used up its
 * failures is refused before any lookup of a code it has no part in. Successful joins and bad
 * nicknames never count, and neither does anyone coming back to a workshop they take part in (its
 * QR again after it has closed, a new nickname).
 *
 * What a room of 500 behind one library Wi-Fi address can count on: their joins cost the address
 * nothing, and once their typos have used up its failures, the address still reaches the codes
 * that joined from it in the last 15 minutes (`joinedFromAddress`), which tells nothing the
 * projector in the room does not. Any other code, real or guessed, waits out the window. Newcomers
 * are capped per workshop and, lower, per workshop and address, so that one address cannot use up
 * a workshop's flood guard and lock everyone else out.
 */

export interface JoinContext {
	db: Database;
	limits: {
		joinByAddress: FailureCounter;
		joinByNetwork: FailureCounter;
		joinsByWorkshop: EventCounter;
		joinsByWorkshopAddress: EventCounter;
		joinedFromAddress: RecentKeys;
	};
	/** Sliding lifetime of the participant session a resident receives. */
	participantDays: number;
	/** Where the network alarm goes (console.warn in the server). */
	warn?: (line: string) => void;
}

export function contextOf(runtime: Pick<Runtime, 'database' | 'limits' | 'config'>): JoinContext {
	return {
		db: runtime.database.db,
		limits: runtime.limits,
		participantDays: runtime.config.sessions.participantDays
	};
}

/** The person asking: their address and whatever session the request carries. */
export interface Joiner {
	/** Client address, for the failure counters. */
	address: string;
	/** Current session id, if any (a resident's is replaced on join). */
	sessionId: string | null;
	/** Resident behind a valid participant session. */
	residentId: string | null;
	/** Signed-in staff member. */
	user: { id: string } | null;
}

/** Just enough of a SvelteKit request event to say who is asking. */
export interface JoinRequest {
	locals: { sessionId: string | null; residentId: string | null; user: { id: string } | null };
	getClientAddress(): string;
}

/** The person asking, for `join` and `lookUp`, as the join routes all see them. */
export function joinerOf({ locals, getClientAddress }: JoinRequest): Joiner {
	return {
		address: getClientAddress(),
		sessionId: locals.sessionId,
		residentId: locals.residentId,
		user: locals.user
	};
}

/**
 * Puts a resident's new participant session in the cookie after a join (staff keep theirs);
 * `secure` when served over https.
 */
export function applyJoinSession(
	cookies: sessions.CookieJar,
	result: Extract<JoinResult, { ok: true }>,
	secure: boolean
): void {
	if (result.session) {
		sessions.setCookie(cookies, result.session.token, result.session.expiresAt, secure);
	}
}

export type LookupFailure =
	| { ok: false; reason: 'rate-limited'; retryAfter: number }
	| { ok: false; reason: 'unknown-code' }
	| { ok: false; reason: 'closed'; workshop: { id: string; title: string } };

export type Lookup =
	| {
			ok: true;
			workshop: { id: string; code: string; title: string; status: 'draft' | 'live' };
			/** Their participant in it when the joiner already takes part, else null. */
			participantId: string | null;
	  }
	| LookupFailure;

/** Key of `joinedFromAddress`: this code joined from this address. */
function joinedKey(address: string, code: string): string {
	return `${address} ${code}`;
}

/**
 * Finds the workshop a code opens, counting a failure when there is none or it has closed, unless
 * the joiner takes part in it. The join page uses this too: otherwise it would be a free oracle for
 * guessing codes.
 */
export async function lookUp(
	ctx: JoinContext,
	rawCode: string,
	joiner: Pick<Joiner, 'address' | 'residentId' | 'user'>
): Promise<Lookup> {
	// Something that cannot be a code is a wrong guess like any other, minus the lookup.
	const code = normaliseJoinCode(rawCode);

	// Coming back to one's own workshop, open or closed, is never a guess, and never refused for
	// the address's failures. The query finds only workshops the joiner takes part in, so it
	// answers nothing about any other code.
	const owner = participants.ownerOf(joiner);
	const mine = code && owner ? await participants.findByCode(ctx.db, code, owner) : null;
	if (mine) {
		const { id, title, status } = mine.workshop;
		if (status === 'closed') return { ok: false, reason: 'closed', workshop: { id, title } };
		return {
			ok: true,
			workshop: { ...mine.workshop, status },
			participantId: mine.participantId
		};
	}

	const { address } = joiner;
	const network = networkOf(address);
	const wait = Math.max(
		await ctx.limits.joinByAddress.retryAfter(address),
		await ctx.limits.joinByNetwork.retryAfter(network)
	);
	// Over its failures, an address still reaches the codes that joined from it recently: the room
	// behind it knows them from the projector; a guesser has found none.
	if (wait > 0 && !(code && (await ctx.limits.joinedFromAddress.has(joinedKey(address, code))))) {
		return { ok: false, reason: 'rate-limited', retryAfter: wait };
	}

	const [row] = code
		? await ctx.db
				.select({
					id: workshops.id,
					code: workshops.code,
					title: workshops.title,
					status: workshops.status
				})
				.from(workshops)
				.where(eq(workshops.code, code))
				.limit(1)
		: [];
	if (row && row.status !== 'closed') {
		return { ok: true, workshop: { ...row, status: row.status }, participantId: null };
	}
	// Unknown and closed codes do exactly the same work from here on, so that the answer time tells
	// nothing the status code does not.
	await ctx.limits.joinByAddress.fail(address);
	if (await ctx.limits.joinByNetwork.fail(network)) {
		(ctx.warn ?? console.warn)(
			`[piazza] ALARM: join-code guessing from network ${network}: ` +
				'its failure allowance is used up, joins from it are refused for a while.'
		);
	}
	return row
		? { ok: false, reason: 'closed', workshop: { id: row.id, title: row.title } }
		: { ok: false, reason: 'unknown-code' };
}

export type JoinResult =
	| {
			ok: true;
			participantId: string;
			workshopId: string;
			role: ParticipantRole;
			/** The new participant session to put in the cookie; null when staff keep theirs. */
			session: { token: string; expiresAt: Date } | null;
	  }
	| LookupFailure
	| { ok: false; reason: 'bad-name'; problem: NicknameProblem }
	/** The workshop's flood guard: too many new participants this minute, from all or this address. */
	| { ok: false; reason: 'busy'; retryAfter: number };

/**
 * Joins (or rejoins) the workshop behind `code` under `name`.
 *
 * - A visitor without a session becomes a new resident with a new participant session.
 * - A resident with a participant session stays the same resident; joining a workshop they are
 *   already in updates the nickname and returns the same participant (rejoin).
 * - A resident's session token is replaced on every join and the old one deleted, so that a token
 *   planted before the join is worth nothing after it (session fixation, RELIABILITY.md 25).
 * - Signed-in staff keep their staff session and take part under their account.
 */
export async function join(
	ctx: JoinContext,
	input: { code: string; name: unknown; joiner: Joiner }
): Promise<JoinResult> {
	const found = await lookUp(ctx, input.code, input.joiner);
	if (!found.ok) return found;
	const checked = checkNickname(input.name);
	if (!checked.ok) return { ok: false, reason: 'bad-name', problem: checked.problem };

	const { address, user, residentId } = input.joiner;
	const workshopId = found.workshop.id;
	if (!found.participantId) {
		const wait = await newcomerWait(ctx, workshopId, address);
		if (wait > 0) return { ok: false, reason: 'busy', retryAfter: wait };
	}

	const joined = user
		? await joinAsStaff(ctx, workshopId, user.id, checked.nickname)
		: await joinAsResident(
				ctx,
				workshopId,
				{ residentId, sessionId: input.joiner.sessionId },
				checked.nickname
			);
	await ctx.limits.joinedFromAddress.remember(joinedKey(address, found.workshop.code));
	return joined;
}

/**
 * Seconds a newcomer must wait, or 0. The address's own cap is taken first: an address at its cap
 * stops spending the workshop's, so people on other addresses still get in.
 */
async function newcomerWait(ctx: JoinContext, workshopId: string, address: string) {
	const ownWait = await ctx.limits.joinsByWorkshopAddress.take(`${workshopId} ${address}`);
	if (ownWait > 0) return ownWait;
	return ctx.limits.joinsByWorkshop.take(workshopId);
}

async function joinAsStaff(
	ctx: JoinContext,
	workshopId: string,
	userId: string,
	nickname: string
): Promise<Extract<JoinResult, { ok: true }>> {
	const participantId = await upsertParticipant(ctx.db, workshopId, { userId }, nickname);
	const role = await participants.roleOf(ctx.db, workshopId, { userId });
	return { ok: true, participantId, workshopId, role, session: null };
}

async function joinAsResident(
	ctx: JoinContext,
	workshopId: string,
	current: { residentId: string | null; sessionId: string | null },
	nickname: string
): Promise<Extract<JoinResult, { ok: true }>> {
	const joined = await ctx.db.transaction(async (tx) => {
		let resident = current.residentId;
		if (!resident) {
			const [row] = await tx.insert(residents).values({}).returning({ id: residents.id });
			resident = row!.id;
		}
		const participantId = await upsertParticipant(
			tx,
			workshopId,
			{ residentId: resident },
			nickname
		);
		// Security: always a fresh token, and the one the request came with stops working.
		if (current.sessionId) await sessions.invalidate(tx, current.sessionId);
		const session = await sessions.create(tx, { residentId: resident }, ctx.participantDays);
		return {
			ok: true as const,
			participantId,
			workshopId,
			role: 'participant' as const,
			session: { token: session.token, expiresAt: session.expiresAt }
		};
	});
	// A returning resident may already support this workshop's proposals: they now count as the
	// room's, not as reach beyond it. Once the join is committed, so the recount sees it.
	if (current.residentId)
		await supportCounts.recountForParticipant(ctx.db, workshopId, current.residentId);
	return joined;
}

/**
 * Inserts the participant, or on a rejoin updates the nickname and last-seen time. One statement,
 * so two joins racing from the same browser meet in the unique constraint, not in a 500.
 */
async function upsertParticipant(
	db: Database,
	workshopId: string,
	owner: participants.ParticipantOwner,
	nickname: string
): Promise<string> {
	const values = { workshopId, nickname, ...owner };
	const target =
		'userId' in owner
			? [participantRows.workshopId, participantRows.userId]
			: [participantRows.workshopId, participantRows.residentId];
	const [row] = await db
		.insert(participantRows)
		.values(values)
		.onConflictDoUpdate({ target, set: { nickname, lastSeenAt: sql`now()` } })
		.returning({ id: participantRows.id });
	return row!.id;
}
