import type * as Y from 'yjs';
import { readSections } from '$lib/domain/board/sections';
import type { Section } from '$lib/domain/board/sections';

/**
 * A board's `meta` map (prompt, sections; written by staff) as Svelte state, following
 * the live document: a facilitator rewriting the prompt on the day reaches the phones at once.
 */
export class BoardMeta {
	prompt = $state('');
	sections = $state<Section[]>([]);
	kind = $state<string | null>(null);

	private readonly map: Y.Map<unknown>;
	private readonly refresh = () => {
		const prompt = this.map.get('prompt');
		const kind = this.map.get('kind');
		this.prompt = typeof prompt === 'string' ? prompt : '';
		this.kind = typeof kind === 'string' ? kind : null;
		this.sections = readSections(this.map.get('sections'));
	};

	constructor(doc: Y.Doc) {
		this.map = doc.getMap('meta');
		this.map.observe(this.refresh);
		this.refresh();
	}

	destroy() {
		this.map.unobserve(this.refresh);
	}
}
