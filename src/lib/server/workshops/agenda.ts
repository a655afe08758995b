import { randomUUID } from 'node:crypto';
import * as agendas from '../../domain/workshop/agenda';
import type { Activity, AgendaProblem } from '../../domain/workshop/agenda';
import { checkLine } from '../../domain/text';
import { createsBoard, isActivityKind } from '../../domain/workshop/kinds';
import * as templates from '../../domain/workshop/templates';
import type { BoardSpec, Locale } from '../../domain/workshop/templates';
import { collabServer } from '../collab/server';
import type { Database } from '../db/client';
import { activities, boards } from '../db/schema/index';
import type { Runtime } from '../runtime';
import * as control from './control';
import type { Viewer } from './control';
import { load } from './control-state';

/**
 * Building a workshop's agenda: a whole template in one click, or one activity at a time. Moving,
 * retitling and removing are facilitator actions (control.ts `act`). Each verb stores the agenda in
 * SQL in one transaction, under the workshop's row lock, and only then writes the live documents:
 * the new boards' sections and persona, and the `control:` document everyone follows.
 */

/** A board's question is one line, as long as a note at most. */
export const PROMPT_MAX = 280;

/** Why an agenda change was refused, with the HTTP status a route would answer. */
export type AgendaFailure = {
	ok: false;
	status: 400 | 403 | 404 | 409;
	code: AgendaCode;
};

/** Codes of a refused agenda change: the domain's, plus who may and what exists. */
export type AgendaCode =
	| 'forbidden'
	| 'not-found'
	| 'unknown-template'
	| 'unknown-kind'
	| 'invalid-prompt'
	| 'invalid-vote-on'
	| 'agenda-not-empty'
	| 'workshop-closed'
	| AgendaProblem;

/** The agenda after the change, or why nothing changed. */
export type AgendaChange = { ok: true; agenda: Activity[] } | AgendaFailure;

/** What a facilitator asks for when adding one activity. */
export interface NewActivity {
	/** One of the activity kinds (form input, checked here). */
	kind: unknown;
	/** Its title (form input, cleaned by the domain's checkTitle). */
	title: unknown;
	/** Clustering and dot voting: the id of the earlier activity whose board it works on. */
	boardOf?: unknown;
	/** Board-creating kinds: the question residents answer; empty when not given. */
	prompt?: unknown;
	/** Dot voting: what the dots go on, `notes` or `clusters`; empty or missing means notes. */
	voteOn?: unknown;
}

/**
 * Replaces an EMPTY agenda with a template's (in `locale`): its boards and activities in one
 * transaction. 409 `agenda-not-empty` otherwise, so that a second click never doubles an agenda.
 */
export async function applyTemplate(
	runtime: Runtime,
	viewer: Viewer,
	workshopId: string,
	templateId: unknown,
	locale: Locale
): Promise<AgendaChange> {
	const allowed = await control.mayRun(runtime.database.db, viewer, workshopId);
	if (allowed !== true)
		return { ok: false, status: allowed.status, code: allowed.code as AgendaCode };
	if (!templates.isTemplateId(templateId)) {
		return { ok: false, status: 400, code: 'unknown-template' };
	}
	const template = templates.get(templateId, locale);
	const made = agendas.instantiate(template.activities, randomUUID);

	const outcome = await runtime.database.db.transaction(async (tx) => {
		const before = await load(tx, workshopId, { lock: true });
		if (!before) return notFound();
		if (before.status === 'closed') return refuse('workshop-closed');
		if (before.agenda.length > 0) return refuse('agenda-not-empty');
		await insertBoards(tx, workshopId, made.boards);
		await insertActivities(tx, workshopId, made.activities, 0);
		return { ok: true as const, agenda: made.activities };
	});
	if (!outcome.ok) return outcome;
	await publish(runtime, workshopId, made.boards, 'apply template');
	return outcome;
}

/**
 * Adds one activity at the end of the agenda: a new board for an empathy map, idea wall or canvas;
 * the board of the earlier activity `boardOf` for clustering and dot voting (the domain's rules).
 */
