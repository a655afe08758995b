import { canMove, isFinal, STAGES } from '../proposal/stages';
import type { Stage } from '../proposal/stages';

/**
 * The managers' kanban: proposals in one column per stage, in the ranking's order. A card dropped
 * on another column asks the stage rules first (stages.ts), so a drag can never offer a move the
 * API would refuse; the evidence the move needs is then asked for by the same form as on the
 * proposal's page.
 */

/** Merged proposals live on inside another one: a column of them only when the view asks for it. */
const DEFAULT_COLUMNS: readonly Stage[] = STAGES.filter((s) => s !== 'merged');

/** Cards shown per column; the column's count says how many more the view holds. */
export const COLUMN_LIMIT = 40;

export function columnsFor(stages: readonly Stage[]): Stage[] {
	if (stages.length === 0) return [...DEFAULT_COLUMNS];
	return STAGES.filter((s) => stages.includes(s));
}

export interface Column<T> {
	stage: Stage;
	/** Every proposal of the view in this stage. */
	total: number;
	/** The first `limit` of them, in the order given. */
	cards: T[];
}

/** Groups ranked rows by stage, keeping their order; rows of a stage without a column are left out. */
export function groupByStage<T extends { stage: Stage }>(
	rows: readonly T[],
	columns: readonly Stage[],
	limit = COLUMN_LIMIT
): Column<T>[] {
	const byStage = new Map<Stage, Column<T>>(
		columns.map((stage) => [stage, { stage, total: 0, cards: [] }])
	);
	for (const row of rows) {
		const column = byStage.get(row.stage);
		if (!column) continue;
		column.total += 1;
		if (column.cards.length < limit) column.cards.push(row);
	}
	return columns.map((stage) => byStage.get(stage)!);
}

export type DropVerdict =
	| { ok: true; to: Stage }
	| { ok: false; reason: 'same-stage' | 'final-stage' | 'skips-stage' | 'needs-target' };

/**
 * What a drop of a card from `from` on the column `to` means. Merging needs a proposal to merge
 * into, which a column cannot say: that move is made from the card's own menu.
 */
export function judgeDrop(from: Stage, to: Stage): DropVerdict {
	if (from === to) return { ok: false, reason: 'same-stage' };
	if (isFinal(from)) return { ok: false, reason: 'final-stage' };
	if (to === 'merged') return { ok: false, reason: 'needs-target' };
	return canMove(from, to) ? { ok: true, to } : { ok: false, reason: 'skips-stage' };
}
