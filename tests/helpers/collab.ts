import { asc, eq } from 'drizzle-orm';
import * as decoding from 'lib0/decoding';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { Database } from '../../src/lib/server/db/client';
import { boards, participants } from '../../src/lib/server/db/schema/index';

/**
 * Stock y-websocket clients against a server under test. The only thing added is a WebSocket
 * class that carries a cookie (and optionally an Origin), as a browser would.
 */
export function socketClass(cookie: string | null, origin?: string): typeof WebSocket {
	const headers: Record<string, string> = {};
	if (cookie) headers.cookie = `piazza_session=${cookie}`;
	if (origin) headers.origin = origin;
	return class extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols, { headers });
		}
	} as unknown as typeof WebSocket;
}

export interface Client {
	doc: Y.Doc;
	provider: WebsocketProvider;
	/** Reasons of every "permission denied" the server sent. */
	denied: string[];
	/** The close event, once the server closed the socket. */
	closed: Promise<{ code: number; reason: string }>;
	destroy(): void;
}

/** A stock `WebsocketProvider` on `docName`, synced (or refused) before it resolves. */
export async function connect(
	baseUrl: string,
	docName: string,
	cookie: string | null,
	options: { doc?: Y.Doc; waitForSync?: boolean; origin?: string } = {}
): Promise<Client> {
	const doc = options.doc ?? new Y.Doc();
	const provider = new WebsocketProvider(`${baseUrl.replace(/^http/, 'ws')}/collab`, docName, doc, {
		WebSocketPolyfill: socketClass(
			cookie,
			options.origin
		) as unknown as typeof globalThis.WebSocket,
		disableBc: true
	});
	const denied: string[] = [];
	// Observe the protocol's permission-denied message (the stock handler only logs it).
	provider.messageHandlers[2] = (_encoder, decoder) => {
		if (decoding.readVarUint(decoder) === 0) denied.push(decoding.readVarString(decoder));
	};
	const closed = new Promise<{ code: number; reason: string }>((resolve) => {
		provider.on('connection-close', (event) => {
			if (event) resolve({ code: event.code, reason: event.reason });
		});
	});
	if (options.waitForSync !== false) {
		await new Promise<void>((resolve, reject) => {
			provider.once('sync', () => resolve());
			void closed.then((c) => reject(new Error(`closed ${c.code} ${c.reason}`)));
		});
	}
	return {
		doc,
		provider,
		denied,
		closed,
		destroy: () => {
			provider.destroy();
			doc.destroy();
		}
	};
}

/** Opens a raw socket and resolves with how the server ended it (or 'open' if it stays up 500 ms). */
export function rawAttempt(
	baseUrl: string,
	path: string,
	headers: Record<string, string> = {}
): Promise<{ close?: number; reason?: string; httpStatus?: number }> {
	return new Promise((resolve) => {
		const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}${path}`, { headers });
		ws.on('unexpected-response', (_req, res) => resolve({ httpStatus: res.statusCode }));
		ws.on('close', (code, reason) => resolve({ close: code, reason: reason.toString() }));
		ws.on('error', () => {});
	});
}

/** The demo workshop's boards: the open empathy map and the locked idea wall. */
export async function demoBoards(db: Database, workshopId: string) {
	const rows = await db
		.select({ id: boards.id, phase: boards.phase })
		.from(boards)
		.where(eq(boards.workshopId, workshopId))
		.orderBy(asc(boards.kind));
	const open = rows.find((b) => b.phase === 'open')!;
	const locked = rows.find((b) => b.phase === 'locked')!;
	return { open: open.id, locked: locked.id };
}

/** The participant id behind a resident who joined `workshopId` as `nickname`. */
export async function participantIdOf(db: Database, workshopId: string, nickname: string) {
	const [row] = await db
		.select({ id: participants.id })
		.from(participants)
		.where(eq(participants.nickname, nickname));
	return row!.id;
}

/** A note record as a resident's client writes it. */
export function noteOf(authorId: string, authorName: string, text: string) {
	return { authorId, authorName, text, section: null, colour: 'yellow', createdAt: Date.now() };
}

/** A random note key of `authorId`. */
export function noteKey(authorId: string) {
	return `${authorId}:${Math.random().toString(36).slice(2, 12)}`;
}
