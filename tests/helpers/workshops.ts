import { eq } from 'drizzle-orm';
import * as sessions from '../../src/lib/server/auth/sessions';
import type { Database } from '../../src/lib/server/db/client';
import {
	participants,
	processes,
	residents,
	workshopFacilitators,
	workshops
} from '../../src/lib/server/db/schema/index';
import type { WorkshopStatus } from '../../src/lib/server/db/schema/index';
import { DEMO_JOIN_CODE } from '../../src/lib/server/demo/seed';
import * as users from '../../src/lib/server/staff/users';

/** Adds a workshop to the demo process, held somewhere other than a library. */
export async function addWorkshop(
	db: Database,
	fields: { code: string; title: string; status: WorkshopStatus; placeText?: string }
): Promise<string> {
	const [process] = await db.select({ id: processes.id }).from(processes).limit(1);
	const [row] = await db
		.insert(workshops)
		.values({
			processId: process!.id,
			code: fields.code,
			title: fields.title,
			status: fields.status,
			placeText: fields.placeText ?? null,
			closedAt: fields.status === 'closed' ? new Date() : null
		})
		.returning({ id: workshops.id });
	return row!.id;
}

export async function demoWorkshopId(db: Database): Promise<string> {
	const [row] = await db
		.select({ id: workshops.id })
		.from(workshops)
		.where(eq(workshops.code, DEMO_JOIN_CODE));
	return row!.id;
}

/** A signed-in browser's cookie value for a demo staff account (as sign-in would create it). */
export async function staffToken(db: Database, email: string): Promise<string> {
	const user = await users.findByEmail(db, email);
	if (!user) throw new Error(`No demo account ${email}`);
	return (await sessions.create(db, { userId: user.id }, 7)).token;
}

/** A browser's cookie value for a new resident who took part in the workshop under `nickname`. */
export async function participantToken(
	db: Database,
	workshopId: string,
	nickname: string
): Promise<string> {
	const [resident] = await db.insert(residents).values({}).returning({ id: residents.id });
	await db.insert(participants).values({ workshopId, residentId: resident!.id, nickname });
	return (await sessions.create(db, { residentId: resident!.id }, 30)).token;
}

/**
 * A signed-in facilitator who runs a workshop of their own (`code`, live) and none of the demo's:
 * staff of another workshop, for the refusals they get.
 */
export async function otherFacilitatorToken(
	db: Database,
	fields: { email: string; code: string }
): Promise<string> {
	const created = await users.create(db, {
		name: 'Facilitatrice Altrove',
		email: fields.email,
		role: 'facilitator',
		password: 'piazza-altrove-2026'
	});
	if (!created.ok) throw new Error(`could not create ${fields.email}`);
	const workshopId = await addWorkshop(db, {
		code: fields.code,
		title: 'Il laboratorio di un altro',
		status: 'live'
	});
	const user = (await users.findByEmail(db, fields.email))!;
	await db.insert(workshopFacilitators).values({ workshopId, userId: user.id });
	return staffToken(db, fields.email);
}
