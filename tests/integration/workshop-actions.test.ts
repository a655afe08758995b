import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControlState } from '../../src/lib/domain/workshop/control';
import * as controlDoc from '../../src/lib/domain/workshop/control-doc';
import type { Database } from '../../src/lib/server/db/client';
import {
	activities,
	boards,
	votes,
	workshopFacilitators,
	workshops
} from '../../src/lib/server/db/schema/index';
import * as users from '../../src/lib/server/staff/users';
import * as controlState from '../../src/lib/server/workshops/control-state';
import { addResidents } from '../helpers/board-edits';
import type { Resident } from '../helpers/board-edits';
import { connect, demoBoards, noteKey, noteOf } from '../helpers/collab';
import type { Client as LiveClient } from '../helpers/collab';
import { databaseKinds } from '../helpers/db';
import { Client } from '../helpers/http';
import { startSite } from '../helpers/site';
import type { Site } from '../helpers/site';
import { DEMO } from '../helpers/staff';
import { addWorkshop, demoWorkshopId, staffToken } from '../helpers/workshops';

/**
 * The facilitator's controls (DESIGN.md §4, `POST /api/workshops/<workshopId>/actions`) against the
 * production server with the demo data: every action is stored in SQL and seen by a stock
 * y-websocket client on the workshop's `control:` document; the live server enforces a board's
 * phase at once; refused actions change nothing.
 */

/** A well-formed id that names nothing, for bodies refused before any lookup. */
const ID = '00000000-0000-4000-8000-000000000001';

interface Prepared {
	workshopId: string;
	/** The demo empathy map (open) and idea wall (locked). */
	empathy: string;
	ideas: string;
	/** The demo activities, in agenda order, then the two dot votes added for this test. */
	activityIds: string[];
	/** Dot votes added after the demo agenda: on the idea wall (which has dots), on the empathy map. */
	voteOnIdeas: string;
	voteOnEmpathy: string;
	facilitatorToken: string;
	/** A manager runs every workshop, this one included. */
	managerToken: string;
	otherFacilitatorToken: string;
	closedWorkshopId: string;
	residents: Resident[];
	/** Items of the idea wall that residents voted on before the test. */
	votedItems: { first: string; second: string };
}

async function prepare(db: Database): Promise<Prepared> {
	const workshopId = await demoWorkshopId(db);
	const { open: empathy, locked: ideas } = await demoBoards(db, workshopId);
	// The demo has no dot vote: two are added after its activities, one on each board, at the
	// positions the agenda service would give them (dense, from 0).
	const demoAgenda = await db
		.select({ id: activities.id })
		.from(activities)
		.where(eq(activities.workshopId, workshopId));
	const voteOnIdeas = '00000000-0000-4000-8000-0000000000d1';
	const voteOnEmpathy = '00000000-0000-4000-8000-0000000000d2';
	await db.insert(activities).values([
		{
			id: voteOnIdeas,
			workshopId,
			position: demoAgenda.length,
			kind: 'dot-voting',
			title: 'Votiamo le idee',
			boardId: ideas,
			voteOn: 'notes'
		},
		{
			id: voteOnEmpathy,
			workshopId,
			position: demoAgenda.length + 1,
			kind: 'dot-voting',
			title: 'Votiamo la mappa',
			boardId: empathy,
			voteOn: 'notes'
		}
	]);
	const agenda = await db
		.select({ id: activities.id })
		.from(activities)
		.where(eq(activities.workshopId, workshopId))
		.orderBy(activities.position);
	const residents = await addResidents(db, workshopId, ['Maria', 'Luca']);
	const [maria, luca] = residents as [Resident, Resident];

	// Another engineer builds the votes endpoint: the dots are placed here, as it would store them.
	const first = `${maria.id}:primaidea`;
	const second = `${luca.id}:secondaidea`;
	await db.insert(votes).values([
		{ boardId: ideas, participantId: maria.id, itemId: first, count: 2 },
		{ boardId: ideas, participantId: luca.id, itemId: first, count: 1 },
		{ boardId: ideas, participantId: luca.id, itemId: second, count: 1 }
	]);

	// A facilitator who runs another workshop only.
	const other = await users.create(db, {
		name: 'Giulia Altrove',
		email: 'giulia@example.org',
		role: 'facilitator',
		password: 'piazza-demo-altrove'
	});
	if (!other.ok) throw new Error('could not create the other facilitator');
	const elsewhere = await addWorkshop(db, { code: 'ZZTRW2', title: 'Altrove', status: 'live' });
	await db.insert(workshopFacilitators).values({ workshopId: elsewhere, userId: other.id });

	// A closed workshop the demo facilitator ran.
	const facilitator = (await users.findByEmail(db, DEMO.facilitator))!;
	const closedWorkshopId = await addWorkshop(db, {
		code: 'CHZU22',
		title: 'Finito',
		status: 'closed'
	});
	await db
		.insert(workshopFacilitators)
		.values({ workshopId: closedWorkshopId, userId: facilitator.id });

	return {
		workshopId,
		empathy,
		ideas,
		activityIds: agenda.map((a) => a.id),
		voteOnIdeas,
		voteOnEmpathy,
		facilitatorToken: await staffToken(db, DEMO.facilitator),
		managerToken: await staffToken(db, DEMO.manager),
		otherFacilitatorToken: await staffToken(db, 'giulia@example.org'),
		closedWorkshopId,
		residents,
		votedItems: { first, second }
	};
}

