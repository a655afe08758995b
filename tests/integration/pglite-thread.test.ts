import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { bigint, customType, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, openPgliteThread } from '../../src/lib/server/db/client';
import type { DatabaseHandle } from '../../src/lib/server/db/client';
import { isUniqueViolation } from '../../src/lib/server/db/errors';

// The production server runs embedded PGlite on a worker thread (pglite-remote.ts); the dev server
// and the CLI run it in-process. Both must answer Drizzle identically.
const SCRIPT = path.resolve('build/pglite-worker.js');

const bytes = customType<{ data: Uint8Array }>({ dataType: () => 'bytea' });
const things = pgTable('things', {
	id: serial('id').primaryKey(),
	name: text('name').notNull().unique(),
	blob: bytes('blob'),
	data: jsonb('data'),
	big: bigint('big', { mode: 'number' }),
	at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
});
const CREATE = sql`create table things (id serial primary key, name text not null unique,
	blob bytea, data jsonb, big bigint, at timestamptz not null default now())`;

async function exercise(handle: DatabaseHandle) {
	const { db } = handle;
	await db.execute(CREATE);
	const blob = new Uint8Array(300_000).map((_, i) => i % 251);
	const at = new Date('2026-11-27T18:30:00.123Z');
	await db
		.insert(things)
		.values({ name: 'a', blob, data: { nested: [1, 'due'] }, big: 2 ** 40, at });
	const [row] = await db.select().from(things);
	const duplicate = await db
		.insert(things)
		.values({ name: 'a' })
		.then(
			() => null,
			(error: unknown) => error
		);
	const rolledBack = await db
		.transaction(async (tx) => {
			await tx.insert(things).values({ name: 'b' });
			throw new Error('changed my mind');
		})
		.catch((error: Error) => error.message);
	await db.transaction(async (tx) => {
		await tx.insert(things).values({ name: 'c' });
		await tx
			.transaction(async (inner) => {
				await inner.insert(things).values({ name: 'd' });
				inner.rollback();
			})
			.catch(() => {});
	});
	const names = (await db.select({ name: things.name }).from(things)).map((r) => r.name).sort();
	return {
		blob: Buffer.from(row!.blob!).equals(Buffer.from(blob)),
		data: row!.data,
		big: row!.big,
		at: row!.at.toISOString(),
		duplicateIsUniqueViolation: isUniqueViolation(duplicate),
		rolledBack,
		names
	};
}

describe('embedded PGlite on its own thread', () => {
	let dir: string;
	let thread: DatabaseHandle;
	let inProcess: DatabaseHandle;

	beforeAll(async () => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'piazza-pglite-thread-'));
		[thread, inProcess] = await Promise.all([
			openPgliteThread({ dataDir: path.join(dir, 'pglite'), script: SCRIPT }),
			openPglite()
		]);
	});

	afterAll(async () => {
		await thread?.close();
		await inProcess?.close();
		fs.rmSync(dir, { recursive: true, force: true });
	});

	it('answers Drizzle exactly as in-process PGlite does: bytea, json, bigint, dates, errors, transactions', async () => {
		const remote = await exercise(thread);
		expect(remote).toEqual(await exercise(inProcess));
		expect(remote).toEqual({
			blob: true,
			data: { nested: [1, 'due'] },
			big: 2 ** 40,
			at: '2026-11-27T18:30:00.123Z',
			duplicateIsUniqueViolation: true,
			rolledBack: 'changed my mind',
			names: ['a', 'c']
		});
	});

	it('holds other queries while a transaction is open, as PGlite does in-process', async () => {
		await thread.db.execute(sql`create table counter (n int not null)`);
		await thread.db.execute(sql`insert into counter values (0)`);
		let release!: () => void;
		const held = new Promise<void>((resolve) => (release = resolve));
		// Rolled back at the end: a query let in while it was open would have seen its 1.
		const transaction = thread.db
			.transaction(async (tx) => {
				await tx.execute(sql`update counter set n = 1`);
				await held;
				throw new Error('undo');
			})
			.catch(() => {});
		const outside = thread.db.execute(sql`select n from counter`);
		await new Promise((resolve) => setTimeout(resolve, 50));
		release();
		await transaction;
		const result = (await outside) as unknown as { rows: { n: number }[] };
		expect(result.rows[0]!.n).toBe(0);
	});

	it('keeps what it stored across a reopen of the same folder', async () => {
		await thread.db.execute(sql`create table kept (v text)`);
		await thread.db.execute(sql`insert into kept values ('ancora qui')`);
		await thread.close();
		thread = await openPgliteThread({ dataDir: path.join(dir, 'pglite'), script: SCRIPT });
		const result = (await thread.db.execute(sql`select v from kept`)) as unknown as {
			rows: { v: string }[];
		};
		expect(result.rows).toEqual([{ v: 'ancora qui' }]);
	});

	it('fails every query clearly once the database is closed, instead of hanging', async () => {
		const other = await openPgliteThread({ dataDir: path.join(dir, 'other'), script: SCRIPT });
		await other.close();
		await expect(other.ping()).rejects.toThrow(/embedded database stopped/);
	});
});
