import { m } from '$lib/paraglide/messages';

/**
 * The facilitator's requests to the server, each under a name (the control it belongs to), so that
 * each control can show its own refusal next to it and be disabled while its request is in
 * flight. Nothing here changes what is shown as the workshop's state: that comes back through the
 * control document, so two facilitators always see the same.
 */
export class Requests {
	/** Names of the requests in flight. */
	pending = $state<Record<string, true>>({});
	/** The last refusal per name, in the facilitator's language (the server's `message`). */
	errors = $state<Record<string, string>>({});

	constructor(private readonly workshopId: string) {}

	busy(name: string): boolean {
		return this.pending[name] === true;
	}

	error(name: string): string | null {
		return this.errors[name] ?? null;
	}

	/** Sets a refusal found before asking the server (a field left empty). */
	refuse(name: string, message: string) {
		this.errors = { ...this.errors, [name]: message };
	}

	clear(name: string) {
		if (!(name in this.errors)) return;
		const { [name]: _, ...rest } = this.errors;
		this.errors = rest;
	}

	/** One action of `POST /api/workshops/<id>/actions`; true when the server accepted it. */
	action(name: string, body: Record<string, unknown>): Promise<boolean> {
		return this.post(name, `/api/workshops/${this.workshopId}/actions`, body);
	}

	/** The dots counted on a paper sheet for one item; true when stored. */
	paperVotes(name: string, boardId: string, itemId: string, count: number): Promise<boolean> {
		return this.post(name, `/api/boards/${boardId}/paper-votes`, { itemId, count });
	}

	private async post(name: string, url: string, body: unknown): Promise<boolean> {
		if (this.busy(name)) return false;
		this.pending = { ...this.pending, [name]: true };
		this.clear(name);
		try {
			const response = await fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json', accept: 'application/json' },
				body: JSON.stringify(body)
			});
			if (response.ok) return true;
			const answer = (await response.json().catch(() => null)) as { message?: unknown } | null;
			this.refuse(name, typeof answer?.message === 'string' ? answer.message : m.error_server());
			return false;
		} catch {
			this.refuse(name, m.run_error_network());
			return false;
		} finally {
			const { [name]: _, ...rest } = this.pending;
			this.pending = rest;
		}
	}
}
