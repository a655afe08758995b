import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { and, asc, eq, gt, isNotNull } from 'drizzle-orm';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { expect } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import type { Database } from '../../src/lib/server/db/client';
import { collabDocuments, collabUpdates } from '../../src/lib/server/db/schema/index';
import { connect, noteKey, noteOf } from './collab';
import type { Client } from './collab';

/**
 * A hostile client: a raw `ws` socket that speaks the y-websocket protocol through the stock
 * y-protocols encoders, but sends whatever the test forges instead of what a provider would.
 * It mirrors the server's document, so forged updates can build on what the server holds.
 */
export interface RawClient {
	ws: WebSocket;
	/** The document as the server sent it (sync step 2 and later updates). */
	mirror: Y.Doc;
	/** Presence as the server relayed it. */
	awareness: awarenessProtocol.Awareness;
	/** Reasons of every "permission denied" received. */
	denied: string[];
	/** How many sync step 2 answers arrived (each sync step 1 we send gets one). */
	syncAnswers: number;
	/** The close code and reason, once the socket has closed. */
	closed: Promise<{ code: number; reason: string }>;
	/** Sends a frame as is (binary unless a string is given). */
	send(frame: Uint8Array | string): void;
	/** Sends an update as a sync "update" message. */
	sendUpdate(update: Uint8Array): void;
	/** Asks for the server's state again (sync step 1): proves the socket still reads. */
	requestSync(): void;
	/**
	 * The update a client would send for `change`, made on a copy of the mirror. `clientID` lets it
	 * write under someone else's Yjs client id.
	 */
	forge(change: (doc: Y.Doc) => void, clientID?: number): Uint8Array;
	/** The socket as still open: true until the server closes it. */
	isOpen(): boolean;
	terminate(): void;
}

export function wsUrl(baseUrl: string, docName: string) {
	return `${baseUrl.replace(/^http/, 'ws')}/collab/${docName}`;
}

/** Opens a raw socket on `docName` and waits for the server's full state. */
export async function openRaw(
	baseUrl: string,
	docName: string,
	cookie: string | null
): Promise<RawClient> {
	const headers: Record<string, string> = cookie ? { cookie: `piazza_session=${cookie}` } : {};
	const ws = new WebSocket(wsUrl(baseUrl, docName), { headers });
	ws.binaryType = 'nodebuffer';
	const mirror = new Y.Doc();
	// The mirror's own presence stays out: it only records what the server relays.
	const awareness = new awarenessProtocol.Awareness(mirror);
	awareness.setLocalState(null);
	const denied: string[] = [];
	let open = true;
	let synced: () => void = () => {};
	const firstSync = new Promise<void>((resolve) => (synced = resolve));
	const closed = new Promise<{ code: number; reason: string }>((resolve) => {
		ws.on('close', (code, reason) => {
			open = false;
			resolve({ code, reason: reason.toString() });
		});
	});
	ws.on('error', () => {});
	const client: RawClient = {
		ws,
		mirror,
		awareness,
		denied,
		syncAnswers: 0,
		closed,
		send: (frame) => ws.send(frame, { binary: typeof frame !== 'string' }),
		sendUpdate: (update) => {
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, 0);
			syncProtocol.writeUpdate(encoder, update);
			ws.send(encoding.toUint8Array(encoder));
		},
		requestSync: () => {
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, 0);
			syncProtocol.writeSyncStep1(encoder, new Y.Doc());
			ws.send(encoding.toUint8Array(encoder));
		},
		forge: (change, clientID) => {
			const doc = new Y.Doc();
			Y.applyUpdate(doc, Y.encodeStateAsUpdate(mirror));
			if (clientID !== undefined) doc.clientID = clientID;
			const updates: Uint8Array[] = [];
			doc.on('update', (update: Uint8Array) => updates.push(update));
			doc.transact(() => change(doc));
			doc.destroy();
			return Y.mergeUpdates(updates);
		},
		isOpen: () => open,
		terminate: () => ws.terminate()
	};
	ws.on('message', (data: Buffer) => {
		const decoder = decoding.createDecoder(new Uint8Array(data));
		const type = decoding.readVarUint(decoder);
		if (type === 0) {
			const sub = decoding.readVarUint(decoder);
			const payload = decoding.readVarUint8Array(decoder);
			// Answered as a stock client answers: with what it has that the server lacks.
			if (sub === 0) {
				const encoder = encoding.createEncoder();
				encoding.writeVarUint(encoder, 0);
				syncProtocol.writeSyncStep2(encoder, mirror, payload);
				ws.send(encoding.toUint8Array(encoder));
			}
			if (sub === 1 || sub === 2) Y.applyUpdate(mirror, payload, 'server');
			if (sub === 1) {
				client.syncAnswers++;
				synced();
			}
		} else if (type === 1) {
			awarenessProtocol.applyAwarenessUpdate(
				awareness,
				decoding.readVarUint8Array(decoder),
				'server'
			);
		} else if (type === 2 && decoding.readVarUint(decoder) === 0) {
			denied.push(decoding.readVarString(decoder));
		}
	});
	await new Promise<void>((resolve, reject) => {
		ws.once('open', () => resolve());
		void closed.then((c) => reject(new Error(`closed ${c.code} ${c.reason}`)));
	});
	client.requestSync();
	await Promise.race([firstSync, closed]);
	return client;
}

