import type * as Y from 'yjs';
import type { BoardControl, ControlState, RevealedTally, Timer } from './control';

/**
 * How a `ControlState` sits in the `control:<workshopId>` live document (DESIGN.md §3, "Control
 * document"). The server writes it with `write` after every action; browsers read it with `read`.
 *
 * Shape, schema version 1. Every value is plain JSON (no nested Y types): the server replaces a
 * whole value at a time, and a reader never sees half of one.
 * - `workshop` (Y.Map): `schemaVersion`, `status`, `agenda` (activities in order), `currentActivityId`,
 *   `timer`.
 * - `boards` (Y.Map boardId → BoardControl).
 * - `revealed` (Y.Map boardId → RevealedTally).
 * A change of this shape raises CONTROL_SCHEMA_VERSION; a reader that finds another version
 * returns null rather than guessing (the page then asks to reload).
 * A field added where an older document's missing value has a meaning (an agenda activity's
 * `voteOn`: notes; a board's `hasDots`: false) is no change of shape: `read` fills it in, and
 * older pages ignore it.
 */

export const CONTROL_SCHEMA_VERSION = 1;
export const CONTROL_ROOTS = ['workshop', 'boards', 'revealed'] as const;

/** Writes what differs between the document and `state`, leaving equal values untouched. */
export function write(doc: Y.Doc, state: ControlState): void {
	doc.transact(() => {
		const workshop = doc.getMap<unknown>('workshop');
		setIfChanged(workshop, 'schemaVersion', CONTROL_SCHEMA_VERSION);
		setIfChanged(workshop, 'status', state.status);
		setIfChanged(workshop, 'agenda', state.agenda);
		setIfChanged(workshop, 'currentActivityId', state.currentActivityId);
		setIfChanged(workshop, 'timer', state.timer);
		replaceAll(doc.getMap<unknown>('boards'), state.boards);
		replaceAll(doc.getMap<unknown>('revealed'), state.revealed);
	});
}

/** The state the document holds, or null before the server first wrote it (or for another version). */
export function read(doc: Y.Doc): ControlState | null {
	const workshop = doc.getMap<unknown>('workshop');
	if (workshop.get('schemaVersion') !== CONTROL_SCHEMA_VERSION) return null;
	// Only the server writes this document (clients' writes are refused before they are applied),
	// so its values are trusted to have the shape `write` gave them.
	return {
		status: workshop.get('status') as ControlState['status'],
		agenda: (workshop.get('agenda') as ControlState['agenda'] | undefined) ?? [],
		currentActivityId: (workshop.get('currentActivityId') as string | null | undefined) ?? null,
		timer: workshop.get('timer') as Timer,
		// hasDots came later: a document written before it says nothing, which means none.
		boards: Object.fromEntries(
			[...doc.getMap<BoardControl>('boards').entries()].map(([id, board]) => [
				id,
				{ ...board, hasDots: board.hasDots ?? false }
			])
		),
		revealed: Object.fromEntries(doc.getMap<RevealedTally>('revealed').entries())
	};
}

/** Plain JSON copy, so that the document never holds a reference into the caller's state. */
function plain<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

/** JSON with object keys sorted: equal values give equal text whatever order built them. */
function canonical(value: unknown): string {
	return JSON.stringify(value, (_key, v: unknown) =>
		v && typeof v === 'object' && !Array.isArray(v)
			? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
			: v
	);
}

// An unchanged value is not written again: every write is journaled and sent to every screen.
function setIfChanged(map: Y.Map<unknown>, key: string, value: unknown) {
	if (map.has(key) && canonical(map.get(key)) === canonical(value)) return;
	map.set(key, plain(value));
}

function replaceAll(map: Y.Map<unknown>, entries: Record<string, unknown>) {
	for (const key of [...map.keys()]) if (!Object.hasOwn(entries, key)) map.delete(key);
	for (const [key, value] of Object.entries(entries)) setIfChanged(map, key, value);
}