/** A browser carrying the given session cookie (and the language it asks for). */
function browser(url: string, token: string, language = 'it'): Client {
	const client = new Client(url, { 'accept-language': language });
	client.cookies.set('piazza_session', token);
	return client;
}

describe.each(databaseKinds)('facilitator actions on %s', (kind) => {
	let site: Site<Prepared>;
	let p: Prepared;
	let facilitator: Client;
	let control: LiveClient;
	/** The state of the last accepted action, as the endpoint answered it. */
	let last: ControlState;

	beforeAll(async () => {
		site = await startSite(kind, { prepare, env: { COLLAB_FLUSH_MS: '10' } });
		p = site.prepared;
		facilitator = browser(site.url, p.facilitatorToken);
		control = await connect(site.url, `control:${p.workshopId}`, p.residents[0]!.token);
	});
	afterAll(async () => {
		control?.destroy();
		await site?.stop();
	});

	/** What the control document shows a resident's phone now. */
	const shown = () => controlDoc.read(control.doc);

	async function act(body: unknown, as = facilitator) {
		const response = await as.post(`/api/workshops/${p.workshopId}/actions`, body);
		const json = (await response.json()) as ControlState & { error?: string; message?: string };
		if (response.status === 200) last = json;
		return { status: response.status, json };
	}

	/** Runs `fn` on the database while the server runs: PostgreSQL only (PGlite is the server's). */
	async function inSql(fn: (db: Database) => Promise<void>) {
		if (kind === 'postgres') await site.inspect(fn);
	}

	it('shows a resident the workshop as it stands before any action', () => {
		const state = shown();
		expect(state?.status).toBe('live');
		expect(state?.agenda.map((a) => a.id)).toEqual(p.activityIds);
		expect(state?.boards[p.empathy]?.phase).toBe('open');
		expect(state?.boards[p.ideas]?.phase).toBe('locked');
		expect(state?.currentActivityId).toBeNull();
	});

	it('brings everyone to an activity', async () => {
		const target = p.activityIds[1]!;
		const { status, json } = await act({ type: 'goto', activityId: target });
		expect(status).toBe(200);
		expect(json.currentActivityId).toBe(target);
		await expect.poll(() => shown()?.currentActivityId).toBe(target);
		await inSql(async (db) => {
			const [row] = await db
				.select({ current: workshops.currentActivityId })
				.from(workshops)
				.where(eq(workshops.id, p.workshopId));
			expect(row?.current).toBe(target);
		});
	});

	it('locks a board so that the live server refuses a resident’s note, and reopens it', async () => {
		const maria = p.residents[0]!;
		const board = await connect(site.url, `board:${p.empathy}`, maria.token);
		const watcher = await connect(site.url, `board:${p.empathy}`, p.facilitatorToken);
		try {
			expect((await act({ type: 'board-phase', boardId: p.empathy, phase: 'locked' })).status).toBe(
				200
			);
			await expect.poll(() => shown()?.boards[p.empathy]?.phase).toBe('locked');
			const refused = noteKey(maria.id);
			board.doc.getMap('notes').set(refused, noteOf(maria.id, maria.name, 'troppo tardi'));
			await expect.poll(() => board.denied).toEqual(['the board is locked']);
			await inSql(async (db) => expect(await phaseOf(db, p.empathy)).toBe('locked'));

			expect((await act({ type: 'board-phase', boardId: p.empathy, phase: 'open' })).status).toBe(
				200
			);
			await expect.poll(() => shown()?.boards[p.empathy]?.phase).toBe('open');
			// A fresh page: the refused note stays in the old tab's own copy (Yjs cannot undo it), and
			// its later writes build on it.
			const again = await connect(site.url, `board:${p.empathy}`, maria.token);
			const accepted = noteKey(maria.id);
			again.doc.getMap('notes').set(accepted, noteOf(maria.id, maria.name, 'ora sì'));
			await expect.poll(() => watcher.doc.getMap('notes').has(accepted)).toBe(true);
			again.destroy();
			expect(watcher.doc.getMap('notes').has(refused)).toBe(false);
			await inSql(async (db) => expect(await phaseOf(db, p.empathy)).toBe('open'));
		} finally {
			board.destroy();
			watcher.destroy();
		}
	});

	/** What the dot vote `activityId` counts dots on, as SQL holds it. */
	async function voteOnInSql(activityId: string) {
		let stored: string | null | undefined;
		await inSql(async (db) => {
			const [row] = await db
				.select({ voteOn: activities.voteOn })
				.from(activities)
				.where(eq(activities.id, activityId));
			stored = row?.voteOn;
		});
		return stored;
	}

	it('puts a dot vote on clusters while no dot is cast, in SQL and on everyone’s screen', async () => {
		expect(shown()?.agenda.find((a) => a.id === p.voteOnEmpathy)?.voteOn).toBe('notes');
		expect(shown()?.boards[p.empathy]?.hasDots).toBe(false);
		const chosen = await act({ type: 'vote-on', activityId: p.voteOnEmpathy, on: 'clusters' });
		expect(chosen.status).toBe(200);
		expect(chosen.json.agenda.find((a) => a.id === p.voteOnEmpathy)?.voteOn).toBe('clusters');
		await expect
			.poll(() => shown()?.agenda.find((a) => a.id === p.voteOnEmpathy)?.voteOn)
			.toBe('clusters');
		// The other activities keep theirs: only dot votes carry a target.
		expect(shown()?.agenda.find((a) => a.id === p.voteOnIdeas)?.voteOn).toBe('notes');
		expect(shown()?.agenda.find((a) => a.id === p.activityIds[0])?.voteOn).toBeUndefined();
		if (kind === 'postgres') expect(await voteOnInSql(p.voteOnEmpathy)).toBe('clusters');
		// The same choice again (a second facilitator) is no error.
		const again = await act({ type: 'vote-on', activityId: p.voteOnEmpathy, on: 'clusters' });
		expect(again.status).toBe(200);
	});

	it('refuses to change what dots go on once a dot is on the board (409), changing nothing', async () => {
		// The idea wall holds the residents' dots placed before the test.
		expect(shown()?.boards[p.ideas]?.hasDots).toBe(true);
		const before = shown();
		const refused = await act({ type: 'vote-on', activityId: p.voteOnIdeas, on: 'clusters' });
		expect(refused.status).toBe(409);
		expect(refused.json.error).toBe('board_has_dots');
		expect(refused.json.message).toBe(
			'Su questa lavagna ci sono già dei punti: non si può più cambiare su cosa si vota.'
		);
		expect(shown()).toEqual(before);
		if (kind === 'postgres') expect(await voteOnInSql(p.voteOnIdeas)).toBe('notes');
	});

	it('refuses to change what dots go on while voting is open (409)', async () => {
		const opened = await act({ type: 'voting', boardId: p.empathy, state: 'open' });
		expect(opened.status).toBe(200);
		const refused = await act({ type: 'vote-on', activityId: p.voteOnEmpathy, on: 'notes' });
		expect(refused.status).toBe(409);
		expect(refused.json.error).toBe('voting_open');
		await expect
			.poll(() => shown()?.agenda.find((a) => a.id === p.voteOnEmpathy)?.voteOn)
			.toBe('clusters');
		// Back as the later tests expect the empathy map: voting closed, open for writing.
		expect((await act({ type: 'voting', boardId: p.empathy, state: 'closed' })).status).toBe(200);
		expect((await act({ type: 'board-phase', boardId: p.empathy, phase: 'open' })).status).toBe(
			200
		);
		await expect.poll(() => shown()?.boards[p.empathy]?.phase).toBe('open');
	});

	it('refuses vote-on for an activity that is no dot vote or a target that does not exist (400)', async () => {
		const before = shown();
		const notVote = await act({ type: 'vote-on', activityId: p.activityIds[0], on: 'clusters' });
		expect(notVote.status).toBe(400);
		expect(notVote.json).toMatchObject({ error: 'not_dot_voting', field: 'activityId' });
		const english = await act(
			{ type: 'vote-on', activityId: p.activityIds[0], on: 'clusters' },
			browser(site.url, p.facilitatorToken, 'en')
		);
		expect(english.json.message).toBe('This activity is not a dot vote.');
		const badTarget = await act({ type: 'vote-on', activityId: p.voteOnEmpathy, on: 'groups' });
		expect(badTarget.status).toBe(400);
		expect(badTarget.json).toMatchObject({ error: 'invalid_field', field: 'on' });
		expect(shown()).toEqual(before);
	});

	it('refuses vote-on to a resident and a stranger (403), and an unknown workshop to a manager (404)', async () => {
		const body = { type: 'vote-on', activityId: p.voteOnEmpathy, on: 'notes' };
		const asResident = await act(body, browser(site.url, p.residents[0]!.token));
		expect(asResident.status).toBe(403);
		const asStranger = await act(body, browser(site.url, p.otherFacilitatorToken));
		expect(asStranger.status).toBe(403);
		const unknown = await browser(site.url, p.managerToken).post(
			`/api/workshops/${ID}/actions`,
			body
		);
		expect(unknown.status).toBe(404);
		await expect
			.poll(() => shown()?.agenda.find((a) => a.id === p.voteOnEmpathy)?.voteOn)
			.toBe('clusters');
	});

	it('counts dots from a paper sheet too: once counted, what the dots go on stays', async () => {
		// A group on the empathy map (whose vote is on clusters now), then its dots from paper.
		const canvas = await connect(site.url, `board:${p.empathy}`, p.facilitatorToken);
		const check = await connect(site.url, `board:${p.empathy}`, p.facilitatorToken);
		try {
			canvas.doc
				.getMap('clusters')
				.set('dal-foglio', { label: 'Dal foglio', x: 0, y: 0, colour: 'blue' });
			await expect.poll(() => check.doc.getMap('clusters').has('dal-foglio')).toBe(true);
		} finally {
			canvas.destroy();
			check.destroy();
		}
		const paper = await facilitator.post(`/api/boards/${p.empathy}/paper-votes`, {
			itemId: 'dal-foglio',
			count: 2
		});
		expect(paper.status).toBe(200);
		const refused = await act({ type: 'vote-on', activityId: p.voteOnEmpathy, on: 'notes' });
		expect(refused.status).toBe(409);
		expect(refused.json.error).toBe('board_has_dots');
		// The next accepted action tells every screen that the board holds dots.
		const same = await act({ type: 'vote-on', activityId: p.voteOnEmpathy, on: 'clusters' });
		expect(same.status).toBe(200);
		expect(same.json.boards[p.empathy]?.hasDots).toBe(true);
		await expect.poll(() => shown()?.boards[p.empathy]?.hasDots).toBe(true);
	});

	it('opens voting with a budget, closes it, and reveals the tally', async () => {
		const opened = await act({
			type: 'voting',
			boardId: p.ideas,
			state: 'open',
			budget: 5,
			maxPerItem: 2
		});
		expect(opened.status).toBe(200);
		await expect
			.poll(() => shown()?.boards[p.ideas]?.voting)
			.toEqual({ state: 'open', budget: 5, maxPerItem: 2 });
		await inSql(async (db) => {
			const [row] = await db
				.select({ state: boards.votingState, budget: boards.voteBudget })
				.from(boards)
				.where(eq(boards.id, p.ideas));
			expect(row).toEqual({ state: 'open', budget: 5 });
		});
		// The budget is not changed under people who are voting.
		const midVote = await act({ type: 'voting', boardId: p.ideas, state: 'open', budget: 7 });
		expect(midVote.status).toBe(409);
		expect(midVote.json.error).toBe('voting_open');

		expect((await act({ type: 'voting', boardId: p.ideas, state: 'closed' })).status).toBe(200);
		await expect.poll(() => shown()?.boards[p.ideas]?.voting.state).toBe('closed');

		const revealed = await act({ type: 'voting', boardId: p.ideas, state: 'revealed' });
		expect(revealed.status).toBe(200);
		const expected = [
			{ itemId: p.votedItems.first, total: 3, online: 3, paper: 0, rank: 1 },
			{ itemId: p.votedItems.second, total: 1, online: 1, paper: 0, rank: 2 }
		];
		expect(revealed.json.revealed[p.ideas]?.entries).toEqual(expected);
		await expect.poll(() => shown()?.revealed[p.ideas]?.entries).toEqual(expected);
		expect(shown()?.boards[p.ideas]?.voting.state).toBe('revealed');
	});

	it('starts, pauses and extends the shared timer', async () => {
		const started = await act({ type: 'timer', op: 'start', seconds: 120 });
		expect(started.status).toBe(200);
		expect(started.json.timer.durationMs).toBe(120_000);
		await expect.poll(() => shown()?.timer.endsAt).toBe(started.json.timer.endsAt);

		const paused = await act({ type: 'timer', op: 'pause' });
		expect(paused.status).toBe(200);
		const left = paused.json.timer.pausedRemainingMs!;
		expect(left).toBeGreaterThan(0);
		await expect.poll(() => shown()?.timer.pausedRemainingMs).toBe(left);
		expect(shown()?.timer.endsAt).toBeNull();

		const added = await act({ type: 'timer', op: 'add', seconds: 60 });
		expect(added.status).toBe(200);
		expect(added.json.timer.pausedRemainingMs).toBe(left + 60_000);
		await expect.poll(() => shown()?.timer.pausedRemainingMs).toBe(left + 60_000);
		await inSql(async (db) => {
			const [row] = await db
				.select({ paused: workshops.timerPausedMs, endsAt: workshops.timerEndsAt })
				.from(workshops)
				.where(eq(workshops.id, p.workshopId));
			expect(row).toEqual({ paused: left + 60_000, endsAt: null });
		});
	});

	it('serves two staff acting at once one after the other, losing neither action', async () => {
		const first = p.activityIds[0]!;
		const [moved, timed] = await Promise.all([
			act({ type: 'goto', activityId: first }),
			act({ type: 'timer', op: 'start', seconds: 600 }, browser(site.url, p.managerToken))
		]);
		expect([moved.status, timed.status]).toEqual([200, 200]);
		// Whichever was served second started from the state the first left.
		const both = (s: ControlState) =>
			s.currentActivityId === first && s.timer.durationMs === 600_000;
		expect(both(moved.json) || both(timed.json)).toBe(true);
		await expect
			.poll(() => [shown()?.currentActivityId, shown()?.timer.durationMs])
			.toEqual([first, 600_000]);
	});

	it('turns private mode on for a board', async () => {
		expect((await act({ type: 'private-mode', boardId: p.empathy, on: true })).status).toBe(200);
		await expect.poll(() => shown()?.boards[p.empathy]?.privateMode).toBe(true);
		await inSql(async (db) => {
			const [row] = await db
				.select({ on: boards.privateMode })
				.from(boards)
				.where(eq(boards.id, p.empathy));
			expect(row?.on).toBe(true);
		});
	});

	it('hides a note on the board with its reason, and refuses a note that is not there', async () => {
		const luca = p.residents[1]!;
		const board = await connect(site.url, `board:${p.empathy}`, luca.token);
		const watcher = await connect(site.url, `board:${p.empathy}`, p.facilitatorToken);
		try {
			const note = noteKey(luca.id);
			board.doc.getMap('notes').set(note, noteOf(luca.id, luca.name, 'fuori tema'));
			await expect.poll(() => watcher.doc.getMap('notes').has(note)).toBe(true);
			const reason = 'Non riguarda la biblioteca';
			const hidden = await act({ type: 'hide-note', boardId: p.empathy, noteId: note, reason });
			expect(hidden.status).toBe(200);
			await expect
				.poll(() => board.doc.getMap('moderation').get(note))
				.toEqual({ hidden: true, reason });

			const forged = `${luca.id}:nonesiste`;
			const refused = await act({
				type: 'hide-note',
				boardId: p.empathy,
				noteId: forged,
				reason
			});
			expect(refused.status).toBe(409);
			expect(refused.json.error).toBe('note_not_found');
			expect(watcher.doc.getMap('moderation').has(forged)).toBe(false);
			expect([...watcher.doc.getMap('moderation').keys()]).toEqual([note]);
		} finally {
			board.destroy();
			watcher.destroy();
		}
	});

	it('refuses a resident, and a facilitator of another workshop, and changes nothing', async () => {
		const before = shown();
		const asResident = await act(
			{ type: 'board-phase', boardId: p.empathy, phase: 'locked' },
			browser(site.url, p.residents[0]!.token)
		);
		expect(asResident.status).toBe(403);
		expect(asResident.json.error).toBe('forbidden');
		const asStranger = await act(
			{ type: 'board-phase', boardId: p.empathy, phase: 'locked' },
			browser(site.url, p.otherFacilitatorToken)
		);
		expect(asStranger.status).toBe(403);
		expect(asStranger.json.error).toBe('forbidden');
		expect(shown()).toEqual(before);
		await inSql(async (db) => expect(await phaseOf(db, p.empathy)).toBe('open'));
	});

	it.each([
		['an unknown type', { type: 'dance' }, 'unknown_type'],
		[
			'a budget of zero',
			{ type: 'voting', boardId: ID, state: 'open', budget: 0 },
			'invalid_field'
		],
		[
			'a budget in words',
			{ type: 'voting', boardId: ID, state: 'open', budget: 'tre' },
			'invalid_field'
		],
		[
			'a 10 kB reason',
			{ type: 'hide-note', boardId: ID, noteId: `${ID}:abcdefgh`, reason: 'x'.repeat(10_000) },
			'invalid_field'
		],
		['a body that is not JSON', '{"type": "goto",', 'invalid_json']
	])('refuses %s with 400 and changes nothing', async (_name, body, code) => {
		const before = shown();
		const { status, json } = await act(body);
		expect(status).toBe(400);
		expect(json.error).toBe(code);
		expect(json.message).toEqual(expect.any(String));
		expect(shown()).toEqual(before);
	});

	it('words its refusals in the language of the request', async () => {
		const body = { type: 'voting', boardId: p.ideas, state: 'open', budget: 1000 };
		const italian = await act(body);
		const english = await act(body, browser(site.url, p.facilitatorToken, 'en'));
		expect(italian.json).toMatchObject({ error: 'invalid_field', field: 'budget' });
		expect(italian.json.message).toBe('Il campo budget non è valido.');
		expect(english.json.message).toBe('The field budget is not valid.');
	});

	it('refuses any action on a closed workshop with 409', async () => {
		const response = await facilitator.post(`/api/workshops/${p.closedWorkshopId}/actions`, {
			type: 'timer',
			op: 'start'
		});
		expect(response.status).toBe(409);
		expect(((await response.json()) as { error: string }).error).toBe('workshop_closed');
	});

	it('kept in SQL exactly what the last accepted action answered', async () => {
		// On PGlite this stops the server: it is the last test of the file.
		const stored = await site.inspect((db) =>
			controlState.load(db, p.workshopId, {
				revealedAt: { [p.ideas]: last.revealed[p.ideas]!.revealedAt }
			})
		);
		expect(stored).toEqual(last);
	});
});

async function phaseOf(db: Database, boardId: string) {
	const [row] = await db.select({ phase: boards.phase }).from(boards).where(eq(boards.id, boardId));
	return row?.phase;
}
