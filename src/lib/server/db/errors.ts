/**
 * Recognises constraint violations by their SQLSTATE, whichever driver raised them (postgres.js or
 * PGlite) and however Drizzle wrapped them (`DrizzleQueryError` keeps the driver's error as `cause`).
 */
function sqlState(error: unknown): string | undefined {
	for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
		const code = (e as { code?: unknown }).code;
		if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
		e = (e as { cause?: unknown }).cause;
	}
	return undefined;
}

/**
 * A row is still referenced by another table (e.g. deleting a branch a process uses). PostgreSQL up
 * to 17 reports an `ON DELETE RESTRICT` refusal as foreign_key_violation (23503); PostgreSQL 18,
 * which PGlite embeds, as restrict_violation (23001).
 */
export function isForeignKeyViolation(error: unknown): boolean {
	const state = sqlState(error);
	return state === '23503' || state === '23001';
}

/** The row would duplicate a unique key (23505). */
export function isUniqueViolation(error: unknown): boolean {
	return sqlState(error) === '23505';
}

/** Why the database refused a write, as `/healthz` and staff are told. */
export type StorageFailure = 'disk-full' | 'database-unreachable' | 'database-error';

/**
 * Sorts a failed write: the disk is full (53100 disk_full, 53000 insufficient_resources, or the
 * operating system's ENOSPC), the database cannot be reached (no connection, or it is shutting
 * down: class 08, 57P01-57P03), or anything else.
 */
export function storageFailureOf(error: unknown): StorageFailure {
	const state = sqlState(error);
	if (state === '53100' || state === '53000' || state === 'ENOSPC') return 'disk-full';
	if (state?.startsWith('08') || state === '57P01' || state === '57P02' || state === '57P03') {
		return 'database-unreachable';
	}
	for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
		const code = (e as { code?: unknown }).code;
		if (code === 'ENOSPC') return 'disk-full';
		if (
			typeof code === 'string' &&
			/^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EHOSTUNREACH|CONNECTION_\w+)$/.test(code)
		) {
			return 'database-unreachable';
		}
		e = (e as { cause?: unknown }).cause;
	}
	return 'database-error';
}
