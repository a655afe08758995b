import { eq, sum } from 'drizzle-orm';
import * as budget from '../../domain/voting/budget';
import type { TallyEntry } from '../../domain/voting/budget';
import type { Database } from '../db/client';
import { paperVotes, votes } from '../db/schema/index';

/**
 * The anonymous results of a board: dots from phones summed per item (who placed them never leaves
 * this query) plus the counts entered from paper sheets. Pass a transaction to read them together
 * with the decision that reveals them.
 */
export async function ofBoard(
	db: Database,
	boardId: string,
	itemOrder: readonly string[] = []
): Promise<TallyEntry[]> {
	const online = await db
		.select({ itemId: votes.itemId, count: sum(votes.count).mapWith(Number) })
		.from(votes)
		.where(eq(votes.boardId, boardId))
		.groupBy(votes.itemId);
	const paper = await db
		.select({ itemId: paperVotes.itemId, count: paperVotes.count })
		.from(paperVotes)
		.where(eq(paperVotes.boardId, boardId));
	return budget.tally(
		[
			...online.map((row) => ({ itemId: row.itemId, count: row.count, fromPaper: false })),
			...paper
				.filter((row) => row.count > 0)
				.map((row) => ({ itemId: row.itemId, count: row.count, fromPaper: true }))
		],
		itemOrder
	);
}
