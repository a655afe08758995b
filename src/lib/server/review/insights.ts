import { and, eq, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import { docName } from '../../domain/collab/doc-name';
import { STAGES } from '../../domain/proposal/stages';
import type { FilterField, ReviewFilters } from '../../domain/proposal/review-filters';
import { buildHeatmap } from '../../domain/review/heatmap';
import type { Heatmap } from '../../domain/review/heatmap';
import { buildParticipation } from '../../domain/review/participation';
import type { ParticipationReport } from '../../domain/review/participation';
import { collabServer } from '../collab/server';
import type { Database } from '../db/client';
import {
	boards,
	paperVotes,
	participants,
	proposalBranches,
	proposalServices,
	proposals,
	services,
	votes,
	workshops
} from '../db/schema/index';
import * as branchList from '../reference/branches';
import * as serviceList from '../reference/services';
import type { Runtime } from '../runtime';
import { conditions, dayStart, resolve } from './ranking';

/**
 * The managers' wider views: the branch × service heatmap over the same filters as the ranked
 * list, and participation per branch over a period. Both read plain rows here and leave the
 * counting to the pure builders in src/lib/domain/review, which the tests pin down.
 */

export type HeatmapResult =
	{ ok: true; heatmap: Heatmap } | { ok: false; field: FilterField; value: string };

export async function heatmap(
	db: Database,
	filters: ReviewFilters,
	options: { timeZone: string; locale: 'it' | 'en' }
): Promise<HeatmapResult> {
	const resolved = await resolve(db, filters);
	if (!resolved.ok) return { ok: false, field: resolved.field, value: resolved.value };
	const [pairs, branchRows, serviceRows] = await Promise.all([
		db
			.select({
				proposalId: proposals.id,
				stage: proposals.stage,
				branchId: proposalBranches.branchId,
				serviceSlug: services.slug
			})
			.from(proposals)
			.innerJoin(proposalBranches, eq(proposalBranches.proposalId, proposals.id))
			.innerJoin(proposalServices, eq(proposalServices.proposalId, proposals.id))
			.innerJoin(services, eq(services.id, proposalServices.serviceId))
			.where(conditions(filters, resolved, options.timeZone)),
		branchList.listPublic(db),
		serviceList.listPublic(db, options.locale)
	]);
	// The rows follow the view: only the branches and municipi asked for, when asked; retired
	// branches only where a proposal of the view still names them.
	const named = new Set(pairs.map((p) => p.branchId));
	const rows = branchRows.filter(
		(b) =>
			(!b.retired || named.has(b.id)) &&
			(resolved.branchIds.length === 0 || resolved.branchIds.includes(b.id)) &&
			(filters.municipi.length === 0 ||
				(b.municipio !== null && filters.municipi.includes(b.municipio)))
	);
	const columns =
		resolved.serviceIds.length === 0
			? serviceRows
			: serviceRows.filter((s) => filters.services.includes(s.slug));
	return {
		ok: true,
		heatmap: buildHeatmap(
			pairs,
			rows.map(({ id, name, municipio }) => ({ id, name, municipio })),
			columns,
			STAGES
		)
	};
}

/** A period of calendar days in the library's time zone, `to` included. */
export interface Period {
	from: string;
	to: string;
}

const heldAt = sql<Date>`coalesce(${workshops.startsAt}, ${workshops.opensAt}, ${workshops.createdAt})`;

/** Notes on a board as the live document holds them now (hidden ones too: they were written). */
async function notesOn(runtime: Runtime, boardId: string): Promise<number> {
	return collabServer(runtime).read(docName('board', boardId), (doc) => doc.getMap('notes').size);
}

export async function participation(
	runtime: Runtime,
	period: Period,
	timeZone: string,
	area: { municipi: readonly number[] } = { municipi: [] }
): Promise<ParticipationReport> {
	const db = runtime.database.db;
	const from = dayStart(period.from, timeZone);
	const to = dayStart(period.to, timeZone, 1);
	const inArea = (municipio: number | null) =>
		area.municipi.length === 0 || (municipio !== null && area.municipi.includes(municipio));
	const everyBranch = await branchList.listPublic(db);
	// Within municipi asked for, only the workshops held at their branches count.
	const held = (
		await db
			.select({ id: workshops.id, branchId: workshops.branchId, heldAt })
			.from(workshops)
			// Bound as text with a cast: postgres.js cannot bind a Date against an untyped expression.
			.where(
				and(
					ne(workshops.status, 'draft'),
					sql`${heldAt} >= ${from.toISOString()}::timestamptz`,
					sql`${heldAt} < ${to.toISOString()}::timestamptz`
				)
			)
	).filter(
		(w) =>
			area.municipi.length === 0 ||
			everyBranch.some((b) => b.id === w.branchId && inArea(b.municipio))
	);
	const ids = held.map((w) => w.id);
	const branchRows = everyBranch.filter(
		(b) => inArea(b.municipio) && (!b.retired || held.some((w) => w.branchId === b.id))
	);
	if (ids.length === 0)
		return buildParticipation({
			workshops: [],
			attendance: [],
			notes: new Map(),
			dots: new Map(),
			proposals: [],
			branches: branchRows
		});

	const [attendance, phoneDots, paperDots, boardRows, born] = await Promise.all([
		db
			.select({
				workshopId: participants.workshopId,
				residentId: sql<string>`${participants.residentId}`,
				// First ever: no earlier participation of the same resident anywhere. Columns are named
				// in full: Drizzle leaves them unqualified on a one-table select, and inside the
				// subquery an unqualified name would mean the subquery's own row.
				first: sql<boolean>`not exists (select 1 from participants earlier where earlier.resident_id = participants.resident_id and earlier.created_at < participants.created_at)`
			})
			.from(participants)
			.where(and(inArray(participants.workshopId, ids), isNotNull(participants.residentId))),
		db
			.select({ workshopId: boards.workshopId, n: sql<number>`sum(${votes.count})::int` })
			.from(votes)
			.innerJoin(boards, eq(boards.id, votes.boardId))
			.where(inArray(boards.workshopId, ids))
			.groupBy(boards.workshopId),
		db
			.select({ workshopId: boards.workshopId, n: sql<number>`sum(${paperVotes.count})::int` })
			.from(paperVotes)
			.innerJoin(boards, eq(boards.id, paperVotes.boardId))
			.where(inArray(boards.workshopId, ids))
			.groupBy(boards.workshopId),
		db
			.select({ id: boards.id, workshopId: boards.workshopId })
			.from(boards)
			.where(inArray(boards.workshopId, ids)),
		db
			.select({
				workshopId: sql<string>`${proposals.workshopId}`,
				stage: proposals.stage,
				decidedAt: sql<
					Date | string | null
				>`(select min(e.at) from proposal_events e where e.proposal_id = proposals.id and e.kind = 'stage' and e.to_stage in ('adopted', 'archived'))`
			})
			.from(proposals)
			.where(inArray(proposals.workshopId, ids))
	]);

	const dots = new Map<string, number>();
	for (const row of [...phoneDots, ...paperDots])
		dots.set(row.workshopId, (dots.get(row.workshopId) ?? 0) + Number(row.n));
	const notes = new Map<string, number>();
	// One board at a time: a year of boards need not all sit in memory at once.
	for (const board of boardRows)
		notes.set(
			board.workshopId,
			(notes.get(board.workshopId) ?? 0) + (await notesOn(runtime, board.id))
		);

	return buildParticipation({
		workshops: held.map((w) => ({ ...w, heldAt: new Date(w.heldAt) })),
		attendance: attendance.map((a) => ({ ...a, first: Boolean(a.first) })),
		notes,
		dots,
		proposals: born.map((p) => ({
			...p,
			decidedAt: p.decidedAt === null ? null : new Date(p.decidedAt)
		})),
		branches: branchRows.map(({ id, name, municipio }) => ({ id, name, municipio }))
	});
}
