// Runs once per Vitest run (integration project): builds one migrated PGlite template so that each
// test file clones it in well under a second instead of paying PGlite's initdb (4-6 s) every time,
// and checks TEST_DATABASE_URL: when it is set, PostgreSQL tests must run, so an unreachable server
// fails the run instead of skipping it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { openPglite } from '../../src/lib/server/db/client';
import { applyMigrations } from '../../src/lib/server/db/migrate';
import { seedReferenceData } from '../../src/lib/server/reference/seed';

declare module 'vitest' {
	export interface ProvidedContext {
		/** A DATA_DIR holding a migrated, seeded PGlite database, to copy for a server under test. */
		pgliteTemplateDir: string;
		/** The same database as a `dumpDataDir()` tarball, to load in memory. */
		pgliteDumpFile: string;
	}
}

export default async function setup(project: TestProject) {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'piazza-template-'));
	const dataDir = path.join(root, 'data');
	fs.mkdirSync(dataDir);
	const pg = await openPglite({ dataDir: path.join(dataDir, 'pglite') });
	await applyMigrations(pg, path.resolve('drizzle'));
	await seedReferenceData(pg.db);
	const dump = await pg.client.dumpDataDir('none');
	const dumpFile = path.join(root, 'template.tar');
	fs.writeFileSync(dumpFile, Buffer.from(await dump.arrayBuffer()));
	await pg.close();

	const url = process.env.TEST_DATABASE_URL;
	if (url) {
		const sql = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
		try {
			await sql`select 1`;
		} catch (error) {
			throw new Error(
				`TEST_DATABASE_URL is set but PostgreSQL does not answer (${(error as Error).message}). ` +
					'Start it, or unset TEST_DATABASE_URL to run on PGlite only.'
			);
		} finally {
			await sql.end();
		}
	}

	project.provide('pgliteTemplateDir', dataDir);
	project.provide('pgliteDumpFile', dumpFile);
	return () => fs.rmSync(root, { recursive: true, force: true });
}
