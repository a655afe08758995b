import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { openPglite, openPostgres } from '../../src/lib/server/db/client';
import type { Database, DatabaseHandle, DatabaseKind } from '../../src/lib/server/db/client';
import { seedDemo } from '../../src/lib/server/demo/seed';
import { createPostgresDatabase } from './db';
import { startServer } from './server';
import type { RunningServer } from './server';

/**
 * The production server on its own database holding the demo data set, plus whatever `prepare`
 * adds before the server starts (a closed workshop, a staff session…). With PostgreSQL the test may
 * look into the database while the server runs; PGlite belongs to the server process while it runs
 * (one process per data folder), so there `inspect` stops the server first.
 */
export interface Site<T> {
	kind: DatabaseKind;
	/** Base URL; it changes on `restart()` (a new port). */
	url: string;
	server: RunningServer;
	/** Stops the server (SIGTERM, or SIGKILL with `kill`) and starts it again on the same database. */
	restart(options?: RestartOptions): Promise<void>;
	/** What `prepare` returned. */
	prepared: T;
	/** Where the server's database is, as the server and the CLI are told: DATABASE_URL or DATA_DIR. */
	databaseEnv: Record<string, string>;
	/** Runs `fn` on the site's database; on PGlite this ends the site (the server stops first). */
	inspect<R>(fn: (db: Database) => Promise<R>): Promise<R>;
	stop(): Promise<void>;
}

export interface RestartOptions {
	/** Crash it (`kill -9`) instead of a graceful stop. */
	kill?: boolean;
	/** Listen on the same port again, so that clients reconnecting to the old address find it. */
	samePort?: boolean;
}

export interface SiteOptions<T> {
	env?: Record<string, string>;
	prepare?: (db: Database) => Promise<T>;
	/** The demo's year of history too (as `npm run demo`), not only its live workshop. */
	history?: boolean;
	/** The PostgreSQL server to create the site's database on; default TEST_DATABASE_URL. */
	postgresUrl?: string;
}

export async function startSite<T = undefined>(
	kind: DatabaseKind,
	options: SiteOptions<T> = {}
): Promise<Site<T>> {
	const seed = async (db: Database) => {
		await seedDemo(db, { history: options.history });
		return options.prepare ? await options.prepare(db) : (undefined as T);
	};

	if (kind === 'postgres') {
		const { url, drop } = await createPostgresDatabase(options.postgresUrl);
		const handle = openPostgres(url, { max: 3 });
		const prepared = await seed(handle.db);
		const server = await startServer({ databaseUrl: url, env: options.env });
		const site: Site<T> = {
			kind,
			url: server.url,
			server,
			async restart(restart = {}) {
				const port = await halt(site.server, restart);
				site.server = await startServer({ databaseUrl: url, env: options.env, port });
				site.url = site.server.url;
			},
			prepared,
			databaseEnv: { DATABASE_URL: url },
			inspect: (fn) => fn(handle.db),
			async stop() {
				await site.server.stop();
				await handle.close();
				await drop();
			}
		};
		return site;
	}

	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'piazza-site-'));
	fs.cpSync(inject('pgliteTemplateDir'), dataDir, { recursive: true });
	const withPglite = async <R>(fn: (handle: DatabaseHandle) => Promise<R>) => {
		const handle = await openPglite({ dataDir: path.join(dataDir, 'pglite') });
		try {
			return await fn(handle);
		} finally {
			await handle.close();
		}
	};
	const prepared = await withPglite((handle) => seed(handle.db));
	const server = await startServer({ dataDir, env: options.env });
	const site: Site<T> = {
		kind,
		url: server.url,
		server,
		async restart(restart = {}) {
			const port = await halt(site.server, restart);
			site.server = await startServer({ dataDir, env: options.env, port });
			site.url = site.server.url;
		},
		prepared,
		databaseEnv: { DATA_DIR: dataDir },
		async inspect(fn) {
			await site.server.stop();
			return withPglite((handle) => fn(handle.db));
		},
		async stop() {
			await site.server.stop();
			fs.rmSync(dataDir, { recursive: true, force: true });
		}
	};
	return site;
}

/** Ends a site's server as `restart` asks; resolves to the port the next one should take. */
async function halt(server: RunningServer, options: RestartOptions): Promise<number | undefined> {
	if (options.kill) await server.kill();
	else await server.stop();
	return options.samePort ? server.port : undefined;
}
