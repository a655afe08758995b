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

export interface CardGrid {
	columns: number;
	rows: number;
	/** Font size of a note's text, in pixels. */
	fontPx: number;
	/** Lines of text a card has room for; longer notes end in an ellipsis. */
	lines: number;
}

export interface CardGridOptions {
	/** Lay the cards out as if there were at least this many, so that two notes are not posters. */
	minSlots?: number;
	/** Gap between cards, pixels. */
	gapPx?: number;
	/** Largest text, pixels (a few notes should not shout). */
	maxFontPx?: number;
	/** Smallest text, pixels: below this a projector is unreadable whatever the layout. */
	minFontPx?: number;
}

/** Width over height of the card the layout aims for: a sticky note a little wider than tall. */
const CARD_ASPECT = 1.5;

/**
 * Columns and rows so that `count` cards fill a `width`×`height` area with the largest cards of
 * about a sticky note's shape, and a text size and line count that fill each card. The projector
 * cannot scroll, so the grid always holds every card it is given; the wall gives it at most
 * WALL_MAX_NOTES.
 */
export function cardGrid(
	count: number,
	width: number,
	height: number,
	options: CardGridOptions = {}
): CardGrid {
	const { minSlots = 6, gapPx = 12, maxFontPx = 48, minFontPx = 11 } = options;
	const slots = Math.max(count, minSlots, 1);
	let best = { columns: 1, rows: slots, cellW: 0, cellH: 0, scale: -1 };
	for (let columns = 1; columns <= slots; columns++) {
		const rows = Math.ceil(slots / columns);
		const cellW = (width - gapPx * (columns - 1)) / columns;
		const cellH = (height - gapPx * (rows - 1)) / rows;
		const scale = Math.min(cellW / CARD_ASPECT, cellH);
		if (scale > best.scale) best = { columns, rows, cellW, cellH, scale };
	}
	const fontPx = Math.round(
		Math.min(maxFontPx, Math.max(minFontPx, Math.min(best.cellW * 0.1, best.cellH * 0.17)))
	);
	// A card's padding and its author line take about 2.1 text heights; the rest is lines of 1.22.
	const lines = Math.max(1, Math.floor((best.cellH - 2.1 * fontPx) / (1.22 * fontPx)));
	return { columns: best.columns, rows: best.rows, fontPx, lines };
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
