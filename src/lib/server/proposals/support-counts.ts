import { and, eq, inArray, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { Database } from '../db/client';
import { proposalSupports, proposals } from '../db/schema/index';

type Executor = Pick<Database, 'execute'>;

/**
 * Recounts `proposals.supports` and `supports_outside` (supporters who were not in the
 * proposal's workshop) from `proposal_supports`, for the proposals `which` selects. Every write
 * that adds or withdraws a support, or makes a supporter a participant, calls it in its own
 * transaction after locking the proposal's row, so the stored counts are those of the committed
 * rows and two residents supporting at once are counted twice, never once. A recount rather than
 * `+ 1`: it cannot drift, and a proposal has at most a few thousand supports read by its key.
 */
async function recountWhere(db: Executor, which: SQL): Promise<void> {
	await db.execute(sql`
		update proposals as p
		set supports = c.n, supports_outside = c.outside
		from (
			select p2.id,
				count(s.resident_id)::int as n,
				(count(s.resident_id) filter (where pa.id is null))::int as outside
			from proposals p2
			left join proposal_supports s on s.proposal_id = p2.id
			left join participants pa
				on pa.workshop_id = p2.workshop_id and pa.resident_id = s.resident_id
			where ${which}
			group by p2.id
		) as c
		where p.id = c.id and (p.supports, p.supports_outside) is distinct from (c.n, c.outside)`);
}

export async function recount(db: Executor, proposalIds: readonly string[]): Promise<void> {
	if (proposalIds.length === 0) return;
	const list = sql.join(
		proposalIds.map((id) => sql`${id}::uuid`),
		sql`, `
	);
	await recountWhere(db, sql`p2.id in (${list})`);
}

/**
 * After a resident joins a workshop: their supports of its proposals now count as the room's. A
 * join almost never finds any, so the common case is one indexed read and no transaction.
 */
export async function recountForParticipant(
	db: Database,
	workshopId: string,
	residentId: string
): Promise<void> {
	const supported = await db
		.select({ id: proposals.id })
		.from(proposals)
		.innerJoin(
			proposalSupports,
			and(
				eq(proposalSupports.proposalId, proposals.id),
				eq(proposalSupports.residentId, residentId)
			)
		)
		.where(eq(proposals.workshopId, workshopId));
	if (supported.length === 0) return;
	const ids = supported.map((r) => r.id).sort();
	await db.transaction(async (tx) => {
		await lock(tx, ids);
		await recount(tx, ids);
	});
}

/** Locks proposals' rows in id order, the order every writer of their counts takes them in. */
export async function lock(db: Pick<Database, 'select'>, ids: readonly string[]): Promise<void> {
	if (ids.length === 0) return;
	await db
		.select({ id: proposals.id })
		.from(proposals)
		.where(inArray(proposals.id, [...ids]))
		.orderBy(proposals.id)
		.for('update');
}

/** Every proposal at once: for data written in bulk (the demo's history, the benchmark's seed). */
export async function recountAll(db: Executor): Promise<void> {
	await recountWhere(db, sql`true`);
}