/** An awareness frame announcing `state` for presence id `clientId` at `clock`. */
export function awarenessFrame(clientId: number, clock: number, state: unknown): Uint8Array {
	const inner = encoding.createEncoder();
	encoding.writeVarUint(inner, 1);
	encoding.writeVarUint(inner, clientId);
	encoding.writeVarUint(inner, clock);
	encoding.writeVarString(inner, JSON.stringify(state));
	const outer = encoding.createEncoder();
	encoding.writeVarUint(outer, 1);
	encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
	return encoding.toUint8Array(outer);
}

/** GET /healthz: the status and the live documents' figures. */
export async function health(baseUrl: string) {
	const response = await fetch(`${baseUrl}/healthz`);
	const body = (await response.json()) as {
		ok: boolean;
		collab?: { documents: number; connections: number; queued: number; malformed: number };
	};
	return { status: response.status, ...body };
}

/** What the database holds for a document: its snapshot and journal replayed into a Y.Doc. */
export async function storedDocument(db: Database, docName: string) {
	const [snapshot] = await db
		.select()
		.from(collabDocuments)
		.where(eq(collabDocuments.name, docName));
	const rows = await db
		.select({ update: collabUpdates.update })
		.from(collabUpdates)
		.where(
			and(
				eq(collabUpdates.docName, docName),
				gt(collabUpdates.id, snapshot?.snapshotUpdateId ?? 0),
				isNotNull(collabUpdates.update)
			)
		)
		.orderBy(asc(collabUpdates.id));
	const doc = new Y.Doc();
	if (snapshot) Y.applyUpdate(doc, snapshot.snapshot);
	for (const row of rows) Y.applyUpdate(doc, row.update!);
	return doc;
}

/** Who wrote each stored update of a document (the journal keeps authors after compaction). */
export async function storedAuthors(db: Database, docName: string) {
	return db
		.select({
			origin: collabUpdates.origin,
			participant: collabUpdates.authorParticipantId,
			user: collabUpdates.authorUserId
		})
		.from(collabUpdates)
		.where(eq(collabUpdates.docName, docName))
		.orderBy(asc(collabUpdates.id));
}

/** Every root of a board as plain JSON, for comparing what two readers see. */
export function boardJson(doc: Y.Doc) {
	const out: Record<string, unknown> = {};
	for (const root of ['meta', 'notes', 'layout', 'clusters', 'moderation']) {
		out[root] = doc.getMap(root).toJSON();
	}
	// Any other root someone managed to create would show up here.
	out.roots = [...doc.share.keys()].sort();
	return out;
}

