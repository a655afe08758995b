// Issue 8, "Backups": `npm run cli -- backup <file>` and `restore <file>` on PGlite and PostgreSQL,
// and between them. A round trip is judged by every row of every table and by the decoded state of
// every live document, read from the source and the restored database side by side.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Journal } from '../../src/lib/server/collab/journal';
import { openPglite, openPostgres } from '../../src/lib/server/db/client';
import type { Database, DatabaseHandle, DatabaseKind } from '../../src/lib/server/db/client';
import { addResidents } from '../helpers/board-edits';
import type { Resident } from '../helpers/board-edits';
import { connect, demoBoards, noteKey, noteOf } from '../helpers/collab';
import { createPostgresDatabase, databaseKinds } from '../helpers/db';
import { startSite } from '../helpers/site';
import type { Site } from '../helpers/site';
import { demoWorkshopId } from '../helpers/workshops';

interface Prepared {
	board: string;
	writer: Resident;
	reader: Resident;
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'piazza-backup-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));
let files = 0;
const newFile = () => path.join(scratch, `backup-${files++}.piazza.gz`);

function cli(env: Record<string, string>, ...args: string[]) {
	return spawnSync(process.execPath, ['build/cli.js', ...args], {
		env: { PATH: process.env.PATH, ...env },
		encoding: 'utf8',
		timeout: 120_000
	});
}

/** A database of `kind` to restore into, as new as a fresh install leaves it. */
interface Target {
	env: Record<string, string>;
	open(): Promise<DatabaseHandle>;
	dispose(): Promise<void>;
}

async function newTarget(kind: DatabaseKind): Promise<Target> {
	if (kind === 'postgres') {
		const { url, drop } = await createPostgresDatabase();
		return {
			env: { DATABASE_URL: url },
			open: async () => openPostgres(url, { max: 1 }),
			dispose: drop
		};
	}
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'piazza-restore-'));
	return {
		env: { DATA_DIR: dir },
		open: () => openPglite({ dataDir: path.join(dir, 'pglite') }),
		dispose: async () => fs.rmSync(dir, { recursive: true, force: true })
	};
}

