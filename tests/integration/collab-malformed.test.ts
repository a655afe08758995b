import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as authSessions from '../../src/lib/server/auth/sessions';
import { boards, participants, sessions } from '../../src/lib/server/db/schema/index';
import { demoBoards, participantIdOf } from '../helpers/collab';
import { admission, health, openRaw, startBystanders, upgradeAttempt } from '../helpers/collab-raw';
import type { Bystanders } from '../helpers/collab-raw';
import { databaseKinds } from '../helpers/db';
import { Client as Browser } from '../helpers/http';
import { startSite } from '../helpers/site';
import type { Site } from '../helpers/site';
import { addWorkshop, demoWorkshopId, participantToken, staffToken } from '../helpers/workshops';

/**
 * Bad input on the live-document socket (DESIGN.md §4, RELIABILITY.md 1-5, 15-16, 19-20): frames
 * that are not the protocol, names that are not documents, sessions and rights that end while a
 * socket is open. Each is answered with its documented close code, and the server goes on serving
 * the honest people around.
 */

interface Prepared {
	workshopId: string;
	boards: { open: string; locked: string };
	/** The attacker, a participant like any other. */
	maria: string;
	/** Honest bystanders. */
	anna: { token: string; id: string; name: string };
	luca: string;
	facilitator: string;
	/** Sessions that end during the tests, one per test. */
	giulia: string;
	paolo: { token: string; id: string };
	staffLeaving: string;
	/** A second live workshop with an open board, closed by a manager during a test. */
	other: { workshopId: string; board: string; resident: string; manager: string };
}

const bytes = (...values: number[]) => new Uint8Array(values);
const varint = (n: number) => {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, n);
	return [...encoding.toUint8Array(encoder)];
};
const withLength = (payload: number[]) => [...varint(payload.length), ...payload];
const ascii = (text: string) => [...Buffer.from(text)];
/** An awareness message whose one entry carries `json` as its state, verbatim. */
const awarenessWithState = (json: string) => {
	const inner = encoding.createEncoder();
	encoding.writeVarUint(inner, 1);
	encoding.writeVarUint(inner, 777);
	encoding.writeVarUint(inner, 1);
	encoding.writeVarString(inner, json);
	return bytes(1, ...withLength([...encoding.toUint8Array(inner)]));
};

/** Frames that are not the protocol (RELIABILITY.md 1-5): each must close the socket with 4400. */
const MALFORMED: [string, Uint8Array | string][] = [
	['random bytes', bytes(0x9c, 0x3f, 0x71, 0xe2, 0x08, 0xd4, 0x5a)],
	['random bytes behind the auth message type', bytes(2, 0x9c, 0x3f, 0x71, 0xe2)],
	['an empty frame', bytes()],
	['a lone truncated varint (0x80)', bytes(0x80)],
	['a sync update whose length is cut short (00 02 ff)', bytes(0, 2, 0xff)],
	['a sync message without its subtype', bytes(0)],
	['an awareness message without its payload', bytes(1)],
	['an overlong varint (over 53 bits)', bytes(...new Array<number>(9).fill(0xff), 0x7f)],
	['a declared length of 2^48', bytes(0, 2, ...varint(2 ** 48))],
	['unknown message type 5', bytes(5)],
	['unknown message type 127', bytes(127)],
	['unknown message type 0xffff', bytes(...varint(0xffff))],
	['an unknown sync subtype', bytes(0, 3, 0)],
	['a sync step 1 with a garbage state vector', bytes(0, 0, ...withLength([0xde, 0xad, 0xbe]))],
	['a sync step 2 carrying garbage', bytes(0, 1, ...withLength(ascii('not a yjs update')))],
	['a sync update carrying garbage', bytes(0, 2, ...withLength([0xde, 0xad, 0xbe, 0xef]))],
	['a zero-length sync update (yjs#498)', bytes(0, 2, 0)],
	['a sync update of one zero byte', bytes(0, 2, 1, 0)],
	['a query-awareness with trailing bytes', bytes(3, 0)],
	['awareness with garbage JSON', awarenessWithState('{"user":')],
	['awareness whose state is not an object', awarenessWithState('42')],
	['a text frame', 'hello'],
	['a text frame holding a valid binary message', '\u0000\u0000\u0001\u0000']
];

