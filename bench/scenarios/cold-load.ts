import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import { addNote, initialiseMeta, lookAlikeAuthor } from '../lib/board';
import type { Author } from '../lib/board';
import { LightClient } from '../lib/client';
import type { Context, Measurement, Scenario } from '../lib/scenario';
import type { RunningServer } from '../lib/servers';
import { syncUpdate } from '../lib/wire';
import type { ServerKind } from '../lib/wire';

const FILLER = 'Più posti a sedere vicino alle finestre e un orario serale il giovedì.';

/**
 * Cold load: a board written one note per update, then read by a fresh client. Piazza is
 * restarted in between, so it loads the board from its database; the peers cannot (no
 * persistence in these setups) and keep it in memory, held by the writer's open socket.
 */
export function coldLoad(notes: number): Scenario {
	return {
		name: 'cold-load',
		title: `cold load: a board of ${notes} notes written as ${notes} updates, one fresh client`,
		definition:
			'cold-load: time = from creating the fresh client socket to receiving sync step 2 ' +
			'(Piazza: its first socket after a restart, so the board is loaded from the database; peers: ' +
			'from memory); sync bytes = every frame received up to and including sync step 2; state = ' +
			'Y.encodeStateAsUpdate of the document the client built from it (all notes checked present).',
		boards: 2,
		clients: 1,
		metrics: [
			{ key: 'syncMs', label: 'connect → synced, ms', digits: 1, target: '≤0.8×' },
			{ key: 'syncBytes', label: 'bytes received to sync', digits: 0, target: '≤1.01×' },
			{
				key: 'stateBytes',
				label: 'state size (encodeStateAsUpdate), bytes',
				digits: 0,
				info: true
			},
			{ key: 'writeS', label: 'writing the board (not compared), s', digits: 2, info: true },
			{ key: 'emptyMs', label: 'Piazza restarted again: empty board, ms', digits: 1, info: true },
			{ key: 'warmMs', label: '… then this board (warm server), ms', digits: 1, info: true }
		],
		async measure(context: Context, kind: ServerKind): Promise<Measurement> {
			let server: RunningServer | null = await context.start(kind);
			const session = context.piazza.sessions[0]!;
			const cookie = kind === 'piazza' ? session.token : undefined;
			const author: Author = kind === 'piazza' ? session : lookAlikeAuthor(0);
			const docName = `board:${kind === 'piazza' ? context.piazza.takeBoard() : randomUUID()}`;
			let writer: LightClient | null = null;
			let reader: LightClient | null = null;
			try {
				writer = new LightClient(server.target(docName, cookie));
				await writer.synced;
				const started = performance.now();
				const doc = new Y.Doc();
				const client = writer;
				doc.on('update', (update: Uint8Array) => client.send(syncUpdate(client.wire, update)));
				// Piazza's server writes a new board's meta itself; the peers get the same from a client.
				if (kind !== 'piazza') initialiseMeta(doc);
				for (let i = 0; i < notes; i++) {
					addNote(doc, author, `${FILLER} (${i})`, Date.now());
					// Let the socket drain now and then rather than queueing every frame at once.
					if (i % 100 === 99) await new Promise((resolve) => setImmediate(resolve));
				}
				const stored = countNotes(await writer.roundTrip());
				if (stored !== notes) throw new Error(`the server holds ${stored} of ${notes} notes`);
				const writeS = (performance.now() - started) / 1000;
				if (kind === 'piazza') {
					await writer.close();
					await server.stop();
					server = await context.start(kind);
				}
				reader = new LightClient(server.target(docName, cookie));
				const state = await reader.synced;
				const loaded = new Y.Doc();
				Y.applyUpdate(loaded, state);
				const count = loaded.getMap('notes').size;
				if (count !== notes) throw new Error(`the fresh client got ${count} of ${notes} notes`);
				const measured = {
					syncMs: reader.syncedAt! - reader.startedAt,
					syncBytes: reader.bytesToSync,
					stateBytes: Y.encodeStateAsUpdate(loaded).length,
					writeS
				};
				if (kind !== 'piazza') return measured;
				// The measured time holds both the first socket after a start and loading the board:
				// restart once more to tell them apart (first an empty board, then this one).
				await reader.close();
				await server.stop();
				server = await context.start(kind);
				const timeToSync = async (name: string) => {
					const client = new LightClient(server!.target(name, cookie));
					try {
						await client.synced;
						return client.syncedAt! - client.startedAt;
					} finally {
						await client.close();
					}
				};
				const emptyMs = await timeToSync(`board:${context.piazza.takeBoard()}`);
				const warmMs = await timeToSync(docName);
				return { ...measured, emptyMs, warmMs };
			} finally {
				await reader?.close();
				await writer?.close();
				await server?.stop();
			}
		}
	};
}

function countNotes(state: Uint8Array): number {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, state);
	return doc.getMap('notes').size;
}
