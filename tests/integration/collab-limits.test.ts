import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import {
	connect,
	demoBoards,
	noteKey,
	noteOf,
	participantIdOf,
	rawAttempt
} from '../helpers/collab';
import { health, openRaw, startBystanders, wsUrl } from '../helpers/collab-raw';
import type { Bystanders, RawClient } from '../helpers/collab-raw';
import { proposals } from '../../src/lib/server/db/schema/index';
import { databaseKinds } from '../helpers/db';
import { startSite } from '../helpers/site';
import type { Site } from '../helpers/site';
import { demoWorkshopId, participantToken, staffToken } from '../helpers/workshops';
import { bareProvenance } from '../helpers/proposals';

/**
 * The live-document limits (README "Live documents", RELIABILITY.md 7, 17, 18), each set low
 * through its environment variable and crossed by one client, while honest people on two boards
 * keep working. Three documents may be loaded: the two boards the bystanders hold open, and one more.
 */

const MAX_MESSAGE_BYTES = 8 * 1024;
const MESSAGES_PER_SECOND = 40;
const CONNECTIONS_PER_SESSION = 2;

interface Prepared {
	workshopId: string;
	boards: { open: string; locked: string };
	anna: { token: string; id: string; name: string };
	luca: string;
	facilitator: string;
	/** One attacker session per test: the per-session socket count must start at zero. */
	attackers: string[];
	/** A proposal of the workshop: a document nobody loads until the document limit test. */
	proposalId: string;
	/** A resident who writes notes as fast as a script can (the first suite only). */
	scribbler?: { token: string; id: string };
}

