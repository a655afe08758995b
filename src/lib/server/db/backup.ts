import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, createGzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { Database, DatabaseKind } from './client';
import { innermostMessage } from './data-dir';

/**
 * Backups of the whole database (`npm run cli -- backup <file>` / `restore <file>`).
 *
 * One format for both databases, so that a backup moves between them (PGlite on a laptop to
 * PostgreSQL on a server, and back): a gzipped file of JSON lines. PGlite's own `dumpDataDir` is a
 * tarball of its data folder that PostgreSQL cannot read, and `pg_dump` is not there for PGlite.
 *
 * - line 1, the header: `{"format":"piazza-backup","version":1,"createdAt","database","migration"}`;
 *   `migration` is the last applied migration (drizzle's hash and timestamp): a backup is restored
 *   only into a database at the same migration, whose tables have the same columns.
 * - then for every table of the `public` schema, parents before children (foreign keys): a line
 *   `{"table":"<name>","rows":<n>}` and its n rows, each PostgreSQL's own `to_jsonb(row)`. The rows
 *   are copied as text and never parsed into JavaScript values: bigints keep every digit, bytea stays
 *   PostgreSQL's hex text, timestamps their ISO text in UTC. Restoring gives them back to
 *   `jsonb_populate_recordset`, which reads each field with its column's type.
 * - last line: `{"end":true,"tables":<n>}`, so that a truncated file is refused rather than half
 *   restored.
 *
 * The dump reads one snapshot (a repeatable-read transaction): on PostgreSQL it may run while the
 * server runs. A restore runs in one transaction: it leaves the database as the backup was, or
 * unchanged.
 */

export const FORMAT = 'piazza-backup';
export const VERSION = 1;

/** The last migration applied to a database, as drizzle's migrator records it. */
export interface MigrationMark {
	/** SHA-256 of the migration's SQL. */
	hash: string;
	/** The migration's timestamp (ms since the epoch, from drizzle/meta/_journal.json). */
	createdAt: string;
}

export interface BackupHeader {
	format: typeof FORMAT;
	version: number;
	/** When the backup was taken (ISO 8601). */
	createdAt: string;
	/** The kind of database it was taken from (informative: it restores into either). */
	database: DatabaseKind;
	migration: MigrationMark | null;
}

/** A backup or restore that cannot be done, said in one line. */
export class BackupError extends Error {
	override name = 'BackupError';
}

/** Rows read per query while dumping, and at most sent per INSERT while restoring. */
const PAGE_ROWS = 1_000;
const INSERT_MAX_BYTES = 4 * 1024 * 1024;

type Row = Record<string, unknown>;

