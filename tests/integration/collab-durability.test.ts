// Issue 4, "Nothing lost" (DESIGN.md §5, RELIABILITY.md 37-38): what the live-document server
// accepted survives kill -9 of the server and a PostgreSQL restart, and an offline phone merges
// its edits on reconnect. Real production server, stock y-websocket clients, real time.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { EditLog, addResidents, editInTurn, health, sleep } from '../helpers/board-edits';
import type { Resident } from '../helpers/board-edits';
import { connect, demoBoards } from '../helpers/collab';
import type { Client } from '../helpers/collab';
import { databaseKinds } from '../helpers/db';
import { privatePostgresUnavailable, startPrivatePostgres } from '../helpers/private-postgres';
import type { PrivatePostgres } from '../helpers/private-postgres';
import { startSite } from '../helpers/site';
import type { Site } from '../helpers/site';
import type { Database } from '../../src/lib/server/db/client';
import { demoWorkshopId } from '../helpers/workshops';

interface Prepared {
	board: string;
	/** Five writers, then a reader who never writes. */
	residents: Resident[];
	reader: Resident;
}

const prepare = async (db: Database): Promise<Prepared> => {
	const workshopId = await demoWorkshopId(db);
	const residents = await addResidents(db, workshopId, ['Ada', 'Bruno', 'Carla', 'Dario', 'Elena']);
	const [reader] = await addResidents(db, workshopId, ['Lettrice']);
	return { board: `board:${(await demoBoards(db, workshopId)).open}`, residents, reader: reader! };
};

/** Sockets a test opened, closed after it whatever happened. */
function clientPool() {
	const open = new Set<Client>();
	return {
		async connect(site: Site<Prepared>, resident: Resident) {
			const client = await connect(site.url, site.prepared.board, resident.token);
			open.add(client);
			return client;
		},
		async writers(site: Site<Prepared>) {
			return Promise.all(
				site.prepared.residents.map(async (resident) => ({
					resident,
					client: await this.connect(site, resident)
				}))
			);
		},
		close(...clients: Client[]) {
			for (const client of clients.length > 0 ? clients : [...open]) {
				if (open.delete(client)) client.destroy();
			}
		}
	};
}

/** A client that never wrote, connected after everything happened: it sees what the server holds. */
async function expectEverything(
	site: Site<Prepared>,
	log: EditLog,
	pool: ReturnType<typeof clientPool>
) {
	const reader = await pool.connect(site, site.prepared.reader);
	expect(log.missingFrom(reader.doc)).toEqual([]);
	expect(log.heldBy(reader.doc)).toEqual(log.expected());
	pool.close(reader);
}

