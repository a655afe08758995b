// After a restart the server reads ahead the sessions of the recent writers of the documents it
// preloads, so that their phones are admitted without waiting for the database. What it read must
// never admit more than a read at upgrade would: a wrong secret, a signed-out session, or (on
// PostgreSQL, where the test can change the database under the running server) a session deleted
// or expired behind its back is refused with 4401.
import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { sessions as sessionRows } from '../../src/lib/server/db/schema/index';
import type { Database } from '../../src/lib/server/db/client';
import { addResidents } from '../helpers/board-edits';
import type { Resident } from '../helpers/board-edits';
import { connect, demoBoards, noteKey, noteOf } from '../helpers/collab';
import type { Client } from '../helpers/collab';
import { databaseKinds } from '../helpers/db';
import { startSite } from '../helpers/site';
import type { Site } from '../helpers/site';
import { demoWorkshopId } from '../helpers/workshops';

/** Opens a raw socket; resolves with its close code and how many frames came before it. */
function attempt(baseUrl: string, path: string, cookie: string) {
	return new Promise<{ close: number; frames: number }>((resolve) => {
		const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}${path}`, {
			headers: { cookie: `piazza_session=${cookie}` }
		});
		let frames = 0;
		ws.on('message', () => frames++);
		ws.on('close', (close) => resolve({ close, frames }));
		ws.on('error', () => {});
	});
}

interface Prepared {
	board: string;
	residents: Resident[];
}

const prepare = async (db: Database): Promise<Prepared> => {
	const workshopId = await demoWorkshopId(db);
	const residents = await addResidents(db, workshopId, [
		'Ada',
		'Bruno',
		'Carla',
		'Dario',
		'Elena',
		'Franca'
	]);
	return { board: `board:${(await demoBoards(db, workshopId)).open}`, residents };
};

describe.each(databaseKinds)('the first sockets after a restart on %s', (kind) => {
	let site: Site<Prepared>;
	const open = new Set<Client>();

	beforeAll(async () => {
		site = await startSite<Prepared>(kind, { prepare });
	});
	afterEach(() => {
		for (const client of open) client.destroy();
		open.clear();
	});
	afterAll(async () => {
		await site?.stop();
	});

	const join = async (resident: Resident, options: { waitForSync?: boolean } = {}) => {
		const client = await connect(site.url, site.prepared.board, resident.token, options);
		open.add(client);
		return client;
	};

	/** Each resident writes a note (so that they are recent writers), then the server restarts. */
	const writeThenRestart = async (...writers: Resident[]) => {
		for (const resident of writers) {
			const client = await join(resident);
			const key = noteKey(resident.id);
			client.doc
				.getMap('notes')
				.set(key, noteOf(resident.id, resident.name, `di ${resident.name}`));
			// Accepted once another socket sees it.
			const observer = await join(resident);
			await expect.poll(() => observer.doc.getMap('notes').has(key)).toBe(true);
		}
		for (const client of open) client.destroy();
		open.clear();
		await site.restart();
	};

	it('admits a recent writer with the rights of their session, no more', async () => {
		const [ada, bruno] = site.prepared.residents as [Resident, Resident];
		await writeThenRestart(ada, bruno);
		const client = await join(ada);
		const authors = [...client.doc.getMap('notes').values()].map(
			(note) => (note as { authorId: string }).authorId
		);
		expect(authors).toEqual(expect.arrayContaining([ada.id, bruno.id]));
		// Another's note is refused: the grant is a resident's, as a read at upgrade would give.
		client.doc.getMap('notes').set(noteKey(bruno.id), noteOf(bruno.id, bruno.name, 'falso'));
		await expect.poll(() => client.denied.length).toBeGreaterThan(0);
	});

	it("refuses a recent writer's session id with a wrong secret", async () => {
		const carla = site.prepared.residents[2]!;
		await writeThenRestart(carla);
		const [id] = carla.token.split('.');
		// Refused at the upgrade: not one frame of the board.
		const refused = await attempt(
			site.url,
			`/collab/${site.prepared.board}`,
			`${id}.${'a'.repeat(24)}`
		);
		expect(refused).toEqual({ close: 4401, frames: 0 });
	});

	it('refuses a recent writer who signed out after the restart', async () => {
		const dario = site.prepared.residents[3]!;
		await writeThenRestart(dario);
		const signedOut = await fetch(`${site.url}/api/auth/sign-out`, {
			method: 'POST',
			headers: { cookie: `piazza_session=${dario.token}` }
		});
		expect(signedOut.status).toBe(200);
		// Refused at the upgrade: what was read ahead for it was forgotten at the sign-out.
		const refused = await attempt(site.url, `/collab/${site.prepared.board}`, dario.token);
		expect(refused).toEqual({ close: 4401, frames: 0 });
	});

	it.runIf(kind === 'postgres')(
		'closes a recent writer whose session was deleted behind the server’s back (another instance)',
		async () => {
			const elena = site.prepared.residents[4]!;
			await writeThenRestart(elena);
			const [id] = elena.token.split('.');
			await site.inspect((db) => db.delete(sessionRows).where(eq(sessionRows.id, id!)));
			const client = await join(elena, { waitForSync: false });
			expect((await client.closed).code).toBe(4401);
		}
	);

	it.runIf(kind === 'postgres')(
		'closes a recent writer whose session expired after the restart',
		async () => {
			const franca = site.prepared.residents[5]!;
			await writeThenRestart(franca);
			const [id] = franca.token.split('.');
			await site.inspect((db) =>
				db
					.update(sessionRows)
					.set({ expiresAt: sql`now() - interval '1 second'` })
					.where(eq(sessionRows.id, id!))
			);
			// Refused at upgrade, or, when admitted from what was read ahead before it expired,
			// closed by the confirming read that follows: either way 4401.
			const client = await join(franca, { waitForSync: false });
			expect((await client.closed).code).toBe(4401);
		}
	);
});
