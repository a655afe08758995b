import { eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import {
	activities,
	boards,
	branches,
	processBranches,
	processes,
	workshopFacilitators,
	workshops
} from '../db/schema/index';
import type { StaffRole } from '../db/schema/index';
import * as users from '../staff/users';
import { seedHistory } from './history';

/** Shared demo password. Demo only: `npm start` never creates these accounts. */
export const DEMO_PASSWORD = 'piazza-demo';
export const DEMO_JOIN_CODE = 'CASA42';

export const DEMO_ACCOUNTS: { email: string; name: string; role: StaffRole }[] = [
	{ email: 'admin@example.org', name: 'Alessandra Conti', role: 'admin' },
	{ email: 'responsabile@example.org', name: 'Giulia Ferri', role: 'manager' },
	{ email: 'facilitatore@example.org', name: 'Marco Bassi', role: 'facilitator' }
];

/**
 * The demo data set: the three staff accounts and a live workshop in Dergano, and with `history` a
 * year of the system's life (history.ts) for the app a visitor tries. Tests that count things
 * seed the bare set. Idempotent: what exists is left as it is, so a second `npm run demo` on the
 * same data changes nothing.
 */
export async function seedDemo(
	db: Database,
	options: { history?: boolean } = {}
): Promise<{ created: boolean }> {
	const ids: Record<string, string> = {};
	for (const account of DEMO_ACCOUNTS) {
		const existing = await users.findByEmail(db, account.email);
		if (existing) {
			ids[account.role] = existing.id;
			continue;
		}
		const result = await users.create(db, { ...account, password: DEMO_PASSWORD });
		if (!result.ok)
			throw new Error(
				`Cannot create demo account ${account.email}: ${JSON.stringify(result.errors)}`
			);
		ids[account.role] = result.id;
	}

	const [existingWorkshop] = await db
		.select({ id: workshops.id })
		.from(workshops)
		.where(eq(workshops.code, DEMO_JOIN_CODE));
	if (existingWorkshop) {
		// A database seeded before the history existed gains it on the next `npm run demo`.
		if (options.history) await seedHistory(db);
		return { created: false };
	}

	await db.transaction(async (tx) => {
		const [dergano] = await tx
			.select({ id: branches.id })
			.from(branches)
			.where(eq(branches.slug, 'dergano'));
		if (!dergano) throw new Error('Reference data missing: branch "dergano".');

		const [process] = await tx
			.insert(processes)
			.values({
				title: 'La biblioteca che vorrei — Dergano',
				challenge:
					'Come può la Biblioteca Dergano diventare il luogo del quartiere anche per chi oggi non la frequenta? ' +
					'Ripensiamo insieme spazi, orari e servizi con chi abita a Dergano e Bovisa.',
				createdBy: ids.manager
			})
			.returning({ id: processes.id });
		await tx.insert(processBranches).values({ processId: process!.id, branchId: dergano.id });

		const [workshop] = await tx
			.insert(workshops)
			.values({
				processId: process!.id,
				title: 'La biblioteca che vorrei — serata di quartiere',
				code: DEMO_JOIN_CODE,
				status: 'live',
				startsAt: new Date(),
				branchId: dergano.id,
				welcomeText:
					'Benvenute e benvenuti! Stasera immaginiamo insieme la biblioteca di Dergano. ' +
					'Scrivete dal telefono: non servono email né password, solo un soprannome.',
				createdBy: ids.facilitator
			})
			.returning({ id: workshops.id });
		await tx
			.insert(workshopFacilitators)
			.values({ workshopId: workshop!.id, userId: ids.facilitator! });

		const [empathy, ideas] = await tx
			.insert(boards)
			.values([
				{
					workshopId: workshop!.id,
					kind: 'empathy-map',
					prompt: 'Chi usa la biblioteca, e chi no? Cosa dice, pensa, fa e prova?',
					phase: 'open'
				},
				{
					workshopId: workshop!.id,
					kind: 'idea-wall',
					prompt: 'Come potremmo rendere la biblioteca il posto del quartiere?',
					phase: 'locked'
				}
			])
			.returning({ id: boards.id });
		await tx.insert(activities).values([
			{
				workshopId: workshop!.id,
				position: 0,
				kind: 'empathy-map',
				title: 'Mappa dell’empatia',
				boardId: empathy!.id
			},
			{
				workshopId: workshop!.id,
				position: 1,
				kind: 'idea-wall',
				title: 'Muro delle idee',
				boardId: ideas!.id
			}
		]);
	});
	if (options.history) await seedHistory(db);
	return { created: true };
}
