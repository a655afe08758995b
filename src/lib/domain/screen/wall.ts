import type * as Y from 'yjs';
import type { TallyEntry } from '../voting/budget';
import { readNotes } from '../board/notes';
import type { NoteColour } from '../board/schema';

/**
 * What the projector shows of a board (the "wall"): the notes a room may see, grouped the way the
 * activity thinks about them, and the revealed results as bars. The projector cannot be scrolled by
 * hand, so every choice here is about fitting the room's notes on one screen and, when they do not
 * fit, keeping the newest in view.
 */

/** Most notes the wall shows at once: about what 1280×720 holds at a size read from the back. */
export const WALL_MAX_NOTES = 60;
/** Most result bars: beyond ten the bars get too thin to read across a room. */
export const RESULTS_MAX_BARS = 10;

/** How notes are grouped: as a plain wall, by empathy-map section, or by cluster. */
export type WallGrouping = 'none' | 'section' | 'cluster';

export interface WallNote {
	key: string;
	text: string;
	/** The author's nickname, or null for a note copied from a paper sheet. */
	authorName: string | null;
	colour: NoteColour;
	createdAt: number;
}

export interface WallGroup {
	/** Section or cluster id; null for the notes outside every section or cluster. */
	id: string | null;
	/** The section's or cluster's label; null for the group of the others. */
	label: string | null;
	/** Newest first, so that what does not fit is the oldest. */
	notes: WallNote[];
}

export interface Wall {
	groups: WallGroup[];
	/** Notes shown (at most WALL_MAX_NOTES). */
	shown: number;
	/** Notes the room may see, shown or not. */
	total: number;
}

export interface WallOptions {
	grouping: WallGrouping;
	max?: number;
}

interface Section {
	id: string;
	label: string;
}

function sectionsOf(doc: Y.Doc): Section[] {
	const raw = doc.getMap<unknown>('meta').get('sections');
	if (!Array.isArray(raw)) return [];
	return raw.filter(
		(s): s is Section =>
			typeof s === 'object' &&
			s !== null &&
			typeof (s as Section).id === 'string' &&
			typeof (s as Section).label === 'string'
	);
}

function clusterLabels(doc: Y.Doc): Map<string, string> {
	const labels = new Map<string, string>();
	for (const [id, value] of doc.getMap<unknown>('clusters')) {
		const label = (value as { label?: unknown } | null)?.label;
		labels.set(id, typeof label === 'string' ? label : '');
	}
	return labels;
}

function clusterOf(doc: Y.Doc, noteKey: string): string | null {
	const place = doc.getMap<unknown>('layout').get(noteKey) as { clusterId?: unknown } | undefined;
	return typeof place?.clusterId === 'string' ? place.clusterId : null;
}

function toWallNote(key: string, note: Record<string, unknown>): WallNote {
	return {
		key,
		text: String(note.text ?? ''),
		authorName: note.fromPaper === true ? null : String(note.authorName ?? ''),
		colour: note.colour as NoteColour,
		createdAt: typeof note.createdAt === 'number' ? note.createdAt : 0
	};
}

/** The prompt written on the board, or an empty string. */
export function promptOf(doc: Y.Doc): string {
	const prompt = doc.getMap<unknown>('meta').get('prompt');
	return typeof prompt === 'string' ? prompt : '';
}

/**
 * The notes of a board as the room may see them: hidden notes left out (as for any viewer who is
 * not their author; notes held back by private mode or pre-moderation are not in the board
 * document at all); the newest WALL_MAX_NOTES, grouped. Sections and clusters keep their order and show even when empty, so the wall keeps its
 * shape while it fills; the group of the others comes last and only when it has notes.
 */
export function readWall(doc: Y.Doc, options: WallOptions): Wall {
	const max = options.max ?? WALL_MAX_NOTES;
	const visible = readNotes(doc, null);
	const newest = visible.slice(-max).reverse();

	const groups: WallGroup[] = [];
	const byId = new Map<string, WallGroup>();
	if (options.grouping === 'section') {
		for (const section of sectionsOf(doc)) {
			const group = { id: section.id, label: section.label, notes: [] };
			groups.push(group);
			byId.set(section.id, group);
		}
	} else if (options.grouping === 'cluster') {
		for (const [id, label] of clusterLabels(doc)) {
			const group = { id, label, notes: [] };
			groups.push(group);
			byId.set(id, group);
		}
	}
	const others: WallGroup = { id: null, label: null, notes: [] };
	for (const { key, note } of newest) {
		const groupId =
			options.grouping === 'section'
				? note.section
				: options.grouping === 'cluster'
					? clusterOf(doc, key)
					: null;
		const group = (groupId !== null && byId.get(groupId)) || others;
		group.notes.push(toWallNote(key, note as unknown as Record<string, unknown>));
	}
	if (others.notes.length > 0 || groups.length === 0) groups.push(others);
	return { groups, shown: newest.length, total: visible.length };
}

/**
 * A size step for the cards, from how many are on the wall: few notes get big type, sixty still
 * fit on 1280×720. The steps are CSS classes, so the page stays in charge of the actual sizes.
 */
export type WallDensity = 'xl' | 'l' | 'm' | 's' | 'xs';

export function density(count: number): WallDensity {
	if (count <= 6) return 'xl';
	if (count <= 12) return 'l';
	if (count <= 24) return 'm';
	if (count <= 40) return 's';
	return 'xs';
}

export interface ResultBar {
	itemId: string;
	/** The note's text or the cluster's label; null when the item is gone from the board. */
	label: string | null;
	total: number;
	online: number;
	paper: number;
	rank: number;
	/** Share of the widest bar, 0..1: the most dotted item fills the row. */
	width: number;
}

/** Note texts and cluster labels by id, for the results' labels. */
export function itemLabels(doc: Y.Doc): Map<string, string> {
	const labels = clusterLabels(doc);
	for (const { key, note } of readNotes(doc, null)) labels.set(key, note.text);
	return labels;
}

/**
 * The revealed tally as bars, most dots first (the tally's own order), at most RESULTS_MAX_BARS.
 * Hidden notes keep no label: their text is not for the room, even with votes on it.
 */
export function resultBars(
	entries: readonly TallyEntry[],
	labels: ReadonlyMap<string, string>,
	max = RESULTS_MAX_BARS
): ResultBar[] {
	const top = [...entries].sort((a, b) => b.total - a.total).slice(0, max);
	const widest = Math.max(1, ...top.map((e) => e.total));
	return top.map((entry) => ({
		itemId: entry.itemId,
		label: labels.get(entry.itemId) ?? null,
		total: entry.total,
		online: entry.online,
		paper: entry.paper,
		rank: entry.rank,
		width: entry.total / widest
	}));
}
