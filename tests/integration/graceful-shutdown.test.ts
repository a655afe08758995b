// Issue 8, "Graceful shutdown on SIGTERM flushes everything and closes sockets with a reconnect
// hint": a server told to stop stores every edit it accepted before it exits, even those its flush
// window had not reached yet, and tells each socket it is restarting (1001, README "Live
// documents"); stock y-websocket clients then come back to the new server on their own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EditLog, editInTurn, writersAndReader } from '../helpers/board-edits';
import type { WritersAndReader } from '../helpers/board-edits';
import { connect } from '../helpers/collab';
import type { Client } from '../helpers/collab';
import { databaseKinds } from '../helpers/db';
import { startSite } from '../helpers/site';
import type { Site } from '../helpers/site';

describe.each(databaseKinds)('SIGTERM on %s', (kind) => {
	let site: Site<WritersAndReader>;

	beforeAll(async () => {
		// A flush window far longer than the test: whatever is stored was stored by the shutdown.
		site = await startSite<WritersAndReader>(kind, {
			prepare: writersAndReader,
			env: { COLLAB_FLUSH_MS: '60000' }
		});
	});
	afterAll(async () => {
		await site?.stop();
	});

	const writersOf = (s: Site<WritersAndReader>) =>
		Promise.all(
			s.prepared.writers.map(async (resident) => ({
				resident,
				client: await connect(s.url, s.prepared.board, resident.token)
			}))
		);

	/** The close each client's socket got, as the stock provider reports it. */
	const closesOf = (clients: Client[]) =>
		clients.map(
			(client) =>
				new Promise<{ code: number; reason: string }>((resolve) => {
					client.provider.on('connection-close', (event) => {
						if (event) resolve({ code: event.code, reason: event.reason });
					});
				})
		);

	it('stores every accepted edit before it exits and tells every socket to come back', async () => {
		const log = new EditLog();
		const writers = await writersOf(site);
		const observer = await connect(site.url, site.prepared.board, site.prepared.reader.token);
		await editInTurn(log, writers, 60, 5);
		await expect.poll(() => log.missingFrom(observer.doc)).toEqual([]);
		const closes = closesOf([...writers.map((w) => w.client), observer]);

		await site.server.stop();
		expect(await Promise.all(closes)).toEqual(
			Array.from({ length: 4 }, () => ({ code: 1001, reason: 'server restarting' }))
		);
		expect(site.server.process.exitCode).toBe(0);
		// Nobody hands anything back: the database alone must hold every edit.
		for (const { client } of writers) client.destroy();
		observer.destroy();

		await site.restart();
		const reader = await connect(site.url, site.prepared.board, site.prepared.reader.token);
		expect(log.missingFrom(reader.doc)).toEqual([]);
		expect(log.heldBy(reader.doc)).toEqual(log.expected());
		reader.destroy();
	}, 120_000);

	it('sees stock clients reconnect to the restarted server on their own, with what they typed meanwhile', async () => {
		const log = new EditLog();
		const writers = await writersOf(site);
		await editInTurn(log, writers, 30, 5);
		const closes = closesOf(writers.map((w) => w.client));
		await site.server.stop();
		await Promise.all(closes);
		// Typed while the server was away: held by the phones, handed over on reconnect.
		await editInTurn(log, writers, 15, 5);
		await site.restart({ samePort: true });

		await expect
			.poll(() => writers.every((w) => w.client.provider.synced), { timeout: 30_000 })
			.toBe(true);
		const observer = await connect(site.url, site.prepared.board, site.prepared.reader.token);
		await expect.poll(() => log.missingFrom(observer.doc), { timeout: 30_000 }).toEqual([]);
		expect(writers.flatMap((w) => w.client.denied)).toEqual([]);

		// And stored: a second SIGTERM, with nobody left to hand anything back.
		for (const { client } of writers) client.destroy();
		observer.destroy();
		await site.restart();
		const reader = await connect(site.url, site.prepared.board, site.prepared.reader.token);
		expect(log.heldBy(reader.doc)).toEqual(log.expected());
		reader.destroy();
	}, 120_000);
});