describe.each(databaseKinds)('nothing lost on %s', (kind) => {
	let site: Site<Prepared>;
	const pool = clientPool();

	beforeAll(async () => {
		site = await startSite<Prepared>(kind, { prepare });
	});
	afterEach(() => pool.close());
	afterAll(async () => {
		await site?.stop();
	});

	it('keeps every edit through three rounds of 500 edits by five residents, each ended by kill -9', async () => {
		const log = new EditLog();
		for (let cycle = 0; cycle < 3; cycle++) {
			const writers = await pool.writers(site);
			const observer = await pool.connect(site, site.prepared.reader);
			await editInTurn(log, writers, 500, 4);
			// Stock clients get no acknowledgement: an edit is accepted once the server broadcasts
			// it. On a loaded machine that can take longer than the edits themselves, and an edit
			// the server never received is not its to keep: the 300 ms count from acceptance.
			await expect.poll(() => log.missingFrom(observer.doc), { timeout: 30_000 }).toEqual([]);
			await sleep(300);
			await site.server.kill();
			// The writers go before the server comes back: reconnecting, they would hand it back
			// whatever it lost, and the point is that the database alone holds every edit.
			pool.close(observer, ...writers.map((w) => w.client));
			await site.restart({ kill: true });
			await expectEverything(site, log, pool);
		}
		expect(log.count).toBe(1500);
	}, 240_000);

	it('merges a phone that was offline for 30 s with what others wrote meanwhile', async () => {
		const [online, offline] = site.prepared.residents as [Resident, Resident];
		const log = new EditLog();
		const desk = await pool.connect(site, online);
		const phone = await pool.connect(site, offline);
		// A note the server knows before the phone goes offline, so that it can edit it offline.
		log.edit(phone.doc, offline);
		await expect.poll(() => log.missingFrom(desk.doc)).toEqual([]);

		phone.provider.disconnect();
		for (let i = 0; i < 20; i++) {
			log.edit(phone.doc, offline);
			log.edit(desk.doc, online);
			await sleep(1_500);
		}
		// Neither side saw the other's edits while apart.
		expect(log.missingFrom(phone.doc)).toHaveLength(20);
		expect(log.missingFrom(desk.doc)).toHaveLength(20);

		phone.provider.connect();
		await expect.poll(() => log.missingFrom(phone.doc), { timeout: 15_000 }).toEqual([]);
		await expect.poll(() => log.missingFrom(desk.doc), { timeout: 15_000 }).toEqual([]);
		expect(phone.denied).toEqual([]);
		expect(log.heldBy(phone.doc)).toEqual(log.expected());
		expect(log.heldBy(desk.doc)).toEqual(log.expected());
		expect(Y.encodeStateVector(phone.doc)).toEqual(Y.encodeStateVector(desk.doc));
		expect(Y.encodeStateAsUpdate(phone.doc)).toEqual(Y.encodeStateAsUpdate(desk.doc));

		pool.close(desk, phone);
		await site.restart();
		await expectEverything(site, log, pool);
	}, 120_000);

	it('takes an edit a phone makes the moment it is back, before it has answered the sync', async () => {
		const [resident] = site.prepared.residents as [Resident];
		const log = new EditLog();
		const phone = await pool.connect(site, resident);
		log.edit(phone.doc, resident);
		phone.provider.disconnect();
		for (let i = 0; i < 5; i++) log.edit(phone.doc, resident);
		// The socket is open, the server's sync step 1 not yet read: this edit goes out first, and
		// builds on the five the server has not seen.
		phone.provider.on('status', ({ status }) => {
			if (status === 'connected' && log.count === 6) log.edit(phone.doc, resident);
		});
		phone.provider.connect();
		const observer = await pool.connect(site, site.prepared.reader);
		await expect.poll(() => log.missingFrom(observer.doc), { timeout: 15_000 }).toEqual([]);
		expect(log.count).toBe(7);
		expect(phone.denied).toEqual([]);
	}, 60_000);

	it('brings writers back after a graceful restart on the same port, with what they typed meanwhile', async () => {
		const log = new EditLog();
		const writers = await pool.writers(site);
		const closes: number[] = [];
		for (const { client } of writers) {
			client.provider.on('connection-close', (event) => {
				if (event) closes.push(event.code);
			});
		}
		const editing = editInTurn(log, writers, 300, 15);
		await expect.poll(() => log.count, { timeout: 30_000 }).toBeGreaterThanOrEqual(100);
		await site.restart({ samePort: true });
		await editing;

		// 1001: "the server is restarting, come back" (README, live documents).
		expect(closes).toContain(1001);
		const observer = await pool.connect(site, site.prepared.reader);
		await expect.poll(() => log.missingFrom(observer.doc), { timeout: 30_000 }).toEqual([]);
		expect(writers.every((w) => w.client.provider.wsconnected)).toBe(true);
		expect(writers.flatMap((w) => w.client.denied)).toEqual([]);

		pool.close();
		await site.restart();
		await expectEverything(site, log, pool);
	}, 120_000);
});

