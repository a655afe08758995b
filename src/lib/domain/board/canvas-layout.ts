/**
 * The geometry of the facilitator's canvas, pure: where a note without a stored layout is shown
 * (a grid inside its section's region), the regions of a board's sections, and the frame drawn
 * around a cluster's notes. Automatic positions are shown, never written: a note gets a `layout`
 * record only when a facilitator moves or groups it.
 */

export const NOTE_WIDTH = 200;
export const NOTE_HEIGHT = 120;
export const GAP = 24;
/** Room above a region's or a frame's content for its label. */
export const HEADER = 44;
const PADDING = 20;
/** Notes per row on a board without sections. */
const FREE_COLUMNS = 6;

/**
 * Notes per row inside every section: three, more when a section is busy, so that 500 notes make
 * a board about as wide as tall instead of a tower. The same for all sections, so regions align.
 */
function sectionColumns(busiest: number): number {
	return Math.min(10, Math.max(3, Math.ceil(Math.sqrt(busiest))));
}

export interface Rect {
	x: number;
	y: number;
	width: number;
	height: number;
}

export interface Region extends Rect {
	/** The section id (stored in notes' `section`). */
	id: string;
	label: string;
}

export interface Section {
	id: string;
	label: string;
}

type Point = { x: number; y: number };

/** How many regions side by side: the empathy map's quadrants read as a 2×2 (and pains/gains below). */
function regionColumns(count: number): number {
	if (count === 4 || count === 6 || count === 2) return 2;
	return Math.min(count, 3);
}

/**
 * The sections' regions and a shown position for each note in `unplaced` (notes without a layout
 * record). Regions grow with the notes of their section, so a busy quadrant never spills over.
 */
export function arrange(
	notes: readonly { id: string; section: string | null }[],
	unplaced: ReadonlySet<string>,
	sections: readonly Section[]
): { regions: Region[]; positions: Map<string, Point> } {
	const positions = new Map<string, Point>();
	const known = new Set(sections.map((s) => s.id));
	const bySection = new Map<string, { id: string }[]>();
	const loose: { id: string }[] = [];
	for (const note of notes) {
		if (note.section !== null && known.has(note.section)) {
			const list = bySection.get(note.section) ?? [];
			list.push(note);
			bySection.set(note.section, list);
		} else loose.push(note);
	}

	const columns = regionColumns(sections.length);
	const SECTION_COLUMNS = sectionColumns(
		Math.max(0, ...[...bySection.values()].map((list) => list.length))
	);
	const cell = { width: NOTE_WIDTH + GAP, height: NOTE_HEIGHT + GAP };
	const regionWidth = PADDING * 2 + SECTION_COLUMNS * cell.width - GAP;
	const rowsOf = (count: number) => Math.max(2, Math.ceil(count / SECTION_COLUMNS));
	const regions: Region[] = [];
	let top = 0;
	for (let start = 0; start < sections.length; start += columns) {
		const row = sections.slice(start, start + columns);
		const rows = Math.max(...row.map((s) => rowsOf(bySection.get(s.id)?.length ?? 0)));
		const height = HEADER + PADDING + rows * cell.height - GAP;
		row.forEach((section, column) => {
			const region = {
				id: section.id,
				label: section.label,
				x: column * (regionWidth + GAP * 2),
				y: top,
				width: regionWidth,
				height
			};
			regions.push(region);
			let slot = 0;
			for (const note of bySection.get(section.id) ?? []) {
				if (!unplaced.has(note.id)) continue;
				positions.set(note.id, {
					x: region.x + PADDING + (slot % SECTION_COLUMNS) * cell.width,
					y: region.y + HEADER + Math.floor(slot / SECTION_COLUMNS) * cell.height
				});
				slot++;
			}
		});
		top += height + GAP * 2;
	}

	// Wider than tall for many loose notes, as the sections are.
	const looseColumns = Math.max(FREE_COLUMNS, Math.ceil(Math.sqrt(loose.length * 2)));
	let slot = 0;
	for (const note of loose) {
		if (!unplaced.has(note.id)) continue;
		positions.set(note.id, {
			x: (slot % looseColumns) * cell.width,
			y: top + Math.floor(slot / looseColumns) * cell.height
		});
		slot++;
	}
	return { regions, positions };
}

/**
 * The frame drawn behind a cluster: around its notes with room for the label above, or at the
 * cluster's own position when it has none.
 */
export function clusterFrame(corner: Point, members: readonly Point[]): Rect {
	if (members.length === 0) {
		return { x: corner.x, y: corner.y, width: NOTE_WIDTH + PADDING * 2, height: HEADER + 60 };
	}
	const minX = Math.min(...members.map((p) => p.x));
	const minY = Math.min(...members.map((p) => p.y));
	const maxX = Math.max(...members.map((p) => p.x)) + NOTE_WIDTH;
	const maxY = Math.max(...members.map((p) => p.y)) + NOTE_HEIGHT;
	return {
		x: minX - PADDING,
		y: minY - HEADER,
		width: maxX - minX + PADDING * 2,
		height: maxY - minY + HEADER + PADDING
	};
}

/** The frame a point falls in, the smallest when frames overlap, or null. */
export function frameAt(point: Point, frames: ReadonlyMap<string, Rect>): string | null {
	let best: { id: string; area: number } | null = null;
	for (const [id, rect] of frames) {
		const inside =
			point.x >= rect.x &&
			point.x <= rect.x + rect.width &&
			point.y >= rect.y &&
			point.y <= rect.y + rect.height;
		const area = rect.width * rect.height;
		if (inside && (best === null || area < best.area)) best = { id, area };
	}
	return best?.id ?? null;
}
/**
 * Slots for `count` notes in a compact grid to the right of everything on the board (`taken`), where
 * an accepted suggestion gathers its notes without covering anything.
 */
export function gridRightOf(taken: readonly Rect[], count: number, columns = 3): Point[] {
	const right = taken.reduce((max, rect) => Math.max(max, rect.x + rect.width), 0);
	const top = taken.reduce((min, rect) => Math.min(min, rect.y), Infinity);
	const corner = { x: right + GAP * 4, y: (Number.isFinite(top) ? top : 0) + HEADER };
	return Array.from({ length: count }, (_, i) => ({
		x: corner.x + (i % columns) * (NOTE_WIDTH + GAP),
		y: corner.y + Math.floor(i / columns) * (NOTE_HEIGHT + GAP)
	}));
}

/**
 * Where notes joining a cluster go: in a row under its lowest note, so that its frame grows by a
 * row instead of stretching across the board; inside the empty frame when it has none.
 */
export function slotsBelow(corner: Point, members: readonly Point[], count: number): Point[] {
	const columns = 3;
	const start =
		members.length === 0
			? { x: corner.x + PADDING, y: corner.y + HEADER }
			: {
					x: Math.min(...members.map((p) => p.x)),
					y: Math.max(...members.map((p) => p.y)) + NOTE_HEIGHT + GAP
				};
	return Array.from({ length: count }, (_, i) => ({
		x: start.x + (i % columns) * (NOTE_WIDTH + GAP),
		y: start.y + Math.floor(i / columns) * (NOTE_HEIGHT + GAP)
	}));
}
