import * as Y from 'yjs';

/**
 * Named operations on a board's staff roots, `layout` and `clusters` (DESIGN.md §3, STYLE.md rule 5).
 * A cluster groups the same notes, never copies: membership is `layout[noteId].clusterId`, and the
 * cluster record only holds its name, colour and where it sits when empty. Every change is one
 * transaction with a staff origin, writing whole plain-JSON records (the server refuses nested
 * types on boards and values over RECORD_MAX_BYTES).
 */

/** Where a note sits on the facilitator's canvas, as stored under `layout`. */
export interface LayoutRecord {
	/** Canvas x of the note's top-left corner, in canvas units. */
	x: number;
	/** Canvas y of the note's top-left corner, in canvas units. */
	y: number;
	/** The cluster the note belongs to, or null. */
	clusterId: string | null;
}

/** A cluster as stored under `clusters`. */
export interface ClusterRecord {
	/** The name the facilitator gave it, 1-60 characters. */
	label: string;
	/** Canvas position of its frame when it has no notes (its notes decide the frame otherwise). */
	x: number;
	y: number;
	/** One of CLUSTER_COLOURS. */
	colour: ClusterColour;
}

/** The palette clusters are coloured from; a new cluster takes the next unused one. */
export const CLUSTER_COLOURS = ['teal', 'violet', 'amber', 'rose', 'sky', 'lime', 'slate'] as const;
export type ClusterColour = (typeof CLUSTER_COLOURS)[number];

export const CLUSTER_LABEL_MAX = 60;

/** Who changed the layout: always a signed-in staff member. */
export type StaffOrigin = { source: 'staff'; userId: string };

/** A cluster with its notes, for the canvas and the list. */
export interface Cluster extends ClusterRecord {
	id: string;
	/** Its notes, in the order given by `noteOrder` when read (else by id). */
	noteIds: string[];
}

export type Point = { x: number; y: number };

export type LabelProblem = 'empty' | 'too-long';

/** Why a cluster name cannot be used, or null. */
export function labelProblem(label: string): LabelProblem | null {
	const clean = cleanLabel(label);
	if (clean.length === 0) return 'empty';
	if ([...clean].length > CLUSTER_LABEL_MAX) return 'too-long';
	return null;
}

/** A name as stored: one line, no control characters, trimmed. */
export function cleanLabel(label: string): string {
	return label
		.normalize('NFC')
		.replace(/[\p{Cc}\p{Cf}]+/gu, ' ')
		.replace(/\s+/g, ' ')
		.trim();
}

export function isClusterColour(value: unknown): value is ClusterColour {
	return (CLUSTER_COLOURS as readonly unknown[]).includes(value);
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function newClusterId(random: () => number = Math.random): string {
	let id = 'c-';
	for (let i = 0; i < 12; i++) id += ID_ALPHABET[Math.floor(random() * ID_ALPHABET.length)];
	return id;
}

/** The first palette colour no cluster uses yet; once all are taken, round the palette again. */
export function nextColour(used: readonly string[]): ClusterColour {
	const free = CLUSTER_COLOURS.find((colour) => !used.includes(colour));
	return free ?? CLUSTER_COLOURS[used.length % CLUSTER_COLOURS.length]!;
}

/** A stored layout record, or null when what is stored is not one (the document is shared). */
export function layoutOf(doc: Y.Doc, noteId: string): LayoutRecord | null {
	return asLayout(doc.getMap('layout').get(noteId));
}

function asLayout(value: unknown): LayoutRecord | null {
	if (typeof value !== 'object' || value === null) return null;
	const { x, y, clusterId } = value as Record<string, unknown>;
	if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x + y)) return null;
	return { x, y, clusterId: typeof clusterId === 'string' ? clusterId : null };
}

function asCluster(value: unknown): ClusterRecord | null {
	if (typeof value !== 'object' || value === null) return null;
	const { label, x, y, colour } = value as Record<string, unknown>;
	if (typeof label !== 'string') return null;
	return {
		label,
		x: typeof x === 'number' && Number.isFinite(x) ? x : 0,
		y: typeof y === 'number' && Number.isFinite(y) ? y : 0,
		colour: isClusterColour(colour) ? colour : CLUSTER_COLOURS[0]
	};
}

/** Every stored layout record that reads as one. */
export function readLayout(doc: Y.Doc): Map<string, LayoutRecord> {
	const layout = new Map<string, LayoutRecord>();
	for (const [noteId, value] of doc.getMap('layout')) {
		const record = asLayout(value);
		if (record) layout.set(noteId, record);
	}
	return layout;
}

/**
 * The clusters with their notes. Only notes in `noteIds` count (a layout record may outlive its
 * note, or belong to a hidden one); a layout pointing at a deleted cluster leaves the note loose.
 */
