import { and, desc, eq, ilike, isNotNull, isNull } from 'drizzle-orm';
import { normaliseJoinCode } from '../../domain/join-code';
import type { Database } from '../db/client';
import { participants, privacyErasures, workshops } from '../db/schema/index';
import type { ErasureKind } from '../db/schema/index';

/**
 * What an admin needs to act on a resident's request: find their participation by the workshop's
 * code and the nickname they remember, and see the record of erasures done.
 */

export interface Found {
	participantId: string;
	workshopTitle: string;
	nickname: string;
	joinedAt: Date;
}

/** Escapes LIKE's wildcards: a nickname is matched as typed, in any case. */
function literal(text: string): string {
	return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Residents (not staff) in the workshop with this code whose nickname contains `nickname`. */
export async function find(db: Database, rawCode: string, nickname: string): Promise<Found[]> {
	const code = normaliseJoinCode(rawCode);
	const name = nickname.trim().slice(0, 40);
	if (!code || name === '') return [];
	return db
		.select({
			participantId: participants.id,
			workshopTitle: workshops.title,
			nickname: participants.nickname,
			joinedAt: participants.createdAt
		})
		.from(participants)
		.innerJoin(workshops, eq(workshops.id, participants.workshopId))
		.where(
			and(
				eq(workshops.code, code),
				isNotNull(participants.residentId),
				isNull(participants.anonymisedAt),
				ilike(participants.nickname, `%${literal(name)}%`)
			)
		)
		.orderBy(participants.nickname)
		.limit(20);
}

export interface ErasureRecord {
	at: Date;
	kind: ErasureKind;
	actorName: string | null;
	participants: number;
	notes: number;
}

/** The latest erasures, newest first: who, when, how many participant rows and notes. */
export async function records(db: Database, limit = 50): Promise<ErasureRecord[]> {
	const rows = await db
		.select()
		.from(privacyErasures)
		.orderBy(desc(privacyErasures.at))
		.limit(limit);
	return rows.map((row) => ({
		at: row.at,
		kind: row.kind,
		actorName: row.actorName,
		participants: row.participantIds === '' ? 0 : row.participantIds.split(',').length,
		notes: row.notesRemoved
	}));
}
