/**
 * Branches and services as admins enter them. Slugs follow `slug.ts`; the municipio must be one of
 * the municipi in the database, which the service checks.
 */
import { checkSlug } from './slug';
import type { Checked } from './planning';
import { checkLine } from './text';

// The same values as the `branches.kind` column (the domain never imports the schema; the reference
// service checks at compile time that the two lists agree).
export const BRANCH_KINDS = ['central', 'neighbourhood', 'mobile', 'other'] as const;
export type BranchKind = (typeof BRANCH_KINDS)[number];
export const NAME_MAX = 120;

export interface BranchInput {
	slug: string;
	name: string;
	kind: BranchKind;
	/** Null for a branch serving several municipi (the Bibliobus). */
	municipio: number | null;
}

export type BranchField = 'slug' | 'name' | 'kind' | 'municipio';

function municipioOf(input: unknown): number | null | undefined {
	if (input === undefined || input === null || input === '') return null;
	const n = Number(input);
	return Number.isInteger(n) && n >= 1 && n <= 99 ? n : undefined;
}

/** A branch form; with `withSlug: false` (editing) the slug is not read, as it never changes. */
export function checkBranchInput(
	raw: { slug?: unknown; name: unknown; kind: unknown; municipio: unknown },
	{ withSlug }: { withSlug: boolean }
): Checked<BranchInput, BranchField> {
	const errors: Partial<Record<BranchField, string>> = {};
	const slug = withSlug ? checkSlug(raw.slug) : { ok: true as const, slug: '' };
	if (!slug.ok) errors.slug = slug.problem;
	const name = checkLine(raw.name, { max: NAME_MAX, required: true });
	if (!name.ok) errors.name = name.problem;
	const kind = (BRANCH_KINDS as readonly unknown[]).includes(raw.kind)
		? (raw.kind as BranchKind)
		: null;
	if (!kind) errors.kind = 'invalid';
	const municipio = municipioOf(raw.municipio);
	if (municipio === undefined) errors.municipio = 'invalid';
	if (!slug.ok || !name.ok || !kind || municipio === undefined) return { ok: false, errors };
	return { ok: true, value: { slug: slug.slug, name: name.value, kind, municipio } };
}

export interface ServiceInput {
	slug: string;
	nameIt: string;
	nameEn: string;
}

export type ServiceField = 'slug' | 'nameIt' | 'nameEn';

export function checkServiceInput(
	raw: { slug?: unknown; nameIt: unknown; nameEn: unknown },
	{ withSlug }: { withSlug: boolean }
): Checked<ServiceInput, ServiceField> {
	const errors: Partial<Record<ServiceField, string>> = {};
	const slug = withSlug ? checkSlug(raw.slug) : { ok: true as const, slug: '' };
	if (!slug.ok) errors.slug = slug.problem;
	const nameIt = checkLine(raw.nameIt, { max: NAME_MAX, required: true });
	if (!nameIt.ok) errors.nameIt = nameIt.problem;
	const nameEn = checkLine(raw.nameEn, { max: NAME_MAX, required: true });
	if (!nameEn.ok) errors.nameEn = nameEn.problem;
	if (!slug.ok || !nameIt.ok || !nameEn.ok) return { ok: false, errors };
	return { ok: true, value: { slug: slug.slug, nameIt: nameIt.value, nameEn: nameEn.value } };
}

/**
 * Branches grouped by municipio in municipio order, those serving several municipi (no municipio)
 * last; names in alphabetical order within a group.
 */
export function groupByMunicipio<T extends { municipio: number | null; name: string }>(
	items: readonly T[]
): { municipio: number | null; items: T[] }[] {
	const groups = new Map<number | null, T[]>();
	for (const item of items) {
		const group = groups.get(item.municipio) ?? [];
		group.push(item);
		groups.set(item.municipio, group);
	}
	return [...groups.entries()]
		.sort(([a], [b]) => (a ?? Infinity) - (b ?? Infinity))
		.map(([municipio, list]) => ({
			municipio,
			items: list.sort((a, b) => a.name.localeCompare(b.name, 'it'))
		}));
}
