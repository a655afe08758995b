import { asc, eq } from 'drizzle-orm';
import { isUuid } from '../../domain/ids';
import { workshopReadAccess } from '../../domain/access';
import type { Actor } from '../../domain/access';
import type { Database } from '../db/client';
import { activities, boards, branches, workshopFacilitators, workshops } from '../db/schema/index';
import type { ActivityKind, BoardPhase, WorkshopStatus } from '../db/schema/index';
import * as participants from './participants';

/**
 * The public shape of a workshop (DESIGN.md §4, `GET /api/workshops/<workshopId>`). The first six
 * fields are the contract and never change; the later ones were added for the waiting page.
 */
export interface WorkshopDetails {
	id: string;
	code: string;
	title: string;
	status: WorkshopStatus;
	/** The hosting library, or null when the workshop is held elsewhere. */
	branch: { id: string; slug: string; name: string; municipio: number | null } | null;
	/** The agenda, in order; each activity's phase is its board's. */
	activities: {
		id: string;
		kind: ActivityKind;
		title: string;
		boardId: string;
		phase: BoardPhase;
	}[];
	/** Free-text place when it is not held at a library (a market, a school), else null. */
	place: string | null;
	/** The facilitator's welcome message, possibly empty. */
	welcomeText: string;
	/** When it is scheduled to start, or null. */
	startsAt: Date | null;
}

/** The workshop's details, or null when there is no such workshop (or the id is malformed). */
export async function get(db: Database, workshopId: string): Promise<WorkshopDetails | null> {
	if (!isUuid(workshopId)) return null;
	const [row] = await db
		.select({
			id: workshops.id,
			code: workshops.code,
			title: workshops.title,
			status: workshops.status,
			placeText: workshops.placeText,
			welcomeText: workshops.welcomeText,
			startsAt: workshops.startsAt,
			branchId: branches.id,
			branchSlug: branches.slug,
			branchName: branches.name,
			municipio: branches.municipioId
		})
		.from(workshops)
		.leftJoin(branches, eq(branches.id, workshops.branchId))
		.where(eq(workshops.id, workshopId))
		.limit(1);
	if (!row) return null;
	const agenda = await db
		.select({
			id: activities.id,
			kind: activities.kind,
			title: activities.title,
			boardId: activities.boardId,
			phase: boards.phase
		})
		.from(activities)
		.innerJoin(boards, eq(boards.id, activities.boardId))
		.where(eq(activities.workshopId, workshopId))
		.orderBy(asc(activities.position), asc(activities.id));
	return {
		id: row.id,
		code: row.code,
		title: row.title,
		status: row.status,
		branch:
			row.branchId && row.branchSlug && row.branchName
				? { id: row.branchId, slug: row.branchSlug, name: row.branchName, municipio: row.municipio }
				: null,
		activities: agenda,
		place: row.placeText,
		welcomeText: row.welcomeText,
		startsAt: row.startsAt
	};
}

export type ReadResult = { ok: true; details: WorkshopDetails } | { ok: false; status: 403 | 404 };

/**
 * The details for a viewer allowed to see them (its participants; its facilitators, managers and
 * admins), or the refusal to send. Visitors who are neither participants nor staff never cause a
 * workshop lookup, so they cannot tell which ids exist.
 */
export async function read(
	db: Database,
	workshopId: string,
	viewer: { user: Actor | null; residentId: string | null }
): Promise<ReadResult> {
	const owner = participants.ownerOf(viewer);
	const participant = owner ? Boolean(await participants.find(db, workshopId, owner)) : false;
	const details = viewer.user || participant ? await get(db, workshopId) : null;
	const facilitatorIds = details ? await facilitatorIdsOf(db, details.id) : [];
	const access = workshopReadAccess(
		{ actor: viewer.user, participant },
		details ? { facilitatorIds } : null
	);
	if (access === 'allowed' && details) return { ok: true, details };
	return { ok: false, status: access === 'not-found' ? 404 : 403 };
}

async function facilitatorIdsOf(db: Database, workshopId: string): Promise<string[]> {
	const rows = await db
		.select({ id: workshopFacilitators.userId })
		.from(workshopFacilitators)
		.where(eq(workshopFacilitators.workshopId, workshopId));
	return rows.map((r) => r.id);
}

/**
 * The board residents write on now: the first activity of the agenda whose board is open (until
 * the facilitator's live control takes over the choice), with its prompt.
 */
export async function openBoard(db: Database, workshop: WorkshopDetails) {
	const activity = workshop.activities.find((a) => a.phase === 'open');
	if (!activity) return null;
	const [board] = await db
		.select({ prompt: boards.prompt, kind: boards.kind })
		.from(boards)
		.where(eq(boards.id, activity.boardId));
	return board
		? { id: activity.boardId, title: activity.title, prompt: board.prompt, kind: board.kind }
		: null;
}
