import * as argon2 from '@node-rs/argon2';
import { desc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { NOT_AN_EMAIL } from '../../src/lib/domain/email';
import { failureCounter } from '../../src/lib/server/auth/rate-limit';
import * as auth from '../../src/lib/server/auth/sign-in';
import type { CookieJar } from '../../src/lib/server/auth/sessions';
import { signInAudit } from '../../src/lib/server/db/schema/index';
import { DEMO_PASSWORD, seedDemo } from '../../src/lib/server/demo/seed';
import { createTestDatabase, databaseKinds } from '../helpers/db';
import type { TestDatabase } from '../helpers/db';

// The sign-in service against a real database, for what HTTP cannot show: how many argon2
// verifications an answer cost, and how often the account-wide alarm is raised.

// The real argon2, observed: how many verifications a sign-in costs is the point, not its timing.
vi.mock('@node-rs/argon2', async (importOriginal) => {
	const real = await importOriginal<typeof import('@node-rs/argon2')>();
	return { ...real, verify: vi.fn(real.verify) };
});

const FACILITATOR = 'facilitatore@example.org';

describe.each(databaseKinds)('the sign-in service on %s', (kind) => {
	let database: TestDatabase;
	const alarms: string[] = [];

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		await seedDemo(database.handle.db);
	});
	afterAll(() => database?.dispose());

	/** Fresh counters for each test: 3 failures per account and network, 7 per account in all. */
	function services(): auth.SignInServices {
		return {
			database: { db: database.handle.db },
			limits: {
				signInByAddress: failureCounter(1000, 900),
				signInByAccountAndNetwork: failureCounter(3, 900),
				signInByAccount: failureCounter(7, 900)
			},
			config: { sessions: { staffDays: 7 } },
			warn: (line) => alarms.push(line)
		};
	}

	const cookies: CookieJar = { set: () => {}, delete: () => {} };
	const attempt = (email: string, password: string, address: string) => ({
		email,
		password,
		address,
		currentSessionId: null,
		cookies,
		secure: false
	});

	it('spends one full argon2 verification on an email with a control character, like on an unknown one', async () => {
		const ctx = services();
		const verify = vi.mocked(argon2.verify);
		for (const email of ['nobody@example.org', 'a\u0000@b.it', `${FACILITATOR}\u0000`]) {
			verify.mockClear();
			const result = await auth.signIn(ctx, attempt(email, DEMO_PASSWORD, '10.0.0.1'));
			expect(result, JSON.stringify(email)).toEqual({ ok: false, reason: 'invalid-credentials' });
			expect(verify, JSON.stringify(email)).toHaveBeenCalledTimes(1);
			expect(verify.mock.calls[0]![0]).toMatch(/^\$argon2id\$.*m=19456,t=2/);
		}
		// Counted as failures: the third for that address-shaped string locks it out of the network.
		await auth.signIn(ctx, attempt('a\u0000@b.it', 'x', '10.0.0.1'));
		await auth.signIn(ctx, attempt('a\u0000@b.it', 'x', '10.0.0.1'));
		expect(await auth.signIn(ctx, attempt('a\u0000@b.it', 'x', '10.0.0.1'))).toMatchObject({
			reason: 'rate-limited'
		});
	});

	it('locks an account out of the guessing network only, even for the right password there', async () => {
		const ctx = services();
		for (let i = 0; i < 3; i++) {
			expect(await auth.signIn(ctx, attempt(FACILITATOR, `guess ${i}`, '198.51.100.7'))).toEqual({
				ok: false,
				reason: 'invalid-credentials'
			});
		}
		// The same /24: refused, so the lockout cannot tell the attacker a guess was right.
		expect(await auth.signIn(ctx, attempt(FACILITATOR, DEMO_PASSWORD, '198.51.100.8'))).toEqual({
			ok: false,
			reason: 'rate-limited',
			retryAfter: expect.any(Number)
		});
		expect(
			await auth.signIn(ctx, attempt(FACILITATOR, DEMO_PASSWORD, '203.0.113.9'))
		).toMatchObject({ ok: true, role: 'facilitator' });
		// The owner's success elsewhere does not lift the guessing network's lockout.
		expect(
			await auth.signIn(ctx, attempt(FACILITATOR, DEMO_PASSWORD, '198.51.100.7'))
		).toMatchObject({ reason: 'rate-limited' });
		expect(alarms).toEqual([]);
	});

	it('refuses the account from everywhere at the ceiling and raises the alarm once', async () => {
		const ctx = services();
		const networks = ['192.0.2.1', '192.0.3.1', '192.0.4.1', '192.0.5.1'];
		for (const address of networks.slice(0, 3)) {
			for (let i = 0; i < 2; i++) {
				await auth.signIn(ctx, attempt(FACILITATOR, `guess ${i}`, address));
			}
		}
		expect(alarms).toEqual([]);
		// The seventh failure reaches the ceiling of 7.
		await auth.signIn(ctx, attempt(FACILITATOR, 'guess 6', networks[3]!));
		expect(alarms).toHaveLength(1);
		expect(alarms[0]).toMatch(/^\[piazza\] ALARM: sign-in guessing on account "facilitatore@/);

		expect(await auth.signIn(ctx, attempt(FACILITATOR, DEMO_PASSWORD, '100.64.0.1'))).toMatchObject(
			{ ok: false, reason: 'rate-limited' }
		);
		for (const address of networks) {
			await auth.signIn(ctx, attempt(FACILITATOR, 'more guessing', address));
		}
		expect(alarms).toHaveLength(1);
		// Other accounts are not affected.
		expect(
			await auth.signIn(ctx, attempt('admin@example.org', DEMO_PASSWORD, '100.64.0.1'))
		).toMatchObject({ ok: true, role: 'admin' });
	});

	it('keeps a password typed into the email field out of the audit and the alarm', async () => {
		const ctx = services();
		const typed = 'Ada-Segreta-2026!';
		const db = database.handle.db;
		const before = (await db.select({ id: signInAudit.id }).from(signInAudit)).length;
		// From seven networks, so that the account-wide ceiling (7) is reached and the alarm raised.
		for (let n = 1; n <= 7; n++) {
			expect(await auth.signIn(ctx, attempt(typed, typed, `203.0.${n}.9`))).toEqual({
				ok: false,
				reason: 'invalid-credentials'
			});
		}
		const rows = await db
			.select({ email: signInAudit.emailTried, outcome: signInAudit.outcome })
			.from(signInAudit)
			.orderBy(signInAudit.at);
		const added = rows.slice(before);
		expect(added).toHaveLength(7);
		expect(new Set(added.map((row) => row.email))).toEqual(new Set([NOT_AN_EMAIL]));
		expect(JSON.stringify(rows).toLowerCase()).not.toContain('segreta');
		expect(alarms.at(-1)).toContain(JSON.stringify(NOT_AN_EMAIL));
		expect(alarms.join('\n').toLowerCase()).not.toContain('segreta');

		// An address is kept as typed (normalised), whether or not it names an account.
		await auth.signIn(ctx, attempt(' Nessuno@Example.org', 'x', '203.0.99.9'));
		const [last] = await db
			.select({ email: signInAudit.emailTried })
			.from(signInAudit)
			.orderBy(desc(signInAudit.at))
			.limit(1);
		expect(last!.email).toBe('nessuno@example.org');
	});
});