export async function addActivity(
	runtime: Runtime,
	viewer: Viewer,
	workshopId: string,
	input: NewActivity
): Promise<AgendaChange> {
	const allowed = await control.mayRun(runtime.database.db, viewer, workshopId);
	if (allowed !== true)
		return { ok: false, status: allowed.status, code: allowed.code as AgendaCode };
	const kind = input.kind;
	if (!isActivityKind(kind)) return { ok: false, status: 400, code: 'unknown-kind' };
	const title = agendas.checkTitle(input.title);
	if (!title.ok) return { ok: false, status: 400, code: title.problem };
	const checkedPrompt = checkLine(input.prompt ?? '', { max: PROMPT_MAX, required: false });
	if (!checkedPrompt.ok) return { ok: false, status: 400, code: 'invalid-prompt' };
	const prompt = checkedPrompt.value;
	const voteOn = input.voteOn === undefined || input.voteOn === '' ? 'notes' : input.voteOn;
	if (voteOn !== 'notes' && voteOn !== 'clusters') {
		return { ok: false, status: 400, code: 'invalid-vote-on' };
	}

	const newBoard = createsBoard(kind)
		? { id: randomUUID(), spec: { kind, prompt, sections: [], persona: null } as BoardSpec }
		: null;
	const outcome = await runtime.database.db.transaction(async (tx) => {
		const before = await load(tx, workshopId, { lock: true });
		if (!before) return notFound();
		if (before.status === 'closed') return refuse('workshop-closed');
		// A referring activity names the activity it follows; an unknown one fails the domain check.
		const source = before.agenda.find((a) => a.id === input.boardOf);
		const boardId = newBoard?.id ?? source?.boardId ?? randomUUID();
		const activity: Activity = { id: randomUUID(), kind, title: title.title, boardId };
		// Other kinds carry no target: a form's leftover choice is not an error for them.
		if (kind === 'dot-voting') activity.voteOn = voteOn;
		const result = agendas.add(before.agenda, activity);
		if (!result.ok) {
			return {
				ok: false as const,
				status: agendas.problemStatus(result.problem),
				code: result.problem
			};
		}
		if (newBoard) await insertBoards(tx, workshopId, [newBoard]);
		await insertActivities(tx, workshopId, [result.agenda.at(-1)!], before.agenda.length);
		return { ok: true as const, agenda: result.agenda };
	});
	if (!outcome.ok) return outcome;
	await publish(runtime, workshopId, newBoard ? [newBoard] : [], 'add activity');
	return outcome;
}

function notFound() {
	return { ok: false as const, status: 404 as const, code: 'not-found' as const };
}

function refuse(code: 'agenda-not-empty' | 'workshop-closed') {
	return { ok: false as const, status: 409 as const, code };
}

async function insertBoards(db: Database, workshopId: string, specs: agendas.NewBoard[]) {
	if (specs.length === 0) return;
	await db
		.insert(boards)
		.values(specs.map((b) => ({ id: b.id, workshopId, kind: b.spec.kind, prompt: b.spec.prompt })));
}

async function insertActivities(
	db: Database,
	workshopId: string,
	list: readonly Activity[],
	firstPosition: number
) {
	await db.insert(activities).values(
		list.map((a, i) => ({
			id: a.id,
			workshopId,
			position: firstPosition + i,
			kind: a.kind,
			title: a.title,
			boardId: a.boardId,
			// Dots go on notes unless the facilitator chose clusters (now or later, while no dot is cast).
			voteOn: a.kind === 'dot-voting' ? (a.voteOn ?? 'notes') : null
		}))
	);
}

/**
 * After the commit: the new boards' sections and persona, then the control document. Written with
 * `transact` rather than by extending the live server's seed of a new board (which reads only the
 * `boards` row): sections and persona are not in SQL, and the seed stays the one place that sets
 * schemaVersion, kind and prompt. A failure here leaves SQL right; the board keeps kind and prompt
 * and the next action rewrites the control document.
 */
async function publish(
	runtime: Runtime,
	workshopId: string,
	newBoards: readonly agendas.NewBoard[],
	reason: string
) {
	const collab = collabServer(runtime);
	try {
		for (const board of newBoards) {
			await collab.transact(
				`board:${board.id}`,
				(doc) => {
					const meta = doc.getMap('meta');
					meta.set('sections', board.spec.sections);
					meta.set('persona', board.spec.persona);
				},
				reason
			);
		}
	} catch (error) {
		console.error(
			`[piazza] agenda: could not write the new boards of ${workshopId}: ${(error as Error).message}`
		);
	}
	await control.republish(runtime, workshopId, reason);
}