export function readClusters(doc: Y.Doc, noteIds: readonly string[]): Cluster[] {
	const clusters = new Map<string, Cluster>();
	for (const [id, value] of doc.getMap('clusters')) {
		const record = asCluster(value);
		if (record) clusters.set(id, { id, ...record, noteIds: [] });
	}
	const layout = doc.getMap('layout');
	for (const noteId of noteIds) {
		const clusterId = asLayout(layout.get(noteId))?.clusterId;
		if (clusterId) clusters.get(clusterId)?.noteIds.push(noteId);
	}
	return [...clusters.values()].sort(
		(a, b) => a.label.localeCompare(b.label) || (a.id < b.id ? -1 : 1)
	);
}

/**
 * Moves notes to where they were dropped, and optionally into (or out of) a cluster. `clusterId`
 * undefined keeps each note's cluster.
 */
export function moveNotes(
	doc: Y.Doc,
	origin: StaffOrigin,
	moves: readonly { noteId: string; x: number; y: number; clusterId?: string | null }[]
) {
	const layout = doc.getMap('layout');
	doc.transact(() => {
		for (const move of moves) {
			if (!Number.isFinite(move.x) || !Number.isFinite(move.y)) continue;
			const clusterId =
				move.clusterId === undefined
					? (asLayout(layout.get(move.noteId))?.clusterId ?? null)
					: move.clusterId;
			layout.set(move.noteId, { x: Math.round(move.x), y: Math.round(move.y), clusterId });
		}
	}, origin);
}

/**
 * Puts notes into a cluster (or takes them out, with null). Notes never moved have no layout yet:
 * they are written where the canvas shows them now (`shownAt`), so nothing jumps.
 */
export function assignNotes(
	doc: Y.Doc,
	origin: StaffOrigin,
	noteIds: readonly string[],
	clusterId: string | null,
	shownAt: (noteId: string) => Point
) {
	if (clusterId !== null && !doc.getMap('clusters').has(clusterId)) return;
	const layout = doc.getMap('layout');
	doc.transact(() => {
		for (const noteId of noteIds) {
			const at = asLayout(layout.get(noteId)) ?? shownAt(noteId);
			layout.set(noteId, { x: Math.round(at.x), y: Math.round(at.y), clusterId });
		}
	}, origin);
}

/**
 * Creates a cluster named `label` from `noteIds` (moved out of any other cluster) and returns its
 * id, or null when the name is not usable.
 */
export function createCluster(
	doc: Y.Doc,
	origin: StaffOrigin,
	input: {
		label: string;
		colour?: ClusterColour;
		noteIds: readonly string[];
		/** Where to put the notes, one point per note; by default they stay where they are. */
		placeAt?: readonly Point[];
	},
	shownAt: (noteId: string) => Point,
	random: () => number = Math.random
): string | null {
	if (labelProblem(input.label) !== null) return null;
	const clusters = doc.getMap('clusters');
	const used = [...clusters.values()].map((value) => asCluster(value)?.colour ?? '');
	const id = newClusterId(random);
	const layout = doc.getMap('layout');
	const positions = input.noteIds.map(
		(noteId, index) => input.placeAt?.[index] ?? asLayout(layout.get(noteId)) ?? shownAt(noteId)
	);
	const corner = positions.reduce<Point>(
		(min, p) => ({ x: Math.min(min.x, p.x), y: Math.min(min.y, p.y) }),
		positions[0] ?? { x: 0, y: 0 }
	);
	const record: ClusterRecord = {
		label: cleanLabel(input.label),
		x: Math.round(corner.x),
		y: Math.round(corner.y),
		colour: input.colour ?? nextColour(used)
	};
	doc.transact(() => {
		clusters.set(id, record);
		input.noteIds.forEach((noteId, index) => {
			const at = positions[index]!;
			layout.set(noteId, { x: Math.round(at.x), y: Math.round(at.y), clusterId: id });
		});
	}, origin);
	return id;
}

/** Renames a cluster; false when the name is not usable or the cluster is gone. */
export function renameCluster(
	doc: Y.Doc,
	origin: StaffOrigin,
	clusterId: string,
	label: string
): boolean {
	const clusters = doc.getMap('clusters');
	const current = asCluster(clusters.get(clusterId));
	if (!current || labelProblem(label) !== null) return false;
	doc.transact(() => clusters.set(clusterId, { ...current, label: cleanLabel(label) }), origin);
	return true;
}

export function recolourCluster(
	doc: Y.Doc,
	origin: StaffOrigin,
	clusterId: string,
	colour: ClusterColour
): boolean {
	const clusters = doc.getMap('clusters');
	const current = asCluster(clusters.get(clusterId));
	if (!current || !isClusterColour(colour)) return false;
	doc.transact(() => clusters.set(clusterId, { ...current, colour }), origin);
	return true;
}

/** Deletes a cluster; its notes stay where they are, in no cluster (ungrouped). */
export function deleteCluster(doc: Y.Doc, origin: StaffOrigin, clusterId: string) {
	const clusters = doc.getMap('clusters');
	const layout = doc.getMap('layout');
	if (!clusters.has(clusterId)) return;
	doc.transact(() => {
		for (const [noteId, value] of layout) {
			const record = asLayout(value);
			if (record?.clusterId === clusterId) layout.set(noteId, { ...record, clusterId: null });
		}
		clusters.delete(clusterId);
	}, origin);
}
