import { inArray } from 'drizzle-orm';
import type { Database } from '../db/client';
import { branches, services } from '../db/schema/index';

/**
 * Branch ids and service slugs a proposal names, resolved against the reference data. A retired
 * branch or service stays on the proposals that already name it (history), but nobody can add it.
 */
export type PlaceProblem = 'unknown' | 'retired';

export async function resolveBranches(
	db: Database,
	ids: readonly string[],
	kept: readonly string[] = []
): Promise<{ ok: true; ids: string[] } | { ok: false; problem: PlaceProblem }> {
	if (ids.length === 0) return { ok: true, ids: [] };
	const rows = await db
		.select({ id: branches.id, retiredAt: branches.retiredAt })
		.from(branches)
		.where(inArray(branches.id, [...ids]));
	if (rows.length !== ids.length) return { ok: false, problem: 'unknown' };
	if (rows.some((r) => r.retiredAt && !kept.includes(r.id)))
		return { ok: false, problem: 'retired' };
	return { ok: true, ids: [...ids] };
}

export async function resolveServices(
	db: Database,
	slugs: readonly string[],
	kept: readonly string[] = []
): Promise<{ ok: true; ids: string[] } | { ok: false; problem: PlaceProblem }> {
	if (slugs.length === 0) return { ok: true, ids: [] };
	const rows = await db
		.select({ id: services.id, slug: services.slug, retiredAt: services.retiredAt })
		.from(services)
		.where(inArray(services.slug, [...slugs]));
	if (rows.length !== slugs.length) return { ok: false, problem: 'unknown' };
	if (rows.some((r) => r.retiredAt && !kept.includes(r.id)))
		return { ok: false, problem: 'retired' };
	return { ok: true, ids: slugs.map((slug) => rows.find((r) => r.slug === slug)!.id) };
}
