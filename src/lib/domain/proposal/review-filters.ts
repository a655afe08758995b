import { isUuid } from '../ids';
import { STAGES } from './stages';
import type { Stage } from './stages';

/**
 * The managers' review filters, read from a URL's query so that a view can be shared as a link
 * (and the list, the CSV and the screens read the same thing). Within one field the values are
 * alternatives (stage=proposed&stage=shortlisted); across fields they all apply.
 */

export const SORTS = ['score', 'votes', 'age', 'change'] as const;
/** score and votes: highest first; age: oldest first (waiting longest); change: latest first. */
export type Sort = (typeof SORTS)[number];

export interface ReviewFilters {
	stages: Stage[];
	/** Branch ids or slugs, as given (the server resolves them). */
	branches: string[];
	municipi: number[];
	/** Service slugs. */
	services: string[];
	processes: string[];
	workshops: string[];
	tags: string[];
	/** Created on or after this day (YYYY-MM-DD, the library's time zone). */
	from: string | null;
	/** Created on or before this day. */
	to: string | null;
	/** Words looked for in the title and the problem. */
	q: string;
	sort: Sort;
}

export type FilterField = Exclude<keyof ReviewFilters, 'sort'> | 'sort';

export type FilterProblem =
	| 'unknown-stage'
	| 'not-an-id'
	| 'not-a-municipio'
	| 'not-a-date'
	| 'dates-reversed'
	| 'too-long'
	| 'too-many'
	| 'unknown-sort';

export type FiltersResult =
	| { ok: true; filters: ReviewFilters }
	| { ok: false; field: FilterField; problem: FilterProblem; value: string };

export const EMPTY_FILTERS: ReviewFilters = {
	stages: [],
	branches: [],
	municipi: [],
	services: [],
	processes: [],
	workshops: [],
	tags: [],
	from: null,
	to: null,
	q: '',
	sort: 'score'
};

/** More alternatives than any screen offers is a script, not a manager. */
const MAX_VALUES = 60;
const MAX_TEXT = 200;
const MAX_TAG = 60;
const SLUG = /^[a-z0-9][a-z0-9-]{0,79}$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Milan has nine municipi; a filter for a tenth is a mistake worth saying. */
const MUNICIPI = 9;

function isDay(value: string): boolean {
	const match = DAY.exec(value);
	if (!match) return false;
	const [y, mo, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const date = new Date(Date.UTC(y, mo - 1, d));
	return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Each value once, empty ones dropped, in the order given. */
function values(params: URLSearchParams, key: string): string[] {
	const seen = new Set<string>();
	for (const raw of params.getAll(key)) {
		// A comma-separated list is accepted too: `stage=proposed,shortlisted`.
		for (const part of raw.split(',')) {
			const value = part.trim();
			if (value) seen.add(value);
		}
	}
	return [...seen];
}

export function parseFilters(params: URLSearchParams): FiltersResult {
	const filters: ReviewFilters = { ...EMPTY_FILTERS };
	const fail = (field: FilterField, problem: FilterProblem, value: string): FiltersResult => ({
		ok: false,
		field,
		problem,
		value: value.slice(0, 80)
	});

	const lists = {
		stage: values(params, 'stage'),
		branch: values(params, 'branch'),
		municipio: values(params, 'municipio'),
		service: values(params, 'service'),
		process: values(params, 'process'),
		workshop: values(params, 'workshop'),
		tag: params
			.getAll('tag')
			.map((t) => t.trim())
			.filter(Boolean)
	};
	const fieldOf = {
		stage: 'stages',
		branch: 'branches',
		municipio: 'municipi',
		service: 'services',
		process: 'processes',
		workshop: 'workshops',
		tag: 'tags'
	} as const;
	for (const [key, list] of Object.entries(lists) as [keyof typeof lists, string[]][])
		if (list.length > MAX_VALUES) return fail(fieldOf[key], 'too-many', String(list.length));

	for (const stage of lists.stage) {
		if (!(STAGES as readonly string[]).includes(stage))
			return fail('stages', 'unknown-stage', stage);
	}
	filters.stages = lists.stage as Stage[];
	for (const branch of lists.branch) {
		if (!isUuid(branch) && !SLUG.test(branch)) return fail('branches', 'not-an-id', branch);
	}
	filters.branches = lists.branch;
	for (const m of lists.municipio) {
		const n = /^\d{1,2}$/.test(m) ? Number(m) : NaN;
		if (!(n >= 1 && n <= MUNICIPI)) return fail('municipi', 'not-a-municipio', m);
	}
	filters.municipi = lists.municipio.map(Number);
	for (const service of lists.service) {
		if (!SLUG.test(service)) return fail('services', 'not-an-id', service);
	}
	filters.services = lists.service;
	for (const id of lists.process) if (!isUuid(id)) return fail('processes', 'not-an-id', id);
	filters.processes = lists.process.map((id) => id.toLowerCase());
	for (const id of lists.workshop) if (!isUuid(id)) return fail('workshops', 'not-an-id', id);
	filters.workshops = lists.workshop.map((id) => id.toLowerCase());
	for (const tag of lists.tag) if (tag.length > MAX_TAG) return fail('tags', 'too-long', tag);
	filters.tags = [...new Set(lists.tag)];

	const from = params.get('from')?.trim() || null;
	const to = params.get('to')?.trim() || null;
	if (from !== null && !isDay(from)) return fail('from', 'not-a-date', from);
	if (to !== null && !isDay(to)) return fail('to', 'not-a-date', to);
	if (from !== null && to !== null && from > to) return fail('to', 'dates-reversed', to);
	filters.from = from;
	filters.to = to;

	const q = (params.get('q') ?? '').trim().replace(/\s+/g, ' ');
	if (q.length > MAX_TEXT) return fail('q', 'too-long', q);
	filters.q = q;

	const sort = params.get('sort')?.trim() || 'score';
	if (!(SORTS as readonly string[]).includes(sort)) return fail('sort', 'unknown-sort', sort);
	filters.sort = sort as Sort;
	return { ok: true, filters };
}

/** The query string of a view: only what differs from the defaults, in a stable order. */
export function toSearchParams(filters: ReviewFilters): URLSearchParams {
	const params = new URLSearchParams();
	for (const s of filters.stages) params.append('stage', s);
	for (const b of filters.branches) params.append('branch', b);
	for (const m of filters.municipi) params.append('municipio', String(m));
	for (const s of filters.services) params.append('service', s);
	for (const p of filters.processes) params.append('process', p);
	for (const w of filters.workshops) params.append('workshop', w);
	for (const t of filters.tags) params.append('tag', t);
	if (filters.from) params.set('from', filters.from);
	if (filters.to) params.set('to', filters.to);
	if (filters.q) params.set('q', filters.q);
	if (filters.sort !== 'score') params.set('sort', filters.sort);
	return params;
}

/** Whether any filter narrows the list (sorting does not). */
export function isFiltered(filters: ReviewFilters): boolean {
	return toSearchParams({ ...filters, sort: 'score' }).size > 0;
}

/** `%` and `_` are wildcards in LIKE: a manager searching "50%" means the characters. */
export function likePattern(q: string): string {
	return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** How many filters narrow the view (the sort is not one): a folded filter box opens when any does. */
export function countActive(filters: ReviewFilters): number {
	const lists = [
		filters.stages,
		filters.municipi,
		filters.branches,
		filters.services,
		filters.processes,
		filters.workshops,
		filters.tags
	];
	return (
		lists.filter((list) => list.length > 0).length +
		[filters.q, filters.from, filters.to].filter(Boolean).length
	);
}
