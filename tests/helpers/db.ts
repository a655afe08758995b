import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { inject } from 'vitest';
import { openPglite, openPostgres } from '../../src/lib/server/db/client';
import type { DatabaseHandle, DatabaseKind } from '../../src/lib/server/db/client';
import { applyMigrations } from '../../src/lib/server/db/migrate';
import { seedReferenceData } from '../../src/lib/server/reference/seed';

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL is set. Use with `describe.each`. */
export const databaseKinds: DatabaseKind[] = process.env.TEST_DATABASE_URL
	? ['pglite', 'postgres']
	: ['pglite'];

export interface TestDatabase {
	handle: DatabaseHandle;
	/** For PostgreSQL, the URL of this test's own database (to hand to a server under test). */
	url?: string;
	dispose(): Promise<void>;
}

/** A fresh PostgreSQL database on the TEST_DATABASE_URL server (or `adminUrl`), migrated and seeded. */
export async function createPostgresDatabase(adminUrl = process.env.TEST_DATABASE_URL): Promise<{
	url: string;
	drop: () => Promise<void>;
}> {
	if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set.');
	const name = `piazza_t_${randomBytes(6).toString('hex')}`;
	const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database "${name}"`);
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	const handle = openPostgres(url.toString(), { max: 2 });
	await applyMigrations(handle, path.resolve('drizzle'));
	await seedReferenceData(handle.db);
	await handle.close();
	return {
		url: url.toString(),
		drop: async () => {
			await admin.unsafe(`drop database if exists "${name}" with (force)`);
			await admin.end();
		}
	};
}

/** A migrated database with the Milan reference data, private to the calling test file. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
	if (kind === 'pglite') {
		const dump = fs.readFileSync(inject('pgliteDumpFile'));
		const handle = await openPglite({ loadDataDir: new Blob([dump]) });
		return { handle, dispose: () => handle.close() };
	}
	const { url, drop } = await createPostgresDatabase();
	const handle = openPostgres(url, { max: 5 });
	return {
		handle,
		url,
		dispose: async () => {
			await handle.close();
			await drop();
		}
	};
}
