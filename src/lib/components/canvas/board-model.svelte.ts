import type * as Y from 'yjs';
import { readClusters, readLayout } from '$lib/domain/board/clusters';
import type { Cluster, LayoutRecord } from '$lib/domain/board/clusters';
import { readNotes } from '$lib/domain/board/notes';
import type { BoardNote } from '$lib/domain/board/notes';
import type { Section } from '$lib/domain/board/canvas-layout';

/**
 * What the canvas shows of a board document, as Svelte state. One observer per root map (never one
 * per note), and changes that arrive together are read once per animation frame: 500 notes arriving
 * or a remote drag of 30 notes costs one re-read, not one per change.
 */
export class BoardModel {
	notes = $state.raw<BoardNote[]>([]);
	// Replaced whole on every read, never changed in place: a plain Map in raw state is enough.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	layout = $state.raw<Map<string, LayoutRecord>>(new Map());
	clusters = $state.raw<Cluster[]>([]);
	sections = $state.raw<Section[]>([]);

	private frame: number | null = null;
	private readonly roots: Y.Map<unknown>[];
	private readonly schedule = () => {
		if (this.frame !== null) return;
		this.frame = requestAnimationFrame(() => {
			this.frame = null;
			this.read();
		});
	};

	constructor(private readonly doc: Y.Doc) {
		this.roots = ['notes', 'layout', 'clusters', 'moderation', 'meta'].map((name) =>
			doc.getMap(name)
		);
		for (const root of this.roots) root.observe(this.schedule);
		this.read();
	}

	private read() {
		const notes = readNotes(this.doc, null);
		this.notes = notes;
		this.layout = readLayout(this.doc);
		this.clusters = readClusters(
			this.doc,
			notes.map((note) => note.key)
		);
		this.sections = sectionsOf(this.doc.getMap('meta').get('sections'));
	}

	destroy() {
		for (const root of this.roots) root.unobserve(this.schedule);
		if (this.frame !== null) cancelAnimationFrame(this.frame);
	}
}

function sectionsOf(value: unknown): Section[] {
	if (!Array.isArray(value)) return [];
	return value.flatMap((entry: unknown) => {
		if (typeof entry !== 'object' || entry === null) return [];
		const { id, label } = entry as Record<string, unknown>;
		return typeof id === 'string' && typeof label === 'string' ? [{ id, label }] : [];
	});
}
