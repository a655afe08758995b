import { asc, eq, isNull, sql } from 'drizzle-orm';
import { isUuid } from '../../domain/ids';
import { checkServiceInput } from '../../domain/reference';
import type { ServiceField } from '../../domain/reference';
import type { Database } from '../db/client';
import { services } from '../db/schema/index';
import type { NotFound, Outcome } from '../outcome';

const columns = {
	id: services.id,
	slug: services.slug,
	nameIt: services.nameIt,
	nameEn: services.nameEn,
	retired: sql<boolean>`${services.retiredAt} is not null`
};

/** Every service, retired ones included (for admins). */
export async function list(db: Database) {
	return db
		.select(columns)
		.from(services)
		.orderBy(asc(sql`lower(${services.nameIt})`));
}

/**
 * The public list (`GET /api/services`): the services that can be chosen today, named in the
 * request's language and sorted by that name.
 */
export async function listPublic(db: Database, locale: 'it' | 'en') {
	const name = locale === 'en' ? services.nameEn : services.nameIt;
	const rows = await db
		.select({ slug: services.slug, name })
		.from(services)
		.where(isNull(services.retiredAt));
	return rows.sort((a, b) => a.name.localeCompare(b.name, locale));
}

/** One service, or null when there is none or `id` is not even a uuid (never sent to the database). */
export async function get(db: Database, id: string) {
	if (!isUuid(id)) return null;
	const [row] = await db.select(columns).from(services).where(eq(services.id, id)).limit(1);
	return row ?? null;
}

export async function create(
	db: Database,
	raw: { slug: unknown; nameIt: unknown; nameEn: unknown }
): Promise<Outcome<ServiceField, { id: string }>> {
	const checked = checkServiceInput(raw, { withSlug: true });
	if (!checked.ok) return checked;
	const [row] = await db
		.insert(services)
		.values(checked.value)
		.onConflictDoNothing({ target: services.slug })
		.returning({ id: services.id });
	if (!row) return { ok: false, errors: { slug: 'taken' } };
	return { ok: true, id: row.id };
}

/** Renames a service in either language. The slug never changes. */
export async function rename(
	db: Database,
	id: string,
	raw: { nameIt: unknown; nameEn: unknown }
): Promise<Outcome<ServiceField> | NotFound> {
	if (!isUuid(id)) return { ok: false, notFound: true };
	const checked = checkServiceInput(raw, { withSlug: false });
	if (!checked.ok) return checked;
	const { nameIt, nameEn } = checked.value;
	const updated = await db
		.update(services)
		.set({ nameIt, nameEn })
		.where(eq(services.id, id))
		.returning({ id: services.id });
	return updated.length > 0 ? { ok: true } : { ok: false, notFound: true };
}

/**
 * Retires a service (kept for the proposals that name it, not offered for new ones) or restores it.
 * False when there is no such service.
 */
export async function setRetired(db: Database, id: string, retired: boolean): Promise<boolean> {
	if (!isUuid(id)) return false;
	const updated = await db
		.update(services)
		.set({ retiredAt: retired ? sql`coalesce(${services.retiredAt}, now())` : null })
		.where(eq(services.id, id))
		.returning({ id: services.id });
	return updated.length > 0;
}
