import { and, desc, eq, ne, notInArray, or, sql } from 'drizzle-orm';
import type { Actor } from '../../domain/access';
import { can } from '../../domain/access';
import { STAGES } from '../../domain/proposal/stages';
import type { Stage } from '../../domain/proposal/stages';
import type { Database } from '../db/client';
import { proposals, users, workshopFacilitators, workshops } from '../db/schema/index';

/**
 * The staff's list of proposals, newest change first: a way to find one again, not the managers'
 * ranked review (that one has scores). Managers and admins see every proposal; a facilitator sees
 * those of the workshops they run and those they carry, as `proposal:edit` says.
 */
export interface ListedProposal {
	id: string;
	title: string;
	stage: Stage;
	workshopTitle: string | null;
	ownerName: string | null;
	/** ISO time of the last change of any kind (fields, stage, a merge into it). */
	updatedAt: string;
}

export interface StaffList {
	proposals: ListedProposal[];
	/** How many the viewer may see in each stage, whatever the filter. */
	counts: Record<Stage, number>;
}

function visibleTo(actor: Actor) {
	// With no facilitators named, `can` answers for the role alone: true for who sees everything.
	if (can(actor, 'proposal:edit', { facilitatorIds: [], ownerId: null })) return undefined;
	const runs = sql`${proposals.workshopId} in (select ${workshopFacilitators.workshopId} from ${workshopFacilitators} where ${workshopFacilitators.userId} = ${actor.id})`;
	return or(eq(proposals.ownerId, actor.id), runs);
}

export async function forStaff(
	db: Database,
	actor: Actor,
	filter: { stage?: Stage | null } = {}
): Promise<StaffList> {
	const visible = visibleTo(actor);
	const rows = await db
		.select({
			id: proposals.id,
			title: proposals.title,
			stage: proposals.stage,
			workshopTitle: workshops.title,
			ownerName: users.name,
			updatedAt: proposals.updatedAt
		})
		.from(proposals)
		.leftJoin(workshops, eq(workshops.id, proposals.workshopId))
		.leftJoin(users, eq(users.id, proposals.ownerId))
		.where(and(visible, filter.stage ? eq(proposals.stage, filter.stage) : undefined))
		.orderBy(desc(proposals.updatedAt), desc(proposals.id))
		.limit(500);
	const counted = await db
		.select({ stage: proposals.stage, count: sql<number>`count(*)::int` })
		.from(proposals)
		.where(visible)
		.groupBy(proposals.stage);
	const counts = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
	for (const row of counted) counts[row.stage] = row.count;
	return {
		proposals: rows.map((r) => ({ ...r, updatedAt: r.updatedAt.toISOString() })),
		counts
	};
}

/**
 * Proposals still in play that `id` could be merged into (not itself, not archived or merged);
 * with no id, those any proposal could go into (the kanban leaves out each card itself).
 */
export async function mergeTargets(db: Database, id: string | null) {
	return db
		.select({ id: proposals.id, title: proposals.title, stage: proposals.stage })
		.from(proposals)
		.where(
			and(
				id ? ne(proposals.id, id) : undefined,
				notInArray(proposals.stage, ['archived', 'merged'])
			)
		)
		.orderBy(desc(proposals.updatedAt))
		.limit(200);
}
