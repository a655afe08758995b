import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { proposals } from '../../src/lib/server/db/schema/index';
import { connect, demoBoards, noteKey, noteOf, participantIdOf } from '../helpers/collab';
import type { Client } from '../helpers/collab';
import {
	awarenessFrame,
	boardJson,
	openRaw,
	startBystanders,
	storedAuthors,
	storedDocument,
	until
} from '../helpers/collab-raw';
import type { Bystanders, RawClient } from '../helpers/collab-raw';
import { PROPOSAL_TEXT_FIELD } from '../../src/lib/domain/collab/doc-name';
import { databaseKinds } from '../helpers/db';
import { startSite } from '../helpers/site';
import type { Site } from '../helpers/site';
import { demoWorkshopId, participantToken, staffToken } from '../helpers/workshops';
import { bareProvenance } from '../helpers/proposals';

/**
 * Hostile writers (DESIGN.md §3-§4, RELIABILITY.md 11-14): a resident who builds updates with stock
 * yjs and sends them on a raw socket. Every forbidden change must be dropped whole with "permission
 * denied" while the socket keeps reading; the server stays up, honest people on the same board and
 * on another board keep working, and nothing hostile reaches the database. Every forged value says
 * HOSTILE, so the last test can look for it in what is stored.
 */

interface Person {
	token: string;
	id: string;
}
interface Prepared {
	workshopId: string;
	boards: { open: string; locked: string };
	proposalId: string;
	/** The attacker: a participant of the workshop like any other. */
	maria: Person;
	/** Honest residents. */
	luca: Person;
	anna: Person;
	facilitator: string;
}

const HOSTILE = 'HOSTILE';

