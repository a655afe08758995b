import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../helpers/db';
import { connect, demoBoards, noteKey, noteOf, rawAttempt } from '../helpers/collab';
import { admission } from '../helpers/collab-raw';
import { Client as Browser } from '../helpers/http';
import type { Client } from '../helpers/collab';
import { startSite } from '../helpers/site';
import type { Site } from '../helpers/site';
import { addWorkshop, demoWorkshopId, participantToken, staffToken } from '../helpers/workshops';
import { eq } from 'drizzle-orm';
import { participants } from '../../src/lib/server/db/schema/index';

interface Prepared {
	workshopId: string;
	boards: { open: string; locked: string };
	maria: { token: string; id: string };
	leaving: string;
	luca: { token: string; id: string };
	stranger: string;
	facilitator: string;
}

describe.each(databaseKinds)('live documents on %s', (kind) => {
	let site: Site<Prepared>;
	const clients: Client[] = [];
	const track = (client: Client) => {
		clients.push(client);
		return client;
	};

	beforeAll(async () => {
		site = await startSite<Prepared>(kind, {
			env: { COLLAB_FLUSH_MS: '20' },
			prepare: async (db) => {
				const workshopId = await demoWorkshopId(db);
				const other = await addWorkshop(db, {
					code: 'CANE23',
					title: 'Altro laboratorio',
					status: 'live'
				});
				const resident = async (nickname: string, workshop = workshopId) => {
					const token = await participantToken(db, workshop, nickname);
					const [row] = await db
						.select({ id: participants.id })
						.from(participants)
						.where(eq(participants.nickname, nickname));
					return { token, id: row!.id };
				};
				return {
					workshopId,
					boards: await demoBoards(db, workshopId),
					leaving: (await resident('Sofia')).token,
					maria: await resident('Maria'),
					luca: await resident('Luca'),
					stranger: (await resident('Estranea', other)).token,
					facilitator: await staffToken(db, 'facilitatore@example.org')
				};
			}
		});
	});
	// Each test closes its sockets: one session may hold only a few at once (COLLAB_CONNECTIONS_PER_SESSION).
	afterEach(() => {
		for (const client of clients.splice(0)) client.destroy();
	});
	afterAll(async () => {
		await site?.stop();
	});

	const board = () => `board:${site.prepared.boards.open}`;

	it('refuses a signed-out cookie at once, though its last socket was admitted a moment ago', async () => {
		// Sockets of one session share its admission for a few seconds; signing out must not.
		const { leaving } = site.prepared;
		expect(await admission(site.url, board(), leaving)).toEqual({ admitted: true });
		const browser = new Browser(site.url);
		browser.cookies.set('piazza_session', leaving);
		expect((await browser.fetch('/api/auth/sign-out', { method: 'POST' })).status).toBe(200);
		expect(await admission(site.url, board(), leaving)).toEqual({ admitted: false, close: 4401 });
	});

	it('syncs a resident’s note to everyone through stock y-websocket clients', async () => {
		const { maria, luca } = site.prepared;
		const a = track(await connect(site.url, board(), maria.token));
		const b = track(await connect(site.url, board(), luca.token));
		// The server gave the new board its schema.
		expect(a.doc.getMap('meta').get('schemaVersion')).toBe(1);
		const key = noteKey(maria.id);
		a.doc.getMap('notes').set(key, noteOf(maria.id, 'Maria', 'Aperta la domenica'));
		await expect
			.poll(() => (b.doc.getMap('notes').get(key) as { text: string })?.text)
			.toBe('Aperta la domenica');
		expect(a.denied).toEqual([]);
	});

	it('refuses a resident’s write to someone else’s note or to the layout, and keeps the socket', async () => {
		const { maria, luca } = site.prepared;
		const a = track(await connect(site.url, board(), maria.token));
		const b = track(await connect(site.url, board(), luca.token));
		const lucasKey = noteKey(luca.id);
		b.doc.getMap('notes').set(lucasKey, noteOf(luca.id, 'Luca', 'Corsi di italiano'));
		await expect.poll(() => a.doc.getMap('notes').has(lucasKey)).toBe(true);

		const forged = track(await connect(site.url, board(), maria.token));
		forged.doc.getMap('notes').set(lucasKey, noteOf(maria.id, 'Maria', 'rubata'));
		forged.doc.getMap('layout').set(lucasKey, { x: 1, y: 1, clusterId: null });
		await expect.poll(() => forged.denied.length).toBeGreaterThan(0);
		// Nobody else saw it, and a fresh reader sees Luca's note as he wrote it.
		const reader = track(await connect(site.url, board(), luca.token));
		expect((reader.doc.getMap('notes').get(lucasKey) as { text: string }).text).toBe(
			'Corsi di italiano'
		);
		expect(reader.doc.getMap('layout').has(lucasKey)).toBe(false);
		// The refused socket still receives what others write.
		const later = noteKey(luca.id);
		b.doc.getMap('notes').set(later, noteOf(luca.id, 'Luca', 'Dopo'));
		await expect.poll(() => forged.doc.getMap('notes').has(later)).toBe(true);
	});

	it('lets the facilitator arrange notes, and shows it to residents', async () => {
		const { maria, facilitator } = site.prepared;
		const staff = track(await connect(site.url, board(), facilitator));
		const resident = track(await connect(site.url, board(), maria.token));
		staff.doc.getMap('clusters').set('c-1', { label: 'Orari', x: 0, y: 0, colour: 'blue' });
		await expect.poll(() => resident.doc.getMap('clusters').has('c-1')).toBe(true);
		expect(staff.denied).toEqual([]);
	});

	it('refuses residents’ notes on a locked board', async () => {
		const { maria } = site.prepared;
		const client = track(
			await connect(site.url, `board:${site.prepared.boards.locked}`, maria.token)
		);
		client.doc.getMap('notes').set(noteKey(maria.id), noteOf(maria.id, 'Maria', 'troppo presto'));
		await expect.poll(() => client.denied).toEqual(['the board is locked']);
	});

	it('lets nobody but the server write the control document', async () => {
		const { maria, facilitator } = site.prepared;
		const name = `control:${site.prepared.workshopId}`;
		for (const token of [maria.token, facilitator]) {
			const client = track(await connect(site.url, name, token));
			client.doc.getMap('control').set('current', 'hacked');
			await expect.poll(() => client.denied).toEqual(['read-only document']);
		}
	});

	it('shows presence under the session’s name, whatever the client claims', async () => {
		const { maria, luca } = site.prepared;
		const a = track(await connect(site.url, board(), maria.token));
		const b = track(await connect(site.url, board(), luca.token));
		a.provider.awareness.setLocalStateField('user', { name: 'Facilitatore', role: 'admin' });
		await expect
			.poll(
				() =>
					(b.provider.awareness.getStates().get(a.doc.clientID) as { user?: { name: string } })
						?.user?.name
			)
			.toBe('Maria');
		const state = b.provider.awareness.getStates().get(a.doc.clientID) as {
			user: { role: string };
		};
		expect(state.user.role).toBe('participant');
	});

	it('takes back a client that reconnects at once, with the edits it made meanwhile', async () => {
		const { maria, luca } = site.prepared;
		const a = track(await connect(site.url, board(), maria.token));
		const b = track(await connect(site.url, board(), luca.token));
		a.provider.awareness.setLocalStateField('cursor', { x: 1 });
		// Reconnect before the server has seen the old socket go: same client id, same presence id.
		for (let round = 0; round < 5; round++) {
			a.provider.disconnect();
			const key = noteKey(maria.id);
			a.doc.getMap('notes').set(key, noteOf(maria.id, 'Maria', `di nuovo ${round}`));
			a.provider.connect();
			await expect.poll(() => b.doc.getMap('notes').has(key)).toBe(true);
		}
		expect(a.denied).toEqual([]);
		a.provider.awareness.setLocalStateField('cursor', { x: 2 });
		await expect
			.poll(
				() =>
					(b.provider.awareness.getStates().get(a.doc.clientID) as { cursor?: { x: number } })
						?.cursor?.x
			)
			.toBe(2);
	});

	it('closes with the documented codes: no session, no document, not allowed, foreign origin', async () => {
		const { stranger, maria } = site.prepared;
		expect(await rawAttempt(site.url, `/collab/${board()}`)).toMatchObject({ close: 4401 });
		const cookie = { cookie: `piazza_session=${maria.token}` };
		expect(await rawAttempt(site.url, '/collab/board:../../etc', cookie)).toMatchObject({
			close: 4404
		});
		expect(
			await rawAttempt(site.url, '/collab/board:00000000-0000-4000-8000-000000000000', cookie)
		).toMatchObject({ close: 4404 });
		expect(
			await rawAttempt(site.url, `/collab/${board()}`, { cookie: `piazza_session=${stranger}` })
		).toMatchObject({ close: 4403 });
		expect(
			await rawAttempt(site.url, `/collab/${board()}`, {
				...cookie,
				origin: 'https://evil.example'
			})
		).toMatchObject({ httpStatus: 403 });
	});

	it('keeps what was accepted across a restart: a late reader gets it from the database', async () => {
		const { maria } = site.prepared;
		const writer = track(await connect(site.url, board(), maria.token));
		const key = noteKey(maria.id);
		writer.doc.getMap('notes').set(key, noteOf(maria.id, 'Maria', 'Resto qui'));
		await expect
			.poll(async () => {
				const health = (await (await fetch(`${site.url}/healthz`)).json()) as {
					collab?: { queued: number };
				};
				return health.collab?.queued;
			})
			.toBe(0);
		await site.restart();
		// A board written to in the last minutes is loaded before the server listens, so its phones
		// coming back find it in memory (CollabServer.preload).
		const health = (await (await fetch(`${site.url}/healthz`)).json()) as {
			collab: { documents: number; connections: number };
		};
		expect(health.collab.connections).toBe(0);
		expect(health.collab.documents).toBeGreaterThanOrEqual(1);
		const reader = track(await connect(site.url, board(), maria.token));
		expect((reader.doc.getMap('notes').get(key) as { text: string }).text).toBe('Resto qui');
	});
});