function rowsOf<T extends Row>(result: unknown): T[] {
	// postgres.js answers an array of rows, PGlite an object holding them.
	return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

async function query<T extends Row>(db: Database, statement: SQL): Promise<T[]> {
	return rowsOf<T>(await db.execute(statement));
}

/** The last migration applied, or null when none was (or drizzle's table is not there). */
export async function migrationOf(db: Database): Promise<MigrationMark | null> {
	const [present] = await query<{ present: boolean }>(
		db,
		sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`
	);
	if (!present?.present) return null;
	const [last] = await query<{ hash: string; created_at: string }>(
		db,
		sql`select hash, created_at::text as created_at from drizzle.__drizzle_migrations
			order by created_at desc limit 1`
	);
	return last ? { hash: last.hash, createdAt: last.created_at } : null;
}

interface TableInfo {
	name: string;
	/** Columns a row can be given (generated ones are computed again). */
	columns: string[];
	/** Self-references (e.g. a proposal merged into another): column pairs child → parent. */
	selfReferences: { from: string[]; to: string[] }[];
	/** Columns whose default takes from a sequence, which a restore moves past the restored values. */
	sequenced: string[];
}

/** Every table of the `public` schema, parents before children. */
async function tablesOf(db: Database): Promise<TableInfo[]> {
	const tables = await query<{ name: string }>(
		db,
		sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
			where n.nspname = 'public' and c.relkind in ('r', 'p') order by c.relname`
	);
	const columns = await query<{ table: string; column: string; sequenced: boolean }>(
		db,
		sql`select c.relname as table, a.attname as column,
				(a.attidentity <> '' or coalesce(pg_get_expr(d.adbin, d.adrelid), '') like 'nextval(%')
					as sequenced
			from pg_attribute a
			join pg_class c on c.oid = a.attrelid
			join pg_namespace n on n.oid = c.relnamespace
			left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
			where n.nspname = 'public' and c.relkind in ('r', 'p') and a.attnum > 0
				and not a.attisdropped and a.attgenerated = ''
			order by c.relname, a.attnum`
	);
	const references = await query<{ child: string; parent: string; from: string[]; to: string[] }>(
		db,
		sql`select child.relname as child, parent.relname as parent,
				array(select attname from unnest(f.conkey) with ordinality k(num, i)
					join pg_attribute on attrelid = f.conrelid and attnum = k.num order by k.i)::text[] as from,
				array(select attname from unnest(f.confkey) with ordinality k(num, i)
					join pg_attribute on attrelid = f.confrelid and attnum = k.num order by k.i)::text[] as to
			from pg_constraint f
			join pg_class child on child.oid = f.conrelid
			join pg_class parent on parent.oid = f.confrelid
			join pg_namespace n on n.oid = child.relnamespace
			where f.contype = 'f' and n.nspname = 'public'`
	);
	const info = new Map<string, TableInfo>(
		tables.map((t) => [t.name, { name: t.name, columns: [], selfReferences: [], sequenced: [] }])
	);
	for (const c of columns) {
		info.get(c.table)?.columns.push(c.column);
		if (c.sequenced) info.get(c.table)?.sequenced.push(c.column);
	}
	const parents = new Map<string, Set<string>>(tables.map((t) => [t.name, new Set()]));
	for (const r of references) {
		if (r.child === r.parent) info.get(r.child)?.selfReferences.push({ from: r.from, to: r.to });
		else parents.get(r.child)?.add(r.parent);
	}
	// Kahn's order, alphabetical among equals so that two backups of one database read alike.
	const ordered: TableInfo[] = [];
	const placed = new Set<string>();
	while (placed.size < info.size) {
		const ready = [...info.keys()].filter(
			(name) => !placed.has(name) && [...parents.get(name)!].every((p) => placed.has(p))
		);
		if (ready.length === 0) {
			const left = [...info.keys()].filter((n) => !placed.has(n)).join(', ');
			throw new BackupError(`the tables ${left} reference each other in a cycle.`);
		}
		for (const name of ready) {
			placed.add(name);
			ordered.push(info.get(name)!);
		}
	}
	return ordered;
}

/** Writes a backup of `db` to `file`; answers how many tables and rows it holds. */
export async function write(
	db: Database,
	kind: DatabaseKind,
	file: string
): Promise<{ tables: number; rows: number }> {
	let rows = 0;
	let tables = 0;
	async function* lines(tx: Database): AsyncGenerator<string> {
		await tx.execute(sql`set local time zone 'UTC'`);
		const header: BackupHeader = {
			format: FORMAT,
			version: VERSION,
			createdAt: new Date().toISOString(),
			database: kind,
			migration: await migrationOf(tx)
		};
		yield `${JSON.stringify(header)}\n`;
		for (const table of await tablesOf(tx)) {
			const t = sql.identifier(table.name);
			const [{ count } = { count: 0 }] = await query<{ count: number }>(
				tx,
				sql`select count(*)::int as count from ${t}`
			);
			yield `${JSON.stringify({ table: table.name, rows: count })}\n`;
			// Pages by physical position: linear, and needs no key (every table has one, but of many
			// shapes). The snapshot keeps positions still while we read.
			let after = '(0,0)';
			for (let read = 0; read < count;) {
				const page = await query<{ at: string; row: string }>(
					tx,
					sql`select ctid::text as at, to_jsonb(r)::text as row from ${t} r
						where ctid > ${after}::tid order by ctid limit ${PAGE_ROWS}`
				);
				if (page.length === 0) break;
				yield page.map((p) => `${p.row}\n`).join('');
				read += page.length;
				after = page.at(-1)!.at;
			}
			rows += count;
			tables++;
		}
		yield `${JSON.stringify({ end: true, tables })}\n`;
	}
	const temporary = `${file}.partial`;
	try {
		// One snapshot for every table: a server still writing cannot make the backup inconsistent.
		await db.transaction(
			(tx) => pipeline(lines(tx), createGzip(), fs.createWriteStream(temporary, { flags: 'wx' })),
			{ isolationLevel: 'repeatable read', accessMode: 'read only' }
		);
		// Renamed only once complete: an interrupted backup never passes for a good one.
		fs.renameSync(temporary, file);
	} catch (error) {
		fs.rmSync(temporary, { force: true });
		if (error instanceof BackupError) throw error;
		throw new BackupError(`could not write ${file}: ${innermostMessage(error)}.`);
	}
	return { tables, rows };
}

/** The lines of a backup file, checked to be one. */
async function* readLines(file: string): AsyncGenerator<string> {
	if (!fs.existsSync(file)) throw new BackupError(`no such file: ${file}.`);
	const gunzip = createGunzip();
	const source = fs.createReadStream(file).on('error', (error) => gunzip.destroy(error));
	source.pipe(gunzip);
	const decoder = new StringDecoder('utf8');
	let rest = '';
	try {
		for await (const chunk of gunzip) {
			const lines = (rest + decoder.write(chunk as Buffer)).split('\n');
			rest = lines.pop()!;
			for (const line of lines) if (line !== '') yield line;
		}
	} catch (error) {
		throw new BackupError(`${file} is not a Piazza backup (${innermostMessage(error)}).`);
	} finally {
		source.destroy();
		gunzip.destroy();
	}
	rest += decoder.end();
	if (rest !== '') yield rest;
}

function parseLine(file: string, line: string): Row {
	try {
		const value = JSON.parse(line) as unknown;
		if (value && typeof value === 'object' && !Array.isArray(value)) return value as Row;
	} catch {
		// fall through
	}
	throw new BackupError(`${file} is damaged: a line is not a JSON object.`);
}

/** The header of a backup file. */
export async function readHeader(file: string): Promise<BackupHeader> {
	for await (const line of readLines(file)) {
		const header = parseLine(file, line);
		if (header.format !== FORMAT) throw new BackupError(`${file} is not a Piazza backup.`);
		if (header.version !== VERSION) {
			throw new BackupError(
				`${file} is a backup of format version ${String(header.version)}; this Piazza reads version ${VERSION}.`
			);
		}
		return header as unknown as BackupHeader;
	}
	throw new BackupError(`${file} is empty.`);
}

/** Tables that hold rows, with how many (the reference data seeded at start included). */
export async function contentOf(db: Database): Promise<Map<string, number>> {
	const counts = new Map<string, number>();
	for (const table of await tablesOf(db)) {
		const [{ count } = { count: 0 }] = await query<{ count: number }>(
			db,
			sql`select count(*)::int as count from ${sql.identifier(table.name)}`
		);
		if (count > 0) counts.set(table.name, count);
	}
	return counts;
}

/**
 * Replaces every row of `db` by the backup's, in one transaction. The database must already be at
 * the backup's migration (the caller migrates it first). Answers how many tables and rows it wrote.
 */
export async function restore(
	db: Database,
	file: string
): Promise<{ tables: number; rows: number }> {
	const header = await readHeader(file);
	const here = await migrationOf(db);
	if (header.migration?.hash !== here?.hash || header.migration?.createdAt !== here?.createdAt) {
		throw new BackupError(
			`the backup was taken at migration ${header.migration?.createdAt ?? 'none'}, this database is at ` +
				`${here?.createdAt ?? 'none'}: restore it with the Piazza version that took it.`
		);
	}
	let tables = 0;
	let rows = 0;
	await db.transaction(async (tx) => {
		await tx.execute(sql`set local time zone 'UTC'`);
		const known = new Map((await tablesOf(tx)).map((t) => [t.name, t]));
		if (known.size > 0) {
			await tx.execute(
				sql`truncate ${sql.join(
					[...known.keys()].map((n) => sql.identifier(n)),
					sql`, `
				)} restart identity cascade`
			);
		}
		let table: TableInfo | null = null;
		let expected = 0;
		let pending: string[] = [];
		let ended = false;
		const flush = async () => {
			if (table && pending.length > 0) await insert(tx, table, pending);
			rows += pending.length;
			pending = [];
		};
		const finishTable = async () => {
			if (!table) return;
			await flush();
			if (expected !== 0)
				throw new BackupError(`${file} is damaged: table ${table.name} is cut short.`);
			for (const column of table.sequenced) {
				const t = sql.identifier(table.name);
				const c = sql.identifier(column);
				await tx.execute(
					sql`select setval(pg_get_serial_sequence(${table.name}, ${column}),
						coalesce((select max(${c}) from ${t}), 0) + 1, false)`
				);
			}
			tables++;
			table = null;
		};
		let first = true;
		let bytes = 0;
		for await (const line of readLines(file)) {
			if (first) {
				first = false; // the header, read above
				continue;
			}
			if (ended) throw new BackupError(`${file} is damaged: lines after its end.`);
			if (table && expected > 0) {
				pending.push(line);
				bytes += line.length;
				expected--;
				// A self-referencing table goes in one statement, ordered parents first (see insert).
				if (
					table.selfReferences.length === 0 &&
					(pending.length >= PAGE_ROWS || bytes > INSERT_MAX_BYTES)
				) {
					await flush();
					bytes = 0;
				}
				continue;
			}
			await finishTable();
			const marker = parseLine(file, line);
			if (marker.end === true) {
				if (marker.tables !== tables)
					throw new BackupError(`${file} is damaged: tables are missing.`);
				ended = true;
				continue;
			}
			if (typeof marker.table !== 'string' || typeof marker.rows !== 'number') {
				throw new BackupError(`${file} is damaged: a table's heading is unreadable.`);
			}
			const target = known.get(marker.table);
			if (!target) {
				throw new BackupError(`the backup holds a table this database lacks: ${marker.table}.`);
			}
			table = target;
			expected = marker.rows;
			bytes = 0;
		}
		if (!ended) throw new BackupError(`${file} is incomplete: its end is missing.`);
	});
	return { tables, rows };
}

/** Inserts rows (`to_jsonb` texts) into `table`, letting PostgreSQL read each field by its type. */
async function insert(tx: Database, table: TableInfo, lines: string[]) {
	const ordered = table.selfReferences.length > 0 ? parentsFirst(table, lines) : lines;
	const columns = sql.join(
		table.columns.map((c) => sql.identifier(c)),
		sql`, `
	);
	await tx.execute(
		sql`insert into ${sql.identifier(table.name)} (${columns}) overriding system value
			select ${columns} from jsonb_populate_recordset(null::${sql.identifier(table.name)},
				${`[${ordered.join(',')}]`}::jsonb)`
	);
}

/**
 * Rows of a self-referencing table in an order where every row comes after the row it points to
 * (a proposal after the one it was merged into). Foreign keys are checked row by row as an INSERT
 * goes, in the order the rows come. Only the key columns are parsed; the rows stay text.
 */
function parentsFirst(table: TableInfo, lines: string[]): string[] {
	const parsed = lines.map((line) => ({ line, row: JSON.parse(line) as Row }));
	const key = (row: Row, columns: string[]) => JSON.stringify(columns.map((c) => row[c] ?? null));
	const out: string[] = [];
	const placed = new Set<string>();
	let left = parsed;
	while (left.length > 0) {
		const next = left.filter(({ row }) =>
			table.selfReferences.every(({ from, to }) => {
				if (from.some((c) => row[c] === null || row[c] === undefined)) return true;
				const target = key(row, from);
				// A row pointing at itself, or at a row placed already.
				return placed.has(`${to.join()}|${target}`) || key(row, to) === target;
			})
		);
		if (next.length === 0) {
			throw new BackupError(`the rows of ${table.name} reference each other in a cycle.`);
		}
		for (const { line, row } of next) {
			out.push(line);
			for (const { to } of table.selfReferences) placed.add(`${to.join()}|${key(row, to)}`);
		}
		const done = new Set(next);
		left = left.filter((p) => !done.has(p));
	}
	return out;
}
