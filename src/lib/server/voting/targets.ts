import { and, eq } from 'drizzle-orm';
import type { VoteTarget } from '../../domain/voting/items';
import type { Database } from '../db/client';
import { activities } from '../db/schema/index';

/**
 * What each dot-voting activity of a workshop counts dots on (notes or clusters), by activity id.
 * The control document does not carry it; a phone needs it to show the right items, and a
 * missing entry (an activity added after the page loaded) means notes, as agendas create them.
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