describe.each(databaseKinds)('live-document limits on %s', (kind) => {
	let site: Site<Prepared>;
	let bystanders: Bystanders;
	let nextAttacker = 0;
	const attacker = () => site.prepared.attackers[nextAttacker++]!;

	beforeAll(async () => {
		site = await startSite<Prepared>(kind, {
			env: {
				COLLAB_FLUSH_MS: '20',
				COLLAB_MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES),
				COLLAB_MESSAGES_PER_SECOND: String(MESSAGES_PER_SECOND),
				COLLAB_CONNECTIONS_PER_SESSION: String(CONNECTIONS_PER_SESSION),
				COLLAB_MAX_DOCUMENTS: '3'
			},
			prepare: async (db) => {
				const workshopId = await demoWorkshopId(db);
				const attackers: string[] = [];
				for (let i = 0; i < 7; i++) {
					attackers.push(await participantToken(db, workshopId, `Ospite${i}`));
				}
				const [proposal] = await db
					.insert(proposals)
					.values({
						workshopId,
						title: 'Prestito di strumenti musicali',
						provenance: bareProvenance(workshopId)
					})
					.returning({ id: proposals.id });
				return {
					workshopId,
					boards: await demoBoards(db, workshopId),
					anna: {
						token: await participantToken(db, workshopId, 'Anna'),
						id: await participantIdOf(db, workshopId, 'Anna'),
						name: 'Anna'
					},
					luca: await participantToken(db, workshopId, 'Luca'),
					facilitator: await staffToken(db, 'facilitatore@example.org'),
					attackers,
					proposalId: proposal!.id,
					scribbler: {
						token: await participantToken(db, workshopId, 'Scribacchina'),
						id: await participantIdOf(db, workshopId, 'Scribacchina')
					}
				};
			}
		});
		const p = site.prepared;
		// Luca reads both boards: exactly his session's socket allowance.
		bystanders = await startBystanders(() => site.url, {
			board: `board:${p.boards.open}`,
			otherBoard: `board:${p.boards.locked}`,
			resident: p.anna,
			reader: p.luca,
			staff: p.facilitator
		});
	});
	afterAll(async () => {
		bystanders?.destroy();
		await site?.stop();
	});

	const openBoard = () => `board:${site.prepared.boards.open}`;
	/** A sync update frame of exactly `size` bytes (its content does not matter: size comes first). */
	const frameOf = (size: number) => {
		const frame = new Uint8Array(size);
		// type 0 (sync), subtype 2 (update), then a 3-byte varint length and the payload.
		const length = size - 5;
		frame.set([0, 2, (length & 0x7f) | 0x80, ((length >> 7) & 0x7f) | 0x80, length >> 14]);
		frame.fill(0x61, 5);
		return frame;
	};

	it('closes with 4413 on a frame over COLLAB_MAX_MESSAGE_BYTES, and the socket layer cuts twice that with 1009', async () => {
		const over = await openRaw(site.url, openBoard(), attacker());
		over.send(frameOf(MAX_MESSAGE_BYTES + 1));
		expect(await over.closed).toMatchObject({ code: 4413 });

		const far = await openRaw(site.url, openBoard(), attacker());
		far.send(frameOf(MAX_MESSAGE_BYTES * 2 + 1024));
		expect(await far.closed).toMatchObject({ code: 1009 });
		await bystanders.expectUnaffected();
	});

	it('closes with 4429 once a connection sends more than COLLAB_MESSAGES_PER_SECOND frames', async () => {
		const hostile = await openRaw(site.url, openBoard(), attacker());
		// Well-formed query-awareness frames, so that only their number can be at fault.
		for (let i = 0; i < MESSAGES_PER_SECOND * 3; i++) hostile.send(new Uint8Array([3]));
		expect(await hostile.closed).toMatchObject({ code: 4429 });
		await bystanders.expectUnaffected();
	});

	it('limits note writes too: a resident sending notes faster than COLLAB_MESSAGES_PER_SECOND is closed with 4429, and the rest never lands', async () => {
		const { token, id } = site.prepared.scribbler!;
		const hostile = await openRaw(site.url, openBoard(), token);
		// Each frame a new note of her own, the kind of write residents may make.
		const doc = new Y.Doc();
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(hostile.mirror));
		const notes = MESSAGES_PER_SECOND * 3;
		for (let i = 0; i < notes; i++) {
			const updates: Uint8Array[] = [];
			const collect = (update: Uint8Array) => updates.push(update);
			doc.on('update', collect);
			doc.getMap('notes').set(noteKey(id), noteOf(id, 'Scribacchina', `Nota ${i}`));
			doc.off('update', collect);
			hostile.sendUpdate(updates[0]!);
		}
		expect(await hostile.closed).toMatchObject({ code: 4429 });
		// Once a fresh edit has reached the reader, so has every note the server took before closing.
		await bystanders.expectUnaffected();
		const landed = [...bystanders.reader.doc.getMap('notes').keys()].filter((key) =>
			key.startsWith(`${id}:`)
		);
		expect(landed.length).toBeGreaterThan(0);
		expect(landed.length).toBeLessThanOrEqual(MESSAGES_PER_SECOND);
	});

	it('refuses a session’s socket beyond COLLAB_CONNECTIONS_PER_SESSION with 4429, and keeps the earlier ones', async () => {
		const token = attacker();
		const earlier: RawClient[] = [];
		for (let i = 0; i < CONNECTIONS_PER_SESSION; i++) {
			earlier.push(await openRaw(site.url, openBoard(), token));
		}
		const cookie = { cookie: `piazza_session=${token}` };
		expect(await rawAttempt(site.url, `/collab/${openBoard()}`, cookie)).toMatchObject({
			close: 4429
		});
		// The earlier ones still read: a fresh note reaches them, and they answer a sync request.
		await bystanders.expectUnaffected();
		const notes = bystanders.reader.doc.getMap('notes').size;
		for (const socket of earlier) {
			await expect.poll(() => socket.mirror.getMap('notes').size).toBe(notes);
			const answers = socket.syncAnswers;
			socket.requestSync();
			await expect.poll(() => socket.syncAnswers).toBe(answers + 1);
			expect(socket.isOpen()).toBe(true);
		}
		// A socket that closes gives its place back.
		earlier[0]!.ws.close();
		await earlier[0]!.closed;
		await expect
			.poll(async () => {
				try {
					const socket = await openRaw(site.url, openBoard(), token);
					socket.terminate();
					return 'accepted';
				} catch (error) {
					return (error as Error).message;
				}
			})
			.toBe('accepted');
		earlier[1]!.terminate();
	});

	it('holds COLLAB_CONNECTIONS_PER_SESSION when a session opens many sockets at once on a document not yet loaded', async () => {
		const headers = { cookie: `piazza_session=${attacker()}` };
		// Nobody has the control document open yet: every socket waits for it to load.
		const name = `control:${site.prepared.workshopId}`;
		// Accepted sockets get the server's sync step 1 first; refused ones a close code.
		const outcomes = await Promise.all(
			Array.from(
				{ length: 12 },
				() =>
					new Promise<WebSocket | number>((resolve) => {
						const ws = new WebSocket(wsUrl(site.url, name), { headers });
						ws.on('error', () => {});
						ws.once('message', () => resolve(ws));
						ws.once('close', (code) => resolve(code));
					})
			)
		);
		const accepted = outcomes.filter((o): o is WebSocket => typeof o !== 'number');
		try {
			expect(accepted).toHaveLength(CONNECTIONS_PER_SESSION);
			expect(outcomes.filter((o) => o === 4429)).toHaveLength(12 - CONNECTIONS_PER_SESSION);
		} finally {
			for (const ws of accepted) ws.terminate();
		}
		await bystanders.expectUnaffected();
	});

	it('refuses a new document beyond COLLAB_MAX_DOCUMENTS with 4429, and serves the loaded ones', async () => {
		const token = attacker();
		const { workshopId, proposalId } = site.prepared;
		// Three documents in memory: the bystanders' two boards and this control document.
		const control = await openRaw(site.url, `control:${workshopId}`, token);
		expect(
			await rawAttempt(site.url, `/collab/proposal:${proposalId}`, {
				cookie: `piazza_session=${token}`
			})
		).toMatchObject({ close: 4429 });
		expect((await health(site.url)).collab!.documents).toBe(3);
		// The loaded ones go on serving, this control socket included.
		const answers = control.syncAnswers;
		control.requestSync();
		await expect.poll(() => control.syncAnswers).toBe(answers + 1);
		control.terminate();
		await bystanders.expectUnaffected();
	});

	it('leaks no socket or per-session count when handshakes are aborted or sockets dropped at once', async () => {
		const token = attacker();
		const headers = { cookie: `piazza_session=${token}` };
		// The bystanders' four sockets are the only ones left once earlier tests' sockets are gone.
		await expect.poll(async () => (await health(site.url)).collab!.connections).toBe(4);
		const storm = Array.from(
			{ length: 40 },
			(_, i) =>
				new Promise<void>((resolve) => {
					const ws = new WebSocket(wsUrl(site.url, openBoard()), { headers });
					ws.on('error', () => {});
					ws.on('close', () => resolve());
					// Half give up during the handshake, half vanish right after it.
					if (i % 2 === 0) setImmediate(() => ws.terminate());
					else ws.on('open', () => ws.terminate());
				})
		);
		await Promise.all(storm);
		await expect.poll(async () => (await health(site.url)).collab!.connections).toBe(4);
		// The session still has its whole allowance.
		const sockets: RawClient[] = [];
		for (let i = 0; i < CONNECTIONS_PER_SESSION; i++) {
			sockets.push(await openRaw(site.url, openBoard(), token));
		}
		for (const socket of sockets) socket.terminate();
		await bystanders.expectUnaffected();
	});

	it('answers a flood of 200 upgrades without a valid session with 4401 each, and goes on serving', async () => {
		// Half with no cookie, half with a well-formed token that names no session.
		const forged = `${'a'.repeat(24)}.${'b'.repeat(24)}`;
		const attempts = Array.from({ length: 200 }, (_, i) =>
			rawAttempt(
				site.url,
				`/collab/${openBoard()}`,
				i % 2 === 0 ? {} : { cookie: `piazza_session=${forged}` }
			)
		);
		const results = await Promise.all(attempts);
		expect(results.filter((r) => r.close === 4401)).toHaveLength(200);
		await bystanders.expectUnaffected();
	});
});

