// Issue 8, "Scale-out": with REDIS_URL set, several Piazza instances on one PostgreSQL database
// share live documents through Redis pub/sub (src/lib/server/collab/peers.ts). Two (and more) real
// production servers, stock y-websocket clients, the machine's Redis and a private one we stop.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { EditLog, addResidents, editInTurn, health, sleep, textsOf } from '../helpers/board-edits';
import type { Resident } from '../helpers/board-edits';
import { connect, demoBoards, noteKey, noteOf } from '../helpers/collab';
import type { Client } from '../helpers/collab';
import { createPostgresDatabase } from '../helpers/db';
import { REDIS_URL, freePort, privateRedis, redisAnswers, redisHealth } from '../helpers/redis';
import { startServer } from '../helpers/server';
import type { RunningServer } from '../helpers/server';
import { demoWorkshopId, staffToken } from '../helpers/workshops';
import { openPostgres } from '../../src/lib/server/db/client';
import type { DatabaseHandle } from '../../src/lib/server/db/client';
import { boards, collabDocuments } from '../../src/lib/server/db/schema/index';
import { seedDemo } from '../../src/lib/server/demo/seed';

const missing = !process.env.TEST_DATABASE_URL
	? 'TEST_DATABASE_URL is not set (several instances need one PostgreSQL database)'
	: !(await redisAnswers(REDIS_URL))
		? `no Redis answers at ${REDIS_URL}`
		: null;
if (missing) console.warn(`[scale-out] skipped: ${missing}`);

/** Resolves once `doc` satisfies `ready`, checked now and after every update it receives. */
function until(doc: Y.Doc, ready: (doc: Y.Doc) => boolean, ms = 20_000): Promise<void> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			doc.off('update', check);
			reject(new Error('the document never got there'));
		}, ms);
		const check = () => {
			if (!ready(doc)) return;
			clearTimeout(timer);
			doc.off('update', check);
			resolve();
		};
		doc.on('update', check);
		check();
	});
}

interface Prepared {
	workshopId: string;
	boardId: string;
	residents: Resident[];
	reader: Resident;
	facilitator: string;
}

