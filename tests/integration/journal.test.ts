import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journal } from '../../src/lib/server/collab/journal';
import { createTestDatabase, databaseKinds } from '../helpers/db';
import type { TestDatabase } from '../helpers/db';

/** The journal's bytes survive the database byte for byte, whatever their size, on both drivers. */
describe.each(databaseKinds)('the live-document journal on %s', (kind) => {
	let t: TestDatabase;
	let journal: Journal;

	beforeAll(async () => {
		t = await createTestDatabase(kind);
		journal = new Journal(t.handle.db, 10, () => {});
	});
	afterAll(async () => {
		await journal.close(1000);
		await t.dispose();
	});

	it('stores and loads updates byte for byte, from one byte to a large board', async () => {
		const updates = [
			Uint8Array.of(0),
			randomBytes(255),
			randomBytes(300_000),
			Uint8Array.of(255, 0, 1)
		];
		for (const update of updates) {
			journal.append({ docName: 'board:bytes', update, writer: 'server', newClients: [] });
		}
		expect(await journal.drain(5000)).toBe(true);
		const stored = await journal.load('board:bytes');
		expect(stored.updates.map((u) => Buffer.from(u).toString('hex'))).toEqual(
			updates.map((u) => Buffer.from(u).toString('hex'))
		);
		expect(stored.bytes).toBe(updates.reduce((sum, u) => sum + u.byteLength, 0));
	});

	it('loads a compacted document as its snapshot alone', async () => {
		const snapshot = randomBytes(100_000);
		expect(await journal.compact('board:bytes', () => snapshot)).toBe(true);
		const stored = await journal.load('board:bytes');
		expect(stored.updates).toHaveLength(1);
		expect(Buffer.compare(Buffer.from(stored.updates[0]!), snapshot)).toBe(0);
	});
});
