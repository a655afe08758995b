import { describe, expect, it } from 'vitest';
import { storageFailureOf } from './errors';

/** An error as postgres.js or PGlite raises it, wrapped the way Drizzle wraps it. */
function wrapped(fields: Record<string, unknown>) {
	const driver = Object.assign(new Error('driver'), fields);
	return new Error('Failed query: insert into "collab_updates" …', { cause: driver });
}

describe('storageFailureOf', () => {
	it('calls a full disk a full disk, from PostgreSQL or from the operating system', () => {
		expect(storageFailureOf(wrapped({ code: '53100' }))).toBe('disk-full');
		expect(storageFailureOf(wrapped({ code: '53000' }))).toBe('disk-full');
		expect(storageFailureOf(wrapped({ code: 'ENOSPC' }))).toBe('disk-full');
	});

	it('calls a lost or closing connection an unreachable database', () => {
		for (const code of ['08006', '08001', '57P01', '57P03', 'ECONNREFUSED', 'CONNECTION_CLOSED']) {
			expect(storageFailureOf(wrapped({ code })), code).toBe('database-unreachable');
		}
	});

	it('calls anything else a database error', () => {
		expect(storageFailureOf(wrapped({ code: '23505' }))).toBe('database-error');
		expect(storageFailureOf(new Error('no code'))).toBe('database-error');
		expect(storageFailureOf('a string')).toBe('database-error');
	});
});