describe.each(databaseKinds)('a crash before the flush on %s', (kind) => {
	let site: Site<Prepared>;
	const pool = clientPool();

	beforeAll(async () => {
		// A flush window far longer than the time to the crash: the server dies holding edits it
		// accepted, broadcast, and never stored.
		site = await startSite<Prepared>(kind, { prepare, env: { COLLAB_FLUSH_MS: '5000' } });
	});
	afterAll(async () => {
		pool.close();
		await site?.stop();
	});

	it('gets back what it had not stored from the writers when they reconnect', async () => {
		const log = new EditLog();
		const writers = await pool.writers(site);
		await editInTurn(log, writers, 200, 4);
		await sleep(300);
		await site.restart({ kill: true, samePort: true });

		// Each writer holds everyone's edits (the server broadcast them); each hands back its own.
		await expect
			.poll(() => writers.every((w) => w.client.provider.synced), { timeout: 30_000 })
			.toBe(true);
		const observer = await pool.connect(site, site.prepared.reader);
		await expect.poll(() => log.missingFrom(observer.doc), { timeout: 30_000 }).toEqual([]);
		expect(writers.flatMap((w) => w.client.denied)).toEqual([]);

		pool.close();
		await site.restart();
		await expectEverything(site, log, pool);
	}, 120_000);
});

const noPrivatePostgres = privatePostgresUnavailable();

// PGlite runs inside the server process: it cannot be restarted without the server, so a database
// restart under a running server is a PostgreSQL-only case. The machine's shared PostgreSQL serves
// other people: the test restarts a private cluster of its own.
describe.skipIf(noPrivatePostgres !== null)(
	`a PostgreSQL restart under a running server${noPrivatePostgres ? ` (skipped: ${noPrivatePostgres})` : ''}`,
	() => {
		let cluster: PrivatePostgres | undefined;
		let site: Site<Prepared> | undefined;
		const pool = clientPool();

		beforeAll(async () => {
			cluster = await startPrivatePostgres();
			site = await startSite<Prepared>('postgres', { prepare, postgresUrl: cluster.url });
		}, 120_000);
		afterAll(async () => {
			pool.close();
			try {
				await site?.stop();
			} finally {
				await cluster?.dispose();
			}
		});

		it('holds edits while PostgreSQL restarts, says so in /healthz, and stores every one', async () => {
			const log = new EditLog();
			const writers = await pool.writers(site!);
			const observer = await pool.connect(site!, site!.prepared.reader);
			const closes: number[] = [];
			for (const { client } of writers) {
				client.provider.on('connection-close', (event) => {
					if (event) closes.push(event.code);
				});
			}
			const statuses: number[] = [];
			const reasons = new Set<string>();
			let mostQueued = 0;
			let watching = true;
			const watcher = (async () => {
				while (watching) {
					const { status, body } = await health(site!.url);
					statuses.push(status);
					if (body.reason) reasons.add(body.reason);
					mostQueued = Math.max(mostQueued, body.collab?.queued ?? 0);
					await sleep(100);
				}
			})();

			const editing = editInTurn(log, writers, 500, 12);
			await expect.poll(() => log.count, { timeout: 30_000 }).toBeGreaterThanOrEqual(150);
			await cluster!.restart(2_000);
			await editing;

			await expect
				.poll(async () => (await health(site!.url)).body.collab?.queued, { timeout: 30_000 })
				.toBe(0)
				.catch((error: Error) => {
					// Should it never recover, the server's own account is what the next person needs.
					throw new Error(
						`${error.message}\n/healthz statuses: ${statuses.slice(-30).join(' ')}\n` +
							`server output:\n${site!.server.output().slice(-3000)}`
					);
				});
			await expect.poll(async () => (await health(site!.url)).status).toBe(200);
			watching = false;
			await watcher;
			// Edits could not be stored for a while, and /healthz said so (README, limits table).
			expect(statuses).toContain(503);
			// With the reason, which staff pages show as "saving paused" (SavingStatus.svelte).
			expect([...reasons]).toEqual(['database-unreachable']);
			// They were held in memory meanwhile, not dropped.
			expect(mostQueued).toBeGreaterThan(0);
			// Nobody was cut off: open sockets do not depend on the database.
			expect(closes).toEqual([]);
			await expect.poll(() => log.missingFrom(observer.doc)).toEqual([]);

			pool.close();
			await site!.restart({ kill: true });
			await expectEverything(site!, log, pool);
		}, 180_000);
	}
);
