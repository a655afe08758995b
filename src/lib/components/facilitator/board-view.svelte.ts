import type { LiveDocument } from '$lib/collab/live-document.svelte';
import { readClusters } from '$lib/domain/board/cluster-groups';
import type { Cluster } from '$lib/domain/board/cluster-groups';
import { readAllNotes, readSections } from '$lib/domain/board/facilitator-notes';
import type { BoardSection, FacilitatorNote } from '$lib/domain/board/facilitator-notes';

/** A board's notes, sections and clusters as the facilitator sees them, kept up to date as $state. */
export class BoardView {
	notes = $state<FacilitatorNote[]>([]);
	sections = $state<BoardSection[]>([]);
	/** In reading order; a vote on clusters counts dots on these. */
	clusters = $state.raw<Cluster[]>([]);
	private readonly refresh = () => {
		this.notes = readAllNotes(this.live.doc);
		this.sections = readSections(this.live.doc);
		this.clusters = readClusters(this.live.doc);
	};

	constructor(readonly live: LiveDocument) {
		live.doc.on('update', this.refresh);
		this.refresh();
	}

	/** A note by key (results and dots name items by it). */
	find(key: string): FacilitatorNote | null {
		return this.notes.find((n) => n.key === key) ?? null;
	}

	/** A cluster by id (results and dots of a vote on clusters name items by it). */
	cluster(id: string): Cluster | null {
		return this.clusters.find((c) => c.id === id) ?? null;
	}

	sectionLabel(id: string | null): string | null {
		if (id === null) return null;
		return this.sections.find((s) => s.id === id)?.label ?? id;
	}

	destroy() {
		this.live.doc.off('update', this.refresh);
	}
}
