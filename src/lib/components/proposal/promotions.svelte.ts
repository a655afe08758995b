import { getContext, setContext } from 'svelte';
import { suggestedTitle } from '$lib/domain/proposal/provenance';
import type { Stage } from '$lib/domain/proposal/stages';

/** A board item's proposal, as `GET /api/boards/<id>/proposals` lists it. */
export interface PromotedItem {
	itemId: string;
	proposalId: string;
	title: string;
	stage: Stage;
}

/**
 * What of the board in view became a proposal, for the live room's "proposta" badges and the
 * promotion forms. Read from the database (proposal_sources) through the API, never from the board
 * document: a proposal is a decision the server recorded. Reloaded after each promotion.
 */
export class Promotions {
	private items = $state<PromotedItem[]>([]);
	private boardId: string | null = null;

	constructor(
		/** The workshop's branch, the branch a new proposal starts at unless changed. */
		readonly workshopBranchId: string | null
	) {}

	async load(boardId: string | null) {
		this.boardId = boardId;
		if (!boardId) {
			this.items = [];
			return;
		}
		const response = await fetch(`/api/boards/${boardId}/proposals`).catch(() => null);
		if (!response?.ok || this.boardId !== boardId) return;
		const body = (await response.json()) as { promoted: PromotedItem[] };
		this.items = body.promoted;
	}

	refresh() {
		return this.load(this.boardId);
	}

	/** The proposals an item is part of, oldest first (usually one). */
	of(itemId: string): PromotedItem[] {
		return this.items.filter((item) => item.itemId === itemId);
	}
}

const KEY = Symbol('promotions');

export function providePromotions(promotions: Promotions) {
	setContext(KEY, promotions);
}

/** The live room's promotions, or undefined where nobody provided them (promotion is then off). */
export function usePromotions(): Promotions | undefined {
	return getContext<Promotions | undefined>(KEY);
}

/** The title a promotion form starts with (provenance.ts): the cluster's name or the first note. */
export function titleFor(cluster: { id: string; label: string } | null, texts: string[]): string {
	return suggestedTitle({
		ok: true,
		cluster,
		notes: texts.map((text, i) => ({
			id: String(i),
			text,
			authorName: '',
			authorId: null,
			fromPaper: false
		}))
	});
}
