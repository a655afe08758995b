// Issue 8, "Scale-out": what several instances must share besides live documents. Rate limits and
// lockouts are counted once across all instances (rate-limit.ts, RateLimiterRedis), and a session
// ended through one instance loses its sockets on every instance at once (peers.ts). Two real
// production servers on one PostgreSQL database, the machine's Redis, and a private one we stop.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect, demoBoards, rawAttempt } from '../helpers/collab';
import type { Client } from '../helpers/collab';
import { createPostgresDatabase } from '../helpers/db';
import { Client as Browser } from '../helpers/http';
import { REDIS_URL, freePort, privateRedis, redisAnswers, redisHealth } from '../helpers/redis';
import { startServer } from '../helpers/server';
import type { RunningServer } from '../helpers/server';
import { demoWorkshopId, participantToken, staffToken } from '../helpers/workshops';
import { openPostgres } from '../../src/lib/server/db/client';
import type { DatabaseHandle } from '../../src/lib/server/db/client';
import { boards } from '../../src/lib/server/db/schema/index';
import { seedDemo } from '../../src/lib/server/demo/seed';
import * as users from '../../src/lib/server/staff/users';

const missing = !process.env.TEST_DATABASE_URL
	? 'TEST_DATABASE_URL is not set (several instances need one PostgreSQL database)'
	: !(await redisAnswers(REDIS_URL))
		? `no Redis answers at ${REDIS_URL}`
		: null;
if (missing) console.warn(`[scale-out-limits] skipped: ${missing}`);

/** Dots (or taps) one session may place per minute, and failed sign-ins per account and network. */
const VOTES = 6;
const SIGN_IN_FAILURES = 3;
/** The sockets' periodic re-check: far beyond any test, so only a message can close a socket. */
const RECHECK_MS = 10 * 60_000;

