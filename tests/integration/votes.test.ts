import { and, eq, sum } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import type { Database } from '../../src/lib/server/db/client';
import { activities, boards, paperVotes, votes } from '../../src/lib/server/db/schema/index';
import * as tallies from '../../src/lib/server/voting/tallies';
import { connect, demoBoards, noteKey, noteOf } from '../helpers/collab';
import type { Client as LiveClient } from '../helpers/collab';
import { databaseKinds } from '../helpers/db';
import { startSite } from '../helpers/site';
import type { Site } from '../helpers/site';
import {
	addWorkshop,
	demoWorkshopId,
	otherFacilitatorToken,
	participantToken,
	staffToken
} from '../helpers/workshops';

// Contract (DESIGN.md §4): POST /api/boards/<boardId>/votes {"itemId","delta": 1 | -1} →
// 200 {"remaining": n}; over budget 409, voting not open 423, not a participant 403. Checked in one
// transaction (RELIABILITY.md cases 28-30). Added: GET …/votes (one's own dots) and
// POST /api/boards/<boardId>/paper-votes {"itemId","count"} for facilitators.

interface Prepared {
	workshopId: string;
	/** The demo's open board, voting open, 3 dots each, no cap per item. */
	boardId: string;
	/** The demo's second board, opened for writing, voting open, 3 dots each, 1 per item. */
	capBoardId: string;
	/** Boards whose vote is closed, and revealed. */
	closedBoardId: string;
	revealedBoardId: string;
	/** A board whose dot-voting activity votes on clusters, voting open. */
	clusterBoardId: string;
	/** A dot-voting board with its vote open, for the facilitator to reveal through the actions. */
	revealLaterBoardId: string;
	/** A board left with its vote open in a workshop that has since closed, and one of its people. */
	closedWorkshopBoardId: string;
	closedWorkshopResident: string;
	facilitator: string;
	manager: string;
	/** A facilitator who runs another workshop only. */
	otherFacilitator: string;
}

/** Someone who joined through the API: their session cookie and participant id. */
interface Person {
	token: string;
	participantId: string;
	name: string;
}

