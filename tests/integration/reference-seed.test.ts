import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/server/db/client';
import { branches, services } from '../../src/lib/server/db/schema/index';
import { milanoNetwork, seedReferenceData } from '../../src/lib/server/reference/seed';
import { createTestDatabase, databaseKinds } from '../helpers/db';
import type { TestDatabase } from '../helpers/db';

describe.each(databaseKinds)('the Milan reference data on %s', (kind) => {
	let t: TestDatabase;
	let db: Database;
	beforeAll(async () => {
		t = await createTestDatabase(kind);
		db = t.handle.db;
	});
	afterAll(() => t.dispose());

	it('holds every branch and service of the data set after the first start', async () => {
		const slugs = (await db.select({ slug: branches.slug }).from(branches)).map((b) => b.slug);
		expect(slugs.sort()).toEqual(milanoNetwork.branches.map((b) => b.slug).sort());
		const [dergano] = await db.select().from(branches).where(eq(branches.slug, 'dergano'));
		expect(dergano).toMatchObject({ name: 'Biblioteca Dergano', municipioId: 9, retiredAt: null });
		expect(await db.select().from(services)).toHaveLength(milanoNetwork.services.length);
	});

	it('leaves what admins changed alone at the next start: renamed, retired, deleted', async () => {
		await db
			.update(branches)
			.set({ name: 'Biblioteca di Dergano-Bovisa' })
			.where(eq(branches.slug, 'dergano'));
		await db.update(services).set({ retiredAt: new Date() }).where(eq(services.slug, 'bibliobus'));
		await db.delete(branches).where(eq(branches.slug, 'sormani'));
		await seedReferenceData(db);
		await seedReferenceData(db);
		const [dergano] = await db.select().from(branches).where(eq(branches.slug, 'dergano'));
		expect(dergano!.name).toBe('Biblioteca di Dergano-Bovisa');
		const [bus] = await db.select().from(services).where(eq(services.slug, 'bibliobus'));
		expect(bus!.retiredAt).not.toBeNull();
		expect(await db.select().from(branches).where(eq(branches.slug, 'sormani'))).toHaveLength(0);
	});
});
