import type * as Y from 'yjs';
import { readClusters, readMembership } from '$lib/domain/board/cluster-groups';
import type { Cluster } from '$lib/domain/board/cluster-groups';

/** A board's clusters and which note is in which, as Svelte state following the live document. */
export class BoardGroups {
	clusters = $state.raw<Cluster[]>([]);
	// Replaced whole on every change, never mutated: a plain Map in raw state is enough.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	membership = $state.raw<ReadonlyMap<string, string>>(new Map());

	private readonly refresh = () => {
		this.clusters = readClusters(this.doc);
		this.membership = readMembership(this.doc);
	};

	constructor(private readonly doc: Y.Doc) {
		doc.getMap('clusters').observe(this.refresh);
		doc.getMap('layout').observe(this.refresh);
		this.refresh();
	}

	destroy() {
		this.doc.getMap('clusters').unobserve(this.refresh);
		this.doc.getMap('layout').unobserve(this.refresh);
	}
}
