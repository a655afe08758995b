import type * as Y from 'yjs';

/** What dots go on in a dot-voting activity (same values as `activities.vote_on`). */
export type VoteTarget = 'notes' | 'clusters';

/** How an item a dot is aimed at stands on its board, as the board document says now. */
export interface VoteItem {
	/** A note (or cluster, when voting on clusters) of this board with this id exists. */
	exists: boolean;
	/** A facilitator hid the note (moderation); clusters are never hidden. */
	hidden: boolean;
}

/**
 * Looks an item up in a board document (DESIGN.md §3, "Board document shape"): notes under
 * `notes`, hidden through `moderation`; clusters under `clusters`. A note when voting is on clusters
 * is no item at all, and the other way round, so a dot cannot land outside the vote's target.
 */
export function voteItem(doc: Y.Doc, target: VoteTarget, itemId: string): VoteItem {
	if (target === 'clusters') {
		return { exists: doc.getMap('clusters').has(itemId), hidden: false };
	}
	const flag = doc.getMap<{ hidden?: unknown }>('moderation').get(itemId);
	return {
		exists: doc.getMap('notes').has(itemId),
		hidden: typeof flag === 'object' && flag !== null && flag.hidden === true
	};
}
