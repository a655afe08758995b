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

/**
 * What an item of a revealed tally is called on this board: a note's text or a cluster's label
 * (trimmed; `unnamed` for a cluster with an empty one), or null when the board no longer has it.
 * Read from stored JSON a client could have forged, so only strings are taken.
 */
export function itemLabel(doc: Y.Doc, itemId: string, unnamed: string): string | null {
	const note = doc.getMap<{ text?: unknown }>('notes').get(itemId);
	if (typeof note === 'object' && note !== null) {
		return typeof note.text === 'string' ? note.text : null;
	}
	const cluster = doc.getMap<{ label?: unknown }>('clusters').get(itemId);
	if (typeof cluster === 'object' && cluster !== null) {
		const label = typeof cluster.label === 'string' ? cluster.label.trim() : '';
		return label || unnamed;
	}
	return null;
}
