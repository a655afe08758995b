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

/** A row is still referenced by another table (e.g. deleting a branch a process uses). */
export function isForeignKeyViolation(error: unknown): boolean {
	return sqlState(error) === '23503';
}
