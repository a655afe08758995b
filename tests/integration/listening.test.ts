import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as controlDoc from '../../src/lib/domain/workshop/control-doc';
import * as access from '../../src/lib/server/collab/access';
import { collabServer } from '../../src/lib/server/collab/server';
import type { Database } from '../../src/lib/server/db/client';
import {
	activities,
	boards,
	participants,
	processes,
	workshopFacilitators,
	workshops
} from '../../src/lib/server/db/schema/index';
import type { Runtime } from '../../src/lib/server/runtime';
import * as users from '../../src/lib/server/staff/users';
import * as joining from '../../src/lib/server/workshops/join';
import * as listening from '../../src/lib/server/workshops/listening';
import { connect, demoBoards, noteKey, noteOf } from '../helpers/collab';
import { inProcessKind, startInProcess } from '../helpers/in-process';
import type { InProcess } from '../helpers/in-process';
import { DEMO } from '../helpers/staff';
import { demoWorkshopId } from '../helpers/workshops';

/**
 * Listening points through the service, in process (as collab-transact.test.ts: the runtime is a
 * process-wide singleton, so one database kind per file run, the last one asked for): what one
 * creation stores and publishes, a resident joining by its code and writing with a stock Yjs
 * client, and the board refusing notes once its window has closed.
 */
const kind = inProcessKind;

const ZONE = 'Europe/Rome';