describe.skipIf(missing !== null)(
	'several instances sharing limits and sessions through Redis',
	() => {
		let database: { url: string; drop: () => Promise<void> };
		let handle: DatabaseHandle;
		let workshopId: string;
		let boardId: string;
		const servers: RunningServer[] = [];
		const clients = new Set<Client>();

		/** An instance with its own REDIS_PREFIX per test, so counts never leak from one test to the next. */
		const start = async (prefix: string, env: Record<string, string> = {}) => {
			const server = await startServer({
				databaseUrl: database.url,
				env: {
					REDIS_URL,
					REDIS_PREFIX: prefix,
					VOTES_PER_SESSION_PER_MINUTE: String(VOTES),
					SIGN_IN_FAILURES_PER_ACCOUNT: String(SIGN_IN_FAILURES),
					SIGN_IN_FAILURES_PER_ADDRESS: '1000',
					COLLAB_RECHECK_MS: String(RECHECK_MS),
					...env
				}
			});
			servers.push(server);
			await expect.poll(async () => (await redisHealth(server)).redis).toBe('ok');
			return server;
		};
		const pair = async (env: Record<string, string> = {}) => {
			const prefix = `piazza-test-${randomBytes(6).toString('hex')}`;
			return [await start(prefix, env), await start(prefix, env)] as const;
		};
		/** One tap on the board: an item that is not there (404), but a tap the limit counts all the same. */
		const tap = (server: RunningServer, token: string) =>
			fetch(`${server.url}/api/boards/${boardId}/votes`, {
				method: 'POST',
				headers: {
					'content-type': 'application/json',
					cookie: `piazza_session=${token}`,
					origin: server.url
				},
				body: JSON.stringify({ itemId: 'nessuna-nota', delta: 1 })
			}).then((response) => response.status);
		const signIn = (server: RunningServer, email: string, password: string) =>
			new Browser(server.url)
				.post('/api/auth/sign-in', { email, password })
				.then((response) => response.status);

		beforeAll(async () => {
			database = await createPostgresDatabase();
			handle = openPostgres(database.url, { max: 2 });
			await seedDemo(handle.db);
			workshopId = await demoWorkshopId(handle.db);
			boardId = (await demoBoards(handle.db, workshopId)).open;
			await handle.db
				.update(boards)
				.set({ votingState: 'open', voteBudget: 3 })
				.where(eq(boards.id, boardId));
		}, 60_000);
		afterEach(async () => {
			for (const client of clients) client.destroy();
			clients.clear();
			await Promise.all(servers.splice(0).map((server) => server.stop()));
		});
		afterAll(async () => {
			await handle?.close();
			await database?.drop();
		});

		it('spends one session’s allowance of taps once over both instances, not once on each', async () => {
			const [one, two] = await pair();
			const token = await participantToken(handle.db, workshopId, 'Tapper');
			const answers: number[] = [];
			for (let i = 0; i < VOTES; i++) answers.push(await tap(i % 2 === 0 ? one : two, token));
			expect(answers.every((status) => status !== 429)).toBe(true);
			// The allowance is used up, whichever instance the next tap reaches.
			expect(await tap(one, token)).toBe(429);
			expect(await tap(two, token)).toBe(429);
			// Another session is not affected.
			expect(await tap(two, await participantToken(handle.db, workshopId, 'Vicina'))).not.toBe(429);
		}, 120_000);

		it('locks an account out after the allowance of failed sign-ins spread over both instances', async () => {
			const [one, two] = await pair();
			const email = 'facilitatore@example.org';
			// One failure fewer than the allowance on either instance alone: only a shared count locks.
			expect(await signIn(one, email, 'guess 1')).toBe(401);
			expect(await signIn(two, email, 'guess 2')).toBe(401);
			expect(await signIn(one, email, 'guess 3')).toBe(401);
			expect(await signIn(two, email, 'piazza-demo')).toBe(429);
			expect(await signIn(one, email, 'piazza-demo')).toBe(429);
		}, 120_000);

		it('closes with 4401, within about a second, a socket on one instance of a session an admin ended through the other', async () => {
			const [one, two] = await pair();
			const facilitator = await users.findByEmail(handle.db, 'facilitatore@example.org');
			const victim = await staffToken(handle.db, 'facilitatore@example.org');
			const onTwo = await connect(two.url, `control:${workshopId}`, victim);
			clients.add(onTwo);
			const onOne = await connect(one.url, `control:${workshopId}`, victim);
			clients.add(onOne);
			const admin = new Browser(one.url);
			admin.cookies.set('piazza_session', await staffToken(handle.db, 'admin@example.org'));

			const ended = Date.now();
			const response = await admin.postForm(`/staff/admin/users/${facilitator!.id}?/sessions`, []);
			expect(response.status).toBe(303);
			// COLLAB_RECHECK_MS is ten minutes: only the message from instance one can close it now.
			const closed = await Promise.race([
				onTwo.closed,
				new Promise<null>((resolve) => setTimeout(() => resolve(null), 5_000))
			]);
			expect(closed?.code).toBe(4401);
			console.log(
				`[scale-out-limits] the other instance closed the socket ${Date.now() - ended} ms ` +
					'after the admin’s request was sent'
			);
			expect((await onOne.closed).code).toBe(4401);
			// And the cookie no longer opens a socket anywhere.
			expect(
				await rawAttempt(two.url, `/collab/control:${workshopId}`, {
					cookie: `piazza_session=${victim}`
				})
			).toMatchObject({ close: 4401 });
		}, 120_000);

		it('keeps limiting on each instance alone while Redis is away', async () => {
			const redis = await privateRedis(await freePort());
			try {
				const [one, two] = await pair({ REDIS_URL: redis.url });
				await redis.stop();
				for (const server of [one, two]) {
					await expect
						.poll(async () => (await redisHealth(server)).redis, { timeout: 15_000 })
						.toBe('down');
				}
				const token = await participantToken(handle.db, workshopId, 'Senza Redis');
				// Each instance counts the session's taps in its own memory: the allowance on each.
				for (const server of [one, two]) {
					for (let i = 0; i < VOTES; i++) expect(await tap(server, token)).not.toBe(429);
					expect(await tap(server, token)).toBe(429);
				}
				// Sign-in lockouts too.
				const email = 'responsabile@example.org';
				for (let i = 0; i < SIGN_IN_FAILURES; i++) {
					expect(await signIn(one, email, `guess ${i}`)).toBe(401);
				}
				expect(await signIn(one, email, 'piazza-demo')).toBe(429);
			} finally {
				await redis.stop();
			}
		}, 120_000);
	}
);
