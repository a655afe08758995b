import { asc, eq, inArray } from 'drizzle-orm';
import type { Actor } from '../../domain/access';
import { readSections } from '../../domain/board/sections';
import { docName } from '../../domain/collab/doc-name';
import type { Stage } from '../../domain/proposal/stages';
import type { Activity } from '../../domain/workshop/agenda';
import { reportBoard } from '../../domain/workshop/report';
import type { BoardReport } from '../../domain/workshop/report';
import { collabServer } from '../collab/server';
import { boards, proposals } from '../db/schema/index';
import * as candidates from '../proposals/candidates';
import type { BoardCandidates } from '../proposals/candidates';
import { readContent } from '../proposals/promote';
import type { Runtime } from '../runtime';
import { load as loadControl } from './control-state';
import * as workshops from './workshops';

/**
 * Everything the printable workshop report shows (`/staff/workshops/<id>/report`): the agenda,
 * each board's notes by section and its clusters, the vote results, the proposals born. Staff who
 * may see the workshop only, as on its page; null otherwise.
 */

export interface ReportBoard {
	id: string;
	/** The activity that made it (clustering and voting reuse an earlier board). */
	title: string;
	kind: string;
	prompt: string;
	report: BoardReport;
}

export interface WorkshopReport {
	workshop: NonNullable<Awaited<ReturnType<typeof workshops.getForStaff>>>;
	agenda: Activity[];
	boards: ReportBoard[];
	results: BoardCandidates[];
	proposals: { id: string; title: string; stage: Stage }[];
}

export async function build(
	runtime: Runtime,
	actor: Actor,
	workshopId: string
): Promise<WorkshopReport | null> {
	const db = runtime.database.db;
	const workshop = await workshops.getForStaff(db, actor, workshopId);
	if (!workshop) return null;
	const state = await loadControl(db, workshop.id);
	const agenda = state?.agenda ?? [];
	// One entry per board, named after the activity that made it, in the agenda's order.
	const named = new Map<string, { boardId: string; title: string }>();
	for (const a of agenda)
		if (!named.has(a.boardId) || (a.kind !== 'clustering' && a.kind !== 'dot-voting'))
			named.set(a.boardId, { boardId: a.boardId, title: a.title });
	const ids = [...named.keys()];
	const rows = ids.length
		? await db
				.select({ id: boards.id, kind: boards.kind, prompt: boards.prompt })
				.from(boards)
				.where(inArray(boards.id, ids))
		: [];
	const server = collabServer(runtime);
	const boardReports: ReportBoard[] = [];
	for (const [id, { title }] of named) {
		const row = rows.find((r) => r.id === id);
		if (!row) continue;
		const report = await server.read(docName('board', id), (doc) =>
			reportBoard(readContent(doc), readSections(doc.getMap('meta').get('sections')))
		);
		boardReports.push({ id, title, kind: row.kind, prompt: row.prompt, report });
	}
	const [results, born] = await Promise.all([
		candidates.ofWorkshop(runtime, workshop.id, [...named.values()]),
		db
			.select({ id: proposals.id, title: proposals.title, stage: proposals.stage })
			.from(proposals)
			.where(eq(proposals.workshopId, workshop.id))
			.orderBy(asc(proposals.createdAt), asc(proposals.id))
	]);
	return { workshop, agenda, boards: boardReports, results, proposals: born };
}