/** Today and in a week, as `<input type="date">` sends them, on the library's clocks. */
function days() {
	const format = (date: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(date);
	return {
		today: format(new Date()),
		inAWeek: format(new Date(Date.now() + 7 * 24 * 60 * 60 * 1000))
	};
}

async function firstProcessId(db: Database) {
	const [row] = await db.select({ id: processes.id }).from(processes).limit(1);
	return row!.id;
}

async function countWorkshops(db: Database) {
	const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(workshops);
	return row!.n;
}

describe(`listening points on ${kind}`, () => {
	let runtime: Runtime;
	let url: string;
	let instance: InProcess;
	let facilitator: { id: string; role: 'facilitator' | 'manager' | 'admin' };
	let processId: string;
	let created: { id: string; code: string };

	beforeAll(async () => {
		instance = await startInProcess(kind, { sockets: true });
		runtime = instance.runtime;
		url = instance.url;
		const db = runtime.database.db;
		const user = (await users.findByEmail(db, DEMO.facilitator))!;
		facilitator = { id: user.id, role: user.role as 'facilitator' };
		processId = await firstProcessId(db);
	});
	afterAll(async () => {
		await instance?.stop();
	});

	it('refuses a bad form and creates nothing', async () => {
		expect.hasAssertions();
		const db = runtime.database.db;
		const before = await countWorkshops(db);
		const { today } = days();
		const result = await listening.create(
			runtime,
			facilitator,
			{
				processId,
				title: 'Mercato',
				question: 'x'.repeat(201),
				placeKind: 'branch',
				// A well-formed id of no branch.
				branchId: '00000000-0000-4000-8000-000000000000',
				placeText: '',
				opensOn: today,
				closesOn: '2000-01-01'
			},
			{ timeZone: ZONE, locale: 'it' }
		);
		expect(result).toEqual({
			ok: false,
			errors: { question: 'too-long', closesOn: 'before-start' }
		});
		const unknownBranch = await listening.create(
			runtime,
			facilitator,
			{
				processId,
				title: 'Mercato',
				question: 'Che cosa manca?',
				placeKind: 'branch',
				branchId: '00000000-0000-4000-8000-000000000000',
				placeText: '',
				opensOn: today,
				closesOn: days().inAWeek
			},
			{ timeZone: ZONE, locale: 'it' }
		);
		expect(unknownBranch).toEqual({ ok: false, errors: { branchId: 'invalid' } });
		expect(await countWorkshops(db)).toBe(before);
	});

	it('creates a live workshop whose one idea wall is open and current', async () => {
		expect.hasAssertions();
		const db = runtime.database.db;
		const { today, inAWeek } = days();
		const result = await listening.create(
			runtime,
			facilitator,
			{
				processId,
				title: 'Mercato di piazza Lorenzini',
				question: 'Come potremmo portare la biblioteca al mercato?',
				placeKind: 'other',
				branchId: '',
				placeText: 'Mercato comunale, banco 12',
				opensOn: today,
				closesOn: inAWeek
			},
			{ timeZone: ZONE, locale: 'it' }
		);
		if (!result.ok) throw new Error(`not created: ${JSON.stringify(result)}`);
		created = { id: result.id, code: result.code };

		const [workshop] = await db.select().from(workshops).where(eq(workshops.id, created.id));
		expect(workshop).toMatchObject({
			format: 'listening-point',
			status: 'live',
			placeText: 'Mercato comunale, banco 12',
			branchId: null
		});
		expect(workshop!.closesAt!.getTime()).toBeGreaterThan(Date.now());
		const agenda = await db.select().from(activities).where(eq(activities.workshopId, created.id));
		expect(agenda).toHaveLength(1);
		expect(agenda[0]).toMatchObject({ kind: 'idea-wall', title: 'Le vostre idee', position: 0 });
		expect(workshop!.currentActivityId).toBe(agenda[0]!.id);
		const [board] = await db.select().from(boards).where(eq(boards.id, agenda[0]!.boardId));
		expect(board).toMatchObject({
			kind: 'idea-wall',
			phase: 'open',
			prompt: 'Come potremmo portare la biblioteca al mercato?'
		});
		const facilitators = await db
			.select({ userId: workshopFacilitators.userId })
			.from(workshopFacilitators)
			.where(eq(workshopFacilitators.workshopId, created.id));
		expect(facilitators).toEqual([{ userId: facilitator.id }]);

		const state = await collabServer(runtime).read(`control:${created.id}`, controlDoc.read);
		expect(state?.currentActivityId).toBe(agenda[0]!.id);
		expect(state?.boards[board!.id]?.phase).toBe('open');

		const facts = await listening.factsOf(db, created.id);
		expect(facts).toMatchObject({
			question: 'Come potremmo portare la biblioteca al mercato?',
			state: 'open'
		});
		// An ordinary session has no listening-point facts.
		expect(await listening.factsOf(db, await demoWorkshopId(db))).toBeNull();
	});

	it('lets a resident join by its code and write a note with a stock Yjs client', async () => {
		expect.hasAssertions();
		const db = runtime.database.db;
		const joined = await joining.join(joining.contextOf(runtime), {
			code: created.code.toLowerCase(),
			name: 'Maria',
			joiner: { address: '203.0.113.7', sessionId: null, residentId: null, user: null }
		});
		if (!joined.ok || !joined.session) throw new Error(`no join: ${JSON.stringify(joined)}`);
		expect(joined.workshopId).toBe(created.id);
		const [activity] = await db
			.select({ boardId: activities.boardId })
			.from(activities)
			.where(eq(activities.workshopId, created.id));
		const boardId = activity!.boardId;

		const client = await connect(url, `board:${boardId}`, joined.session.token);
		try {
			expect(client.doc.getMap('meta').get('prompt')).toBe(
				'Come potremmo portare la biblioteca al mercato?'
			);
			const key = noteKey(joined.participantId);
			client.doc
				.getMap('notes')
				.set(key, noteOf(joined.participantId, 'Maria', 'Un banco di libri'));
			await expect
				.poll(() =>
					collabServer(runtime).read(`board:${boardId}`, (d) => d.getMap('notes').has(key))
				)
				.toBe(true);
			expect(client.denied).toEqual([]);

			// The window closes (as if the days had passed).
			await db
				.update(workshops)
				.set({
					opensAt: sql`now() - interval '8 days'`,
					closesAt: sql`now() - interval '1 second'`
				})
				.where(eq(workshops.id, created.id));

			// From that instant, the live server reads the board as locked for anyone who opens it.
			const [me] = await db
				.select({ residentId: participants.residentId })
				.from(participants)
				.where(eq(participants.id, joined.participantId));
			const visitor = { sessionId: 'x', user: null, residentId: me!.residentId };
			const decision = await access.decide(db, visitor, {
				kind: 'board',
				id: boardId,
				name: `board:${boardId}`,
				participantId: null
			});
			expect(decision.ok && decision.phase).toBe('locked');
			expect((await access.boardFacts(db, boardId))?.phase).toBe('locked');

			// The sweep stores the lock, tells the loaded room, and updates everyone's control document.
			const demoBoard = (await demoBoards(db, await demoWorkshopId(db))).open;
			expect(await listening.lockExpired(runtime)).toEqual([created.id]);
			const [stored] = await db
				.select({ phase: boards.phase })
				.from(boards)
				.where(eq(boards.id, boardId));
			expect(stored?.phase).toBe('locked');
			const state = await collabServer(runtime).read(`control:${created.id}`, controlDoc.read);
			expect(state?.boards[boardId]?.phase).toBe('locked');
			// A session's open board is none of its business; a second sweep finds nothing to do.
			const [other] = await db
				.select({ phase: boards.phase })
				.from(boards)
				.where(eq(boards.id, demoBoard));
			expect(other?.phase).toBe('open');
			expect(await listening.lockExpired(runtime)).toEqual([]);

			// The connected phone's next note is refused and never reaches the board.
			const late = noteKey(joined.participantId);
			client.doc.getMap('notes').set(late, noteOf(joined.participantId, 'Maria', 'Troppo tardi'));
			await expect.poll(() => client.denied).toEqual(['the board is locked']);
			expect(
				await collabServer(runtime).read(`board:${boardId}`, (d) => d.getMap('notes').has(late))
			).toBe(false);
		} finally {
			client.destroy();
		}
	});

	it('keeps a closed board closed for a phone that connects afresh', async () => {
		expect.hasAssertions();
		const db = runtime.database.db;
		const joined = await joining.join(joining.contextOf(runtime), {
			code: created.code,
			name: 'Ahmed',
			joiner: { address: '203.0.113.8', sessionId: null, residentId: null, user: null }
		});
		if (!joined.ok || !joined.session) throw new Error(`no join: ${JSON.stringify(joined)}`);
		const [activity] = await db
			.select({ boardId: activities.boardId })
			.from(activities)
			.where(eq(activities.workshopId, created.id));
		const client = await connect(url, `board:${activity!.boardId}`, joined.session.token);
		try {
			// Still readable: the notes stay visible to the people who wrote them.
			expect(client.doc.getMap('notes').size).toBe(1);
			const key = noteKey(joined.participantId);
			client.doc.getMap('notes').set(key, noteOf(joined.participantId, 'Ahmed', 'Anch’io'));
			await expect.poll(() => client.denied).toEqual(['the board is locked']);
		} finally {
			client.destroy();
		}
	});
});
