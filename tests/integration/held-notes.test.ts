import { like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { readResidentNotes } from '../../src/lib/domain/board/held';
import { editNote } from '../../src/lib/domain/board/notes';
import type { Database } from '../../src/lib/server/db/client';
import { collabDocuments, collabUpdates } from '../../src/lib/server/db/schema/index';
import { addResidents } from '../helpers/board-edits';
import type { Resident } from '../helpers/board-edits';
import { connect, demoBoards, noteKey, noteOf, rawAttempt } from '../helpers/collab';
import type { Client as LiveClient } from '../helpers/collab';
import { databaseKinds } from '../helpers/db';
import { Client } from '../helpers/http';
import { startSite } from '../helpers/site';
import type { Site } from '../helpers/site';
import { DEMO } from '../helpers/staff';
import { demoWorkshopId, staffToken } from '../helpers/workshops';

/**
 * Private mode and pre-moderation really keep residents' notes private (issue 5): a note written
 * while its board holds notes goes to the author's `inbox:` document, reaches the facilitators
 * through `held:`, and reaches nobody else — not another resident's phone, not the board's stored
 * rows — until a facilitator lets it through into the board, under the same key.
 */

interface Prepared {
	workshopId: string;
	/** The demo empathy map (open). */
	board: string;
	facilitatorToken: string;
	maria: Resident;
	luca: Resident;
}

async function prepare(db: Database): Promise<Prepared> {
	const workshopId = await demoWorkshopId(db);
	const { open } = await demoBoards(db, workshopId);
	const [maria, luca] = (await addResidents(db, workshopId, ['Maria', 'Luca'])) as [
		Resident,
		Resident
	];
	return {
		workshopId,
		board: open,
		facilitatorToken: await staffToken(db, DEMO.facilitator),
		maria,
		luca
	};
}

/** Text of a note that is never let through: it must be stored nowhere but in its inbox and held. */
const NEVER_RELEASED = 'nota mai approvata 7f3k';

describe.each(databaseKinds)('held notes on %s', (kind) => {
	let site: Site<Prepared>;
	let p: Prepared;
	/** Maria's inbox, the facilitators' held document, Luca's and the facilitator's board. */
	let inbox: LiveClient;
	let held: LiveClient;
	let lucaBoard: LiveClient;
	let staffBoard: LiveClient;
	const notes = (client: LiveClient) => client.doc.getMap('notes') as Y.Map<unknown>;

	beforeAll(async () => {
		site = await startSite(kind, { prepare, env: { COLLAB_FLUSH_MS: '10' } });
		p = site.prepared;
		inbox = await connect(site.url, `inbox:${p.board}:${p.maria.id}`, p.maria.token);
		held = await connect(site.url, `held:${p.board}`, p.facilitatorToken);
		lucaBoard = await connect(site.url, `board:${p.board}`, p.luca.token);
		staffBoard = await connect(site.url, `board:${p.board}`, p.facilitatorToken);
	});
	afterAll(async () => {
		for (const client of [inbox, held, lucaBoard, staffBoard]) client?.destroy();
		await site?.stop();
	});

	async function act(body: unknown) {
		// The site's address changes on a restart.
		const facilitator = new Client(site.url, { 'accept-language': 'it' });
		facilitator.cookies.set('piazza_session', p.facilitatorToken);
		const response = await facilitator.post(`/api/workshops/${p.workshopId}/actions`, body);
		return { status: response.status, json: (await response.json()) as { error?: string } };
	}

	/** Maria writes a note into her inbox, as her phone does while the board holds notes. */
	function writeToInbox(text: string, key = noteKey(p.maria.id)) {
		const record = noteOf(p.maria.id, p.maria.name, text);
		notes(inbox).set(key, record);
		return { key, record };
	}

	it('keeps a note written in private mode between its author and the facilitators', async () => {
		expect((await act({ type: 'private-mode', boardId: p.board, on: true })).status).toBe(200);
		const { key, record } = writeToInbox('un’idea ancora privata');
		await expect.poll(() => notes(held).get(key)).toEqual(record);
		// The board documents were synced all along: had the note reached them, it would be there.
		await expect.poll(() => staffBoard.provider.synced).toBe(true);
		expect(notes(lucaBoard).has(key)).toBe(false);
		expect(notes(staffBoard).has(key)).toBe(false);
		expect(inbox.denied).toEqual([]);
	});

	it('refuses another resident on someone’s inbox and on the held notes (4403)', async () => {
		const cookie = { cookie: `piazza_session=${p.luca.token}` };
		for (const name of [`inbox:${p.board}:${p.maria.id}`, `held:${p.board}`]) {
			expect(await rawAttempt(site.url, `/collab/${name}`, cookie)).toMatchObject({ close: 4403 });
		}
		// Nor may the author read everyone's held notes.
		expect(
			await rawAttempt(site.url, `/collab/held:${p.board}`, {
				cookie: `piazza_session=${p.maria.token}`
			})
		).toMatchObject({ close: 4403 });
		// A facilitator reads an inbox but may not write in it.
		const staffInbox = await connect(
			site.url,
			`inbox:${p.board}:${p.maria.id}`,
			p.facilitatorToken
		);
		try {
			notes(staffInbox).set(noteKey(p.maria.id), noteOf(p.maria.id, p.maria.name, 'falso'));
			await expect.poll(() => staffInbox.denied).toEqual(['read-only document']);
		} finally {
			staffInbox.destroy();
		}
	});

	it('refuses a forged note in one’s own inbox and changes nothing', async () => {
		const before = held.doc.getMap('notes').toJSON();
		/** One write on a fresh page (a refused write would leave later ones of that tab behind). */
		async function attempt(key: string, record: unknown) {
			const page = await connect(site.url, `inbox:${p.board}:${p.maria.id}`, p.maria.token);
			try {
				notes(page).set(key, record);
				await expect.poll(() => page.denied.length).toBe(1);
				return page.denied[0];
			} finally {
				page.destroy();
			}
		}
		const forgedKey = noteKey(p.luca.id);
		expect(await attempt(forgedKey, noteOf(p.luca.id, p.luca.name, 'a nome di Luca'))).toBe(
			'only your own notes'
		);
		const wrongAuthor = noteKey(p.maria.id);
		expect(await attempt(wrongAuthor, noteOf(p.luca.id, p.luca.name, 'autore falso'))).toBe(
			'not a valid note (wrong-author)'
		);
		const extra = noteKey(p.maria.id);
		const withFlag = { ...noteOf(p.maria.id, p.maria.name, 'campo in più'), approved: true };
		expect(await attempt(extra, withFlag)).toBe('not a valid note (extra-fields)');
		// A fresh copy of the inbox, as the server holds it.
		const fresh = await connect(site.url, `inbox:${p.board}:${p.maria.id}`, p.maria.token);
		try {
			for (const key of [forgedKey, wrongAuthor, extra]) expect(notes(fresh).has(key)).toBe(false);
		} finally {
			fresh.destroy();
		}
		expect(held.doc.getMap('notes').toJSON()).toEqual(before);
	});

	it('refuses notes in the inbox while the board is locked', async () => {
		expect((await act({ type: 'board-phase', boardId: p.board, phase: 'locked' })).status).toBe(
			200
		);
		const before = held.doc.getMap('notes').toJSON();
		const { key } = writeToInbox('a tavola chiusa');
		await expect.poll(() => inbox.denied).toEqual(['the board is locked']);
		expect(held.doc.getMap('notes').toJSON()).toEqual(before);
		expect(notes(held).has(key)).toBe(false);
		expect((await act({ type: 'board-phase', boardId: p.board, phase: 'open' })).status).toBe(200);
		// The refused note stays in that tab's own copy only: a fresh page starts from the server's.
		inbox.destroy();
		inbox = await connect(site.url, `inbox:${p.board}:${p.maria.id}`, p.maria.token);
		expect(notes(inbox).has(key)).toBe(false);
	});

	it('puts held notes into the board under the same key when private mode is turned off', async () => {
		const waiting = [...notes(held).entries()];
		expect(waiting).toHaveLength(1);
		const [key, record] = waiting[0]!;
		// Maria's phone: the board and her inbox, read together as ResidentNotes reads them.
		const mariaBoard = await connect(site.url, `board:${p.board}`, p.maria.token);
		const view = () =>
			readResidentNotes(mariaBoard.doc, inbox.doc, p.maria.id)
				.filter((n) => n.key === key)
				.map((n) => ({ key: n.key, held: n.held }));
		try {
			expect(view()).toEqual([{ key, held: true }]);
			expect((await act({ type: 'private-mode', boardId: p.board, on: false })).status).toBe(200);
			await expect.poll(() => notes(lucaBoard).get(key)).toEqual(record);
			await expect.poll(() => notes(inbox).size).toBe(0);
			await expect.poll(() => notes(held).size).toBe(0);
			expect([...notes(lucaBoard).keys()].filter((k) => k === key)).toHaveLength(1);
			// She sees it once, no longer held, and edits it where it is now: in the board.
			await expect.poll(view).toEqual([{ key, held: false }]);
			editNote(mariaBoard.doc, { id: p.maria.id, name: p.maria.name }, key, 'ora la vedono tutti');
			await expect
				.poll(() => (notes(lucaBoard).get(key) as { text?: string } | undefined)?.text)
				.toBe('ora la vedono tutti');
			expect(mariaBoard.denied).toEqual([]);
		} finally {
			mariaBoard.destroy();
		}
	});

	it('moves a note that reaches the inbox after the release straight into the board', async () => {
		// A phone that still believed the board held notes (offline while the facilitator acted).
		const { key, record } = writeToInbox('arrivata in ritardo');
		await expect.poll(() => notes(lucaBoard).get(key)).toEqual(record);
		await expect.poll(() => notes(inbox).has(key)).toBe(false);
		expect(notes(held).has(key)).toBe(false);
	});

	it('lets through only the approved note under pre-moderation', async () => {
		expect((await act({ type: 'premoderation', boardId: p.board, on: true })).status).toBe(200);
		const approved = writeToInbox('da approvare');
		const waiting = writeToInbox(NEVER_RELEASED);
		await expect.poll(() => notes(held).size).toBe(2);
		const result = await act({ type: 'approve-note', boardId: p.board, noteId: approved.key });
		expect(result.status).toBe(200);
		await expect.poll(() => notes(lucaBoard).get(approved.key)).toEqual(approved.record);
		await expect.poll(() => [...notes(held).keys()]).toEqual([waiting.key]);
		await expect.poll(() => [...notes(inbox).keys()]).toEqual([waiting.key]);
		expect(notes(lucaBoard).has(waiting.key)).toBe(false);
		expect(notes(staffBoard).has(waiting.key)).toBe(false);
	});

	it('refuses a new note written straight into the board under pre-moderation', async () => {
		const page = await connect(site.url, `board:${p.board}`, p.luca.token);
		try {
			const key = noteKey(p.luca.id);
			notes(page).set(key, noteOf(p.luca.id, p.luca.name, 'senza moderazione'));
			await expect.poll(() => page.denied).toEqual(['new notes wait for approval']);
			expect(notes(staffBoard).has(key)).toBe(false);
			expect(notes(held).has(key)).toBe(false);
		} finally {
			page.destroy();
		}
	});

	it('refuses to approve a note that is not held, and changes nothing', async () => {
		const boardBefore = staffBoard.doc.getMap('notes').toJSON();
		const heldBefore = held.doc.getMap('notes').toJSON();
		const released = [...notes(lucaBoard).keys()].find((k) => k.startsWith(p.maria.id))!;
		for (const noteId of [released, `${p.maria.id}:nonesiste`]) {
			const refused = await act({ type: 'approve-note', boardId: p.board, noteId });
			expect(refused.status).toBe(409);
			expect(refused.json.error).toBe('note_not_found');
		}
		expect(staffBoard.doc.getMap('notes').toJSON()).toEqual(boardBefore);
		expect(held.doc.getMap('notes').toJSON()).toEqual(heldBefore);
	});

	it('hides a held note: the flag waits in the board, the note stays held', async () => {
		const [key] = [...notes(held).keys()];
		const reason = 'Non riguarda la biblioteca';
		const hidden = await act({ type: 'hide-note', boardId: p.board, noteId: key, reason });
		expect(hidden.status).toBe(200);
		await expect
			.poll(() => staffBoard.doc.getMap('moderation').get(key!))
			.toEqual({
				hidden: true,
				reason
			});
		expect(notes(staffBoard).has(key!)).toBe(false);
		expect(notes(held).has(key!)).toBe(true);
	});

	it('keeps held notes across a restart, and releases them after it', async () => {
		const kept = [...notes(held).keys()][0]!;
		const later = writeToInbox('approvata dopo il riavvio');
		await expect.poll(() => notes(held).has(later.key)).toBe(true);
		for (const client of [inbox, held, lucaBoard, staffBoard]) client.destroy();
		await site.restart();
		held = await connect(site.url, `held:${p.board}`, p.facilitatorToken);
		lucaBoard = await connect(site.url, `board:${p.board}`, p.luca.token);
		staffBoard = await connect(site.url, `board:${p.board}`, p.facilitatorToken);
		inbox = await connect(site.url, `inbox:${p.board}:${p.maria.id}`, p.maria.token);
		expect([...notes(held).keys()].sort()).toEqual([kept, later.key].sort());
		expect([...notes(inbox).keys()].sort()).toEqual([kept, later.key].sort());
		expect(notes(lucaBoard).has(kept)).toBe(false);

		const approved = await act({ type: 'approve-note', boardId: p.board, noteId: later.key });
		expect(approved.status).toBe(200);
		await expect.poll(() => notes(lucaBoard).get(later.key)).toEqual(later.record);
		await expect.poll(() => [...notes(held).keys()]).toEqual([kept]);
		// Approving it again finds it no longer held.
		expect((await act({ type: 'approve-note', boardId: p.board, noteId: later.key })).status).toBe(
			409
		);
	});

	it('stores a held note nowhere in the board document', async () => {
		// PGlite belongs to the server while it runs: on it, this ends the site (the last test).
		const rows = await site.inspect(async (db) => ({
			updates: await db
				.select({ name: collabUpdates.docName, update: collabUpdates.update })
				.from(collabUpdates)
				.where(like(collabUpdates.docName, `%${p.board}%`)),
			snapshots: await db
				.select({ name: collabDocuments.name, snapshot: collabDocuments.snapshot })
				.from(collabDocuments)
				.where(like(collabDocuments.name, `%${p.board}%`))
		}));
		const holding = new Set<string>();
		for (const { name, bytes } of [
			...rows.updates.map((r) => ({ name: r.name, bytes: r.update })),
			...rows.snapshots.map((r) => ({ name: r.name, bytes: r.snapshot }))
		]) {
			if (bytes && Buffer.from(bytes).includes(NEVER_RELEASED)) holding.add(name.split(':')[0]!);
		}
		expect([...holding].sort()).toEqual(['held', 'inbox']);
	});
});
