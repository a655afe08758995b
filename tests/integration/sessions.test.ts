import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as sessions from '../../src/lib/server/auth/sessions';
import type { Database } from '../../src/lib/server/db/client';
import { residents, sessions as sessionRows, users } from '../../src/lib/server/db/schema/index';
import * as staff from '../../src/lib/server/staff/users';
import { createTestDatabase, databaseKinds } from '../helpers/db';
import type { TestDatabase } from '../helpers/db';

const LIFETIME = { staff: 7, participant: 30 };

describe.each(databaseKinds)('sessions on %s', (kind) => {
	let t: TestDatabase;
	let db: Database;
	let userId: string;

	beforeAll(async () => {
		t = await createTestDatabase(kind);
		db = t.handle.db;
		const created = await staff.create(db, {
			email: 'Facilitatrice@Example.org ',
			name: 'Sara',
			role: 'facilitator',
			password: 'correct horse battery'
		});
		if (!created.ok) throw new Error(JSON.stringify(created.errors));
		userId = created.id;
	});
	afterAll(() => t.dispose());

	it('stores only a hash of the secret, never the token', async () => {
		const { token, id } = await sessions.create(db, { userId }, LIFETIME.staff);
		const [row] = await db.select().from(sessionRows).where(eq(sessionRows.id, id));
		const secret = token.split('.')[1]!;
		expect(row!.secretHash).toHaveLength(32);
		expect(Buffer.from(row!.secretHash).toString('utf8')).not.toContain(secret);
		expect(JSON.stringify(row)).not.toContain(secret);
	});

	it('validates a staff token and returns the user', async () => {
		const { token } = await sessions.create(db, { userId }, LIFETIME.staff);
		const session = await sessions.validate(db, token, LIFETIME);
		expect(session?.user).toMatchObject({
			id: userId,
			email: 'facilitatrice@example.org',
			role: 'facilitator'
		});
		expect(session?.residentId).toBeNull();
	});

	it('refuses a token whose secret is wrong, malformed, or unknown', async () => {
		const { token } = await sessions.create(db, { userId }, LIFETIME.staff);
		const [id] = token.split('.');
		const forged = `${id}.${'a'.repeat(24)}`;
		expect(await sessions.validate(db, forged, LIFETIME)).toBeNull();
		expect(await sessions.validate(db, 'not-a-token', LIFETIME)).toBeNull();
		expect(await sessions.validate(db, `${'b'.repeat(24)}.${'c'.repeat(24)}`, LIFETIME)).toBeNull();
		expect(await sessions.validate(db, `${token}' or 1=1 --`, LIFETIME)).toBeNull();
	});

	it('refuses an expired session, judged by the database clock', async () => {
		const { token, id } = await sessions.create(db, { userId }, LIFETIME.staff);
		await db
			.update(sessionRows)
			.set({ expiresAt: sql`now() - interval '1 second'` })
			.where(eq(sessionRows.id, id));
		expect(await sessions.validate(db, token, LIFETIME)).toBeNull();
	});

	it('slides the expiry forward once half the lifetime has passed, and only then', async () => {
		const { token, id } = await sessions.create(db, { userId }, LIFETIME.staff);
		const fresh = await sessions.validate(db, token, LIFETIME);
		expect(fresh?.extended).toBe(false);
		await db
			.update(sessionRows)
			.set({ expiresAt: sql`now() + interval '2 days'` })
			.where(eq(sessionRows.id, id));
		const old = await sessions.validate(db, token, LIFETIME);
		expect(old?.extended).toBe(true);
		const days = (old!.expiresAt.getTime() - Date.now()) / 86_400_000;
		expect(days).toBeGreaterThan(6.9);
		expect(days).toBeLessThanOrEqual(7.01);
	});

	it('gives a participant session to an anonymous resident', async () => {
		const [resident] = await db.insert(residents).values({}).returning();
		const { token } = await sessions.create(db, { residentId: resident!.id }, LIFETIME.participant);
		const session = await sessions.validate(db, token, LIFETIME);
		expect(session).toMatchObject({ user: null, residentId: resident!.id });
	});

	it('ends a session on invalidate, and all of a user’s sessions on a password change', async () => {
		const one = await sessions.create(db, { userId }, LIFETIME.staff);
		await sessions.invalidate(db, one.id);
		expect(await sessions.validate(db, one.token, LIFETIME)).toBeNull();

		const a = await sessions.create(db, { userId }, LIFETIME.staff);
		const b = await sessions.create(db, { userId }, LIFETIME.staff);
		const changed = await staff.setPassword(db, userId, 'another long password');
		expect(changed.ok).toBe(true);
		expect(await sessions.validate(db, a.token, LIFETIME)).toBeNull();
		expect(await sessions.validate(db, b.token, LIFETIME)).toBeNull();
	});

	it('tells which of many open sessions are still active, in one read', async () => {
		const kept = await sessions.create(db, { userId }, LIFETIME.staff);
		const ended = await sessions.create(db, { userId }, LIFETIME.staff);
		await sessions.invalidate(db, ended.id);
		const active = await sessions.activeAmong(db, [kept.id, ended.id, 'nessuna-sessione']);
		expect([...active]).toEqual([kept.id]);
		expect(await sessions.activeAmong(db, [])).toEqual(new Set());
	});

	it('refuses the session of a disabled account and deletes it', async () => {
		const { token, id } = await sessions.create(db, { userId }, LIFETIME.staff);
		await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, userId));
		try {
			expect(await sessions.validate(db, token, LIFETIME)).toBeNull();
			expect(await db.select().from(sessionRows).where(eq(sessionRows.id, id))).toHaveLength(0);
		} finally {
			await db.update(users).set({ disabledAt: null }).where(eq(users.id, userId));
		}
	});

	it('will not store a session with two owners or none', async () => {
		const [resident] = await db.insert(residents).values({}).returning();
		await expect(
			db.insert(sessionRows).values({
				id: 'x'.repeat(24),
				secretHash: new Uint8Array(32),
				userId,
				residentId: resident!.id,
				expiresAt: new Date(Date.now() + 1000)
			})
		).rejects.toThrow();
		await expect(
			db.insert(sessionRows).values({
				id: 'y'.repeat(24),
				secretHash: new Uint8Array(32),
				expiresAt: new Date(Date.now() + 1000)
			})
		).rejects.toThrow();
	});
});

