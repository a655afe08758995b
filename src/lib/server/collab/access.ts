import { and, eq, gt, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { decideAccess } from '../../domain/collab/admission';
import type {
	AdmissionFacts,
	Decision,
	DocumentFacts,
	Visitor
} from '../../domain/collab/admission';
import type { DocName } from '../../domain/collab/doc-name';
import * as sessions from '../auth/sessions';
import type { SessionRow } from '../auth/sessions';
import type { Database } from '../db/client';
import {
	boards,
	participants,
	proposals,
	sessions as sessionsTable,
	users,
	workshopFacilitators,
	workshops
} from '../db/schema/index';
import type { BoardPhase } from '../db/schema/index';

export type { Decision, Grant, Visitor } from '../../domain/collab/admission';

/**
 * A board's phase as residents' writes are judged: locked from a listening point's `closes_at` on
 * (by the database's clock), whatever the stored phase, so that no note slips in between that
 * instant and the sweep that stores the lock (workshops/listening.ts). Needs `workshops` joined.
 */
const effectivePhase = sql<BoardPhase>`case when ${workshops.closesAt} <= now() then 'locked' else ${boards.phase} end`;

/**
 * Everything the decision needs, in one query (an upgrade is on the path of every join and
 * reconnect): the workshop behind the document, the board's phase, whether the visitor facilitates
 * it, and the visitor's participant record in it.
 */
async function documentFactsOf(db: Database, visitor: Visitor, doc: DocName) {
	const owner = visitor.user
		? eq(participants.userId, visitor.user.id)
		: visitor.residentId
			? eq(participants.residentId, visitor.residentId)
			: sql`false`;
	const facilitates = visitor.user
		? sql<boolean>`exists (select 1 from ${workshopFacilitators} where ${workshopFacilitators.workshopId} = ${workshops.id} and ${workshopFacilitators.userId} = ${visitor.user.id})`.mapWith(
				Boolean
			)
		: sql<boolean>`false`.mapWith(Boolean);
	const columns = {
		workshopId: workshops.id,
		status: workshops.status,
		facilitates,
		participantId: participants.id,
		nickname: participants.nickname
	};
	const asParticipant = and(eq(participants.workshopId, workshops.id), owner);
	// A board's inbox and held documents belong to the board: its workshop, its phase.
	if (doc.kind === 'board' || doc.kind === 'inbox' || doc.kind === 'held') {
		const [row] = await db
			.select({ ...columns, phase: effectivePhase })
			.from(boards)
			.innerJoin(workshops, eq(workshops.id, boards.workshopId))
			.leftJoin(participants, asParticipant)
			.where(eq(boards.id, doc.id))
			.limit(1);
		return row ?? null;
	}
	const [row] =
		doc.kind === 'control'
			? await db
					.select(columns)
					.from(workshops)
					.leftJoin(participants, asParticipant)
					.where(eq(workshops.id, doc.id))
					.limit(1)
			: await db
					.select(columns)
					.from(proposals)
					.innerJoin(workshops, eq(workshops.id, proposals.workshopId))
					.leftJoin(participants, asParticipant)
					.where(eq(proposals.id, doc.id))
					.limit(1);
	return row ? { ...row, phase: null } : null;
}

export async function decide(db: Database, visitor: Visitor, doc: DocName): Promise<Decision> {
	const row = await documentFactsOf(db, visitor, doc);
	return decideAccess(
		visitor,
		doc,
		row && {
			...row,
			participant:
				row.participantId && row.nickname !== null
					? { id: row.participantId, nickname: row.nickname }
					: null
		}
	);
}

/**
 * `decide` for many visitors of one document, in three reads whatever their number: a room
 * reconnecting at once asks for dozens within a few milliseconds.
 */
export async function decideMany(
	db: Database,
	visitors: readonly Visitor[],
	doc: DocName
): Promise<Decision[]> {
	if (visitors.length === 1) return [await decide(db, visitors[0]!, doc)];
	const base = await documentFactsOf(db, NO_VISITOR, doc);
	if (!base) return visitors.map(() => ({ ok: false, refused: 'not-found' }));
	const userIds = visitors.flatMap((v) => (v.user ? [v.user.id] : []));
	const residentIds = visitors.flatMap((v) => (!v.user && v.residentId ? [v.residentId] : []));
	const facilitators = new Set(
		userIds.length === 0
			? []
			: (
					await db
						.select({ id: workshopFacilitators.userId })
						.from(workshopFacilitators)
						.where(
							and(
								eq(workshopFacilitators.workshopId, base.workshopId),
								inArray(workshopFacilitators.userId, userIds)
							)
						)
				).map((r) => r.id)
	);
	const owners = [
		...(userIds.length > 0 ? [inArray(participants.userId, userIds)] : []),
		...(residentIds.length > 0 ? [inArray(participants.residentId, residentIds)] : [])
	];
	const rows =
		owners.length === 0
			? []
			: await db
					.select({
						id: participants.id,
						nickname: participants.nickname,
						userId: participants.userId,
						residentId: participants.residentId
					})
					.from(participants)
					.where(and(eq(participants.workshopId, base.workshopId), or(...owners)));
	return visitors.map((visitor) => {
		const row = rows.find((r) =>
			visitor.user ? r.userId === visitor.user.id : r.residentId === visitor.residentId
		);
		return decideAccess(visitor, doc, {
			workshopId: base.workshopId,
			status: base.status,
			phase: base.phase,
			facilitates: Boolean(visitor.user && facilitators.has(visitor.user.id)),
			participant: row ? { id: row.id, nickname: row.nickname } : null
		});
	});
}

/** Someone with no account and no participant record: the document's own facts only. */
const NO_VISITOR: Visitor = { sessionId: '', user: null, residentId: null };

/**
 * A board's phase, whether it holds residents' notes now (private mode, pre-moderation), and the
 * facts a new board document is given by the server (kind, prompt).
 */
export async function boardFacts(db: Database, boardId: string) {
	const [row] = await db
		.select({
			phase: effectivePhase,
			kind: boards.kind,
			prompt: boards.prompt,
			privateMode: boards.privateMode,
			premoderation: boards.premoderation
		})
		.from(boards)
		.innerJoin(workshops, eq(workshops.id, boards.workshopId))
		.where(eq(boards.id, boardId));
	return row ?? null;
}

/** Whose sessions an admission read is about: the ids in tokens, or a document's writers. */
export type SessionsWanted = { ids: readonly string[] } | { writers: readonly string[] };

/** One session and what the database says of it on one document. */
export interface AdmissionRow {
	/** Read unexpired (database clock); its secret is still to be checked by the caller. */
	session: SessionRow;
	/** Null when the document does not exist. */
	document: DocumentFacts | null;
}

/**
 * The session rows and their rights on `doc`, in ONE query: the first socket after a restart
 * otherwise waits for a session read and then a rights read on the database, one after the other.
 * Sessions drive the query (no row: no session); the document's facts are left joined (nulls: no
 * such document), and so is each session's participant record in the document's workshop.
 * Secrets are not checked here: the caller compares them (`sessions.secretMatches`).
 */
export async function factsOf(
	db: Database,
	wanted: SessionsWanted,
	doc: DocName,
	lifetimeDays: sessions.Lifetimes,
	limit = 1_000
): Promise<AdmissionRow[]> {
	const which = sessionCondition(db, wanted);
	if (!which) return [];
	const target = documentQuery(db, doc).as('target');
	const owner = or(
		and(isNotNull(sessionsTable.userId), eq(participants.userId, sessionsTable.userId)),
		and(isNull(sessionsTable.userId), eq(participants.residentId, sessionsTable.residentId))
	);
	const rows = await db
		.select({
			...sessions.rowColumns(lifetimeDays),
			workshopId: target.workshopId,
			status: target.status,
			phase: target.phase,
			facilitates:
				sql<boolean>`exists (select 1 from ${workshopFacilitators} where ${workshopFacilitators.workshopId} = ${target.workshopId} and ${workshopFacilitators.userId} = ${sessionsTable.userId})`.mapWith(
					Boolean
				),
			participantId: participants.id,
			nickname: participants.nickname
		})
		.from(sessionsTable)
		.leftJoin(users, eq(users.id, sessionsTable.userId))
		.leftJoin(target, sql`true`)
		.leftJoin(participants, and(eq(participants.workshopId, target.workshopId), owner))
		.where(and(which, gt(sessionsTable.expiresAt, sql`now()`)))
		.limit(limit);
	return rows.map((row) => ({
		session: row,
		document:
			row.workshopId === null || row.status === null
				? null
				: {
						workshopId: row.workshopId,
						status: row.status,
						phase: row.phase ?? null,
						facilitates: row.facilitates,
						participant:
							row.participantId && row.nickname !== null
								? { id: row.participantId, nickname: row.nickname }
								: null
					}
	}));
}

/** The facts `decide` takes, from a row whose secret has been checked and session settled. */
export function admissionFacts(
	session: sessions.ValidSession | SessionRow | null,
	document: DocumentFacts | null
): AdmissionFacts {
	if (!session) return { session: null, document };
	const user =
		'user' in session
			? session.user
			: session.userId && session.email && session.name && session.role
				? { id: session.userId, email: session.email, name: session.name, role: session.role }
				: null;
	return {
		session: {
			id: session.id,
			user,
			residentId: session.residentId,
			expiresAt: session.expiresAt.getTime()
		},
		document
	};
}

function sessionCondition(db: Database, wanted: SessionsWanted): SQL | undefined {
	if ('ids' in wanted) {
		return wanted.ids.length > 0 ? inArray(sessionsTable.id, [...wanted.ids]) : undefined;
	}
	const userIds = wanted.writers.flatMap((w) => (w.startsWith('user:') ? [w.slice(5)] : []));
	const participantIds = wanted.writers.flatMap((w) =>
		w.startsWith('participant:') ? [w.slice(12)] : []
	);
	const conditions: SQL[] = [];
	if (userIds.length > 0) conditions.push(inArray(sessionsTable.userId, userIds));
	if (participantIds.length > 0) {
		// A participant is a resident, or a staff member who joined with the code.
		const theirs = (column: typeof participants.userId | typeof participants.residentId) =>
			db.select({ id: column }).from(participants).where(inArray(participants.id, participantIds));
		conditions.push(inArray(sessionsTable.residentId, theirs(participants.residentId)));
		conditions.push(inArray(sessionsTable.userId, theirs(participants.userId)));
	}
	return conditions.length > 0 ? or(...conditions) : undefined;
}

/** The document's workshop, status and phase, as a subquery (no row: no such document). */
function documentQuery(db: Database, doc: DocName) {
	// A board's inbox and held documents belong to the board: its workshop, its phase.
	if (doc.kind === 'board' || doc.kind === 'inbox' || doc.kind === 'held') {
		return db
			.select({
				workshopId: workshops.id,
				status: workshops.status,
				phase: sql<BoardPhase | null>`${effectivePhase}`.as('phase')
			})
			.from(boards)
			.innerJoin(workshops, eq(workshops.id, boards.workshopId))
			.where(eq(boards.id, doc.id));
	}
	const noPhase = sql<BoardPhase | null>`null::text`.as('phase');
	return doc.kind === 'control'
		? db
				.select({ workshopId: workshops.id, status: workshops.status, phase: noPhase })
				.from(workshops)
				.where(eq(workshops.id, doc.id))
		: db
				.select({ workshopId: workshops.id, status: workshops.status, phase: noPhase })
				.from(proposals)
				.innerJoin(workshops, eq(workshops.id, proposals.workshopId))
				.where(eq(proposals.id, doc.id));
}