describe.each(databaseKinds)('a full document on %s', (kind) => {
	let site: Site<Prepared>;
	let bystanders: Bystanders;

	beforeAll(async () => {
		site = await startSite<Prepared>(kind, {
			// A few notes fill a board; the other board, written by staff, stays small.
			env: { COLLAB_FLUSH_MS: '20', COLLAB_MAX_DOCUMENT_BYTES: '3000' },
			prepare: async (db) => {
				const workshopId = await demoWorkshopId(db);
				return {
					workshopId,
					boards: await demoBoards(db, workshopId),
					anna: {
						token: await participantToken(db, workshopId, 'Anna'),
						id: await participantIdOf(db, workshopId, 'Anna'),
						name: 'Anna'
					},
					luca: await participantToken(db, workshopId, 'Luca'),
					facilitator: await staffToken(db, 'facilitatore@example.org'),
					attackers: [],
					proposalId: ''
				};
			}
		});
		const p = site.prepared;
		// The resident writer is on the board that fills up; the check below uses the other board.
		bystanders = await startBystanders(() => site.url, {
			board: `board:${p.boards.open}`,
			otherBoard: `board:${p.boards.locked}`,
			resident: p.anna,
			reader: p.luca,
			staff: p.facilitator
		});
	});
	afterAll(async () => {
		bystanders?.destroy();
		await site?.stop();
	});

	it('refuses writes beyond COLLAB_MAX_DOCUMENT_BYTES with "the document is full", keeping the socket and what was accepted', async () => {
		const { anna, boards } = site.prepared;
		const writer = bystanders.writer;
		const accepted: string[] = [];
		// Long notes, one per update, until the server says the board is full.
		while (writer.denied.length === 0) {
			expect(accepted.length).toBeLessThan(20);
			const key = noteKey(anna.id);
			writer.doc.getMap('notes').set(key, noteOf(anna.id, 'Anna', 'n'.repeat(280)));
			await expect
				.poll(() => writer.denied.length > 0 || bystanders.reader.doc.getMap('notes').has(key))
				.toBe(true);
			if (writer.denied.length === 0) accepted.push(key);
		}
		expect(writer.denied).toEqual(['the document is full']);
		expect(accepted.length).toBeGreaterThan(0);

		// A fresh reader gets exactly the accepted notes: the refused one went nowhere.
		const reader = await connect(site.url, `board:${boards.open}`, site.prepared.facilitator);
		try {
			expect(Object.keys(reader.doc.getMap('notes').toJSON()).sort()).toEqual([...accepted].sort());
		} finally {
			reader.destroy();
		}
		// The writer's socket still reads, and another board is untouched by the cap.
		expect(writer.provider.wsconnected).toBe(true);
		const cluster = 'after-full';
		bystanders.otherWriter.doc
			.getMap('clusters')
			.set(cluster, { label: 'Altrove', x: 0, y: 0, colour: 'blue' });
		await expect.poll(() => bystanders.otherReader.doc.getMap('clusters').has(cluster)).toBe(true);
		expect((await health(site.url)).status).toBe(200);
	});
});
