import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
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
	 * Runs `fn` while holding a database-wide lock, so that several instances starting at once do
	 * not run one-time work (migrations, seeding) side by side.
	 */
	exclusive<T>(fn: () => Promise<T>): Promise<T>;
	close(): Promise<void>;
}

/** Arbitrary fixed key of Piazza's start-up advisory lock. */
const ADVISORY_LOCK_KEY = 7_305_112_042;

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

/** PostgreSQL's type id of `bytea`. */
const BYTEA = 17;

/**
 * PGlite's own bytea conversions turn every byte into a string and back (a stored board of 300 KB
 * took 70 ms to read); live documents move bytea on every load and write. Hex text both ways, as
 * PostgreSQL's `bytea_output = hex` gives it, through Buffer's native codec.
 */
function parseBytea(text: string): Uint8Array {
	return Buffer.from(text.slice(2), 'hex');
}
function serializeBytea(value: unknown): string {
	if (!(value instanceof Uint8Array)) throw new Error('Invalid input for bytea type');
	return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
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
		parsers: { [BYTEA]: parseBytea },
		serializers: { [BYTEA]: serializeBytea }
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
