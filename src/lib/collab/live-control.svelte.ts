import { read } from '$lib/domain/workshop/control-doc';
import type { BoardControl, ControlState } from '$lib/domain/workshop/control';
import type { Activity } from '$lib/domain/workshop/agenda';
import { isResident, presentPeople } from '$lib/domain/workshop/presence';
import type { Present } from '$lib/domain/workshop/presence';
import { LiveDocument } from './live-document.svelte';
import { serverOffset } from './server-clock';

/**
 * A workshop's control document (`control:<workshopId>`, DESIGN.md §3) as Svelte 5 state: the
 * agenda, the activity everyone follows, each board's phase and voting, the timer and the revealed
 * tallies, plus who is connected. Only the server writes it; every screen (phone, facilitator,
 * projector) reads it through this class, so they all follow the same facts.
 */

export class LiveControl {
	/** null until the first sync (or if the document is of another schema version). */
	state = $state<ControlState | null>(null);
	/** Residents (participants) with the workshop open right now: people, not screens. */
	residents = $state(0);
	/** Everyone present, one entry per person however many screens they have open. */
	present = $state<Present[]>([]);
	/** Milliseconds to add to `Date.now()` to read the server's clock. */
	offset = $state(0);

	readonly live: LiveDocument;

	constructor(readonly workshopId: string) {
		this.live = new LiveDocument(`control:${workshopId}`);
		const refresh = () => (this.state = read(this.live.doc));
		this.live.doc.on('update', refresh);
		refresh();
		const awareness = this.live.awareness;
		const count = () => {
			this.present = presentPeople(awareness.getStates().values());
			this.residents = this.present.filter(isResident).length;
		};
		awareness.on('change', count);
		count();
		// Peers ignore a presence at clock 0 (y-protocols' first local state): one field moves it
		// to clock 1, so this screen is counted. The server adds who it is (never the client).
		awareness.setLocalStateField('present', true);
		void serverOffset().then((offset) => (this.offset = offset));
	}

	/** The server's clock now, as well as this device can tell. */
	serverNow(): number {
		return Date.now() + this.offset;
	}

	/** The activity everyone follows, or null. */
	get current(): Activity | null {
		const state = this.state;
		if (!state?.currentActivityId) return null;
		return state.agenda.find((a) => a.id === state.currentActivityId) ?? null;
	}

	/** What the server decided about one board (phase, voting, private mode), or null. */
	board(boardId: string): BoardControl | null {
		return this.state?.boards[boardId] ?? null;
	}

	destroy() {
		this.live.destroy();
	}
}
