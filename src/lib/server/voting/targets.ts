import { and, eq } from 'drizzle-orm';
import type { VoteTarget } from '../../domain/voting/items';
import type { Database } from '../db/client';
import { activities } from '../db/schema/index';

/**
 * What each dot-voting activity of a workshop counts dots on (notes or clusters), by activity id.
 * The control document's agenda carries it too (`Activity.voteOn`) and phones follow that; this is
 * the page's fallback for a document written before it did. A missing entry means notes.
 */
export async function ofWorkshop(
	db: Database,
	workshopId: string
): Promise<Record<string, VoteTarget>> {
	const rows = await db
		.select({ id: activities.id, voteOn: activities.voteOn })
		.from(activities)
		.where(and(eq(activities.workshopId, workshopId), eq(activities.kind, 'dot-voting')));
	return Object.fromEntries(rows.map((row) => [row.id, row.voteOn ?? 'notes']));
}