function rowsOf<T>(result: unknown): T[] {
	return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** Every table of the public schema with its rows as PostgreSQL renders them, in a stable order. */
async function contents(db: Database): Promise<Record<string, unknown[]>> {
	return db.transaction(async (tx) => {
		await tx.execute(sql`set local time zone 'UTC'`);
		const tables = rowsOf<{ name: string }>(
			await tx.execute(
				sql`select relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
					where n.nspname = 'public' and c.relkind = 'r' order by relname`
			)
		);
		const out: Record<string, unknown[]> = {};
		for (const { name } of tables) {
			const rows = rowsOf<{ row: string }>(
				await tx.execute(
					sql`select to_jsonb(t)::text as row from ${sql.identifier(name)} t order by 1`
				)
			);
			out[name] = rows.map((r) => JSON.parse(r.row));
		}
		return out;
	});
}

/** Every live document the database holds, decoded: name → full state as one update. */
async function documents(db: Database): Promise<Map<string, Y.Doc>> {
	const names = rowsOf<{ name: string }>(
		await db.execute(
			sql`select name from collab_documents union select doc_name from collab_updates order by 1`
		)
	);
	const journal = new Journal(db, 1_000, () => {});
	const docs = new Map<string, Y.Doc>();
	for (const { name } of names) {
		const doc = new Y.Doc();
		for (const update of (await journal.load(name)).updates) Y.applyUpdate(doc, update);
		docs.set(name, doc);
	}
	return docs;
}

async function withHandle<R>(
	open: () => Promise<DatabaseHandle>,
	fn: (db: Database) => Promise<R>
) {
	const handle = await open();
	try {
		return await fn(handle.db);
	} finally {
		await handle.close();
	}
}

describe.each(databaseKinds)('a backup of %s', (kind) => {
	let site: Site<Prepared>;
	let openSource: () => Promise<DatabaseHandle>;
	let backup: string;
	let notes: Record<string, string>;
	let backupSaid: string;

	beforeAll(async () => {
		site = await startSite<Prepared>(kind, {
			history: true,
			prepare: async (db) => {
				const workshopId = await demoWorkshopId(db);
				const [writer, reader] = await addResidents(db, workshopId, ['Ada', 'Lettrice']);
				return {
					board: `board:${(await demoBoards(db, workshopId)).open}`,
					writer: writer!,
					reader: reader!
				};
			}
		});
		// A live board: notes written through a stock client, seen by a second one, so accepted.
		const { board, writer, reader } = site.prepared;
		const writing = await connect(site.url, board, writer.token);
		const reading = await connect(site.url, board, reader.token);
		notes = {};
		for (let i = 0; i < 30; i++) {
			const key = noteKey(writer.id);
			notes[key] = `idea ${i} — àèìòù "quoted" \\ back`;
			writing.doc.getMap('notes').set(key, noteOf(writer.id, writer.name, notes[key]));
		}
		await new Promise<void>((resolve) => {
			const check = () => {
				if (Object.keys(notes).every((k) => reading.doc.getMap('notes').has(k))) resolve();
			};
			reading.doc.on('update', check);
			check();
		});
		writing.destroy();
		reading.destroy();
		// Stopped, so that nothing changes after the backup (and PGlite's folder is free).
		await site.server.stop();
		openSource =
			kind === 'postgres'
				? async () => openPostgres(site.databaseEnv.DATABASE_URL!, { max: 1 })
				: () => openPglite({ dataDir: path.join(site.databaseEnv.DATA_DIR!, 'pglite') });

		backup = newFile();
		const result = cli(site.databaseEnv, 'backup', backup);
		if (result.status !== 0) throw new Error(`backup failed: ${result.stderr}`);
		backupSaid = result.stdout;
	}, 180_000);
	afterAll(async () => {
		await site?.stop();
	});

	it('writes the backup in one step and says how much it holds', () => {
		expect(backupSaid).toMatch(/^Backup written to .*: \d+ rows in \d+ tables\.\n$/);
		expect(fs.existsSync(`${backup}.partial`)).toBe(false);
	});

	it.each(databaseKinds)(
		'restores into a fresh %s database with every row of every table and every document',
		async (targetKind) => {
			const target = await newTarget(targetKind);
			try {
				const result = cli(target.env, 'restore', backup);
				expect(result.stderr).toBe('');
				expect(result.status).toBe(0);
				expect(result.stdout).toMatch(/^Restored \d+ rows in \d+ tables from /);

				const [before, docsBefore] = await withHandle(
					openSource,
					async (db) => [await contents(db), await documents(db)] as const
				);
				const [after, docsAfter] = await withHandle(
					target.open,
					async (db) => [await contents(db), await documents(db)] as const
				);
				expect(Object.keys(after)).toEqual(Object.keys(before));
				for (const table of Object.keys(before)) {
					expect(after[table], table).toEqual(before[table]);
				}
				// Not an empty success: the demo's year, the live board and its journal came along.
				expect(before.workshops!.length).toBeGreaterThan(1);
				expect(before.collab_updates!.length).toBeGreaterThan(0);
				expect(before.proposals!.length).toBeGreaterThan(0);

				expect([...docsAfter.keys()]).toEqual([...docsBefore.keys()]);
				for (const [name, doc] of docsBefore) {
					const restored = docsAfter.get(name)!;
					expect(Y.encodeStateVector(restored), name).toEqual(Y.encodeStateVector(doc));
					expect(Y.encodeStateAsUpdate(restored), name).toEqual(Y.encodeStateAsUpdate(doc));
				}
				const board = docsAfter.get(site.prepared.board)!;
				for (const [key, text] of Object.entries(notes)) {
					expect((board.getMap('notes').get(key) as { text: string }).text).toBe(text);
				}

				// The restored database runs: a new journal row takes an id after the restored ones.
				const ids = await withHandle(target.open, async (db) => {
					const journal = new Journal(db, 1_000, () => {});
					journal.append({
						docName: site.prepared.board,
						update: Y.encodeStateAsUpdate(new Y.Doc()),
						writer: 'server',
						newClients: []
					});
					expect(await journal.flush()).toBe(true);
					return rowsOf<{ id: number }>(
						await db.execute(sql`select id::int as id from collab_updates order by id`)
					).map((r) => r.id);
				});
				expect(new Set(ids).size).toBe(ids.length);
			} finally {
				await target.dispose();
			}
		},
		180_000
	);

	it('refuses to restore over a database in use unless told to, changing nothing', async () => {
		const target = await newTarget(kind);
		try {
			expect(
				cli(target.env, 'user:create', '--email', 'qui@example.org', '--role', 'admin').status
			).toBe(0);
			const refused = cli(target.env, 'restore', backup);
			expect(refused.status).toBe(1);
			expect(refused.stderr).toMatch(
				/^Error: the database is not empty \(.*users.*\): .*--force.*\.\n$/
			);
			const kept = await withHandle(target.open, (db) => contents(db));
			expect(kept.users!.map((u) => (u as { email: string }).email)).toEqual(['qui@example.org']);

			const forced = cli(target.env, 'restore', backup, '--force');
			expect(forced.status).toBe(0);
			const replaced = await withHandle(target.open, (db) => contents(db));
			expect(replaced.users!.map((u) => (u as { email: string }).email)).not.toContain(
				'qui@example.org'
			);
		} finally {
			await target.dispose();
		}
	}, 180_000);

	it('refuses a damaged file, another migration and a missing file in one line, changing nothing', async () => {
		const target = await newTarget(kind);
		try {
			expect(cli(target.env, 'db:migrate').status).toBe(0);
			const empty = await withHandle(target.open, (db) => contents(db));
			const lines = gunzipSync(fs.readFileSync(backup)).toString('utf8').split('\n');

			const cut = newFile();
			fs.writeFileSync(cut, gzipSync(lines.slice(0, Math.floor(lines.length / 2)).join('\n')));
			const older = newFile();
			const header = JSON.parse(lines[0]!);
			header.migration = { hash: 'abc', createdAt: '1700000000000' };
			fs.writeFileSync(older, gzipSync([JSON.stringify(header), ...lines.slice(1)].join('\n')));
			const notGzip = newFile();
			fs.writeFileSync(notGzip, 'hello');

			const answers = [
				cli(target.env, 'restore', cut),
				cli(target.env, 'restore', older),
				cli(target.env, 'restore', notGzip),
				cli(target.env, 'restore', path.join(scratch, 'nothing-here.gz')),
				cli(target.env, 'restore')
			];
			expect(answers.map((a) => a.status)).toEqual([1, 1, 1, 1, 1]);
			expect(answers[0]!.stderr).toMatch(/^Error: .* is (incomplete|damaged).*\n$/);
			expect(answers[1]!.stderr).toMatch(
				/^Error: the backup was taken at migration 1700000000000, this database is at \d+: .*\n$/
			);
			expect(answers[2]!.stderr).toMatch(/^Error: .* is not a Piazza backup.*\n$/);
			expect(answers[3]!.stderr).toMatch(/^Error: no such file: .*\n$/);
			expect(answers[4]!.stderr).toMatch(/Error: restore needs a file name\.\n$/);
			expect(await withHandle(target.open, (db) => contents(db))).toEqual(empty);

			const again = cli(site.databaseEnv, 'backup', backup);
			expect(again.status).toBe(1);
			expect(again.stderr).toMatch(/^Error: .* already exists: choose a new file name\.\n$/);
		} finally {
			await target.dispose();
		}
	}, 180_000);
});
