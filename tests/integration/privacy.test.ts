import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import type { Database } from '../../src/lib/server/db/client';
import {
	branches,
	collabDocuments,
	collabUpdates,
	participants,
	privacyErasures,
	proposalComments,
	proposalFollows,
	proposalSupports,
	proposals,
	residentContacts,
	residents,
	sessions,
	votes
} from '../../src/lib/server/db/schema/index';
import * as contacts from '../../src/lib/server/notifications/contacts';
import * as tallies from '../../src/lib/server/voting/tallies';
import { CONSENT_VERSION } from '../../src/lib/domain/proposal/residents';
import type { Export } from '../../src/lib/server/privacy/export';
import { addResidents } from '../helpers/board-edits';
import type { Resident } from '../helpers/board-edits';
import { connect, demoBoards, noteKey, noteOf } from '../helpers/collab';
import type { Client as LiveClient } from '../helpers/collab';
import { until } from '../helpers/collab-raw';
import { databaseKinds } from '../helpers/db';
import { Client } from '../helpers/http';
import { startSite } from '../helpers/site';
import type { Site } from '../helpers/site';
import { DEMO } from '../helpers/staff';
import { demoWorkshopId, staffToken } from '../helpers/workshops';

/**
 * "Cancella i miei contributi" (issue 8, privacy): a resident's notes leave every board while
 * phones and the projector watch, leave the stored history too (not one byte of their text in any
 * journal row or snapshot), their waiting notes leave their inbox and the facilitators' held
 * document, their comments, supports, follows and email go, and the anonymous tallies stay as the
 * room saw them. "Scarica i miei dati" gives all of it beforehand, and nothing of anyone else.
 */

interface Prepared {
	workshopId: string;
	board: string;
	facilitatorToken: string;
	maria: Resident & { residentId: string };
	luca: Resident;
	niguarda: string;
}

/** Texts that must vanish from storage: distinctive, so a byte search cannot miss or misfire. */
const BOARD_TEXT = 'zq-segreto-di-maria-4471';
const INBOX_TEXT = 'zq-in-attesa-di-maria-8812';
const COMMENT_TEXT = 'zq-commento-di-maria-3390';
const LUCA_TEXT = 'nota di Luca che resta';
const VOTED_ITEM = 'luca-item-voted';

async function prepare(db: Database): Promise<Prepared> {
	const workshopId = await demoWorkshopId(db);
	const { open } = await demoBoards(db, workshopId);
	const [maria, luca] = (await addResidents(db, workshopId, ['Maria-zq', 'Luca'])) as [
		Resident,
		Resident
	];
	const [row] = await db
		.select({ residentId: participants.residentId })
		.from(participants)
		.where(eq(participants.id, maria.id));
	const residentId = row!.residentId!;
	await contacts.give(db, residentId, {
		email: 'maria.zq@example.org',
		consent: true,
		consentVersion: CONSENT_VERSION,
		locale: 'it'
	});
	// Dots already placed (and, for the room, revealed): Maria's and Luca's on one item.
	await db.insert(votes).values([
		{ boardId: open, participantId: maria.id, itemId: VOTED_ITEM, count: 2 },
		{ boardId: open, participantId: luca.id, itemId: VOTED_ITEM, count: 1 }
	]);
	const [niguarda] = await db
		.select({ id: branches.id })
		.from(branches)
		.where(eq(branches.slug, 'niguarda'));
	return {
		workshopId,
		board: open,
		facilitatorToken: await staffToken(db, DEMO.facilitator),
		maria: { ...maria, residentId },
		luca,
		niguarda: niguarda!.id
	};
}

/** Every stored byte of every live document: journal rows and snapshots. */
async function storedBytes(db: Database): Promise<Buffer[]> {
	const rows = await db.select({ update: collabUpdates.update }).from(collabUpdates);
	const snapshots = await db.select({ snapshot: collabDocuments.snapshot }).from(collabDocuments);
	return [
		...rows.flatMap((r) => (r.update ? [Buffer.from(r.update)] : [])),
		...snapshots.map((s) => Buffer.from(s.snapshot))
	];
}

function holds(chunks: Buffer[], text: string): boolean {
	const needle = Buffer.from(text, 'utf8');
	return chunks.some((chunk) => chunk.includes(needle));
}