describe.each(databaseKinds)('hostile writers on %s', (kind) => {
	let site: Site<Prepared>;
	/** Anna writes and Luca reads on the open board; staff write and Luca reads on the locked one. */
	let bystanders: Bystanders;
	let annaOnBoard: Client;
	let lucaOnBoard: Client;
	let lucasNote: string;

	beforeAll(async () => {
		site = await startSite<Prepared>(kind, {
			env: { COLLAB_FLUSH_MS: '20' },
			prepare: async (db) => {
				const workshopId = await demoWorkshopId(db);
				const person = async (nickname: string) => {
					const token = await participantToken(db, workshopId, nickname);
					return { token, id: await participantIdOf(db, workshopId, nickname) };
				};
				const [proposal] = await db
					.insert(proposals)
					.values({
						workshopId,
						title: 'Biblioteca aperta la domenica',
						provenance: bareProvenance(workshopId)
					})
					.returning({ id: proposals.id });
				return {
					workshopId,
					boards: await demoBoards(db, workshopId),
					proposalId: proposal!.id,
					maria: await person('Maria'),
					luca: await person('Luca'),
					anna: await person('Anna'),
					facilitator: await staffToken(db, 'facilitatore@example.org')
				};
			}
		});
		const { luca, anna, facilitator, boards } = site.prepared;
		bystanders = await startBystanders(() => site.url, {
			board: `board:${boards.open}`,
			otherBoard: `board:${boards.locked}`,
			resident: { ...anna, name: 'Anna' },
			reader: luca.token,
			staff: facilitator
		});
		annaOnBoard = bystanders.writer;
		lucaOnBoard = bystanders.reader;
		lucasNote = noteKey(luca.id);
		lucaOnBoard.doc.getMap('notes').set(lucasNote, noteOf(luca.id, 'Luca', 'Corsi di italiano'));
		await until(() => annaOnBoard.doc.getMap('notes').has(lucasNote), 'Luca’s note is shared');
	});
	afterAll(async () => {
		bystanders?.destroy();
		await site?.stop();
	});

	const openBoard = () => `board:${site.prepared.boards.open}`;

	/** The open board as a newly connected reader gets it from the server. */
	async function freshBoard() {
		const reader = await connect(site.url, openBoard(), site.prepared.facilitator);
		try {
			return boardJson(reader.doc);
		} finally {
			reader.destroy();
		}
	}

	const expectOthersUnaffected = () => bystanders.expectUnaffected();

	/**
	 * Sends each forged update on one raw socket of `token` and expects each to be refused with
	 * "permission denied" (reason matching), the socket still answering a sync request afterwards,
	 * and a fresh reader seeing the document exactly as before.
	 */
	async function expectRefused(
		attacks: { forge: (hostile: RawClient) => Uint8Array; reason: RegExp }[],
		options: { token?: string; docName?: string } = {}
	) {
		const docName = options.docName ?? openBoard();
		const before = docName === openBoard() ? await freshBoard() : null;
		const hostile = await openRaw(site.url, docName, options.token ?? site.prepared.maria.token);
		try {
			for (const [i, attack] of attacks.entries()) {
				hostile.sendUpdate(attack.forge(hostile));
				await expect.poll(() => hostile.denied.length).toBe(i + 1);
				expect(hostile.denied[i]).toMatch(attack.reason);
			}
			// Still open for reading: it answers a new sync request.
			const answers = hostile.syncAnswers;
			hostile.requestSync();
			await expect.poll(() => hostile.syncAnswers).toBe(answers + 1);
			expect(hostile.isOpen()).toBe(true);
			expect(JSON.stringify(hostile.mirror.toJSON())).not.toContain(HOSTILE);
		} finally {
			hostile.ws.close();
			await hostile.closed;
		}
		if (before) expect(await freshBoard()).toEqual(before);
	}

	const maria = () => site.prepared.maria;
	const ownNote = (text = HOSTILE) => noteOf(maria().id, 'Maria', text);

	it('refuses editing and deleting another resident’s note', async () => {
		await expectRefused([
			{
				forge: (h) =>
					h.forge((d) => d.getMap('notes').set(lucasNote, noteOf(maria().id, 'Maria', HOSTILE))),
				reason: /only your own notes/
			},
			{
				// The same edit, pretending to be Luca inside the note too.
				forge: (h) =>
					h.forge((d) =>
						d.getMap('notes').set(lucasNote, noteOf(site.prepared.luca.id, 'Luca', HOSTILE))
					),
				reason: /only your own notes/
			},
			{
				forge: (h) => h.forge((d) => d.getMap('notes').delete(lucasNote)),
				reason: /deletion refused: only your own notes/
			}
		]);
		await expectOthersUnaffected();
	});

	it('refuses a note keyed with someone else’s participant id, or signed with another author', async () => {
		const { luca } = site.prepared;
		await expectRefused([
			{
				forge: (h) =>
					h.forge((d) => d.getMap('notes').set(noteKey(luca.id), noteOf(luca.id, 'Luca', HOSTILE))),
				reason: /only your own notes/
			},
			{
				// Her own key, but Luca named inside: the note would show under his name.
				forge: (h) =>
					h.forge((d) =>
						d.getMap('notes').set(noteKey(maria().id), noteOf(luca.id, 'Luca', HOSTILE))
					),
				reason: /not a valid note \(wrong-author\)/
			},
			{
				forge: (h) =>
					h.forge((d) =>
						d.getMap('notes').set(noteKey(maria().id), noteOf(maria().id, 'Facilitatore', HOSTILE))
					),
				reason: /not a valid note \(wrong-author\)/
			},
			{
				// A key that only looks like hers: the suffix is not a note id.
				forge: (h) => h.forge((d) => d.getMap('notes').set(`${maria().id}:../x`, ownNote())),
				reason: /only your own notes/
			}
		]);
		await expectOthersUnaffected();
	});

	it('refuses nested Yjs types inside a note, and notes beyond the schema', async () => {
		await expectRefused([
			{
				forge: (h) =>
					h.forge((d) => {
						const nested = new Y.Map<unknown>();
						d.getMap('notes').set(noteKey(maria().id), nested);
						nested.set('text', HOSTILE);
					}),
				reason: /not allowed here/
			},
			{
				forge: (h) =>
					h.forge((d) => d.getMap('notes').set(noteKey(maria().id), new Y.Text(HOSTILE))),
				reason: /not allowed here/
			},
			{
				forge: (h) =>
					h.forge((d) => d.getMap('notes').set(noteKey(maria().id), ownNote('x'.repeat(281)))),
				reason: /not a valid note \(text\)/
			},
			{
				// A pasted essay (issue 5's "10,000-character note"), written past the phone's check:
				// refused as a record too large to be a note, before the note rules are read.
				forge: (h) =>
					h.forge((d) =>
						d
							.getMap('notes')
							.set(noteKey(maria().id), ownNote(HOSTILE.repeat(1429).slice(0, 10_000)))
					),
				reason: /a value is too large/
			},
			{
				forge: (h) =>
					h.forge((d) =>
						d.getMap('notes').set(noteKey(maria().id), { ...ownNote(), html: '<img onerror>' })
					),
				reason: /not a valid note \(extra-fields\)/
			},
			{
				forge: (h) =>
					h.forge((d) => d.getMap('notes').set(noteKey(maria().id), [ownNote(), ownNote()])),
				reason: /not a valid note \(not-an-object\)/
			}
		]);
		// The limit is 280 characters: exactly that many is a note like any other.
		const { anna } = site.prepared;
		const longest = noteKey(anna.id);
		annaOnBoard.doc.getMap('notes').set(longest, noteOf(anna.id, 'Anna', 'a'.repeat(280)));
		await expect.poll(() => lucaOnBoard.doc.getMap('notes').has(longest)).toBe(true);
		await expectOthersUnaffected();
	});

	it('refuses a resident’s writes to meta, layout, clusters, moderation and new root types', async () => {
		const staffOnly = ['meta', 'layout', 'clusters', 'moderation'].map((root) => ({
			forge: (h: RawClient) => h.forge((d) => d.getMap(root).set(lucasNote, { hidden: HOSTILE })),
			reason: new RegExp(`"${root}" is not writable here|only notes may be written here`)
		}));
		await expectRefused([
			...staffOnly,
			{
				// Even the board's own prompt: residents read it.
				forge: (h) => h.forge((d) => d.getMap('meta').set('prompt', HOSTILE)),
				reason: /"meta" is not writable here|only notes may be written here/
			},
			{
				forge: (h) => h.forge((d) => d.getMap('evil').set('x', HOSTILE)),
				reason: /"evil" is not writable here/
			},
			{
				forge: (h) => h.forge((d) => d.getText('notes-as-text').insert(0, HOSTILE)),
				reason: /is not writable here/
			},
			{
				forge: (h) => h.forge((d) => d.getArray('evil-list').push([HOSTILE])),
				reason: /is not writable here/
			}
		]);
		await expectOthersUnaffected();
	});

	it('refuses a wipe of the whole board, and the staff roots, by a resident', async () => {
		await expectRefused([
			{
				forge: (h) =>
					h.forge((d) => {
						for (const root of ['notes', 'layout', 'clusters', 'moderation', 'meta']) {
							d.getMap(root).clear();
						}
					}),
				reason: /deletion refused/
			},
			{
				forge: (h) => h.forge((d) => d.getMap('meta').clear()),
				reason: /deletion refused/
			}
		]);
		await expectOthersUnaffected();
	});

	it('refuses an update that mixes an allowed change with a forbidden one, whole', async () => {
		const mine = noteKey(maria().id);
		await expectRefused([
			{
				forge: (h) =>
					h.forge((d) => {
						d.getMap('notes').set(mine, ownNote()); // allowed on its own
						d.getMap('layout').set(mine, { x: 0, y: 0, clusterId: HOSTILE }); // staff only
					}),
				reason: /"layout" is not writable here|only notes may be written here/
			},
			{
				forge: (h) =>
					h.forge((d) => {
						d.getMap('notes').set(noteKey(maria().id), ownNote());
						d.getMap('notes').delete(lucasNote);
					}),
				reason: /deletion refused/
			}
		]);
		// Her own note went nowhere either.
		expect((await freshBoard()).notes).not.toHaveProperty(mine);
		await expectOthersUnaffected();
	});

	it('refuses writes under another connection’s Yjs client id', async () => {
		// Anna has written on this board, so her client id is bound to her.
		await expectOthersUnaffected();
		const annasClientId = annaOnBoard.doc.clientID;
		await expectRefused([
			{
				forge: (h) =>
					h.forge((d) => d.getMap('notes').set(noteKey(maria().id), ownNote()), annasClientId),
				reason: new RegExp(`client id ${annasClientId} belongs to another writer`)
			},
			{
				// The server's own client id (it wrote the board's schema) is bound too.
				forge: (h) => {
					const serverClient = [...h.mirror.getMap('meta')._map.values()][0]!.id.client;
					return h.forge(
						(d) => d.getMap('notes').set(noteKey(maria().id), ownNote()),
						serverClient
					);
				},
				reason: /belongs to another writer/
			}
		]);
		await expectOthersUnaffected();
	});

	it('refuses updates that build on changes the server never saw, so nothing is parked as pending', async () => {
		await expectRefused([
			{
				// Her own second note, sent without the first it follows: a gap in her clock.
				forge: (h) => {
					const doc = new Y.Doc();
					Y.applyUpdate(doc, Y.encodeStateAsUpdate(h.mirror));
					doc.getMap('notes').set(noteKey(maria().id), ownNote('primo'));
					const before = Y.encodeStateVector(doc);
					doc.getMap('notes').set(noteKey(maria().id), ownNote());
					return Y.encodeStateAsUpdate(doc, before);
				},
				reason: /depends on changes the server has not seen/
			},
			{
				// Her own note overwriting a value by a client the server never heard of: the update's
				// origin and deletion point at structs that exist nowhere (RELIABILITY.md 6).
				forge: (h) => {
					const key = noteKey(maria().id);
					const ghost = new Y.Doc();
					Y.applyUpdate(ghost, Y.encodeStateAsUpdate(h.mirror));
					ghost.getMap('notes').set(key, ownNote('fantasma'));
					const doc = new Y.Doc();
					Y.applyUpdate(doc, Y.encodeStateAsUpdate(ghost));
					const before = Y.encodeStateVector(doc);
					doc.getMap('notes').set(key, ownNote());
					return Y.encodeStateAsUpdate(doc, before);
				},
				reason: /does not know/
			}
		]);
		await expectOthersUnaffected();
	});

	it('closes with 4400 on a note value nested 100,000 levels deep, which cannot be decoded', async () => {
		const hostile = await openRaw(site.url, openBoard(), maria().token);
		const marker = 'DEEPDEEP';
		const update = hostile.forge((d) => d.getMap('notes').set(noteKey(maria().id), marker));
		// Swap the marker's encoding (119 = string, its length, its bytes) for 100,000 nested
		// one-element arrays (117 = array, length 1) around a null (126).
		const at = Buffer.from(update).indexOf(Buffer.from(marker)) - 2;
		expect(update[at]).toBe(119);
		const depth = 100_000;
		const deep = new Uint8Array(depth * 2 + 1).fill(1);
		for (let i = 0; i < depth; i++) deep[2 * i] = 117;
		deep[depth * 2] = 126;
		hostile.sendUpdate(
			Buffer.concat([update.subarray(0, at), deep, update.subarray(at + 2 + marker.length)])
		);
		expect(await hostile.closed).toMatchObject({ code: 4400 });
		await expectOthersUnaffected();
	});

	it('refuses a resident’s note on a locked board, and keeps that socket reading', async () => {
		const { boards } = site.prepared;
		const hostile = await openRaw(site.url, `board:${boards.locked}`, maria().token);
		try {
			hostile.sendUpdate(
				hostile.forge((d) => d.getMap('notes').set(noteKey(maria().id), ownNote()))
			);
			await expect.poll(() => hostile.denied).toEqual(['the board is locked']);
			// The facilitator's edits on that board still reach her.
			bystanders.otherWriter.doc
				.getMap('clusters')
				.set('c-locked', { label: 'Dopo', x: 0, y: 0, colour: 'green' });
			await expect.poll(() => hostile.mirror.getMap('clusters').has('c-locked')).toBe(true);
			expect(hostile.mirror.getMap('notes').size).toBe(0);
		} finally {
			hostile.terminate();
		}
		await expectOthersUnaffected();
	});

	it('refuses any client write to the control document, from a participant or a facilitator', async () => {
		const { workshopId, facilitator } = site.prepared;
		for (const token of [maria().token, facilitator]) {
			await expectRefused(
				[
					{
						forge: (h) => h.forge((d) => d.getMap('control').set('currentActivity', HOSTILE)),
						reason: /read-only document/
					},
					{
						forge: (h) => h.forge((d) => d.getArray('agenda').push([HOSTILE])),
						reason: /read-only document/
					}
				],
				{ token, docName: `control:${workshopId}` }
			);
		}
		await expectOthersUnaffected();
	});

	it('refuses a participant’s write to a proposal’s text, which staff edit', async () => {
		const name = `proposal:${site.prepared.proposalId}`;
		await expectRefused(
			[
				{
					forge: (h) =>
						h.forge((d) => {
							const paragraph = new Y.XmlElement('paragraph');
							paragraph.insert(0, [new Y.XmlText(HOSTILE)]);
							d.getXmlFragment(PROPOSAL_TEXT_FIELD).insert(0, [paragraph]);
						}),
					reason: /read-only document/
				}
			],
			{ docName: name }
		);
		// Staff may write there, and a participant's socket reads it.
		const staff = await connect(site.url, name, site.prepared.facilitator);
		const reader = await openRaw(site.url, name, maria().token);
		try {
			staff.doc.getXmlFragment(PROPOSAL_TEXT_FIELD).insert(0, [new Y.XmlText('Descrizione')]);
			await expect
				.poll(() => reader.mirror.getXmlFragment(PROPOSAL_TEXT_FIELD).toString())
				.toContain('Descrizione');
			expect(staff.denied).toEqual([]);
		} finally {
			staff.destroy();
			reader.terminate();
		}
		await expectOthersUnaffected();
	});

	it('shows presence with the session’s identity and closes a socket that speaks for another', async () => {
		const hostile = await openRaw(site.url, openBoard(), maria().token);
		const presenceId = 4242;
		hostile.send(
			awarenessFrame(presenceId, 1, {
				user: { name: 'Facilitatore', role: 'facilitator', color: '#000000' }
			})
		);
		const shown = () =>
			lucaOnBoard.provider.awareness.getStates().get(presenceId) as
				{ user: { id: string; name: string; role: string } } | undefined;
		// The id is the session's too: screens count a person once by it, however many tabs.
		await expect
			.poll(() => shown()?.user)
			.toMatchObject({
				id: `participant:${maria().id}`,
				name: 'Maria',
				role: 'participant'
			});

		// Taking over Luca's presence (a newer clock for his id) is a hijack: closed, his state kept.
		lucaOnBoard.provider.awareness.setLocalStateField('cursor', { x: 7 });
		const lucasId = lucaOnBoard.doc.clientID;
		await expect
			.poll(
				() => (hostile.awareness.getStates().get(lucasId) as { cursor?: { x: number } })?.cursor
			)
			.toEqual({ x: 7 });
		const clock = hostile.awareness.meta.get(lucasId)!.clock;
		hostile.send(
			awarenessFrame(lucasId, clock + 1, { cursor: { x: 666 }, user: { name: HOSTILE } })
		);
		expect(await hostile.closed).toMatchObject({ code: 4403 });
		// Removing his presence (a null state) is the same hijack.
		const eraser = await openRaw(site.url, openBoard(), maria().token);
		eraser.send(awarenessFrame(lucasId, clock + 1, null));
		expect(await eraser.closed).toMatchObject({ code: 4403 });
		// A round of honest edits later, Luca is still shown as himself, where he was.
		await expectOthersUnaffected();
		expect(annaOnBoard.provider.awareness.getStates().get(lucasId)).toMatchObject({
			cursor: { x: 7 },
			user: { name: 'Luca', role: 'participant' }
		});
	});

	it('closes a socket whose presence is too large (4413) and never relays it', async () => {
		const hostile = await openRaw(site.url, openBoard(), maria().token);
		const presenceId = 4343;
		// Default COLLAB_MAX_AWARENESS_BYTES is 4 KiB; the frame itself is well under the frame limit.
		hostile.send(awarenessFrame(presenceId, 1, { blob: HOSTILE.repeat(1000) }));
		expect(await hostile.closed).toMatchObject({ code: 4413 });
		expect(lucaOnBoard.provider.awareness.getStates().has(presenceId)).toBe(false);
		await expectOthersUnaffected();
		expect(lucaOnBoard.provider.awareness.getStates().has(presenceId)).toBe(false);
	});

	it('removes a presence for others when its socket drops without saying goodbye', async () => {
		const hostile = await openRaw(site.url, openBoard(), maria().token);
		const presenceId = 4444;
		hostile.send(awarenessFrame(presenceId, 1, { cursor: { x: 1 } }));
		await expect.poll(() => lucaOnBoard.provider.awareness.getStates().has(presenceId)).toBe(true);
		// A dead phone: no awareness removal, no close frame, just gone.
		hostile.terminate();
		await expect.poll(() => lucaOnBoard.provider.awareness.getStates().has(presenceId)).toBe(false);
		await expectOthersUnaffected();
	});

	it('stored nothing any hostile write carried', async () => {
		const { boards, workshopId, proposalId } = site.prepared;
		const shown = await freshBoard();
		bystanders.destroy();
		// Stopped first (on both databases) so that no compaction runs while we read; this is why
		// this test comes last. A graceful stop stores everything accepted.
		await site.server.stop();
		const stored = await site.inspect(async (db) => ({
			board: boardJson(await storedDocument(db, `board:${boards.open}`)),
			authors: {
				open: await storedAuthors(db, `board:${boards.open}`),
				locked: await storedAuthors(db, `board:${boards.locked}`),
				control: await storedAuthors(db, `control:${workshopId}`),
				proposal: await storedAuthors(db, `proposal:${proposalId}`)
			}
		}));
		// What a reader was last shown is exactly what is stored, and none of it hostile.
		expect(stored.board).toEqual(shown);
		expect(JSON.stringify(stored.board)).not.toContain(HOSTILE);
		const all = Object.values(stored.authors).flat();
		expect(all.length).toBeGreaterThan(0);
		expect(all.filter((row) => row.participant === maria().id)).toEqual([]);
		expect(stored.authors.control.every((row) => row.origin === 'server')).toBe(true);
		// The honest writers are all there.
		expect(stored.authors.open.some((row) => row.participant === site.prepared.anna.id)).toBe(true);
		expect(stored.authors.open.some((row) => row.participant === site.prepared.luca.id)).toBe(true);
	});
});
