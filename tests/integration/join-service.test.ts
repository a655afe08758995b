import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventCounter, failureCounter, recentKeys } from '../../src/lib/server/auth/rate-limit';
import { participants, residents } from '../../src/lib/server/db/schema/index';
import { seedDemo } from '../../src/lib/server/demo/seed';
import * as joining from '../../src/lib/server/workshops/join';
import { createTestDatabase, databaseKinds } from '../helpers/db';
import type { TestDatabase } from '../helpers/db';

// The join service against a real database, for what HTTP cannot make happen on purpose: two
// transactions for the same resident and workshop at the same instant.

describe.each(databaseKinds)('the join service on %s', (kind) => {
	let database: TestDatabase;
	let ctx: joining.JoinContext;
	const alarms: string[] = [];

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		await seedDemo(database.handle.db);
		ctx = {
			db: database.handle.db,
			limits: {
				joinByAddress: failureCounter(30, 600),
				joinByNetwork: failureCounter(3, 600),
				joinsByWorkshop: eventCounter(1000, 60),
				joinsByWorkshopAddress: eventCounter(600, 60),
				joinedFromAddress: recentKeys(900, 1000)
			},
			participantDays: 30,
			warn: (line) => alarms.push(line)
		};
	});
	afterAll(() => database?.dispose());

	const stranger = (address: string): joining.Joiner => ({
		address,
		sessionId: null,
		residentId: null,
		user: null
	});

	it('lets two joins racing for one resident meet in the unique constraint: one participant, no error', async () => {
		const [resident] = await ctx.db.insert(residents).values({}).returning({ id: residents.id });
		const joiner = { ...stranger('10.0.0.1'), residentId: resident!.id };
		const results = await Promise.all(
			Array.from({ length: 8 }, (_, i) =>
				joining.join(ctx, { code: 'CASA42', name: `Gemella ${i}`, joiner })
			)
		);
		const ids = new Set(results.map((r) => (r.ok ? r.participantId : r.reason)));
		expect(ids.size).toBe(1);
		expect(results.every((r) => r.ok)).toBe(true);
		const [row] = await ctx.db
			.select({ n: count() })
			.from(participants)
			.where(eq(participants.residentId, resident!.id));
		expect(row!.n).toBe(1);
	});

	it('gives every join a session of its own', async () => {
		const results = await Promise.all([
			joining.join(ctx, { code: 'CASA42', name: 'Uno', joiner: stranger('10.0.0.2') }),
			joining.join(ctx, { code: 'CASA42', name: 'Due', joiner: stranger('10.0.0.2') })
		]);
		const tokens = results.map((r) => (r.ok ? r.session?.token : null));
		expect(tokens[0]).toBeTruthy();
		expect(tokens[1]).toBeTruthy();
		expect(tokens[0]).not.toBe(tokens[1]);
	});

	it('raises the network alarm once, when a network spends its failures spread over many addresses', async () => {
		for (const address of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) {
			const result = await joining.join(ctx, {
				code: 'ZZZZZZ',
				name: 'x',
				joiner: stranger(address)
			});
			expect(result).toEqual({ ok: false, reason: 'unknown-code' });
		}
		expect(alarms).toHaveLength(1);
		expect(alarms[0]).toContain('192.0.2.0/24');
		// A fresh address in the same network is refused before any lookup.
		const next = await joining.lookUp(ctx, 'CASA42', stranger('192.0.2.77'));
		expect(next).toMatchObject({ ok: false, reason: 'rate-limited' });
		expect(alarms).toHaveLength(1);
	});
});
