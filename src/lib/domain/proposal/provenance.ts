import type { NoteRecord } from '../board/schema';

/**
 * Where a proposal came from, frozen when it is promoted (issue 6): the workshop, the board, the
 * notes' texts and authors' nicknames, the dots they received and how many people took part. It is
 * a copy on purpose: a note edited or hidden after the workshop must not rewrite what the room said.
 */
export interface Provenance {
	workshopId: string;
	workshopTitle: string;
	boardId: string;
	/** The board's question, when it had one. */
	prompt: string;
	/** A cluster when one was promoted whole; null for notes picked one by one. */
	cluster: { id: string; label: string } | null;
	notes: ProvenanceNote[];
	/** Dots on the promoted items (the cluster and its notes), phones and paper together. */
	votes: number;
	/** Of which counted on paper. */
	paperVotes: number;
	/** People who joined the workshop. */
	participants: number;
	/** ISO time of the promotion. */
	promotedAt: string;
}

export interface ProvenanceNote {
	id: string;
	text: string;
	/** The nickname the author chose; "dal foglio" notes carry the helper's transcription. */
	authorName: string;
	/** The author's participant id (never shown; used to find "my ideas"). Null for paper notes. */
	authorId: string | null;
	fromPaper: boolean;
}

/** What the board holds, as plain records (the server reads them from the live document). */
export interface BoardContent {
	notes: Record<string, NoteRecord>;
	layout: Record<string, { clusterId?: string | null }>;
	clusters: Record<string, { label: string }>;
	moderation: Record<string, { hidden?: boolean }>;
}

/** What is promoted: some notes, or a cluster (its notes come with it). */
export interface SourceRequest {
	noteIds?: unknown;
	clusterId?: unknown;
}

export type SourceProblem =
	| 'source-required'
	| 'note-not-found'
	| 'note-hidden'
	| 'cluster-not-found'
	| 'cluster-empty'
	| 'too-many-notes';

export const SOURCE_NOTES_MAX = 100;

export type Picked =
	| { ok: true; cluster: { id: string; label: string } | null; notes: ProvenanceNote[] }
	| { ok: false; problem: SourceProblem };

function visible(board: BoardContent, id: string): boolean {
	return !board.moderation[id]?.hidden;
}

function asSource(id: string, note: NoteRecord): ProvenanceNote {
	const fromPaper = note.fromPaper === true;
	return {
		id,
		text: note.text,
		authorName: note.authorName,
		authorId: fromPaper ? null : note.authorId,
		fromPaper
	};
}

/**
 * The notes a promotion names, checked against the board: every note must exist and be visible (a
 * hidden note was taken out of the conversation by a facilitator); a cluster brings its visible
 * notes, in the board's order, and must have at least one.
 */
export function pick(board: BoardContent, request: SourceRequest): Picked {
	const { noteIds, clusterId } = request;
	const hasCluster = clusterId !== undefined && clusterId !== null;
	const hasNotes = Array.isArray(noteIds) && noteIds.length > 0;
	if (!hasCluster && !hasNotes) return { ok: false, problem: 'source-required' };

	let cluster: { id: string; label: string } | null = null;
	const ids: string[] = [];
	if (hasCluster) {
		if (typeof clusterId !== 'string' || !Object.hasOwn(board.clusters, clusterId))
			return { ok: false, problem: 'cluster-not-found' };
		cluster = { id: clusterId, label: board.clusters[clusterId]?.label ?? '' };
		for (const [id, place] of Object.entries(board.layout))
			if (place?.clusterId === clusterId && Object.hasOwn(board.notes, id) && visible(board, id))
				ids.push(id);
		if (ids.length === 0) return { ok: false, problem: 'cluster-empty' };
	}
	if (hasNotes) {
		if (noteIds.length > SOURCE_NOTES_MAX) return { ok: false, problem: 'too-many-notes' };
		for (const id of noteIds) {
			if (typeof id !== 'string' || !Object.hasOwn(board.notes, id))
				return { ok: false, problem: 'note-not-found' };
			if (!visible(board, id)) return { ok: false, problem: 'note-hidden' };
			if (!ids.includes(id)) ids.push(id);
		}
	}
	return { ok: true, cluster, notes: ids.map((id) => asSource(id, board.notes[id]!)) };
}

/** Dots per item id on the board: phones' and paper's. */
export interface Dots {
	phone: Record<string, number>;
	paper: Record<string, number>;
}

/** The dots the promoted items received: the cluster's own and each of its notes'. */
export function dotsFor(
	dots: Dots,
	cluster: { id: string } | null,
	notes: readonly { id: string }[]
): { votes: number; paperVotes: number } {
	const items = [...(cluster ? [cluster.id] : []), ...notes.map((n) => n.id)];
	let phone = 0;
	let paper = 0;
	for (const id of items) {
		phone += dots.phone[id] ?? 0;
		paper += dots.paper[id] ?? 0;
	}
	return { votes: phone + paper, paperVotes: paper };
}

/** A title to start from: the cluster's name, or the first note's text cut at a word. */
export function suggestedTitle(picked: Extract<Picked, { ok: true }>, max = 120): string {
	const base = picked.cluster?.label || picked.notes[0]?.text || '';
	const line = base.replace(/\s+/g, ' ').trim();
	if ([...line].length <= max) return line;
	const cut = [...line].slice(0, max - 1).join('');
	const space = cut.lastIndexOf(' ');
	return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
