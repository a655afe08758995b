import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import { byteaCodec } from './bytea';
import { PgliteRemote } from './pglite-remote';
import * as schema from './schema/index';

/**
 * The one database type every query is written against. Both drivers produce a PgDatabase over the
 * same schema, so services never know which one they run on.
 */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
	kind: DatabaseKind;
	db: Database;
	/** Cheap liveness probe for /healthz. */
	ping(): Promise<void>;
	/**
	 * Opens connections ahead of need (PostgreSQL): a connection opened on the path of a request
	 * costs a new server process, authentication and postgres.js's type lookup, which under load
	 * is 100 ms or more — the very moment after a restart when phones hand back their edits.
	 */
	warm?(): Promise<void>;
	/**
	 * Runs `fn` while holding a database-wide lock, so that several instances starting at once do
	 * not run one-time work (migrations, seeding) side by side.
	 */
	exclusive<T>(fn: () => Promise<T>): Promise<T>;
	close(): Promise<void>;
}

/** Arbitrary fixed key of Piazza's start-up advisory lock. */
const ADVISORY_LOCK_KEY = 7_305_112_042;

/** Connections a PostgreSQL pool opens at start (see `warm`). */
const WARM_CONNECTIONS = 4;

/** PostgreSQL through postgres.js (DATABASE_URL). */
export function openPostgres(url: string, options: { max?: number } = {}): DatabaseHandle {
	const client = postgres(url, {
		max: options.max ?? 10,
		// Notices about "already exists" during idempotent DDL are noise.
		onnotice: () => {},
		connection: { application_name: 'piazza' }
	});
	const db = drizzlePostgres(client, { schema }) as unknown as Database;
	return {
		kind: 'postgres',
		db,
		ping: async () => {
			await db.execute(sql`select 1`);
		},
		warm: async () => {
			// Held a moment each, so that they run side by side on separate connections. A few, not
			// the pool's maximum: many instances and tools share one PostgreSQL's connection limit.
			const ahead = Math.min(WARM_CONNECTIONS, options.max ?? 10);
			await Promise.all(Array.from({ length: ahead }, () => client`select pg_sleep(0.02)`));
		},
		exclusive: async (fn) => {
			// Session-level advisory locks belong to one connection: hold a reserved one throughout.
			const reserved = await client.reserve();
			try {
				await reserved`select pg_advisory_lock(${ADVISORY_LOCK_KEY})`;
				return await fn();
			} finally {
				await reserved`select pg_advisory_unlock(${ADVISORY_LOCK_KEY})`.catch(() => {});
				reserved.release();
			}
		},
		close: () => client.end({ timeout: 5 })
	};
}

/**
 * Embedded PGlite. `dataDir` undefined keeps it in memory (tests); `loadDataDir` starts from a dump
 * (tests clone one migrated template instead of paying initdb per file).
 */
export async function openPglite(
	options: { dataDir?: string; loadDataDir?: Blob } = {}
): Promise<DatabaseHandle & { client: PGlite }> {
	const client = await PGlite.create({
		dataDir: options.dataDir,
		loadDataDir: options.loadDataDir,
		...byteaCodec
	});
	const db = drizzlePglite(client, { schema }) as unknown as Database;
	return {
		kind: 'pglite',
		db,
		client,
		ping: async () => {
			await client.query('select 1');
		},
		// PGlite has one connection, owned by this process (see data-dir.ts): nothing to coordinate.
		exclusive: (fn) => fn(),
		close: () => client.close()
	};
}

/**
 * Embedded PGlite on a thread of its own (`script`: the built `pglite-worker.js`), so that its
 * synchronous WebAssembly never holds the event loop: see pglite-thread.ts.
 */
export async function openPgliteThread(options: {
	dataDir: string;
	script: string | URL;
}): Promise<DatabaseHandle> {
	const client = await PgliteRemote.start(options.script, { dataDir: options.dataDir });
	const db = drizzlePglite(client as unknown as PGlite, { schema }) as unknown as Database;
	return {
		kind: 'pglite',
		db,
		ping: async () => {
			await client.query('select 1');
		},
		exclusive: (fn) => fn(),
		close: () => client.close()
	};
}