/** Waits until `predicate` holds (for hooks, where `expect.poll` is not available). */
export async function until(predicate: () => boolean, what: string, timeoutMs = 10_000) {
	const deadline = Date.now() + timeoutMs;
	while (!predicate()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

/**
 * A WebSocket upgrade request for a path sent exactly as written (a WebSocket client would
 * normalise `../` away), answered with the HTTP status of a refusal or the close code the server
 * sent right after the handshake.
 */
export function upgradeAttempt(
	baseUrl: string,
	rawPath: string,
	headers: Record<string, string> = {}
): Promise<{ close?: number; httpStatus?: number; destroyed?: true }> {
	return new Promise((resolve) => {
		const { hostname, port } = new URL(baseUrl);
		const req = http.request({
			hostname,
			port,
			path: rawPath,
			headers: {
				connection: 'Upgrade',
				upgrade: 'websocket',
				'sec-websocket-key': randomBytes(16).toString('base64'),
				'sec-websocket-version': '13',
				...headers
			}
		});
		req.on('response', (res) => {
			res.resume();
			resolve({ httpStatus: res.statusCode });
		});
		req.on('upgrade', (_res, socket, head) => {
			let frame = Buffer.from(head);
			const done = () => {
				socket.destroy();
				// An unmasked close frame: 0x88, a short length, then the code (big-endian).
				resolve(frame[0] === 0x88 && frame.length >= 4 ? { close: frame.readUInt16BE(2) } : {});
			};
			if (frame.length >= 4) return done();
			socket.on('data', (chunk: Buffer) => {
				frame = Buffer.concat([frame, chunk]);
				if (frame.length >= 4) done();
			});
			socket.on('close', () => resolve({ destroyed: true }));
		});
		req.on('error', () => resolve({ destroyed: true }));
		req.end();
	});
}

/**
 * Honest people watching while a test attacks: a resident writing and another reading on one
 * board, staff writing and a resident reading on another board (staff may write a locked one).
 */
export interface Bystanders {
	writer: Client;
	reader: Client;
	otherWriter: Client;
	otherReader: Client;
	/** /healthz answers 200, and a fresh edit on each board reaches its reader. */
	expectUnaffected(): Promise<void>;
	destroy(): void;
}

export async function startBystanders(
	baseUrl: () => string,
	people: {
		board: string;
		otherBoard: string;
		/** Writes notes on `board`. */
		resident: { token: string; id: string; name: string };
		/** Reads both boards (a participant session). */
		reader: string;
		/** Writes clusters on `otherBoard`. */
		staff: string;
	}
): Promise<Bystanders> {
	const writer = await connect(baseUrl(), people.board, people.resident.token);
	const reader = await connect(baseUrl(), people.board, people.reader);
	const otherWriter = await connect(baseUrl(), people.otherBoard, people.staff);
	const otherReader = await connect(baseUrl(), people.otherBoard, people.reader);
	let round = 0;
	return {
		writer,
		reader,
		otherWriter,
		otherReader,
		async expectUnaffected() {
			round++;
			expect((await health(baseUrl())).status).toBe(200);
			const { id, name } = people.resident;
			const key = noteKey(id);
			writer.doc.getMap('notes').set(key, noteOf(id, name, `Ancora qui ${round}`));
			await expect.poll(() => reader.doc.getMap('notes').has(key)).toBe(true);
			const cluster = `bystander-${round}-${Math.random().toString(36).slice(2, 8)}`;
			otherWriter.doc
				.getMap('clusters')
				.set(cluster, { label: `Gruppo ${round}`, x: round, y: 0, colour: 'blue' });
			await expect.poll(() => otherReader.doc.getMap('clusters').has(cluster)).toBe(true);
			expect([...writer.denied, ...otherWriter.denied]).toEqual([]);
		},
		destroy() {
			for (const client of [writer, reader, otherWriter, otherReader]) client.destroy();
		}
	};
}

/**
 * Whether the server admits a socket: an admitted one is sent the server's sync step 1 first; a
 * refused one gets its close code and nothing else. (Closing a socket soon after admitting it is
 * not refusing it: it could read the document meanwhile.)
 */
export function admission(
	baseUrl: string,
	docName: string,
	cookie: string
): Promise<{ admitted: boolean; close?: number }> {
	return new Promise((resolve) => {
		const ws = new WebSocket(wsUrl(baseUrl, docName), {
			headers: { cookie: `piazza_session=${cookie}` }
		});
		ws.on('error', () => {});
		ws.once('message', () => {
			resolve({ admitted: true });
			ws.terminate();
		});
		ws.once('close', (code) => resolve({ admitted: false, close: code }));
	});
}
