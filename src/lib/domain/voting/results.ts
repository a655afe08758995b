import type { TallyEntry } from './budget';

/** One line of the revealed results on a phone. */
export interface ResultRow extends TallyEntry {
	/** The bar's length, 0..1, relative to the item with most dots. */
	share: number;
	/** The part of the bar from paper sheets, 0..1 of the whole bar length. */
	paperShare: number;
}

/**
 * The revealed tally as bars, most dots first (ties keep the tally's order). Items the phone
 * cannot show (a note since deleted) are left out by `shown`.
 */
export function resultRows(
	entries: readonly TallyEntry[],
	shown: (itemId: string) => boolean = () => true
): ResultRow[] {
	const kept = entries.filter((e) => shown(e.itemId));
	const most = Math.max(0, ...kept.map((e) => e.total));
	return kept
		.map((e, i) => ({ e, i }))
		.sort((a, b) => b.e.total - a.e.total || a.i - b.i)
		.map(({ e }) => ({
			...e,
			share: most > 0 ? e.total / most : 0,
			paperShare: most > 0 ? e.paper / most : 0
		}));
}
