// Issue 8 and RELIABILITY.md 40, "disk full": the database refuses the journal's writes with
// SQLSTATE 53100 (disk_full), raised by a trigger the test installs on `collab_updates` and drops
// again: the real database failing a real write, as a full disk makes it. While it fails, /healthz
// answers 503 with the reason (staff pages show "saving paused" from it), the live board keeps
// working from memory, and once the fault is gone every accepted edit is stored.
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/server/db/client';
import { EditLog, addResidents, editInTurn } from '../helpers/board-edits';
import type { Resident } from '../helpers/board-edits';
import { connect, demoBoards } from '../helpers/collab';
import type { Client } from '../helpers/collab';
import { startSite } from '../helpers/site';
import type { Site } from '../helpers/site';
import { demoWorkshopId } from '../helpers/workshops';

interface Prepared {
	board: string;
	writers: Resident[];
	reader: Resident;
}

const prepare = async (db: Database): Promise<Prepared> => {
	const workshopId = await demoWorkshopId(db);
	const writers = await addResidents(db, workshopId, ['Ada', 'Bruno', 'Carla']);
	const [reader] = await addResidents(db, workshopId, ['Lettrice']);
	return { board: `board:${(await demoBoards(db, workshopId)).open}`, writers, reader: reader! };
};

/** What a full disk answers an INSERT: PostgreSQL's own error class and code. */
const FILL_DISK = sql.raw(`
	create function piazza_test_disk_full() returns trigger language plpgsql as $$
	begin
		raise exception 'could not extend file: No space left on device' using errcode = 'disk_full';
	end $$;
	create trigger piazza_test_disk_full before insert on collab_updates
		for each statement execute function piazza_test_disk_full();
`);
const FREE_DISK = sql.raw(`
	drop trigger piazza_test_disk_full on collab_updates;
	drop function piazza_test_disk_full();
`);

interface Health {
	status: number;
	body: { ok?: boolean; reason?: string; collab?: { queued: number; failure: string | null } };
}

async function health(url: string): Promise<Health> {
	const response = await fetch(`${url}/healthz`);
	return { status: response.status, body: await response.json() };
}

const noPostgres = process.env.TEST_DATABASE_URL
	? null
	: 'TEST_DATABASE_URL is not set: the fault is a trigger installed while the server runs, which needs PostgreSQL';

describe.skipIf(noPostgres !== null)(
	`a full disk under a live workshop on postgres${noPostgres ? ` (skipped: ${noPostgres})` : ''}`,
	() => {
		let site: Site<Prepared>;
		const open = new Set<Client>();
		const client = async (resident: Resident) => {
			const c = await connect(site.url, site.prepared.board, resident.token);
			open.add(c);
			return c;
		};

		beforeAll(async () => {
			site = await startSite<Prepared>('postgres', { prepare });
		}, 120_000);
		afterEach(async () => {
			for (const c of open) c.destroy();
			open.clear();
			await site.inspect((db) => db.execute(FREE_DISK)).catch(() => {});
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

			await site.inspect((db) => db.execute(FILL_DISK));
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

			await site.inspect((db) => db.execute(FREE_DISK));
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
	}
);
