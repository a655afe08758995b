import { inArray } from 'drizzle-orm';
import { columnsFor, groupByStage } from '../../domain/review/kanban';
import type { Column } from '../../domain/review/kanban';
import type { ReviewFilters } from '../../domain/proposal/review-filters';
import type { PrototypePlan } from '../../domain/proposal/stages';
import type { Database } from '../db/client';
import { proposals } from '../db/schema/index';
import * as ranking from './ranking';
import type { RankedProposal } from './ranking';

export interface KanbanCard extends RankedProposal {
	/** The current round's plan, for a card in evaluation: its evaluation reports on the measures. */
	plan: PrototypePlan | null;
}

export type KanbanResult =
	| {
			ok: true;
			total: number;
			columns: Column<KanbanCard>[];
			context: Extract<ranking.RankingResult, { ok: true }>['context'];
	  }
	| Extract<ranking.RankingResult, { ok: false }>;

/**
 * The view's proposals by stage, each column in the view's order (score unless the view sorts
 * otherwise), with names for the cards shown. Positions are those of the whole ranked view, so a
 * card says where it stands among every stage.
 */
export async function kanban(
	db: Database,
	filters: ReviewFilters,
	options: { timeZone: string; locale: 'it' | 'en' }
): Promise<KanbanResult> {
	const ranked = await ranking.rank(db, filters, { timeZone: options.timeZone });
	if (!ranked.ok) return ranked;
	const position = new Map(ranked.rows.map((row, i) => [row.id, i + 1]));
	const columns = groupByStage(ranked.rows, columnsFor(filters.stages));
	const shown = columns.flatMap((c) => c.cards);
	const evaluating = shown.filter((c) => c.stage === 'evaluating').map((c) => c.id);
	const [described, plans] = await Promise.all([
		ranking.describe(db, shown, options.locale, 1),
		evaluating.length
			? db
					.select({ id: proposals.id, plan: proposals.plan })
					.from(proposals)
					.where(inArray(proposals.id, evaluating))
			: Promise.resolve([])
	]);
	const byId = new Map(described.map((card) => [card.id, card]));
	const planOf = new Map(plans.map((p) => [p.id, p.plan ?? null]));
	return {
		ok: true,
		total: ranked.total,
		context: ranked.context,
		columns: columns.map((column) => ({
			...column,
			// A proposal gone between the ranking and the naming is left out of its column.
			cards: column.cards.flatMap((row) => {
				const card = byId.get(row.id);
				return card
					? [{ ...card, position: position.get(row.id)!, plan: planOf.get(row.id) ?? null }]
					: [];
			})
		}))
	};
}
