import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collabServer } from '../../src/lib/server/collab/server';
import { collabUpdates } from '../../src/lib/server/db/schema/index';
import type { Runtime } from '../../src/lib/server/runtime';
import { connect, demoBoards } from '../helpers/collab';
import { inProcessKind, startInProcess } from '../helpers/in-process';
import type { InProcess } from '../helpers/in-process';
import { demoWorkshopId, participantToken } from '../helpers/workshops';

/**
 * The server-side API, in process: a change the server makes (a phase, a tally) reaches every
 * client and the journal exactly like a client's. One kind per file run: the runtime is a
 * process-wide singleton, so this file picks the database the suite was asked to test last.
 */
const kind = inProcessKind;

describe(`server-made changes on ${kind}`, () => {
	let runtime: Runtime;
	let url: string;
	let instance: InProcess;
	let boardId: string;
	let token: string;

	beforeAll(async () => {
		instance = await startInProcess(kind, { sockets: true });
		runtime = instance.runtime;
		url = instance.url;
		const db = runtime.database.db;
		const workshopId = await demoWorkshopId(db);
		boardId = (await demoBoards(db, workshopId)).open;
		token = await participantToken(db, workshopId, 'Maria');
	});
	afterAll(async () => {
		await instance?.stop();
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