describe.each(databaseKinds)('dot voting on %s', (kind) => {
	let site: Site<Prepared>;
	let author: Person;
	/** Notes of `boardId` by their role in the tests below. */
	const notes = {} as Record<'a' | 'b' | 'c' | 'paper', string>;
	let capNote: string;
	let capNote2: string;

	beforeAll(async () => {
		site = await startSite(kind, {
			env: { COLLAB_FLUSH_MS: '10' },
			prepare: async (db) => {
				const workshopId = await demoWorkshopId(db);
				const demo = await demoBoards(db, workshopId);
				await db
					.update(boards)
					.set({ votingState: 'open', voteBudget: 3, maxVotesPerItem: null })
					.where(eq(boards.id, demo.open));
				await db
					.update(boards)
					.set({ phase: 'open', votingState: 'open', voteBudget: 3, maxVotesPerItem: 1 })
					.where(eq(boards.id, demo.locked));
				const [closed, revealed, clustered, revealLater] = await db
					.insert(boards)
					.values([
						{ workshopId, kind: 'idea-wall', phase: 'open', votingState: 'closed' },
						{ workshopId, kind: 'idea-wall', phase: 'open', votingState: 'revealed' },
						{ workshopId, kind: 'idea-wall', phase: 'open', votingState: 'open' },
						{ workshopId, kind: 'idea-wall', phase: 'open', votingState: 'open' }
					])
					.returning({ id: boards.id });
				await db.insert(activities).values([
					{
						workshopId,
						position: 2,
						kind: 'dot-voting',
						title: 'Votiamo i gruppi',
						boardId: clustered!.id,
						voteOn: 'clusters'
					},
					{
						workshopId,
						position: 3,
						kind: 'dot-voting',
						title: 'Votiamo le idee',
						boardId: revealLater!.id
					}
				]);
				await addWorkshop(db, { code: 'BRERA9', title: 'Un altro laboratorio', status: 'live' });
				const pastId = await addWorkshop(db, {
					code: 'FATT27',
					title: 'Un laboratorio concluso',
					status: 'closed'
				});
				const [past] = await db
					.insert(boards)
					.values({ workshopId: pastId, kind: 'idea-wall', votingState: 'open' })
					.returning({ id: boards.id });
				return {
					workshopId,
					boardId: demo.open,
					capBoardId: demo.locked,
					closedBoardId: closed!.id,
					revealedBoardId: revealed!.id,
					clusterBoardId: clustered!.id,
					revealLaterBoardId: revealLater!.id,
					closedWorkshopBoardId: past!.id,
					closedWorkshopResident: await participantToken(db, pastId, 'Olga'),
					facilitator: await staffToken(db, 'facilitatore@example.org'),
					manager: await staffToken(db, 'responsabile@example.org'),
					otherFacilitator: await otherFacilitatorToken(db, {
						email: 'altrove.voti@example.org',
						code: 'ARTV26'
					})
				};
			}
		});
		author = await join('Autrice');
		for (const name of ['a', 'b', 'c', 'paper'] as const)
			notes[name] = noteKey(author.participantId);
		capNote = noteKey(author.participantId);
		capNote2 = noteKey(author.participantId);
		await writeNotes(site.prepared.boardId, Object.values(notes));
		await writeNotes(site.prepared.capBoardId, [capNote, capNote2]);
	});
	afterAll(() => site?.stop());

	/** Joins CASA42 (or `code`) as `name` through the API. */
	async function join(name: string, code = 'CASA42'): Promise<Person> {
		const response = await fetch(`${site.url}/api/workshops/${code}/join`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ name })
		});
		expect(response.status).toBe(200);
		const token = /piazza_session=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
		const { participantId } = (await response.json()) as { participantId: string };
		return { token: token!, participantId, name };
	}

	/** The author's notes, written on a board with a stock y-websocket client, as the server holds them. */
	async function writeNotes(boardId: string, keys: string[]) {
		const writer = await connect(site.url, `board:${boardId}`, author.token);
		const reader = await connect(site.url, `board:${boardId}`, author.token);
		try {
			for (const key of keys) {
				writer.doc
					.getMap('notes')
					.set(key, noteOf(author.participantId, author.name, `idea ${key}`));
			}
			// The reader receives the notes only once the server has applied them.
			await until(reader.doc, (doc) => keys.every((key) => doc.getMap('notes').has(key)));
		} finally {
			writer.destroy();
			reader.destroy();
		}
	}

	/** Resolves once `doc` satisfies `ready`, checked now and after every update it receives. */
	function until(doc: Y.Doc, ready: (doc: Y.Doc) => boolean): Promise<void> {
		return new Promise((resolve) => {
			const check = () => {
				if (!ready(doc)) return;
				doc.off('update', check);
				resolve();
			};
			doc.on('update', check);
			check();
		});
	}

	function request(
		method: 'GET' | 'POST',
		path: string,
		token: string | null,
		body?: unknown,
		language = 'it'
	) {
		const headers: Record<string, string> = { 'accept-language': language };
		if (token) headers.cookie = `piazza_session=${token}`;
		if (body !== undefined) headers['content-type'] = 'application/json';
		return fetch(`${site.url}${path}`, {
			method,
			headers,
			body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
		});
	}

	/** One dot placed (1) or taken back (-1); resolves to the status and the JSON answer. */
	async function vote(
		who: Person | string | null,
		itemId: string,
		delta: number,
		options: { boardId?: string; language?: string } = {}
	) {
		const token = typeof who === 'string' || who === null ? who : who.token;
		const response = await request(
			'POST',
			`/api/boards/${options.boardId ?? site.prepared.boardId}/votes`,
			token,
			{ itemId, delta },
			options.language
		);
		return { status: response.status, body: (await response.json()) as Record<string, unknown> };
	}

	/** What `GET …/votes` tells `who` about their own dots. */
	async function myVotes(who: Person, boardId = site.prepared.boardId) {
		const response = await request('GET', `/api/boards/${boardId}/votes`, who.token);
		expect(response.status).toBe(200);
		return (await response.json()) as {
			remaining: number;
			budget: number;
			maxPerItem: number | null;
			votes: Record<string, number>;
		};
	}

	/**
	 * Runs `fn` on the site's database. PGlite belongs to the server process while it runs, so there
	 * the server stops for it and starts again on the same data afterwards (a new address).
	 */
	async function inDatabase<R>(fn: (db: Database) => Promise<R>): Promise<R> {
		const result = await site.inspect(fn);
		if (kind === 'pglite') await site.restart();
		return result;
	}

	it('places and takes back dots, answering the dots left every time', async () => {
		const anna = await join('Anna');
		expect(await vote(anna, notes.a, 1)).toEqual({ status: 200, body: { remaining: 2 } });
		expect(await vote(anna, notes.b, 1)).toEqual({ status: 200, body: { remaining: 1 } });
		expect(await vote(anna, notes.a, 1)).toEqual({ status: 200, body: { remaining: 0 } });
		expect(await vote(anna, notes.a, -1)).toEqual({ status: 200, body: { remaining: 1 } });
		expect(await myVotes(anna)).toEqual({
			remaining: 1,
			budget: 3,
			maxPerItem: null,
			votes: { [notes.a]: 1, [notes.b]: 1 }
		});
		expect(await vote(anna, notes.a, -1)).toEqual({ status: 200, body: { remaining: 2 } });
		expect((await myVotes(anna)).votes).toEqual({ [notes.b]: 1 });
	});

	it('refuses the fourth dot of a budget of three with 409 and says why, in Italian and English', async () => {
		const bruno = await join('Bruno');
		for (const item of [notes.a, notes.a, notes.b])
			expect((await vote(bruno, item, 1)).status).toBe(200);
		expect(await vote(bruno, notes.c, 1)).toEqual({
			status: 409,
			body: {
				error: 'over_budget',
				message: 'Hai già usato tutti i tuoi punti. Togline uno da un’altra idea per spostarlo.'
			}
		});
		expect(await vote(bruno, notes.c, 1, { language: 'en' })).toEqual({
			status: 409,
			body: {
				error: 'over_budget',
				message: 'You have used all your dots. Take one back from another idea to move it.'
			}
		});
		expect(await myVotes(bruno)).toMatchObject({
			remaining: 0,
			votes: { [notes.a]: 2, [notes.b]: 1 }
		});
		// Taking one back frees it for another idea.
		expect(await vote(bruno, notes.a, -1)).toEqual({ status: 200, body: { remaining: 1 } });
		expect(await vote(bruno, notes.c, 1)).toEqual({ status: 200, body: { remaining: 0 } });
	});

	it('refuses to take back a dot from an idea the person has none on', async () => {
		const chiara = await join('Chiara');
		expect(await vote(chiara, notes.a, -1)).toMatchObject({
			status: 409,
			body: { error: 'no_dot_to_remove' }
		});
		expect(await myVotes(chiara)).toMatchObject({ remaining: 3, votes: {} });
	});

	it('holds each person to the cap of dots on one idea', async () => {
		const diego = await join('Diego');
		const onCapBoard = { boardId: site.prepared.capBoardId };
		expect(await vote(diego, capNote, 1, onCapBoard)).toEqual({
			status: 200,
			body: { remaining: 2 }
		});
		expect(await vote(diego, capNote, 1, { ...onCapBoard, language: 'en' })).toEqual({
			status: 409,
			body: {
				error: 'item_cap',
				message: 'You have already given this idea the most dots you can.'
			}
		});
		expect(await vote(diego, capNote2, 1, onCapBoard)).toEqual({
			status: 200,
			body: { remaining: 1 }
		});
		expect(await myVotes(diego, site.prepared.capBoardId)).toEqual({
			remaining: 1,
			budget: 3,
			maxPerItem: 1,
			votes: { [capNote]: 1, [capNote2]: 1 }
		});
	});

	it('refuses dots with 423 while voting is closed and once the results are revealed', async () => {
		const elena = await join('Elena');
		expect(
			await vote(elena, notes.a, 1, { boardId: site.prepared.closedBoardId, language: 'en' })
		).toEqual({
			status: 423,
			body: { error: 'voting_closed', message: 'Voting is not open right now.' }
		});
		expect(await vote(elena, notes.a, 1, { boardId: site.prepared.revealedBoardId })).toEqual({
			status: 423,
			body: {
				error: 'voting_revealed',
				message: 'La votazione è finita. I risultati sono già stati mostrati.'
			}
		});
		expect(await myVotes(elena, site.prepared.revealedBoardId)).toMatchObject({ votes: {} });
	});

	it('refuses dots with 410 once the workshop is closed, even on a vote left open', async () => {
		const answer = await vote(site.prepared.closedWorkshopResident, 'idea-1', 1, {
			boardId: site.prepared.closedWorkshopBoardId,
			language: 'en'
		});
		expect(answer).toEqual({
			status: 410,
			body: { error: 'workshop_closed', message: 'The workshop is over. Votes no longer change.' }
		});
	});

	it('refuses a dot on a hidden note with 409, and still gives back one placed before', async () => {
		const fabio = await join('Fabio');
		expect((await vote(fabio, notes.c, 1)).status).toBe(200);
		const facilitator = await connect(
			site.url,
			`board:${site.prepared.boardId}`,
			site.prepared.facilitator
		);
		let reader: LiveClient | null = null;
		try {
			facilitator.doc.getMap('moderation').set(notes.c, { hidden: true, reason: 'fuori tema' });
			reader = await connect(site.url, `board:${site.prepared.boardId}`, author.token);
			await until(reader.doc, (doc) => doc.getMap('moderation').has(notes.c));
		} finally {
			facilitator.destroy();
			reader?.destroy();
		}
		expect(await vote(fabio, notes.c, 1, { language: 'en' })).toEqual({
			status: 409,
			body: {
				error: 'item_hidden',
				message: 'The host hid this note. You cannot give it more dots.'
			}
		});
		expect(await vote(fabio, notes.c, -1)).toEqual({ status: 200, body: { remaining: 3 } });
	});

	it('puts dots on clusters, not on notes, when the dot-voting activity votes on clusters', async () => {
		const boardId = site.prepared.clusterBoardId;
		const note = noteKey(author.participantId);
		await writeNotes(boardId, [note]);
		const facilitator = await connect(site.url, `board:${boardId}`, site.prepared.facilitator);
		const reader = await connect(site.url, `board:${boardId}`, author.token);
		try {
			facilitator.doc
				.getMap('clusters')
				.set('orari-sera', { label: 'Orari', x: 0, y: 0, colour: 'blue' });
			await until(reader.doc, (doc) => doc.getMap('clusters').has('orari-sera'));
		} finally {
			facilitator.destroy();
			reader.destroy();
		}
		const nora = await join('Nora');
		expect(await vote(nora, 'orari-sera', 1, { boardId })).toEqual({
			status: 200,
			body: { remaining: 2 }
		});
		expect(await vote(nora, note, 1, { boardId })).toMatchObject({
			status: 404,
			body: { error: 'item_not_found' }
		});
	});

	it('refuses a dot on an idea that is not on the board', async () => {
		const giulia = await join('Giulia');
		for (const forged of [noteKey(author.participantId), 'cluster-1', capNote]) {
			expect(await vote(giulia, forged, 1)).toMatchObject({
				status: 404,
				body: { error: 'item_not_found' }
			});
		}
		expect(await myVotes(giulia)).toMatchObject({ remaining: 3, votes: {} });
	});

	it('refuses with 403 a participant of another workshop, a visitor without a session, and the facilitator', async () => {
		const stranger = await join('Ospite', 'BRERA9');
		expect(await vote(stranger, notes.a, 1, { language: 'en' })).toEqual({
			status: 403,
			body: {
				error: 'not_participant',
				message: 'To vote you need to take part in this workshop. Join it with its code.'
			}
		});
		expect(await vote(null, notes.a, 1)).toMatchObject({
			status: 403,
			body: { error: 'not_participant' }
		});
		expect(await vote(site.prepared.facilitator, notes.a, 1)).toMatchObject({
			status: 403,
			body: { error: 'facilitators_do_not_vote' }
		});
		const path = `/api/boards/${site.prepared.boardId}/votes`;
		expect((await request('GET', path, stranger.token)).status).toBe(403);
		expect((await request('GET', path, null)).status).toBe(403);
	});

	it('answers 404 for a board that does not exist', async () => {
		const hana = await join('Hana');
		for (const boardId of ['00000000-0000-4000-8000-000000000000', 'not-a-board']) {
			expect(await vote(hana, notes.a, 1, { boardId })).toMatchObject({
				status: 404,
				body: { error: 'board_not_found' }
			});
		}
	});

	it('answers 400 to a malformed vote and changes nothing', async () => {
		const ivo = await join('Ivo');
		expect((await vote(ivo, notes.a, 1)).status).toBe(200);
		const path = `/api/boards/${site.prepared.boardId}/votes`;
		const bad: [unknown, string][] = [
			[{ itemId: notes.a, delta: 2 }, 'invalid_vote'],
			[{ itemId: notes.a, delta: -2 }, 'invalid_vote'],
			[{ itemId: notes.a, delta: 0.5 }, 'invalid_vote'],
			[{ itemId: notes.a, delta: '1' }, 'invalid_vote'],
			[{ delta: 1 }, 'invalid_vote'],
			[{ itemId: 'x'.repeat(10_000), delta: 1 }, 'invalid_vote'],
			[{ itemId: notes.a, delta: 1, participantId: author.participantId }, 'invalid_vote'],
			[[notes.a, 1], 'invalid_vote'],
			['{"itemId": "', 'invalid_json'],
			['not json at all', 'invalid_json']
		];
		for (const [body, error] of bad) {
			const response = await request('POST', path, ivo.token, body, 'en');
			expect(response.status).toBe(400);
			const answer = (await response.json()) as { error: string; message: string };
			expect(answer.error).toBe(error);
			expect(answer.message.length).toBeGreaterThan(10);
		}
		expect(await myVotes(ivo)).toMatchObject({ remaining: 2, votes: { [notes.a]: 1 } });
	});

	it('never lets twelve taps at once spend more than the budget of three', async () => {
		const lia = await join('Lia');
		const answers = await Promise.all(Array.from({ length: 12 }, () => vote(lia, notes.b, 1)));
		const accepted = answers.filter((a) => a.status === 200);
		expect(accepted.map((a) => Number(a.body.remaining)).sort((x, y) => x - y)).toEqual([0, 1, 2]);
		expect(answers.filter((a) => a.status === 409)).toHaveLength(9);
		expect(
			answers.filter((a) => a.status === 409).every((a) => a.body.error === 'over_budget')
		).toBe(true);
		const stored = await inDatabase(async (db) => {
			const [row] = await db
				.select({ dots: sum(votes.count).mapWith(Number) })
				.from(votes)
				.where(
					and(eq(votes.boardId, site.prepared.boardId), eq(votes.participantId, lia.participantId))
				);
			return row?.dots;
		});
		expect(stored).toBe(3);
		expect(await myVotes(lia)).toMatchObject({ remaining: 0, votes: { [notes.b]: 3 } });
	});

	it('counts paper sheets in the tally, marked as paper, and a sheet entered twice once', async () => {
		const marta = await join('Marta');
		expect((await vote(marta, notes.paper, 1)).status).toBe(200);
		const path = `/api/boards/${site.prepared.boardId}/paper-votes`;
		const enter = (count: unknown, token = site.prepared.facilitator) =>
			request('POST', path, token, { itemId: notes.paper, count });
		for (let i = 0; i < 2; i++) {
			const response = await enter(4);
			expect(response.status).toBe(200);
			expect(await response.json()).toEqual({ itemId: notes.paper, count: 4 });
		}
		// A resident cannot enter sheets; impossible counts change nothing.
		expect((await enter(40, marta.token)).status).toBe(403);
		for (const count of [-1, 2.5, 1001, '4', null]) expect((await enter(count)).status).toBe(400);
		// A manager may correct the count; it replaces the one before.
		expect((await enter(5, site.prepared.manager)).status).toBe(200);

		const { tally, rows } = await inDatabase(async (db) => ({
			tally: await tallies.ofBoard(db, site.prepared.boardId),
			rows: await db
				.select({ count: paperVotes.count })
				.from(paperVotes)
				.where(eq(paperVotes.boardId, site.prepared.boardId))
		}));
		expect(rows).toEqual([{ count: 5 }]);
		expect(tally.find((entry) => entry.itemId === notes.paper)).toMatchObject({
			total: 6,
			online: 1,
			paper: 5
		});
	});

	it('reveals, through the facilitator’s action, a tally with every dot placed, and takes no more', async () => {
		const boardId = site.prepared.revealLaterBoardId;
		const idea = noteKey(author.participantId);
		await writeNotes(boardId, [idea]);
		const [olga, piero] = [await join('Olga'), await join('Piero')];
		await Promise.all([
			vote(olga, idea, 1, { boardId }),
			vote(olga, idea, 1, { boardId }),
			vote(piero, idea, 1, { boardId })
		]);
		const reveal = await request(
			'POST',
			`/api/workshops/${site.prepared.workshopId}/actions`,
			site.prepared.facilitator,
			{ type: 'voting', boardId, state: 'revealed' }
		);
		expect(reveal.status).toBe(200);
		const state = (await reveal.json()) as {
			revealed: Record<string, { entries: unknown[] }>;
		};
		expect(state.revealed[boardId]?.entries).toEqual([
			{ itemId: idea, total: 3, online: 3, paper: 0, rank: 1 }
		]);
		expect(await vote(piero, idea, 1, { boardId })).toMatchObject({
			status: 423,
			body: { error: 'voting_revealed' }
		});
		expect(await myVotes(piero, boardId)).toMatchObject({ remaining: 2, votes: { [idea]: 1 } });
	});

	it('refuses paper sheets once the results are revealed', async () => {
		const response = await request(
			'POST',
			`/api/boards/${site.prepared.revealedBoardId}/paper-votes`,
			site.prepared.facilitator,
			{ itemId: notes.a, count: 3 },
			'en'
		);
		expect(response.status).toBe(423);
		expect(await response.json()).toEqual({
			error: 'voting_revealed',
			message: 'Voting is over. The results have already been shown.'
		});
	});

	it('answers a facilitator of another workshop as for no board, and stores nothing', async () => {
		const path = `/api/boards/${site.prepared.boardId}/paper-votes`;
		const response = await request(
			'POST',
			path,
			site.prepared.otherFacilitator,
			{ itemId: notes.a, count: 3 },
			'en'
		);
		expect(response.status).toBe(404);
		const unknown = await request(
			'POST',
			`/api/boards/${crypto.randomUUID()}/paper-votes`,
			site.prepared.facilitator,
			{ itemId: notes.a, count: 3 },
			'en'
		);
		expect(unknown.status).toBe(404);
		// The same answer as for a board that does not exist: nothing tells the two apart.
		expect(await response.json()).toEqual(await unknown.json());
		const stored = await inDatabase((db) =>
			db
				.select({ count: paperVotes.count })
				.from(paperVotes)
				.where(and(eq(paperVotes.boardId, site.prepared.boardId), eq(paperVotes.itemId, notes.a)))
		);
		expect(stored).toEqual([]);
	});
});
