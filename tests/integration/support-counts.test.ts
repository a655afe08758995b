import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureCounter, eventCounter, recentKeys } from '../../src/lib/server/auth/rate-limit';
import type { Database } from '../../src/lib/server/db/client';
import { participants, proposals, residents } from '../../src/lib/server/db/schema/index';
import { seedDemo } from '../../src/lib/server/demo/seed';
import * as proposalResidents from '../../src/lib/server/proposals/residents';
import * as ranking from '../../src/lib/server/review/ranking';
import { EMPTY_FILTERS } from '../../src/lib/domain/proposal/review-filters';
import * as joining from '../../src/lib/server/workshops/join';
import { createTestDatabase, databaseKinds } from '../helpers/db';
import type { TestDatabase } from '../helpers/db';
import { bareProvenance } from '../helpers/proposals';
import { demoWorkshopId } from '../helpers/workshops';

// The support counts kept on each proposal (proposals/support-counts.ts), which the ranking reads
// instead of counting every support: they must equal the supports stored, under residents
// pressing at once (real concurrency on PostgreSQL's pool), after withdrawals, and when a
// supporter from elsewhere joins the proposal's workshop.

describe.each(databaseKinds)('support counts on %s', (kind) => {
	let database: TestDatabase;
	let db: Database;
	let workshopId: string;
	let proposalId: string;

	async function resident(inWorkshop: string | null) {
		const [row] = await db.insert(residents).values({}).returning({ id: residents.id });
		if (inWorkshop)
			await db
				.insert(participants)
				.values({ workshopId: inWorkshop, residentId: row!.id, nickname: 'Vicina' });
		return row!.id;
	}

	async function stored() {
		const [row] = await db
			.select({ supports: proposals.supports, outside: proposals.supportsOutside })
			.from(proposals)
			.where(eq(proposals.id, proposalId));
		return row!;
	}

	const press = (residentId: string, on = true) =>
		proposalResidents.support(db, { user: null, residentId }, proposalId, on);

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		db = database.handle.db;
		await seedDemo(db, { history: true });
		workshopId = await demoWorkshopId(db);
		const [row] = await db
			.insert(proposals)
			.values({
				workshopId,
				title: 'Armadietti fuori orario',
				provenance: bareProvenance(workshopId)
			})
			.returning({ id: proposals.id });
		proposalId = row!.id;
	});
	afterAll(() => database?.dispose());

	it('counts twelve residents pressing at once as twelve, and each twice-pressed once', async () => {
		const room = await Promise.all(Array.from({ length: 12 }, () => resident(workshopId)));
		const answers = await Promise.all([...room, ...room.slice(0, 4)].map((id) => press(id)));
		expect(answers.every((a) => a.ok)).toBe(true);
		expect(await stored()).toEqual({ supports: 12, outside: 0 });
	});

	it('counts supporters from another workshop apart, and takes withdrawals off', async () => {
		const elsewhere = await db
			.select({ workshopId: proposals.workshopId })
			.from(proposals)
			.where(eq(proposals.title, 'Biblioteca vivente: persone in prestito per una conversazione'));
		const away = await Promise.all([
			resident(elsewhere[0]!.workshopId),
			resident(elsewhere[0]!.workshopId)
		]);
		await Promise.all(away.map((id) => press(id)));
		expect(await stored()).toEqual({ supports: 14, outside: 2 });
		const answer = await press(away[0]!, false);
		expect(answer).toEqual({ ok: true, supported: false, supports: 13 });
		expect(await stored()).toEqual({ supports: 13, outside: 1 });

		// The ranking reads the same numbers: supports, and the reach beyond the room.
		const ranked = await ranking.rank(db, EMPTY_FILTERS, {
			timeZone: 'Europe/Rome',
			ids: [proposalId]
		});
		expect(ranked.ok && ranked.rows[0]!.inputs.supports).toBe(13);
	});

	it('moves a supporter from elsewhere into the room when they join the workshop', async () => {
		const [elsewhere] = await db
			.select({ workshopId: proposals.workshopId })
			.from(proposals)
			.where(eq(proposals.title, 'Biblioteca vivente: persone in prestito per una conversazione'));
		const visitor = await resident(elsewhere!.workshopId);
		await press(visitor);
		expect(await stored()).toEqual({ supports: 14, outside: 2 });
		const joined = await joining.join(
			{
				db,
				limits: {
					joinByAddress: failureCounter(30, 600),
					joinByNetwork: failureCounter(3, 600),
					joinsByWorkshop: eventCounter(1000, 60),
					joinsByWorkshopAddress: eventCounter(600, 60),
					joinedFromAddress: recentKeys(900, 1000)
				},
				participantDays: 30,
				warn: () => {}
			},
			{
				code: 'CASA42',
				name: 'Ospite',
				joiner: { address: '10.0.0.9', sessionId: null, residentId: visitor, user: null }
			}
		);
		expect(joined.ok).toBe(true);
		expect(await stored()).toEqual({ supports: 14, outside: 1 });
	});
});
