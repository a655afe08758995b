import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { isUuid } from '../../domain/ids';
import { checkBranchInput } from '../../domain/reference';
import type { BranchField, BranchKind as DomainKind } from '../../domain/reference';
import type { Database } from '../db/client';
import { isForeignKeyViolation } from '../db/errors';
import { branches, municipi, processBranches, workshops } from '../db/schema/index';
import type { BranchKind } from '../db/schema/index';
import type { NotFound, Outcome } from '../outcome';

// The domain repeats the list of kinds (it never imports the schema): this line keeps them in step.
const _sameKinds: [BranchKind, DomainKind] extends [DomainKind, BranchKind] ? true : never = true;
void _sameKinds;

/** How many processes and workshops point at a branch: such a branch is retired, never deleted. */
const usage = sql<number>`(
	(select count(*) from ${processBranches} where ${processBranches.branchId} = ${branches.id})
	+ (select count(*) from ${workshops} where ${workshops.branchId} = ${branches.id})
)::int`;

const columns = {
	id: branches.id,
	slug: branches.slug,
	name: branches.name,
	kind: branches.kind,
	municipio: branches.municipioId,
	retired: sql<boolean>`${branches.retiredAt} is not null`
};

const order = [sql`${branches.municipioId} asc nulls last`, asc(sql`lower(${branches.name})`)];

/** Every branch, retired ones included, with how often it is used (for admins). */
export async function list(db: Database) {
	return db
		.select({ ...columns, usage })
		.from(branches)
		.orderBy(...order);
}

/** The public list (`GET /api/branches`): retired branches too, flagged, since history points at them. */
export async function listPublic(db: Database) {
	return db
		.select({
			id: branches.id,
			slug: branches.slug,
			name: branches.name,
			municipio: branches.municipioId,
			retired: columns.retired
		})
		.from(branches)
		.orderBy(...order);
}

/**
 * Branches that may be chosen in a form: the active ones, plus `keepIds` (already chosen before the
 * branch was retired: kept, so that saving a form does not silently drop them).
 */
export async function options(db: Database, keepIds: readonly string[] = []) {
	const active = isNull(branches.retiredAt);
	return db
		.select(columns)
		.from(branches)
		.where(keepIds.length > 0 ? or(active, inArray(branches.id, [...keepIds])) : active)
		.orderBy(...order);
}

/** True when every id names a branch that may be chosen (see `options`). */
export async function areSelectable(
	db: Database,
	ids: readonly string[],
	keepIds: readonly string[] = []
): Promise<boolean> {
	if (ids.length === 0) return true;
	if (!ids.every(isUuid)) return false;
	const active = isNull(branches.retiredAt);
	const rows = await db
		.select({ id: branches.id })
		.from(branches)
		.where(
			and(
				inArray(branches.id, [...ids]),
				keepIds.length > 0 ? or(active, inArray(branches.id, [...keepIds])) : active
			)
		);
	return rows.length === ids.length;
}

/** One branch, or null when there is none or `id` is not even a uuid (never sent to the database). */
export async function get(db: Database, id: string) {
	if (!isUuid(id)) return null;
	const [row] = await db
		.select({ ...columns, usage })
		.from(branches)
		.where(eq(branches.id, id))
		.limit(1);
	return row ?? null;
}

/** The municipi a branch may belong to. */
export async function listMunicipi(db: Database): Promise<number[]> {
	const rows = await db.select({ id: municipi.id }).from(municipi).orderBy(asc(municipi.id));
	return rows.map((r) => r.id);
}

async function municipioExists(db: Database, municipio: number | null) {
	if (municipio === null) return true;
	const [row] = await db
		.select({ id: municipi.id })
		.from(municipi)
		.where(eq(municipi.id, municipio));
	return Boolean(row);
}

export async function create(
	db: Database,
	raw: { slug: unknown; name: unknown; kind: unknown; municipio: unknown }
): Promise<Outcome<BranchField, { id: string }>> {
	const checked = checkBranchInput(raw, { withSlug: true });
	if (!checked.ok) return checked;
	const { slug, name, kind, municipio } = checked.value;
	if (!(await municipioExists(db, municipio)))
		return { ok: false, errors: { municipio: 'invalid' } };
	const [row] = await db
		.insert(branches)
		.values({ slug, name, kind, municipioId: municipio })
		.onConflictDoNothing({ target: branches.slug })
		.returning({ id: branches.id });
	if (!row) return { ok: false, errors: { slug: 'taken' } };
	return { ok: true, id: row.id };
}

/** Renames a branch, or corrects its kind or municipio. The slug never changes. */
export async function update(
	db: Database,
	id: string,
	raw: { name: unknown; kind: unknown; municipio: unknown }
): Promise<Outcome<BranchField> | NotFound> {
	if (!isUuid(id)) return { ok: false, notFound: true };
	const checked = checkBranchInput(raw, { withSlug: false });
	if (!checked.ok) return checked;
	const { name, kind, municipio } = checked.value;
	if (!(await municipioExists(db, municipio)))
		return { ok: false, errors: { municipio: 'invalid' } };
	const updated = await db
		.update(branches)
		.set({ name, kind, municipioId: municipio })
		.where(eq(branches.id, id))
		.returning({ id: branches.id });
	return updated.length > 0 ? { ok: true } : { ok: false, notFound: true };
}

/**
 * Retires a branch (kept for history, no longer offered for new work) or restores it. False when
 * there is no such branch.
 */
export async function setRetired(db: Database, id: string, retired: boolean): Promise<boolean> {
	if (!isUuid(id)) return false;
	const updated = await db
		.update(branches)
		.set({ retiredAt: retired ? sql`coalesce(${branches.retiredAt}, now())` : null })
		.where(eq(branches.id, id))
		.returning({ id: branches.id });
	return updated.length > 0;
}

/**
 * Deletes a branch nothing refers to (a mistake just made). A branch that a process or a workshop
 * names is never deleted: the foreign keys refuse it and the admin is asked to retire it instead.
 */
export async function remove(
	db: Database,
	id: string
): Promise<{ ok: true } | { ok: false; problem: 'in-use' | 'not-found' }> {
	if (!isUuid(id)) return { ok: false, problem: 'not-found' };
	try {
		const deleted = await db
			.delete(branches)
			.where(eq(branches.id, id))
			.returning({ id: branches.id });
		return deleted.length > 0 ? { ok: true } : { ok: false, problem: 'not-found' };
	} catch (error) {
		if (isForeignKeyViolation(error)) return { ok: false, problem: 'in-use' };
		throw error;
	}
}