describe.skipIf(missing !== null)('several instances sharing live documents through Redis', () => {
	let database: { url: string; drop: () => Promise<void> };
	let handle: DatabaseHandle;
	let prepared: Prepared;
	/** Channels of this file's instances only: parallel runs on the same Redis never meet. */
	const prefix = `piazza-test-${randomBytes(6).toString('hex')}`;
	const servers: RunningServer[] = [];
	const clients = new Set<Client>();

	const start = async (env: Record<string, string> = {}) => {
		const server = await startServer({
			databaseUrl: database.url,
			env: { REDIS_URL, REDIS_PREFIX: prefix, ...env }
		});
		servers.push(server);
		await expect.poll(async () => (await redisHealth(server)).redis).toBe('ok');
		return server;
	};
	const open = async (server: RunningServer, docName: string, token: string, doc?: Y.Doc) => {
		const client = await connect(server.url, docName, token, doc ? { doc } : {});
		clients.add(client);
		return client;
	};
	const board = () => `board:${prepared.boardId}`;

	beforeAll(async () => {
		database = await createPostgresDatabase();
		handle = openPostgres(database.url, { max: 2 });
		await seedDemo(handle.db);
		const workshopId = await demoWorkshopId(handle.db);
		const { open: boardId } = await demoBoards(handle.db, workshopId);
		await handle.db
			.update(boards)
			.set({ votingState: 'open', voteBudget: 3, maxVotesPerItem: null })
			.where(eq(boards.id, boardId));
		const residents = await addResidents(handle.db, workshopId, ['Ada', 'Bruno', 'Carla', 'Dario']);
		const [reader] = await addResidents(handle.db, workshopId, ['Lettrice']);
		prepared = {
			workshopId,
			boardId,
			residents,
			reader: reader!,
			facilitator: await staffToken(handle.db, 'facilitatore@example.org')
		};
	}, 60_000);
	afterEach(async () => {
		for (const client of clients) client.destroy();
		clients.clear();
		await Promise.all(servers.splice(0).map((server) => server.stop()));
	});
	afterAll(async () => {
		await handle?.close();
		await database?.drop();
	});

	it('shows notes and presence written through one instance to clients of the other', async () => {
		const [one, two] = [await start(), await start()];
		const [ada, bruno] = prepared.residents as [Resident, Resident];
		const onOne = await open(one, board(), ada.token);
		const onTwo = await open(two, board(), bruno.token);
		const adaKey = noteKey(ada.id);
		const brunoKey = noteKey(bruno.id);
		onOne.doc.getMap('notes').set(adaKey, noteOf(ada.id, ada.name, 'da uno'));
		onTwo.doc.getMap('notes').set(brunoKey, noteOf(bruno.id, bruno.name, 'da due'));
		await until(onOne.doc, (doc) => doc.getMap('notes').has(brunoKey));
		await until(onTwo.doc, (doc) => doc.getMap('notes').has(adaKey));
		expect(textsOf(onOne.doc)).toEqual(textsOf(onTwo.doc));

		// Presence crosses too, stamped with the session of the instance the person is on.
		onOne.provider.awareness.setLocalStateField('cursor', { x: 1, y: 2 });
		await expect
			.poll(() =>
				[...onTwo.provider.awareness.getStates().values()].map(
					(state) => (state as { user?: { id: string } }).user?.id
				)
			)
			.toContain(`participant:${ada.id}`);
		expect((await redisHealth(one)).peers).toBe(1);
	}, 120_000);

	it('closes with 4403 a socket on one instance that speaks for a presence of the other’s', async () => {
		const [one, two] = [await start(), await start()];
		const [ada, bruno] = prepared.residents as [Resident, Resident];
		const victim = await open(one, board(), ada.token);
		victim.provider.awareness.setLocalStateField('cursor', { x: 1, y: 1 });
		const watcher = await open(two, board(), prepared.reader.token);
		await expect
			.poll(() => watcher.provider.awareness.getStates().has(victim.doc.clientID))
			.toBe(true);
		// Bruno's client on instance two takes Ada's client id and claims newer presence under it.
		const forged = new Y.Doc();
		forged.clientID = victim.doc.clientID;
		const attacker = await open(two, board(), bruno.token, forged);
		for (let i = 0; i < 5; i++) attacker.provider.awareness.setLocalStateField('cursor', { x: i });
		expect((await attacker.closed).code).toBe(4403);
		// Ada's presence, as everyone sees it, is still Ada's.
		const shown = watcher.provider.awareness.getStates().get(victim.doc.clientID) as {
			user: { id: string };
		};
		expect(shown.user.id).toBe(`participant:${ada.id}`);
	}, 120_000);

	it('counts dots placed through one instance in the tally the facilitator reveals through the other', async () => {
		const [one, two] = [await start(), await start()];
		const [, , carla] = prepared.residents as [Resident, Resident, Resident];
		const writer = await open(two, board(), carla.token);
		const key = noteKey(carla.id);
		writer.doc.getMap('notes').set(key, noteOf(carla.id, carla.name, 'votatemi'));
		const control = await open(one, `control:${prepared.workshopId}`, prepared.facilitator);
		const reader = await open(one, board(), prepared.reader.token);
		// Instance one knows the note (written through two) before a dot may land on it.
		await until(reader.doc, (doc) => doc.getMap('notes').has(key));
		const post = (server: RunningServer, path: string, token: string, body: unknown) =>
			fetch(`${server.url}${path}`, {
				method: 'POST',
				headers: { cookie: `piazza_session=${token}`, 'content-type': 'application/json' },
				body: JSON.stringify(body)
			});
		const dot = await post(one, `/api/boards/${prepared.boardId}/votes`, prepared.reader.token, {
			itemId: key,
			delta: 1
		});
		expect(dot.status).toBe(200);
		const reveal = await post(
			two,
			`/api/workshops/${prepared.workshopId}/actions`,
			prepared.facilitator,
			{
				type: 'voting',
				boardId: prepared.boardId,
				state: 'revealed'
			}
		);
		expect(reveal.status).toBe(200);
		await until(control.doc, (doc) => doc.getMap('revealed').has(prepared.boardId));
		const tally = control.doc.getMap('revealed').get(prepared.boardId) as {
			entries: { itemId: string; total: number }[];
		};
		expect(tally.entries).toContainEqual(expect.objectContaining({ itemId: key, total: 1 }));

		// A board locked through one instance refuses residents' writes on the other.
		const lock = await post(
			one,
			`/api/workshops/${prepared.workshopId}/actions`,
			prepared.facilitator,
			{
				type: 'board-phase',
				boardId: prepared.boardId,
				phase: 'locked'
			}
		);
		expect(lock.status).toBe(200);
		await expect
			.poll(() => {
				writer.doc.getMap('notes').set(noteKey(carla.id), noteOf(carla.id, carla.name, 'tardi'));
				return writer.denied.length;
			})
			.toBeGreaterThan(0);
		await post(one, `/api/workshops/${prepared.workshopId}/actions`, prepared.facilitator, {
			type: 'board-phase',
			boardId: prepared.boardId,
			phase: 'open'
		});
	}, 120_000);

	it('shows a stock client on one instance the control changes a facilitator makes through the other', async () => {
		const [one, two] = [await start(), await start()];
		const { locked: wallId } = await demoBoards(handle.db, prepared.workshopId);
		// The reader's phone follows the workshop through instance two, read-only like everyone's.
		const control = await open(two, `control:${prepared.workshopId}`, prepared.reader.token);
		const act = async (action: Record<string, unknown>) => {
			const response = await fetch(`${one.url}/api/workshops/${prepared.workshopId}/actions`, {
				method: 'POST',
				headers: {
					cookie: `piazza_session=${prepared.facilitator}`,
					'content-type': 'application/json'
				},
				body: JSON.stringify(action)
			});
			expect(response.status).toBe(200);
		};
		type Shown = { phase: string; voting: { state: string; budget: number } };
		const wall = (doc: Y.Doc) => doc.getMap('boards').get(wallId) as Shown | undefined;
		const timer = (doc: Y.Doc) =>
			doc.getMap('workshop').get('timer') as { endsAt: number | null } | undefined;

		await act({ type: 'board-phase', boardId: wallId, phase: 'open' });
		await until(control.doc, (doc) => wall(doc)?.phase === 'open');
		await act({ type: 'voting', boardId: wallId, state: 'open', budget: 4 });
		await until(control.doc, (doc) => wall(doc)?.voting.state === 'open');
		expect(wall(control.doc)?.voting.budget).toBe(4);
		await act({ type: 'timer', op: 'start', seconds: 120 });
		await until(control.doc, (doc) => typeof timer(doc)?.endsAt === 'number');
		// The same bytes as the facilitator's own instance holds: nothing lost on the way.
		const there = await open(one, `control:${prepared.workshopId}`, prepared.facilitator);
		expect(control.doc.getMap('workshop').toJSON()).toEqual(there.doc.getMap('workshop').toJSON());
		expect(control.doc.getMap('boards').toJSON()).toEqual(there.doc.getMap('boards').toJSON());

		await act({ type: 'timer', op: 'pause' });
		await act({ type: 'voting', boardId: wallId, state: 'closed' });
		await act({ type: 'board-phase', boardId: wallId, phase: 'locked' });
		await until(control.doc, (doc) => wall(doc)?.phase === 'locked');
	}, 120_000);

	it('loses nothing when an instance is killed: its clients move to the other, and what it had not stored is stored there', async () => {
		// Instance one stores late: whatever it accepted in the last 30 s is not in the database
		// when it dies, so only the survivor can keep it.
		const one = await start({ COLLAB_FLUSH_MS: '30000' });
		const two = await start();
		const [ada, bruno, carla, dario] = prepared.residents as Resident[] as [
			Resident,
			Resident,
			Resident,
			Resident
		];
		const log = new EditLog();
		const writersOne = [
			{ resident: ada, client: await open(one, board(), ada.token) },
			{ resident: bruno, client: await open(one, board(), bruno.token) }
		];
		const writersTwo = [
			{ resident: carla, client: await open(two, board(), carla.token) },
			{ resident: dario, client: await open(two, board(), dario.token) }
		];
		const observer = await open(two, board(), prepared.reader.token);
		await editInTurn(log, [...writersOne, ...writersTwo], 200, 5);
		await expect.poll(() => log.missingFrom(observer.doc), { timeout: 30_000 }).toEqual([]);

		await one.kill();
		// Its clients reconnect to the other address with what they hold, and go on writing.
		for (const writer of writersOne) {
			writer.client.provider.destroy();
			clients.delete(writer.client);
			writer.client = await open(two, board(), writer.resident.token, writer.client.doc);
		}
		await editInTurn(log, [...writersOne, ...writersTwo], 40, 5);
		await expect.poll(() => log.missingFrom(observer.doc), { timeout: 30_000 }).toEqual([]);

		// The survivor takes the silent instance for dead and stores what it had left unstored.
		await expect.poll(async () => (await redisHealth(two)).peers, { timeout: 20_000 }).toBe(0);
		expect((await redisHealth(two)).storedForPeers).toBeGreaterThan(0);
		await expect.poll(async () => (await health(two.url)).body.collab?.queued).toBe(0);

		// The database alone holds every edit: the survivor crashes too, a fresh instance reads it.
		for (const client of clients) client.destroy();
		clients.clear();
		await two.kill();
		const three = await start();
		const check = await open(three, board(), prepared.reader.token);
		expect(log.missingFrom(check.doc)).toEqual([]);
		expect(log.heldBy(check.doc)).toEqual(log.expected());
	}, 180_000);

	it('loses nothing when both instances fold the same document’s history into snapshots', async () => {
		// Every 10 updates each instance compacts: both fold one journal, turn by turn.
		const env = { COLLAB_COMPACT_EVERY: '10' };
		const [one, two] = [await start(env), await start(env)];
		const [ada, bruno, carla, dario] = prepared.residents as [
			Resident,
			Resident,
			Resident,
			Resident
		];
		const log = new EditLog();
		const writers = [
			{ resident: ada, client: await open(one, board(), ada.token) },
			{ resident: bruno, client: await open(two, board(), bruno.token) },
			{ resident: carla, client: await open(one, board(), carla.token) },
			{ resident: dario, client: await open(two, board(), dario.token) }
		];
		const observer = await open(one, board(), prepared.reader.token);
		await editInTurn(log, writers, 300, 3);
		await expect.poll(() => log.missingFrom(observer.doc), { timeout: 30_000 }).toEqual([]);
		for (const server of [one, two]) {
			await expect.poll(async () => (await health(server.url)).body.collab?.queued).toBe(0);
		}
		const compacted = await handle.db
			.select({ name: collabDocuments.name })
			.from(collabDocuments)
			.where(eq(collabDocuments.name, board()));
		expect(compacted).toHaveLength(1);

		for (const client of clients) client.destroy();
		clients.clear();
		await Promise.all([one.kill(), two.kill()]);
		const three = await start();
		const check = await open(three, board(), prepared.reader.token);
		expect(log.heldBy(check.doc)).toEqual(log.expected());
	}, 180_000);

	it('keeps serving each instance’s own clients while Redis is away, says so, and converges when it returns', async () => {
		const redis = await privateRedis(await freePort());
		let restarted: Awaited<ReturnType<typeof privateRedis>> | null = null;
		try {
			const env = { REDIS_URL: redis.url };
			const [one, two] = [await start(env), await start(env)];
			const [ada, bruno, carla] = prepared.residents as [Resident, Resident, Resident];
			const adaOnOne = await open(one, board(), ada.token);
			const readerOnOne = await open(one, board(), prepared.reader.token);
			const brunoOnTwo = await open(two, board(), bruno.token);
			const carlaOnTwo = await open(two, board(), carla.token);

			await redis.stop();
			await expect
				.poll(async () => (await redisHealth(one)).redis, { timeout: 15_000 })
				.toBe('down');
			await expect
				.poll(async () => (await redisHealth(two)).redis, { timeout: 15_000 })
				.toBe('down');
			// Still healthy otherwise: every instance serves and stores on its own.
			expect((await health(one.url)).body.ok).toBe(true);

			const adaKey = noteKey(ada.id);
			const brunoKey = noteKey(bruno.id);
			adaOnOne.doc.getMap('notes').set(adaKey, noteOf(ada.id, ada.name, 'senza redis, uno'));
			brunoOnTwo.doc
				.getMap('notes')
				.set(brunoKey, noteOf(bruno.id, bruno.name, 'senza redis, due'));
			// Each instance's own clients see each other.
			await until(readerOnOne.doc, (doc) => doc.getMap('notes').has(adaKey));
			await until(carlaOnTwo.doc, (doc) => doc.getMap('notes').has(brunoKey));
			await sleep(500);
			expect(readerOnOne.doc.getMap('notes').has(brunoKey)).toBe(false);
			// The facilitator locks the board through instance one; two cannot hear it yet.
			const lock = await fetch(`${one.url}/api/workshops/${prepared.workshopId}/actions`, {
				method: 'POST',
				headers: {
					cookie: `piazza_session=${prepared.facilitator}`,
					'content-type': 'application/json'
				},
				body: JSON.stringify({ type: 'board-phase', boardId: prepared.boardId, phase: 'locked' })
			});
			expect(lock.status).toBe(200);

			restarted = await privateRedis(Number(new URL(redis.url).port));
			await expect.poll(async () => (await redisHealth(one)).redis, { timeout: 20_000 }).toBe('ok');
			await expect.poll(async () => (await redisHealth(two)).redis, { timeout: 20_000 }).toBe('ok');
			await until(readerOnOne.doc, (doc) => doc.getMap('notes').has(brunoKey));
			await until(carlaOnTwo.doc, (doc) => doc.getMap('notes').has(adaKey));
			expect(textsOf(readerOnOne.doc)).toEqual(textsOf(carlaOnTwo.doc));
			// Back in touch, two refuses residents' writes on the locked board well before the
			// sockets' own 30 s recheck.
			await expect
				.poll(
					() => {
						brunoOnTwo.doc
							.getMap('notes')
							.set(noteKey(bruno.id), noteOf(bruno.id, bruno.name, 'tardi'));
						return brunoOnTwo.denied.length;
					},
					{ timeout: 10_000 }
				)
				.toBeGreaterThan(0);
			await fetch(`${one.url}/api/workshops/${prepared.workshopId}/actions`, {
				method: 'POST',
				headers: {
					cookie: `piazza_session=${prepared.facilitator}`,
					'content-type': 'application/json'
				},
				body: JSON.stringify({ type: 'board-phase', boardId: prepared.boardId, phase: 'open' })
			});
		} finally {
			await redis.stop();
			await restarted?.stop();
		}
	}, 180_000);

	it('refuses to start with REDIS_URL on embedded PGlite, and says why', async () => {
		await expect(startServer({ env: { REDIS_URL } })).rejects.toThrow(
			/REDIS_URL is set but DATABASE_URL is not/
		);
	});
});
