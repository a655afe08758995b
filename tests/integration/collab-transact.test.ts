import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { collabServer } from '../../src/lib/server/collab/server';
import { createUpgradeHandler } from '../../src/lib/server/collab/upgrade';
import { readConfig } from '../../src/lib/server/config';
import { collabUpdates } from '../../src/lib/server/db/schema/index';
import { seedDemo } from '../../src/lib/server/demo/seed';
import { startRuntime } from '../../src/lib/server/runtime';
import type { Runtime } from '../../src/lib/server/runtime';
import { connect, demoBoards } from '../helpers/collab';
import { createPostgresDatabase, databaseKinds } from '../helpers/db';
import { demoWorkshopId, participantToken } from '../helpers/workshops';

/**
 * The server-side API, in process: a change the server makes (a phase, a tally) reaches every
 * client and the journal exactly like a client's. One kind per file run: the runtime is a
 * process-wide singleton, so this file picks the database the suite was asked to test last.
 */
const kind = databaseKinds[databaseKinds.length - 1]!;

describe(`server-made changes on ${kind}`, () => {
	let runtime: Runtime;
	let server: http.Server;
	let url: string;
	let cleanup: () => Promise<void>;
	let boardId: string;
	let token: string;

	beforeAll(async () => {
		const env: Record<string, string> = { COLLAB_FLUSH_MS: '10' };
		if (kind === 'postgres') {
			const pg = await createPostgresDatabase();
			env.DATABASE_URL = pg.url;
			cleanup = pg.drop;
		} else {
			const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'piazza-transact-'));
			fs.cpSync(inject('pgliteTemplateDir'), dataDir, { recursive: true });
			env.DATA_DIR = dataDir;
			cleanup = async () => fs.rmSync(dataDir, { recursive: true, force: true });
		}
		Object.assign(process.env, env);
		runtime = await startRuntime(
			readConfig(process.env, { migrationsFolder: path.resolve('drizzle') })
		);
		const db = runtime.database.db;
		await seedDemo(db);
		const workshopId = await demoWorkshopId(db);
		boardId = (await demoBoards(db, workshopId)).open;
		token = await participantToken(db, workshopId, 'Maria');
		const onUpgrade = createUpgradeHandler();
		server = http.createServer((_req, res) => res.end());
		server.on('upgrade', (req, socket, head) => {
			if (!onUpgrade(req, socket, head)) socket.destroy();
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	afterAll(async () => {
		server?.closeAllConnections();
		await new Promise((resolve) => server?.close(resolve));
		await runtime?.stop();
		await cleanup?.();
	});

	it('broadcasts and stores a change the server makes, with the server as its author', async () => {
		const client = await connect(url, `board:${boardId}`, token);
		try {
			await collabServer(runtime).transact(
				`board:${boardId}`,
				(doc) => {
					doc.getMap('meta').set('prompt', 'Una domanda nuova dal facilitatore');
				},
				'prompt changed'
			);
			await expect
				.poll(() => client.doc.getMap('meta').get('prompt'))
				.toBe('Una domanda nuova dal facilitatore');
			await expect
				.poll(async () => {
					const rows = await runtime.database.db
						.select({ origin: collabUpdates.origin, user: collabUpdates.authorUserId })
						.from(collabUpdates)
						.where(eq(collabUpdates.docName, `board:${boardId}`));
					return rows.filter((r) => r.origin === 'server').length;
				})
				.toBeGreaterThanOrEqual(2); // the board's initial schema, then the new prompt
		} finally {
			client.destroy();
		}
	});

	it('keeps residents out of a board the server locks, at once', async () => {
		const client = await connect(url, `board:${boardId}`, token);
		try {
			collabServer(runtime).setBoardPhase(boardId, 'locked');
			const key = `${'x'.repeat(8)}:abcdef`;
			client.doc.getMap('notes').set(key, { text: 'troppo tardi' });
			await expect.poll(() => client.denied).toEqual(['the board is locked']);
		} finally {
			collabServer(runtime).setBoardPhase(boardId, 'open');
			client.destroy();
		}
	});

	it('refuses a name that is not a live document', async () => {
		await expect(collabServer(runtime).transact('notes:nope', () => {})).rejects.toThrow(
			'Not a live document name'
		);
	});
});
