import { m } from '$lib/paraglide/messages';

/**
 * A resident's dots on one board, from the phone: read with `GET /api/boards/<id>/votes`, placed
 * and taken back one at a time with `POST` (DESIGN.md §4). The server decides; the phone shows
 * what it answered, and a refusal in the words the server chose in the resident's language.
 */

interface MyVotesBody {
	remaining: number;
	budget: number;
	maxPerItem: number | null;
	votes: Record<string, number>;
}

export class MyDots {
	/** null until the first answer. */
	remaining = $state<number | null>(null);
	budget = $state<number | null>(null);
	maxPerItem = $state<number | null>(null);
	/** My dots by item id. */
	votes = $state<Record<string, number>>({});
	/** The last refusal, to show until the next dot or until dismissed. */
	refusal = $state<string | null>(null);
	/** A dot on its way: further taps wait, so that two quick taps are two dots in order. */
	pending = $state(false);

	private readonly url: string;

	constructor(readonly boardId: string) {
		this.url = `/api/boards/${encodeURIComponent(boardId)}/votes`;
	}

	/** Reads my dots, budget and cap again (on load, and when the vote opens or changes). */
	async load(): Promise<void> {
		try {
			const response = await fetch(this.url, { headers: { accept: 'application/json' } });
			if (!response.ok) {
				this.refusal = await messageOf(response);
				return;
			}
			const body = (await response.json()) as MyVotesBody;
			this.remaining = body.remaining;
			this.budget = body.budget;
			this.maxPerItem = body.maxPerItem;
			this.votes = body.votes;
		} catch {
			this.refusal = m.vote_error_network();
		}
	}

	/** Places (`1`) or takes back (`-1`) one dot on `itemId`. */
	async place(itemId: string, delta: 1 | -1): Promise<void> {
		if (this.pending) return;
		this.pending = true;
		try {
			const response = await fetch(this.url, {
				method: 'POST',
				headers: { 'content-type': 'application/json', accept: 'application/json' },
				body: JSON.stringify({ itemId, delta })
			});
			if (response.ok) {
				const { remaining } = (await response.json()) as { remaining: number };
				const count = Math.max(0, (this.votes[itemId] ?? 0) + delta);
				const { [itemId]: _dropped, ...others } = this.votes;
				this.votes = count > 0 ? { ...others, [itemId]: count } : others;
				this.remaining = remaining;
				this.refusal = null;
				return;
			}
			this.refusal = await messageOf(response);
			// A refusal may mean the phone's picture is stale (a dot from another tab, a new budget).
			if (response.status === 409 || response.status === 423) await this.reread();
		} catch {
			this.refusal = m.vote_error_network();
		} finally {
			this.pending = false;
		}
	}

	dismiss() {
		this.refusal = null;
	}

	private async reread() {
		const refusal = this.refusal;
		await this.load();
		this.refusal = refusal;
	}
}

/** The server's message for a refusal, already in the resident's language. */
async function messageOf(response: Response): Promise<string> {
	try {
		const body = (await response.json()) as { message?: unknown };
		if (typeof body.message === 'string' && body.message) return body.message;
	} catch {
		// Not JSON (a proxy's error page): fall through to our own words.
	}
	return m.vote_error_network();
}
