import { and, asc, eq, gte, inArray, isNull, lt, notInArray, or, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { isUuid } from '../../domain/ids';
import { compareRanked, score, scoreValue } from '../../domain/proposal/priority';
import type { Score, ScoreContext, ScoreInputs, Weights } from '../../domain/proposal/priority';
import { EMPTY_FILTERS, likePattern } from '../../domain/proposal/review-filters';
import type { FilterField, ReviewFilters } from '../../domain/proposal/review-filters';
import type { Stage } from '../../domain/proposal/stages';
import { wallTimeToInstant } from '../../domain/time-zone';
import type { Database } from '../db/client';
import {
	branches,
	processes,
	proposalBranches,
	proposalRatings,
	proposalServices,
	proposals,
	services,
	workshops
} from '../db/schema/index';
import * as weightsStore from './weights';
import type { WeightsInForce } from './weights';

/**
 * The managers' ranked list (DESIGN.md §4 `GET /api/proposals`), its CSV and its screens: one
 * query reads each filtered proposal's score inputs, the pure `score` ranks them. Scoring in
 * TypeScript rather than SQL keeps one formula for the list, the sentence beside each score and
 * the tests; the inputs of 10,000 proposals are a few hundred kilobytes.
 *
 * Query shape (see README "Speed"): supports are read from the two counts kept on each proposal
 * by the writes that change them (proposals/support-counts.ts), ratings are aggregated once per
 * proposal in a derived table joined by primary key; filters on branches, services and municipi are EXISTS
 * over the (proposal, x) primary keys and the x-side indexes; no row of `votes` is read at all,
 * because a proposal's dots are frozen in its provenance when it is promoted.
 */

/** Stages that no longer compete: they are ranked if asked for, but set no maxima. */
const OUT_OF_PLAY: Stage[] = ['archived', 'merged'];

/**
 * A proposal of the view as ranked: what orders it and nothing more. Titles, tags and names are
 * read by `describe` for the rows actually shown or exported: carrying them for all 10,000 rows
 * doubled the text the database had to build and the server to parse.
 */
export interface ScoredRow {
	id: string;
	stage: Stage;
	createdAt: string;
	updatedAt: string;
	inputs: ScoreInputs;
	score: number;
	parts: Score['parts'];
}

export interface RankedProposal extends ScoredRow {
	title: string;
	stageChangedAt: string;
	workshopId: string | null;
	processId: string | null;
	tags: string[];
	/** 1-based position in this view's order. */
	position: number;
	branches: { id: string; slug: string; name: string; municipio: number | null }[];
	services: { slug: string; name: string }[];
	workshop: { id: string; title: string } | null;
	process: { id: string; title: string } | null;
}

export type RankingResult =
	| {
			ok: true;
			total: number;
			rows: ScoredRow[];
			weights: WeightsInForce;
			context: ScoreContext;
	  }
	| { ok: false; field: FilterField; problem: 'unknown'; value: string };

/** Branches per proposal, grouped once: a probe per row cost 10,000 index lookups. */
function branchCounts(db: Database) {
	return db
		.select({
			proposalId: proposalBranches.proposalId,
			n: sql<number>`count(*)::int`.as('n')
		})
		.from(proposalBranches)
		.groupBy(proposalBranches.proposalId)
		.as('branch_counts');
}

function ratingMeans(db: Database) {
	return db
		.select({
			proposalId: proposalRatings.proposalId,
			raters: sql<number>`count(*)::int`.as('raters'),
			impact: sql<number>`avg(${proposalRatings.impact})::float8`.as('impact'),
			feasibility: sql<number>`avg(${proposalRatings.feasibility})::float8`.as('feasibility'),
			cost: sql<number>`avg(${proposalRatings.cost})::float8`.as('cost')
		})
		.from(proposalRatings)
		.groupBy(proposalRatings.proposalId)
		.as('rating_means');
}

const votesOf = sql<number>`coalesce((${proposals.provenance}->>'votes')::int, 0)`;
const participantsOf = sql<number>`coalesce((${proposals.provenance}->>'participants')::int, 0)`;

/** Maxima over every proposal still in play, whatever the view shows. */
async function scoreContext(db: Database): Promise<ScoreContext> {
	const [maxima] = await db
		.select({
			maxSupports: sql<number>`coalesce(max(${proposals.supports}), 0)::int`,
			maxResidents: sql<number>`coalesce(max(${participantsOf} + ${proposals.supportsOutside}), 0)::int`
		})
		.from(proposals)
		.where(notInArray(proposals.stage, OUT_OF_PLAY));
	const [open] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(branches)
		.where(isNull(branches.retiredAt));
	return {
		maxSupports: maxima?.maxSupports ?? 0,
		maxResidents: maxima?.maxResidents ?? 0,
		totalBranches: open?.n ?? 0
	};
}

/** The first instant of a calendar day in the library's time zone. */
export function dayStart(day: string, timeZone: string, plusDays = 0): Date {
	const [year, month, date] = day.split('-').map(Number) as [number, number, number];
	const shifted = new Date(Date.UTC(year, month - 1, date + plusDays));
	return wallTimeToInstant(
		{
			year: shifted.getUTCFullYear(),
			month: shifted.getUTCMonth() + 1,
			day: shifted.getUTCDate(),
			hour: 0,
			minute: 0
		},
		timeZone
	);
}

/**
 * Branches and services are named by the people filtering, so a name that does not exist is a
 * mistake to report, not an empty list to puzzle over. Processes and workshops likewise.
 */
export async function resolve(
	db: Database,
	filters: ReviewFilters
): Promise<
	| { ok: true; branchIds: string[]; serviceIds: string[] }
	| { ok: false; field: FilterField; value: string }
> {
	let branchIds: string[] = [];
	if (filters.branches.length > 0) {
		const ids = filters.branches.filter(isUuid).map((v) => v.toLowerCase());
		const slugs = filters.branches.filter((v) => !isUuid(v));
		const rows = await db
			.select({ id: branches.id, slug: branches.slug })
			.from(branches)
			.where(
				or(
					ids.length ? inArray(branches.id, ids) : undefined,
					slugs.length ? inArray(branches.slug, slugs) : undefined
				)
			);
		const missing = filters.branches.find(
			(v) => !rows.some((r) => r.id === v.toLowerCase() || r.slug === v)
		);
		if (missing !== undefined) return { ok: false, field: 'branches', value: missing };
		branchIds = rows.map((r) => r.id);
	}
	let serviceIds: string[] = [];
	if (filters.services.length > 0) {
		const rows = await db
			.select({ id: services.id, slug: services.slug })
			.from(services)
			.where(inArray(services.slug, filters.services));
		const missing = filters.services.find((v) => !rows.some((r) => r.slug === v));
		if (missing !== undefined) return { ok: false, field: 'services', value: missing };
		serviceIds = rows.map((r) => r.id);
	}
	for (const [field, table, list] of [
		['processes', processes, filters.processes],
		['workshops', workshops, filters.workshops]
	] as const) {
		if (list.length === 0) continue;
		const rows = await db
			.select({ id: table.id })
			.from(table)
			.where(inArray(table.id, [...list]));
		const missing = list.find((v) => !rows.some((r) => r.id === v));
		if (missing !== undefined) return { ok: false, field, value: missing };
	}
	return { ok: true, branchIds, serviceIds };
}

export function conditions(
	filters: ReviewFilters,
	resolved: { branchIds: string[]; serviceIds: string[] },
	timeZone: string
): SQL | undefined {
	const all: (SQL | undefined)[] = [];
	if (filters.stages.length) all.push(inArray(proposals.stage, filters.stages));
	if (resolved.branchIds.length)
		all.push(
			sql`exists (select 1 from ${proposalBranches} where ${proposalBranches.proposalId} = ${proposals.id} and ${inArray(proposalBranches.branchId, resolved.branchIds)})`
		);
	if (filters.municipi.length)
		all.push(
			sql`exists (select 1 from ${proposalBranches} join ${branches} on ${branches.id} = ${proposalBranches.branchId} where ${proposalBranches.proposalId} = ${proposals.id} and ${inArray(branches.municipioId, filters.municipi)})`
		);
	if (resolved.serviceIds.length)
		all.push(
			sql`exists (select 1 from ${proposalServices} where ${proposalServices.proposalId} = ${proposals.id} and ${inArray(proposalServices.serviceId, resolved.serviceIds)})`
		);
	if (filters.processes.length) all.push(inArray(proposals.processId, filters.processes));
	if (filters.workshops.length) all.push(inArray(proposals.workshopId, filters.workshops));
	if (filters.tags.length) {
		// Tags are compared without regard to case: "Orari" and "orari" are the same label.
		const wanted = filters.tags.map((t) => t.toLocaleLowerCase('it'));
		all.push(
			sql`exists (select 1 from jsonb_array_elements_text(${proposals.tags}) as tag where lower(tag) in ${wanted})`
		);
	}
	if (filters.from) all.push(gte(proposals.createdAt, dayStart(filters.from, timeZone)));
	if (filters.to) all.push(lt(proposals.createdAt, dayStart(filters.to, timeZone, 1)));
	if (filters.q) {
		const pattern = likePattern(filters.q);
		all.push(sql`(${proposals.title} ilike ${pattern} or ${proposals.problem} ilike ${pattern})`);
	}
	return and(...all);
}

/**
 * A proposal of the view as the ranking holds it. What only a shown row needs — its parts, its
 * last change as text — is worked out when read: the list scores every proposal to order them
 * and names fifty, and building those for ten thousand rows was a third of its time.
 */
class Scored implements ScoredRow {
	readonly createdAt: string;
	constructor(
		readonly id: string,
		readonly stage: Stage,
		readonly createdMs: number,
		readonly updatedMs: number,
		readonly inputs: ScoreInputs,
		readonly score: number,
		private readonly weights: Weights,
		private readonly context: ScoreContext
	) {
		// Eager: the default order breaks ties on it.
		this.createdAt = new Date(createdMs).toISOString();
	}
	get updatedAt(): string {
		return new Date(this.updatedMs).toISOString();
	}
	get parts(): Score['parts'] {
		return score(this.inputs, this.weights, this.context).parts;
	}
}

function order(rows: Scored[], sort: ReviewFilters['sort']): Scored[] {
	// Sort small keys built once, not the rows: a comparison that spread two whole rows into new
	// objects made sorting 10,000 proposals cost most of a second in allocations alone.
	const keyed = rows.map((row) => ({
		row,
		key: { score: row.score, votes: row.inputs.votes, createdAt: row.createdAt, id: row.id }
	}));
	type Keyed = (typeof keyed)[number];
	const byRank = (a: Keyed, b: Keyed) => compareRanked(a.key, b.key);
	const compare: Record<ReviewFilters['sort'], (a: Keyed, b: Keyed) => number> = {
		score: byRank,
		votes: (a, b) => b.key.votes - a.key.votes || byRank(a, b),
		age: (a, b) =>
			a.key.createdAt < b.key.createdAt ? -1 : a.key.createdAt > b.key.createdAt ? 1 : byRank(a, b),
		change: (a, b) => b.row.updatedMs - a.row.updatedMs || byRank(a, b)
	};
	return keyed.sort(compare[sort]).map((k) => k.row);
}

/**
 * Every proposal the filters select, scored and in the view's order. Light rows only (no names):
 * `describe` adds those for the rows actually shown or exported, a page at a time.
 */
export async function rank(
	db: Database,
	filters: ReviewFilters,
	options: { timeZone: string; weights?: Weights; ids?: string[] }
): Promise<RankingResult> {
	const resolved = await resolve(db, filters);
	if (!resolved.ok)
		return { ok: false, field: resolved.field, problem: 'unknown', value: resolved.value };
	const r = ratingMeans(db);
	// Instants travel as milliseconds (truncated, as a JavaScript Date keeps them) and become ISO
	// text here: formatting 30,000 of them in SQL cost more than the join itself.
	const instant = (column: AnyPgColumn) => sql`floor(extract(epoch from ${column}) * 1000)::bigint`;
	const b = branchCounts(db);
	const filtered = db
		.select({
			id: proposals.id,
			stage: proposals.stage,
			createdAt: sql<number>`${instant(proposals.createdAt)}`.as('created'),
			updatedAt: sql<number>`${instant(proposals.updatedAt)}`.as('updated'),
			votes: sql<number>`${votesOf}`.as('votes'),
			participants: sql<number>`${participantsOf}`.as('participants'),
			supports: sql<number>`${proposals.supports}`.as('supports_n'),
			outside: sql<number>`${proposals.supportsOutside}`.as('outside_n'),
			raters: sql<number>`coalesce(${r.raters}, 0)::int`.as('raters_n'),
			impact: sql<number | null>`${r.impact}`.as('impact_mean'),
			feasibility: sql<number | null>`${r.feasibility}`.as('feasibility_mean'),
			cost: sql<number | null>`${r.cost}`.as('cost_mean'),
			branches: sql<number>`coalesce(${b.n}, 0)::int`.as('branch_count')
		})
		.from(proposals)
		.leftJoin(r, eq(r.proposalId, proposals.id))
		.leftJoin(b, eq(b.proposalId, proposals.id))
		.where(
			and(
				conditions(filters, resolved, options.timeZone),
				options.ids ? inArray(proposals.id, options.ids) : undefined
			)
		)
		.as('filtered');
	const f = filtered;
	// The rows come back as one JSON text parsed natively: mapping 10,000 rows of 18 fields one
	// value at a time through the ORM cost more than the query itself. Context and rows are read
	// at once: on PostgreSQL they run side by side on two connections.
	const [inForce, context, packed] = await Promise.all([
		weightsStore.current(db),
		scoreContext(db),
		db
			.select({
				data: sql<string>`coalesce(json_agg(json_build_array(${f.id}, ${f.stage}, ${f.createdAt}, ${f.updatedAt}, ${f.votes}, ${f.participants}, ${f.supports}, ${f.outside}, ${f.raters}, ${f.impact}, ${f.feasibility}, ${f.cost}, ${f.branches}))::text, '[]')`
			})
			.from(filtered)
	]);
	const weights = options.weights ?? inForce.weights;
	type Packed = [
		string,
		Stage,
		number,
		number,
		number,
		number,
		number,
		number,
		number,
		number | null,
		number | null,
		number | null,
		number
	];
	const rows = JSON.parse(packed[0]?.data ?? '[]') as Packed[];
	const scored = rows.map((row): Scored => {
		const [id, stage, createdAt, updatedAt] = row;
		const [votes, participants, supports, outside, raters, impact, feasibility, cost, branchCount] =
			row.slice(4) as (number | null)[];
		const inputs: ScoreInputs = {
			votes: Number(votes),
			participants: Number(participants),
			supports: Number(supports),
			raters: Number(raters),
			impact: impact === null ? null : Number(impact),
			feasibility: feasibility === null ? null : Number(feasibility),
			cost: cost === null ? null : Number(cost),
			branches: Number(branchCount),
			residents: Number(participants) + Number(outside)
		};
		return new Scored(
			id,
			stage,
			Number(createdAt),
			Number(updatedAt),
			inputs,
			scoreValue(inputs, weights, context),
			weights,
			context
		);
	});
	return {
		ok: true,
		total: scored.length,
		rows: order(scored, filters.sort),
		weights: options.weights ? { ...inForce, weights } : inForce,
		context
	};
}

/** Names for a slice of ranked rows: branches, services (in the locale), workshop, process. */
export async function describe(
	db: Database,
	rows: ScoredRow[],
	locale: 'it' | 'en',
	firstPosition: number
): Promise<RankedProposal[]> {
	if (rows.length === 0) return [];
	const ids = rows.map((r) => r.id);
	const [detailRows, branchRows, serviceRows] = await Promise.all([
		db
			.select({
				id: proposals.id,
				title: proposals.title,
				tags: proposals.tags,
				stageChangedAt: proposals.stageChangedAt,
				workshopId: proposals.workshopId,
				processId: proposals.processId,
				workshopTitle: workshops.title,
				processTitle: processes.title
			})
			.from(proposals)
			.leftJoin(workshops, eq(workshops.id, proposals.workshopId))
			.leftJoin(processes, eq(processes.id, proposals.processId))
			.where(inArray(proposals.id, ids)),
		db
			.select({
				proposalId: proposalBranches.proposalId,
				id: branches.id,
				slug: branches.slug,
				name: branches.name,
				municipio: branches.municipioId
			})
			.from(proposalBranches)
			.innerJoin(branches, eq(branches.id, proposalBranches.branchId))
			.where(inArray(proposalBranches.proposalId, ids))
			.orderBy(asc(branches.name)),
		db
			.select({
				proposalId: proposalServices.proposalId,
				slug: services.slug,
				nameIt: services.nameIt,
				nameEn: services.nameEn
			})
			.from(proposalServices)
			.innerJoin(services, eq(services.id, proposalServices.serviceId))
			.where(inArray(proposalServices.proposalId, ids))
			.orderBy(asc(services.slug))
	]);
	const details = new Map(detailRows.map((d) => [d.id, d]));
	// A proposal deleted between the ranking and this read is left out, not shown half-named.
	return rows.flatMap((row, i) => {
		const d = details.get(row.id);
		if (!d) return [];
		return [
			{
				id: row.id,
				title: d.title,
				stage: row.stage,
				createdAt: row.createdAt,
				updatedAt: row.updatedAt,
				stageChangedAt: d.stageChangedAt.toISOString(),
				workshopId: d.workshopId,
				processId: d.processId,
				tags: d.tags,
				inputs: row.inputs,
				score: row.score,
				parts: row.parts,
				position: firstPosition + i,
				branches: branchRows
					.filter((b) => b.proposalId === row.id)
					.map(({ id, slug, name, municipio }) => ({ id, slug, name, municipio })),
				services: serviceRows
					.filter((s) => s.proposalId === row.id)
					.map((s) => ({ slug: s.slug, name: locale === 'en' ? s.nameEn : s.nameIt })),
				workshop:
					d.workshopId && d.workshopTitle !== null
						? { id: d.workshopId, title: d.workshopTitle }
						: null,
				process:
					d.processId && d.processTitle !== null ? { id: d.processId, title: d.processTitle } : null
			}
		];
	});
}

/** One proposal's score and its parts, as the ranked list would show it (null if none). */
export async function scoreOf(db: Database, id: string, timeZone: string) {
	if (!isUuid(id)) return null;
	const ranked = await rank(db, EMPTY_FILTERS, { timeZone, ids: [id] });
	if (!ranked.ok || ranked.rows.length === 0) return null;
	return { row: ranked.rows[0]!, context: ranked.context, weights: ranked.weights };
}
