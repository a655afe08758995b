import type * as Y from 'yjs';

/**
 * Reading the groups a facilitator makes on a board (DESIGN.md §3): `clusters` (clusterId →
 * { label, x, y, colour }) and `layout` (noteId → { x, y, clusterId }), both written by staff.
 * A phone cannot show a canvas, so the groups become a list in the canvas's reading order.
 */

/** A cluster as a phone shows it. */
export interface Cluster {
	id: string;
	/** The facilitator's name for the group; may be empty while they are still typing it. */
	label: string;
	/** A colour name or CSS colour the canvas gave it, or null. */
	colour: string | null;
	x: number;
	y: number;
}

/** A cluster with the notes in it, in the order the notes were given. */
export interface ClusterGroup<N> extends Cluster {
	notes: N[];
}

/** The board's clusters, in reading order (top to bottom, then left to right). */
export function readClusters(doc: Y.Doc): Cluster[] {
	const list: Cluster[] = [];
	for (const [id, value] of doc.getMap<unknown>('clusters')) {
		// Written by staff, yet read defensively: one odd record must not blank the phone.
		if (typeof value !== 'object' || value === null) continue;
		const record = value as Record<string, unknown>;
		list.push({
			id,
			label: typeof record.label === 'string' ? record.label : '',
			colour: typeof record.colour === 'string' ? record.colour : null,
			x: typeof record.x === 'number' && Number.isFinite(record.x) ? record.x : 0,
			y: typeof record.y === 'number' && Number.isFinite(record.y) ? record.y : 0
		});
	}
	return list.sort((a, b) => a.y - b.y || a.x - b.x || a.id.localeCompare(b.id));
}

/** Which cluster each note is in (noteId → clusterId), from the board's `layout`. */
export function readMembership(doc: Y.Doc): Map<string, string> {
	const membership = new Map<string, string>();
	for (const [noteId, value] of doc.getMap<unknown>('layout')) {
		if (typeof value !== 'object' || value === null) continue;
		const clusterId = (value as Record<string, unknown>).clusterId;
		if (typeof clusterId === 'string' && clusterId) membership.set(noteId, clusterId);
	}
	return membership;
}

/**
 * Sorts notes into their clusters; notes in no cluster (or in one that was removed) come back as
 * `loose`, to be shown after the groups.
 */
export function groupByCluster<N extends { key: string }>(
	notes: readonly N[],
	clusters: readonly Cluster[],
	membership: ReadonlyMap<string, string>
): { groups: ClusterGroup<N>[]; loose: N[] } {
	const groups = clusters.map((c) => ({ ...c, notes: [] as N[] }));
	const byId = new Map(groups.map((g) => [g.id, g]));
	const loose: N[] = [];
	for (const note of notes) {
		const clusterId = membership.get(note.key);
		const group = clusterId ? byId.get(clusterId) : undefined;
		if (group) group.notes.push(note);
		else loose.push(note);
	}
	return { groups, loose };
}
