import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

/**
 * A CHECK that a text column holds one of the allowed values. Plain text + CHECK instead of a
 * Postgres enum type: adding a value later is a one-line migration, not an ALTER TYPE dance.
 */
export function oneOf(column: AnyPgColumn, values: readonly string[]): SQL {
	const list = sql.join(
		values.map((v) => sql.raw(`'${v.replace(/'/g, "''")}'`)),
		sql.raw(', ')
	);
	return sql`${column} in (${list})`;
}
