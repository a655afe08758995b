import { and, eq, sql } from 'drizzle-orm';
import { isUuid } from '../../domain/ids';
import type { Database } from '../db/client';
import { participants, workshopFacilitators, workshops } from '../db/schema/index';
import type { WorkshopStatus } from '../db/schema/index';

/** Who takes part: an anonymous resident, or a member of staff who joined with the code. */
export type ParticipantOwner = { residentId: string } | { userId: string };

export type ParticipantRole = 'participant' | 'facilitator';

export interface Participant {
	id: string;
	workshopId: string;
	nickname: string;
}

/**
 * The owner behind a request's session, or null for a visitor without one. A staff session wins:
 * a session has exactly one owner, so both are never set together.
 */
export function ownerOf(viewer: {
	user: { id: string } | null;
	residentId: string | null;
}): ParticipantOwner | null {
	if (viewer.user) return { userId: viewer.user.id };
	if (viewer.residentId) return { residentId: viewer.residentId };
	return null;
}

function ownedBy(owner: ParticipantOwner) {
	return 'userId' in owner
		? eq(participants.userId, owner.userId)
		: eq(participants.residentId, owner.residentId);
}

/** The participant row of this owner in this workshop, or null (also for a malformed id). */
export async function find(
	db: Database,
	workshopId: string,
	owner: ParticipantOwner
): Promise<Participant | null> {
	if (!isUuid(workshopId)) return null;
	const [row] = await db
		.select({
			id: participants.id,
			workshopId: participants.workshopId,
			nickname: participants.nickname
		})
		.from(participants)
		.where(and(eq(participants.workshopId, workshopId), ownedBy(owner)))
		.limit(1);
	return row ?? null;
}

/**
 * The workshop behind a join code, when this owner takes part in it (open or closed), or null. It
 * tells nothing about workshops the owner is not in, so it is no oracle for guessing codes.
 */
export async function findByCode(
	db: Database,
	code: string,
	owner: ParticipantOwner
): Promise<{
	participantId: string;
	workshop: { id: string; code: string; title: string; status: WorkshopStatus };
} | null> {
	const [row] = await db
		.select({
			participantId: participants.id,
			id: workshops.id,
			code: workshops.code,
			title: workshops.title,
			status: workshops.status
		})
		.from(participants)
		.innerJoin(workshops, eq(workshops.id, participants.workshopId))
		.where(and(eq(workshops.code, code), ownedBy(owner)))
		.limit(1);
	if (!row) return null;
	const { participantId, ...workshop } = row;
	return { participantId, workshop };
}

/**
 * The role a participant plays: staff named as facilitators of the workshop facilitate; everyone
 * else, residents always, takes part.
 */
export async function roleOf(
	db: Database,
	workshopId: string,
	owner: ParticipantOwner
): Promise<ParticipantRole> {
	if (!('userId' in owner)) return 'participant';
	const [row] = await db
		.select({ userId: workshopFacilitators.userId })
		.from(workshopFacilitators)
		.where(
			and(
				eq(workshopFacilitators.workshopId, workshopId),
				eq(workshopFacilitators.userId, owner.userId)
			)
		)
		.limit(1);
	return row ? 'facilitator' : 'participant';
}

/** How many people joined a workshop (residents and staff who joined with the code). */
export async function count(db: Database, workshopId: string): Promise<number> {
	const [row] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(participants)
		.where(eq(participants.workshopId, workshopId));
	return row?.n ?? 0;
}