describe.each(databaseKinds)('privacy: download and erase on %s', (kind) => {
	let site: Site<Prepared>;
	let p: Prepared;
	let maria: Client;
	let mariaBoard: LiveClient;
	let mariaInbox: LiveClient;
	let lucaBoard: LiveClient;
	let staffBoard: LiveClient;
	let held: LiveClient;
	let proposalId: string;
	const keys = { board: '', inbox: '', luca: '' };
	const notes = (client: LiveClient) => client.doc.getMap('notes') as Y.Map<unknown>;

	async function staffCall(path: string, body: unknown) {
		const facilitator = new Client(site.url);
		facilitator.cookies.set('piazza_session', p.facilitatorToken);
		return facilitator.post(path, body);
	}

	beforeAll(async () => {
		site = await startSite(kind, { prepare, env: { COLLAB_FLUSH_MS: '10' } });
		p = site.prepared;
		maria = new Client(site.url, { 'accept-language': 'it' });
		maria.cookies.set('piazza_session', p.maria.token);
		mariaBoard = await connect(site.url, `board:${p.board}`, p.maria.token);
		lucaBoard = await connect(site.url, `board:${p.board}`, p.luca.token);
		staffBoard = await connect(site.url, `board:${p.board}`, p.facilitatorToken);

		keys.board = noteKey(p.maria.id);
		keys.luca = noteKey(p.luca.id);
		notes(mariaBoard).set(keys.board, noteOf(p.maria.id, p.maria.name, BOARD_TEXT));
		notes(lucaBoard).set(keys.luca, noteOf(p.luca.id, p.luca.name, LUCA_TEXT));
		await until(
			() => notes(staffBoard).has(keys.luca) && notes(lucaBoard).has(keys.board),
			'notes synced'
		);
		// The facilitator places Maria's note on the canvas: staff roots keyed by it.
		staffBoard.doc.getMap('layout').set(keys.board, { x: 10, y: 20, clusterId: null });

		// Private mode: Maria's next note waits in her inbox, mirrored for the facilitators.
		const privateOn = await staffCall(`/api/workshops/${p.workshopId}/actions`, {
			type: 'private-mode',
			boardId: p.board,
			on: true
		});
		expect(privateOn.status).toBe(200);
		mariaInbox = await connect(site.url, `inbox:${p.board}:${p.maria.id}`, p.maria.token);
		held = await connect(site.url, `held:${p.board}`, p.facilitatorToken);
		keys.inbox = noteKey(p.maria.id);
		notes(mariaInbox).set(keys.inbox, noteOf(p.maria.id, p.maria.name, INBOX_TEXT));
		await until(() => notes(held).has(keys.inbox), 'the inbox note mirrored');

		// Her board note becomes a proposal, which she supports, follows and comments on.
		const created = await staffCall('/api/proposals', {
			title: 'Più posti a sedere',
			problem: 'Mancano sedie.',
			source: { boardId: p.board, noteIds: [keys.board] },
			branchIds: [p.niguarda],
			serviceSlugs: ['smart-locker']
		});
		expect(created.status).toBe(201);
		proposalId = ((await created.json()) as { id: string }).id;
		for (const action of ['support', 'follow']) {
			expect((await maria.post(`/api/proposals/${proposalId}/${action}`, {})).status).toBe(200);
		}
		const commented = await maria.post(`/api/proposals/${proposalId}/comments`, {
			text: COMMENT_TEXT
		});
		expect(commented.status).toBeLessThan(300);
	});

	afterAll(async () => {
		for (const client of [mariaBoard, mariaInbox, lucaBoard, staffBoard, held]) client?.destroy();
		await site?.stop();
	});

	it('gives the resident everything kept about them, and nothing about anyone else', async () => {
		const response = await maria.fetch('/le-mie-idee/dati');
		expect(response.status).toBe(200);
		expect(response.headers.get('content-disposition')).toMatch(
			/^attachment; filename="piazza-i-miei-dati-\d{4}-\d{2}-\d{2}\.json"$/
		);
		expect(response.headers.get('cache-control')).toBe('no-store');
		const data = (await response.json()) as Export;
		expect(data.format).toBe('piazza-participant-data');
		expect(data.participations).toHaveLength(1);
		const [mine] = data.participations;
		expect(mine!.nickname).toBe('Maria-zq');
		const waiting = Object.fromEntries(mine!.notes.map((n) => [n.text, n.waiting]));
		expect(waiting).toEqual({ [BOARD_TEXT]: false, [INBOX_TEXT]: true });
		expect(mine!.votes).toEqual([{ boardId: p.board, itemId: VOTED_ITEM, count: 2 }]);
		expect(data.supports.map((s) => s.proposalId)).toEqual([proposalId]);
		expect(data.follows.map((s) => s.proposalId)).toEqual([proposalId]);
		expect(data.comments.map((c) => c.text)).toEqual([COMMENT_TEXT]);
		expect(data.contact?.email).toBe('maria.zq@example.org');
		const text = JSON.stringify(data);
		expect(text).not.toContain(LUCA_TEXT);
		expect(text).not.toContain('Luca');
	});

	it('refuses the download without a resident session (401, JSON error)', async () => {
		const visitor = new Client(site.url, { 'accept-language': 'en' });
		const response = await visitor.fetch('/le-mie-idee/dati');
		expect(response.status).toBe(401);
		expect(await response.json()).toEqual({
			error: 'no_session',
			message: 'No participant is linked to this phone.'
		});
	});

	it('changes nothing when the erasure is not confirmed', async () => {
		const response = await maria.postForm('/le-mie-idee?/erase', {});
		expect(response.status).toBe(400);
		expect(await response.text()).toContain('Spunta la casella per confermare');
		expect((await maria.fetch('/le-mie-idee/dati')).status).toBe(200);
		expect(notes(lucaBoard).has(keys.board)).toBe(true);
	});

	it('removes the notes live from every phone and the projector, and signs the phone out', async () => {
		if (kind === 'postgres') {
			// The text is really in storage before, so that its absence after means something.
			const before = await site.inspect(storedBytes);
			expect(holds(before, BOARD_TEXT)).toBe(true);
		}
		const mariaClosed = mariaBoard.closed;
		const response = await maria.postForm('/le-mie-idee?/erase', { confirm: 'yes' });
		expect(response.status).toBe(200);
		expect(await response.text()).toContain('i tuoi contributi sono stati cancellati');
		// Open stock y-websocket clients see the note go, and its staff entries with it.
		await expect.poll(() => notes(lucaBoard).has(keys.board)).toBe(false);
		await expect.poll(() => notes(staffBoard).has(keys.board)).toBe(false);
		await expect.poll(() => staffBoard.doc.getMap('layout').has(keys.board)).toBe(false);
		await expect.poll(() => notes(held).has(keys.inbox)).toBe(false);
		expect(notes(lucaBoard).get(keys.luca)).toMatchObject({ text: LUCA_TEXT });
		// Her own sockets are closed as signed out, within about a second.
		expect((await mariaClosed).code).toBe(4401);
		expect(maria.cookies.has('piazza_session')).toBe(false);
		const again = new Client(site.url);
		again.cookies.set('piazza_session', p.maria.token);
		expect((await again.fetch('/le-mie-idee/dati')).status).toBe(401);
	});

	it('leaves no trace of the text in storage, keeps the tallies and records who erased', async () => {
		const fresh = await connect(site.url, `board:${p.board}`, p.facilitatorToken);
		try {
			expect(notes(fresh).has(keys.board)).toBe(false);
			expect(notes(fresh).get(keys.luca)).toMatchObject({ text: LUCA_TEXT });
		} finally {
			fresh.destroy();
		}
		await site.inspect(async (db) => {
			const bytes = await storedBytes(db);
			expect(bytes.length).toBeGreaterThan(0);
			for (const text of [BOARD_TEXT, INBOX_TEXT, 'Maria-zq', COMMENT_TEXT]) {
				expect(holds(bytes, text), text).toBe(false);
			}
			// Luca's note is still stored: the search does find what is there.
			expect(holds(bytes, LUCA_TEXT)).toBe(true);

			const [row] = await db.select().from(participants).where(eq(participants.id, p.maria.id));
			expect(row!.nickname).toBe('');
			expect(row!.anonymisedAt).not.toBeNull();
			expect(row!.residentId).not.toBe(p.maria.residentId);
			expect(await db.select().from(residents).where(eq(residents.id, p.maria.residentId))).toEqual(
				[]
			);
			const [tally] = (await tallies.ofBoard(db, p.board)).filter((t) => t.itemId === VOTED_ITEM);
			expect(tally?.total).toBe(3);

			const resident = p.maria.residentId;
			for (const table of [proposalComments, proposalFollows, proposalSupports]) {
				expect(
					await db
						.select()
						.from(table)
						.where(inArray(table.residentId, [resident]))
				).toEqual([]);
			}
			expect(await db.select().from(residentContacts)).toEqual([]);
			expect(await db.select().from(sessions).where(eq(sessions.residentId, resident))).toEqual([]);
			const [proposal] = await db.select().from(proposals).where(eq(proposals.id, proposalId));
			expect(proposal!.title).toBe('Più posti a sedere');
			expect(proposal!.supports).toBe(0);
			expect(JSON.stringify(proposal!.provenance)).not.toContain(BOARD_TEXT);
			expect(JSON.stringify(proposal!.provenance)).not.toContain('Maria-zq');
			const [comment] = await db
				.select({ n: proposalComments.id })
				.from(proposalComments)
				.where(eq(proposalComments.text, COMMENT_TEXT));
			expect(comment).toBeUndefined();

			const records = await db.select().from(privacyErasures);
			expect(records).toHaveLength(1);
			expect(records[0]).toMatchObject({
				kind: 'self',
				actorUserId: null,
				participantIds: p.maria.id,
				notesRemoved: 2
			});
			expect(JSON.stringify(records)).not.toContain('Maria');
		});
	});
});
