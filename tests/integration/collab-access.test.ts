import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as sessions from '../../src/lib/server/auth/sessions';
import * as access from '../../src/lib/server/collab/access';
import type { Visitor } from '../../src/lib/server/collab/access';
import type { Database } from '../../src/lib/server/db/client';
import { decide } from '../../src/lib/domain/collab/admission';
import { parseDocName } from '../../src/lib/domain/collab/doc-name';
import { seedDemo } from '../../src/lib/server/demo/seed';
import { demoBoards } from '../helpers/collab';
import { createTestDatabase, databaseKinds } from '../helpers/db';
import type { TestDatabase } from '../helpers/db';
import { addWorkshop, demoWorkshopId, participantToken, staffToken } from '../helpers/workshops';

const LIFETIME = { staff: 7, participant: 30 };

/**
 * The batched reads behind a burst of sockets (a room reconnecting at once) must decide exactly
 * what one read per socket decides.
 */
describe.each(databaseKinds)('batched session and rights reads on %s', (kind) => {
	let t: TestDatabase;
	let db: Database;
	let tokens: Record<string, string>;
	let workshopId: string;
	let otherWorkshopId: string;

	beforeAll(async () => {
		t = await createTestDatabase(kind);
		db = t.handle.db;
		await seedDemo(db);
		workshopId = await demoWorkshopId(db);
		otherWorkshopId = await addWorkshop(db, { code: 'PANE45', title: 'Altro', status: 'live' });
		tokens = {
			facilitator: await staffToken(db, 'facilitatore@example.org'),
			manager: await staffToken(db, 'responsabile@example.org'),
			admin: await staffToken(db, 'admin@example.org'),
			maria: await participantToken(db, workshopId, 'Maria'),
			luca: await participantToken(db, workshopId, 'Luca'),
			elsewhere: await participantToken(db, otherWorkshopId, 'Gianni')
		};
	});
	afterAll(() => t.dispose());

	it('validates many tokens in one read as it validates each alone', async () => {
		const [id] = tokens.maria!.split('.');
		const wrongSecret = `${id}.${'a'.repeat(24)}`;
		const asked = [...Object.values(tokens), wrongSecret, 'not a token', tokens.maria!];
		const together = await sessions.validateMany(db, asked, LIFETIME);
		for (const token of asked) {
			const alone = await sessions.validate(db, token, LIFETIME);
			expect(together.get(token)?.id ?? null).toBe(alone?.id ?? null);
			expect(together.get(token)?.user?.id ?? null).toBe(alone?.user?.id ?? null);
		}
		expect(together.get(wrongSecret)).toBeNull();
		expect(together.get(tokens.luca!)?.residentId).toBeTruthy();
	});

	it('decides many visitors of one document as it decides each alone', async () => {
		const found = await sessions.validateMany(db, Object.values(tokens), LIFETIME);
		const visitors: Visitor[] = [...found.values()].map((s) => ({
			sessionId: s!.id,
			user: s!.user,
			residentId: s!.residentId
		}));
		visitors.push({ sessionId: 'x', user: null, residentId: randomUUID() });
		const { open } = await demoBoards(db, workshopId);
		for (const docName of [
			`board:${open}`,
			`control:${workshopId}`,
			`control:${otherWorkshopId}`,
			`board:${randomUUID()}`
		]) {
			const doc = parseDocName(docName)!;
			const together = await access.decideMany(db, visitors, doc);
			const alone = await Promise.all(visitors.map((v) => access.decide(db, v, doc)));
			expect(together).toEqual(alone);
		}
		const board = parseDocName(`board:${open}`)!;
		const modes = (await access.decideMany(db, visitors, board)).map((d) =>
			d.ok ? d.grant.mode : d.refused
		);
		expect(modes).toEqual([
			'write',
			'write',
			'write',
			'own-notes',
			'own-notes',
			'forbidden',
			'forbidden'
		]);
	});

	it('admits in one read exactly what a session read and then a rights read admit', async () => {
		const [id] = tokens.maria!.split('.');
		const asked = [...Object.values(tokens), `${id}.${'a'.repeat(24)}`];
		const { open } = await demoBoards(db, workshopId);
		for (const docName of [
			`board:${open}`,
			`control:${workshopId}`,
			`control:${otherWorkshopId}`,
			`board:${randomUUID()}`
		]) {
			const doc = parseDocName(docName)!;
			const ids = asked.map((token) => sessions.parseToken(token)!.id);
			const rows = await access.factsOf(db, { ids }, doc, LIFETIME);
			for (const token of asked) {
				const { id: sessionId, secret } = sessions.parseToken(token)!;
				const row = rows.find((r) => r.session.id === sessionId);
				const session =
					row && sessions.secretMatches(secret, row.session.secretHash)
						? await sessions.settle(db, row.session, LIFETIME)
						: null;
				const together = decide(
					access.admissionFacts(session, row?.document ?? null),
					doc,
					Date.now()
				);
				const valid = await sessions.validate(db, token, LIFETIME);
				if (!valid) {
					expect(together).toEqual({ visitor: null });
					continue;
				}
				const visitor = { sessionId: valid.id, user: valid.user, residentId: valid.residentId };
				expect(together).toEqual({ visitor, decision: await access.decide(db, visitor, doc) });
			}
		}
	});

	it("reads ahead the sessions of a document's writers, and only theirs", async () => {
		const { open } = await demoBoards(db, workshopId);
		const board = parseDocName(`board:${open}`)!;
		const maria = await sessions.validate(db, tokens.maria!, LIFETIME);
		const facilitator = await sessions.validate(db, tokens.facilitator!, LIFETIME);
		const participant = await access.decide(
			db,
			{ sessionId: maria!.id, user: null, residentId: maria!.residentId },
			board
		);
		if (!participant.ok) throw new Error('Maria should be admitted');
		const rows = await access.factsOf(
			db,
			{ writers: [participant.grant.writer, `user:${facilitator!.user!.id}`] },
			board,
			LIFETIME
		);
		const ids = rows.map((r) => r.session.id);
		expect(ids).toEqual(expect.arrayContaining([maria!.id, facilitator!.id]));
		const others = await sessions.validateMany(
			db,
			[tokens.luca!, tokens.elsewhere!, tokens.manager!],
			LIFETIME
		);
		for (const other of others.values()) expect(ids).not.toContain(other!.id);
		expect(rows.find((r) => r.session.id === maria!.id)?.document?.participant?.id).toBe(
			participant.grant.participantId
		);
	});
});
