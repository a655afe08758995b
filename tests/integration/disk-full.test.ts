// Issue 8 and RELIABILITY.md 40, "disk full": the database refuses the journal's writes with
// SQLSTATE 53100 (disk_full), raised by a trigger on `collab_updates`: the real database failing a
// real write, as a full disk makes it. While it fails, /healthz answers 503 with the reason (staff
// pages show "saving paused" from it), the live board keeps working from memory, and once the
// fault is gone every accepted edit is stored.
//
// On PostgreSQL the test installs the trigger while the server runs and drops it again. PGlite is
// embedded in the server's process, which holds its data directory alone: nothing else may open it
// while the server runs. So there the trigger is installed before the server starts and raises
// only while a flag file exists in the data directory (PGlite's files are the real directory on
// disk, which `pg_stat_file` reads): the test creates the file and removes it.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseKind } from '../../src/lib/server/db/client';
import { EditLog, editInTurn, writersAndReader } from '../helpers/board-edits';
import type { Resident, WritersAndReader } from '../helpers/board-edits';
import { connect } from '../helpers/collab';
import type { Client } from '../helpers/collab';
import { databaseKinds } from '../helpers/db';
import { startSite } from '../helpers/site';
import type { Site } from '../helpers/site';

/** What a full disk answers an INSERT: PostgreSQL's own error class and code. */
const RAISE_DISK_FULL =
	"raise exception 'could not extend file: No space left on device' using errcode = 'disk_full';";
const FILL_DISK = sql.raw(`
	create function piazza_test_disk_full() returns trigger language plpgsql as $$
	begin
		${RAISE_DISK_FULL}
	end $$;
	create trigger piazza_test_disk_full before insert on collab_updates
		for each statement execute function piazza_test_disk_full();
`);
const FREE_DISK = sql.raw(`
	drop trigger piazza_test_disk_full on collab_updates;
	drop function piazza_test_disk_full();
`);

/** The flag file, in PGlite's data directory, whose presence makes the disk "full". */
const FLAG = 'piazza_test_disk_full';
/**
 * On PGlite: the same trigger, raising only while FLAG exists (`size` is null when it does not).
 * One statement each: PGlite takes one statement per query.
 */
const FILL_DISK_WHEN_FLAGGED = [
	sql.raw(`
	create function piazza_test_disk_full() returns trigger language plpgsql as $$
	begin
		if (pg_stat_file('${FLAG}', true)).size is not null then
			${RAISE_DISK_FULL}
		end if;
		return null;
	end $$`),
	sql.raw(`
	create trigger piazza_test_disk_full before insert on collab_updates
		for each statement execute function piazza_test_disk_full()`)
];

/** Fills and frees the disk under the running server. */
interface Fault {
	fill(): Promise<void>;
	free(): Promise<void>;
}

function faultOn(kind: DatabaseKind, site: Site<WritersAndReader>): Fault {
	if (kind === 'postgres') {
		return {
			fill: async () => void (await site.inspect((db) => db.execute(FILL_DISK))),
			free: async () => void (await site.inspect((db) => db.execute(FREE_DISK)))
		};
	}
	const flag = path.join(site.databaseEnv.DATA_DIR!, 'pglite', FLAG);
	return {
		fill: async () => fs.writeFileSync(flag, ''),
		free: async () => fs.rmSync(flag, { force: true })
	};
}

interface Health {
	status: number;
	body: { ok?: boolean; reason?: string; collab?: { queued: number; failure: string | null } };
}

async function health(url: string): Promise<Health> {
	const response = await fetch(`${url}/healthz`);
	return { status: response.status, body: await response.json() };
}

describe.each(databaseKinds)('a full disk under a live workshop on %s', (kind) => {
	let site: Site<WritersAndReader>;
	let fault: Fault;
	const open = new Set<Client>();
	const client = async (resident: Resident) => {
		const c = await connect(site.url, site.prepared.board, resident.token);
		open.add(c);
		return c;
	};

	beforeAll(async () => {
		site = await startSite<WritersAndReader>(kind, {
			prepare: async (db) => {
				if (kind === 'pglite') for (const step of FILL_DISK_WHEN_FLAGGED) await db.execute(step);
				return writersAndReader(db);
			}
		});
		fault = faultOn(kind, site);
	}, 120_000);
	afterEach(async () => {
		for (const c of open) c.destroy();
		open.clear();
		await fault?.free().catch(() => {});
	});
	afterAll(async () => {
		await site?.stop();
	});

	it('says so, keeps the board live from memory, and stores every edit once the disk has room', async () => {
		const log = new EditLog();
		const writers = await Promise.all(
			site.prepared.writers.map(async (resident) => ({
				resident,
				client: await client(resident)
			}))
		);
		const observer = await client(site.prepared.reader);
		await editInTurn(log, writers, 30, 5);
		await expect.poll(() => log.missingFrom(observer.doc)).toEqual([]);
		expect((await health(site.url)).status).toBe(200);

		await fault.fill();
		await editInTurn(log, writers, 60, 5);

		// Everyone connected still sees every edit: the board lives in memory.
		await expect.poll(() => log.missingFrom(observer.doc), { timeout: 15_000 }).toEqual([]);
		// /healthz says what is wrong, and that the edits are held.
		await expect
			.poll(async () => (await health(site.url)).body.reason, { timeout: 15_000 })
			.toBe('disk-full');
		const failing = await health(site.url);
		expect(failing.status).toBe(503);
		expect(failing.body.ok).toBe(false);
		expect(failing.body.collab?.failure).toBe('disk-full');
		expect(failing.body.collab?.queued).toBeGreaterThan(0);
		expect(site.server.output()).toMatch(/storing updates failed \(disk-full: .*No space left/);
		// Someone arriving now gets the whole board, the edits not stored yet included.
		const late = await client(site.prepared.reader);
		expect(log.missingFrom(late.doc)).toEqual([]);
		expect(writers.flatMap((w) => w.client.denied)).toEqual([]);

		await fault.free();
		await expect
			.poll(async () => (await health(site.url)).body.collab?.queued, { timeout: 30_000 })
			.toBe(0);
		const recovered = await health(site.url);
		expect(recovered.status).toBe(200);
		expect(recovered.body.reason).toBeUndefined();
		expect(site.server.output()).toMatch(/storing works again after \d+ ms/);

		// The database alone holds them: the clients leave, the server crashes and comes back.
		for (const c of open) c.destroy();
		open.clear();
		await site.restart({ kill: true });
		const reader = await client(site.prepared.reader);
		expect(log.missingFrom(reader.doc)).toEqual([]);
		expect(log.heldBy(reader.doc)).toEqual(log.expected());
		expect(log.count).toBe(90);
	}, 120_000);
});
