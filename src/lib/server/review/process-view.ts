import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { can } from '../../domain/access';
import type { Actor } from '../../domain/access';
import { docName } from '../../domain/collab/doc-name';
import type { Stage } from '../../domain/proposal/stages';
import type { WorkshopStatus } from '../../domain/workshop-status';
import { combineThemes, topIdeas } from '../../domain/review/process-view';
import type { Idea, Origin, Theme, ThemeEntry } from '../../domain/review/process-view';
import { collabServer } from '../collab/server';
import {
	boards,
	paperVotes,
	participants,
	processes,
	proposals,
	votes,
	workshops as workshopTable
} from '../db/schema/index';
import * as candidates from '../proposals/candidates';
import { readContent } from '../proposals/promote';
import type { Runtime } from '../runtime';
import { load as loadControl } from '../workshops/control-state';
import * as workshopService from '../workshops/workshops';

/** How many of the most voted ideas the view lists. */
const TOP_IDEAS = 15;

export interface ProcessWorkshop extends Origin {
	status: WorkshopStatus;
	format: string;
	startsAt: string | null;
	people: number;
	notes: number;
	votes: number;
	proposals: number;
}

export interface ProcessView {
	process: { id: string; title: string; challenge: string; status: string };
	workshops: ProcessWorkshop[];
	/** People across the process, each counted once however many places they went to. */
	people: number;
	themes: Theme[];
	ideas: Idea[];
	proposals: { id: string; title: string; stage: Stage; origin: Origin | null }[];
}

/**
 * One process's workshops and listening points side by side (`/staff/processes/<id>`): what each
 * place heard, the themes several places share, the most voted ideas, the proposals, each with
 * its origin. Only the workshops the viewer may see are read (a facilitator sees their own).
 */
export async function build(
	runtime: Runtime,
	actor: Actor,
	processId: string
): Promise<ProcessView | null> {
	const db = runtime.database.db;
	const [process] = await db
		.select({
			id: processes.id,
			title: processes.title,
			challenge: processes.challenge,
			status: processes.status
		})
		.from(processes)
		.where(eq(processes.id, processId));
	if (!process) return null;
	const rows = await db
		.select({ id: workshopTable.id, format: workshopTable.format })
		.from(workshopTable)
		.where(eq(workshopTable.processId, process.id))
		.orderBy(
			asc(
				sql`coalesce(${workshopTable.startsAt}, ${workshopTable.opensAt}, ${workshopTable.createdAt})`
			)
		);
	const visible = (
		await Promise.all(rows.map((row) => workshopService.getForStaff(db, actor, row.id)))
	).flatMap((w) => (w ? [w] : []));
	const ids = visible.map((w) => w.id);

	const [people, born, phoneDots, paperDots] = await Promise.all([
		ids.length
			? db
					.select({ n: sql<number>`count(distinct ${participants.residentId})::int` })
					.from(participants)
					.where(and(inArray(participants.workshopId, ids), isNotNull(participants.residentId)))
			: Promise.resolve([{ n: 0 }]),
		db
			.select({
				id: proposals.id,
				title: proposals.title,
				stage: proposals.stage,
				workshopId: proposals.workshopId,
				ownerId: proposals.ownerId
			})
			.from(proposals)
			.where(eq(proposals.processId, process.id))
			.orderBy(asc(proposals.createdAt), asc(proposals.id)),
		ids.length
			? db
					.select({ workshopId: boards.workshopId, n: sql<number>`sum(${votes.count})::int` })
					.from(votes)
					.innerJoin(boards, eq(boards.id, votes.boardId))
					.where(inArray(boards.workshopId, ids))
					.groupBy(boards.workshopId)
			: Promise.resolve([]),
		ids.length
			? db
					.select({ workshopId: boards.workshopId, n: sql<number>`sum(${paperVotes.count})::int` })
					.from(paperVotes)
					.innerJoin(boards, eq(boards.id, paperVotes.boardId))
					.where(inArray(boards.workshopId, ids))
					.groupBy(boards.workshopId)
			: Promise.resolve([])
	]);
	const dotsOf = (workshopId: string) =>
		[...phoneDots, ...paperDots]
			.filter((row) => row.workshopId === workshopId)
			.reduce((sum, row) => sum + Number(row.n), 0);

	const server = collabServer(runtime);
	const themes: ThemeEntry[] = [];
	const ideas: Idea[] = [];
	const summaries: ProcessWorkshop[] = [];
	for (const workshop of visible) {
		const origin: Origin = {
			workshopId: workshop.id,
			workshopTitle: workshop.title,
			place: workshop.branchName ?? workshop.placeText ?? ''
		};
		const state = await loadControl(db, workshop.id);
		const named = new Map<string, { boardId: string; title: string }>();
		for (const a of state?.agenda ?? [])
			if (!named.has(a.boardId)) named.set(a.boardId, { boardId: a.boardId, title: a.title });
		const boards = await candidates.ofWorkshop(runtime, workshop.id, [...named.values()]);
		const votesOf = new Map(boards.flatMap((b) => b.candidates.map((c) => [c.itemId, c.votes])));
		let notes = 0;
		for (const boardId of named.keys()) {
			const content = await server.read(docName('board', boardId), readContent);
			const shown = Object.keys(content.notes).filter((id) => !content.moderation[id]?.hidden);
			notes += shown.length;
			// Every named cluster is a theme, voted on or not; its dots come from the ranking.
			for (const [clusterId, cluster] of Object.entries(content.clusters))
				themes.push({
					label: cluster.label,
					notes: shown.filter((id) => content.layout[id]?.clusterId === clusterId).length,
					votes: votesOf.get(clusterId) ?? 0,
					origin
				});
		}
		for (const board of boards)
			for (const item of board.candidates)
				if (item.kind === 'note')
					ideas.push({ label: item.label, votes: item.votes, origin, proposals: item.proposals });
		summaries.push({
			...origin,
			status: workshop.status,
			format: rows.find((r) => r.id === workshop.id)?.format ?? 'session',
			startsAt: workshop.startsAt?.toISOString() ?? null,
			people: workshop.participants,
			notes,
			votes: dotsOf(workshop.id),
			proposals: born.filter((p) => p.workshopId === workshop.id).length
		});
	}
	const originOf = new Map(summaries.map((s) => [s.workshopId, s]));
	const seesAll = can(actor, 'proposal:edit', { facilitatorIds: [], ownerId: null });
	const mayOpen = (p: { workshopId: string | null; ownerId: string | null }) =>
		seesAll || p.ownerId === actor.id || (p.workshopId !== null && ids.includes(p.workshopId));
	return {
		process,
		workshops: summaries,
		people: Number(people[0]?.n ?? 0),
		themes: combineThemes(themes),
		ideas: topIdeas(ideas, TOP_IDEAS),
		// The proposals this person may open as staff, as `/staff/proposals` lists them: those of the
		// workshops they see, or that they carry (RELIABILITY.md case 36); managers and admins all.
		proposals: born.filter(mayOpen).map((p) => {
			const w = p.workshopId ? originOf.get(p.workshopId) : undefined;
			return {
				id: p.id,
				title: p.title,
				stage: p.stage,
				origin: w
					? { workshopId: w.workshopId, workshopTitle: w.workshopTitle, place: w.place }
					: null
			};
		})
	};
}