describe.each(databaseKinds)('malformed input and ended rights on %s', (kind) => {
	let site: Site<Prepared>;
	let bystanders: Bystanders;

	beforeAll(async () => {
		site = await startSite<Prepared>(kind, {
			// Rights are re-checked every 300 ms, so that ended sessions show within a test.
			env: { COLLAB_FLUSH_MS: '20', COLLAB_RECHECK_MS: '300' },
			prepare: async (db) => {
				const workshopId = await demoWorkshopId(db);
				const otherWorkshop = await addWorkshop(db, {
					code: 'GATTA7',
					title: 'Laboratorio che chiude',
					status: 'live'
				});
				const [otherBoard] = await db
					.insert(boards)
					.values({ workshopId: otherWorkshop, kind: 'idea-wall', phase: 'open' })
					.returning({ id: boards.id });
				return {
					workshopId,
					boards: await demoBoards(db, workshopId),
					maria: await participantToken(db, workshopId, 'Maria'),
					anna: {
						token: await participantToken(db, workshopId, 'Anna'),
						id: await participantIdOf(db, workshopId, 'Anna'),
						name: 'Anna'
					},
					luca: await participantToken(db, workshopId, 'Luca'),
					facilitator: await staffToken(db, 'facilitatore@example.org'),
					giulia: await participantToken(db, workshopId, 'Giulia'),
					paolo: {
						token: await participantToken(db, workshopId, 'Paolo'),
						id: await participantIdOf(db, workshopId, 'Paolo')
					},
					staffLeaving: await staffToken(db, 'facilitatore@example.org'),
					other: {
						workshopId: otherWorkshop,
						board: otherBoard!.id,
						resident: await participantToken(db, otherWorkshop, 'Chiara'),
						manager: await staffToken(db, 'responsabile@example.org')
					}
				};
			}
		});
		const p = site.prepared;
		bystanders = await startBystanders(() => site.url, {
			board: `board:${p.boards.open}`,
			otherBoard: `board:${p.boards.locked}`,
			resident: p.anna,
			reader: p.luca,
			staff: p.facilitator
		});
	});
	afterAll(async () => {
		bystanders?.destroy();
		await site?.stop();
	});

	const openBoard = () => `board:${site.prepared.boards.open}`;

	describe('frames that are not the protocol', () => {
		let malformedBefore = 0;
		beforeAll(async () => {
			malformedBefore = (await health(site.url)).collab?.malformed ?? 0;
		});

		it.each(MALFORMED)('closes with 4400 on %s', async (_what, frame) => {
			const hostile = await openRaw(site.url, openBoard(), site.prepared.maria);
			hostile.send(frame);
			expect(await hostile.closed).toMatchObject({ code: 4400 });
			expect(hostile.denied).toEqual([]);
			await bystanders.expectUnaffected();
		});

		it('counts every malformed frame in /healthz', async () => {
			const { collab } = await health(site.url);
			expect(collab!.malformed - malformedBefore).toBeGreaterThanOrEqual(MALFORMED.length);
		});
	});

	describe('names that are not documents', () => {
		const missing = randomUUID();
		/** Raw paths, sent exactly as written. */
		const names = (): [string, string][] => {
			const { workshopId, boards: b } = site.prepared;
			return [
				['a parent-directory path', '/collab/../etc/passwd'],
				['a URL-encoded traversal', '/collab/..%2F..%2Fetc%2Fpasswd'],
				['encoded dots before a real name', `/collab/%2e%2e%2f${openBoard()}`],
				['a real name with a NUL', `/collab/${openBoard()}%00`],
				['a real name with an RTL override', `/collab/board:%E2%80%AE${b.open}`],
				['a real name in upper case', `/collab/board:${b.open.toUpperCase()}`],
				['a 10 kB name', `/collab/board:${'a'.repeat(10_000)}`],
				['an unknown kind', '/collab/foo:1'],
				['an unknown kind with a real id', `/collab/notes:${b.open}`],
				['a kind without an id', '/collab/board:'],
				['a kind alone', '/collab/board'],
				['nothing at all', '/collab/'],
				['an id that is not a uuid', '/collab/board:not-a-uuid'],
				['a board that does not exist', `/collab/board:${missing}`],
				['a workshop that does not exist', `/collab/control:${missing}`],
				['a proposal that does not exist', `/collab/proposal:${missing}`],
				['a workshop id named as a board', `/collab/board:${workshopId}`],
				['a board id named as a workshop', `/collab/control:${b.open}`]
			];
		};

		it('closes with 4404 before any document is loaded', async () => {
			const cookie = { cookie: `piazza_session=${site.prepared.maria}` };
			const documentsBefore = (await health(site.url)).collab!.documents;
			for (const [what, path] of names()) {
				expect(await upgradeAttempt(site.url, path, cookie), what).toEqual({ close: 4404 });
			}
			expect((await health(site.url)).collab!.documents).toBe(documentsBefore);
			await bystanders.expectUnaffected();
		});

		it('asks for a session first: the same names without one close with 4401', async () => {
			for (const [what, path] of names()) {
				expect(await upgradeAttempt(site.url, path), what).toEqual({ close: 4401 });
			}
			await bystanders.expectUnaffected();
		});
	});

	describe('sessions and rights that end while a socket is open', () => {
		const signOut = (token: string) => {
			const browser = new Browser(site.url);
			browser.cookies.set('piazza_session', token);
			return browser.post('/api/auth/sign-out', {});
		};

		it('closes a resident’s socket with 4401 once she signs out, and refuses her cookie after', async () => {
			const { giulia } = site.prepared;
			const socket = await openRaw(site.url, openBoard(), giulia);
			expect((await signOut(giulia)).status).toBe(200);
			expect(await socket.closed).toMatchObject({ code: 4401 });
			expect(await admission(site.url, openBoard(), giulia)).toEqual({
				admitted: false,
				close: 4401
			});
			await bystanders.expectUnaffected();
		});

		it('closes a staff member’s socket with 4401 once they sign out', async () => {
			const { staffLeaving } = site.prepared;
			const socket = await openRaw(site.url, openBoard(), staffLeaving);
			expect((await signOut(staffLeaving)).status).toBe(200);
			expect(await socket.closed).toMatchObject({ code: 4401 });
			await bystanders.expectUnaffected();
		});

		it.skipIf(kind !== 'postgres')(
			'closes a socket with 4401 once its session expires in the database',
			async () => {
				const token = site.prepared.paolo.token;
				const socket = await openRaw(site.url, openBoard(), token);
				const sessionId = token.split('.')[0]!;
				await site.inspect((db) =>
					db
						.update(sessions)
						.set({ expiresAt: sql`now() - interval '1 second'` })
						.where(eq(sessions.id, sessionId))
				);
				expect(await socket.closed).toMatchObject({ code: 4401 });
				await bystanders.expectUnaffected();
			}
		);

		it('closes residents’ sockets with 4403 once their workshop is closed, and refuses them after', async () => {
			const { other } = site.prepared;
			const name = `board:${other.board}`;
			const resident = await openRaw(site.url, name, other.resident);
			const staff = await openRaw(site.url, name, other.manager);
			const manager = new Browser(site.url);
			manager.cookies.set('piazza_session', other.manager);
			const closing = await manager.postForm(`/staff/workshops/${other.workshopId}?/status`, [
				['to', 'closed'],
				['confirm', 'yes']
			]);
			expect(closing.status).toBe(303);
			expect(await resident.closed).toMatchObject({ code: 4403 });
			expect(await admission(site.url, name, other.resident)).toEqual({
				admitted: false,
				close: 4403
			});
			// Staff keep their rights on a closed workshop's board.
			const answers = staff.syncAnswers;
			staff.requestSync();
			await expect.poll(() => staff.syncAnswers).toBe(answers + 1);
			expect(staff.isOpen()).toBe(true);
			staff.terminate();
			await bystanders.expectUnaffected();
		});

		it.skipIf(kind !== 'postgres')(
			'closes a participant’s socket with 4403 once they are removed from the workshop',
			async () => {
				// Paolo's session was expired above; he comes back with a fresh one.
				const { workshopId } = site.prepared;
				const token = await site.inspect(async (db) => {
					const [row] = await db
						.select({ residentId: participants.residentId })
						.from(participants)
						.where(eq(participants.id, site.prepared.paolo.id));
					return (await authSessions.create(db, { residentId: row!.residentId! }, 30)).token;
				});
				const socket = await openRaw(site.url, `control:${workshopId}`, token);
				await site.inspect((db) =>
					db.delete(participants).where(eq(participants.id, site.prepared.paolo.id))
				);
				expect(await socket.closed).toMatchObject({ code: 4403 });
				await bystanders.expectUnaffected();
			}
		);
	});
});