describe.each(databaseKinds)('staff accounts on %s', (kind) => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await createTestDatabase(kind);
	});
	afterAll(() => t.dispose());

	it('refuses a duplicate email whatever its case, a short password and a bad email', async () => {
		const db = t.handle.db;
		const base = { name: 'Ada', role: 'manager' as const, password: 'long enough password' };
		expect(await staff.create(db, { ...base, email: 'ada@example.org' })).toMatchObject({
			ok: true
		});
		expect(await staff.create(db, { ...base, email: 'ADA@example.org' })).toEqual({
			ok: false,
			errors: { email: 'taken' }
		});
		expect(await staff.create(db, { ...base, email: 'x@example.org', password: 'short' })).toEqual({
			ok: false,
			errors: { password: 'too-short' }
		});
		expect(await staff.create(db, { ...base, email: 'not an email' })).toEqual({
			ok: false,
			errors: { email: 'invalid' }
		});
		const all = await staff.list(db);
		expect(all.map((u) => u.email)).toEqual(['ada@example.org']);
	});

	it('refuses a NUL in the name or the email with every problem named, and stores nothing', async () => {
		const db = t.handle.db;
		expect(
			await staff.create(db, {
				name: 'A\u0000B',
				email: 'n\u0000ul@x.it',
				role: 'overlord',
				password: 'short'
			})
		).toEqual({
			ok: false,
			errors: {
				name: 'forbidden-characters',
				email: 'invalid',
				role: 'invalid',
				password: 'too-short'
			}
		});
		expect((await staff.list(db)).map((u) => u.email)).toEqual(['ada@example.org']);
	});
});

describe.each(databaseKinds)('expired sessions on %s', (kind) => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await createTestDatabase(kind);
	});
	afterAll(() => t.dispose());

	it('are swept away, and live ones kept', async () => {
		const db = t.handle.db;
		const [resident] = await db.insert(residents).values({}).returning();
		const live = await sessions.create(db, { residentId: resident!.id }, 30);
		const old = await sessions.create(db, { residentId: resident!.id }, 30);
		await db
			.update(sessionRows)
			.set({ expiresAt: sql`now() - interval '1 day'` })
			.where(eq(sessionRows.id, old.id));
		expect(await sessions.purgeExpired(db)).toBe(1);
		const left = await db.select({ id: sessionRows.id }).from(sessionRows);
		expect(left.map((r) => r.id)).toEqual([live.id]);
	});
});
