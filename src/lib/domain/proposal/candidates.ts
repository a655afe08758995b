import * as provenance from './provenance';
import type { BoardContent, Dots } from './provenance';

/**
 * A board's "winning ideas" for staff: its clusters and visible notes ranked by the dots they
 * received, counted as a promotion's provenance counts them (a cluster with its notes' dots, phones
 * and paper together), each with the proposals it is already part of.
 */

/** A cluster or a note that could be promoted, with its dots and the proposal it is part of. */
export interface Candidate {
	itemId: string;
	kind: 'cluster' | 'note';
	/** The cluster's name or the note's text. */
	label: string;
	/** The author's nickname for a note ("dal foglio" notes say so), empty for a cluster. */
	authorName: string;
	fromPaper: boolean;
	/** A cluster's notes, so a promotion form can say what comes with it. */
	noteCount: number;
	votes: number;
	proposals: { id: string; title: string }[];
}

/** Clusters and visible notes with dots or a proposal, most dots first. */
export function rank(
	content: BoardContent,
	dots: Dots,
	promoted: readonly { itemId: string; proposalId: string; title: string }[]
): Candidate[] {
	const proposalsOf = (itemId: string) =>
		promoted.filter((p) => p.itemId === itemId).map((p) => ({ id: p.proposalId, title: p.title }));
	const visible = (id: string) => !content.moderation[id]?.hidden;
	const candidates: Candidate[] = [];
	for (const [id, cluster] of Object.entries(content.clusters)) {
		const notes = Object.entries(content.layout)
			.filter(([noteId, place]) => place?.clusterId === id && Object.hasOwn(content.notes, noteId))
			.filter(([noteId]) => visible(noteId))
			.map(([noteId]) => ({ id: noteId }));
		candidates.push({
			itemId: id,
			kind: 'cluster',
			label: cluster.label,
			authorName: '',
			fromPaper: false,
			noteCount: notes.length,
			votes: provenance.dotsFor(dots, { id }, notes).votes,
			proposals: proposalsOf(id)
		});
	}
	for (const [id, note] of Object.entries(content.notes)) {
		if (!visible(id)) continue;
		candidates.push({
			itemId: id,
			kind: 'note',
			label: note.text,
			authorName: note.authorName,
			fromPaper: note.fromPaper === true,
			noteCount: 1,
			votes: provenance.dotsFor(dots, null, [{ id }]).votes,
			proposals: proposalsOf(id)
		});
	}
	return candidates
		.filter((c) => c.votes > 0 || c.proposals.length > 0)
		.sort((a, b) => b.votes - a.votes || a.label.localeCompare(b.label, 'it'));
}
