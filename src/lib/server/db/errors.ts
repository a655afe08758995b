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
