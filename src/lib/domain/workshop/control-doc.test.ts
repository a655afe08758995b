import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Activity } from './agenda';
import { applyAction, initial } from './control';
import type { ControlAction, ControlState } from './control';
import * as controlDoc from './control-doc';

const WALL = '00000000-0000-4000-8000-00000000000a';
const VOTE = '00000000-0000-4000-8000-00000000000c';
const BOARD = '00000000-0000-4000-8000-0000000000b1';
const T0 = 1_800_000_000_000;

const agenda: Activity[] = [
	{ id: WALL, kind: 'idea-wall', title: 'Muro delle idee', boardId: BOARD },
	{ id: VOTE, kind: 'dot-voting', title: 'Voto', boardId: BOARD }
];

function after(state: ControlState, ...actions: ControlAction[]): ControlState {
	for (const action of actions) {
		const result = applyAction(state, action, T0, {
			tally: [{ itemId: 'n1', total: 3, online: 2, paper: 1, rank: 1 }],
			dots: 0
		});
		if (!result.ok) throw new Error(`refused: ${result.code}`);
		state = result.state;
	}
	return state;
}

/** What a browser holds after receiving the server's document. */
function received(server: Y.Doc): Y.Doc {
	const browser = new Y.Doc();
	Y.applyUpdate(browser, Y.encodeStateAsUpdate(server));
	return browser;
}

describe('the control document', () => {
	it('reads back exactly the state the server wrote, in a browser', () => {
		const state = after(
			initial('live', agenda),
			{ type: 'goto', activityId: VOTE },
			{ type: 'voting', boardId: BOARD, state: 'open', budget: 5, maxPerItem: 2 },
			{ type: 'voting', boardId: BOARD, state: 'revealed' },
			{ type: 'timer', op: 'start', seconds: 90 },
			{ type: 'private-mode', boardId: BOARD, on: true }
		);
		const doc = new Y.Doc();
		controlDoc.write(doc, state);
		expect(controlDoc.read(received(doc))).toEqual(state);
	});

	it('carries what a dot vote counts dots on, and reads an older document as none dotted', () => {
		const state = after(initial('live', agenda), {
			type: 'vote-on',
			activityId: VOTE,
			on: 'clusters'
		});
		const doc = new Y.Doc();
		controlDoc.write(doc, state);
		expect(controlDoc.read(received(doc))?.agenda[1]).toMatchObject({ voteOn: 'clusters' });
		// A board written before hasDots existed.
		const { hasDots: _, ...older } = state.boards[BOARD]!;
		doc.getMap('boards').set(BOARD, older);
		expect(controlDoc.read(received(doc))?.boards[BOARD]?.hasDots).toBe(false);
	});

	it('is empty to a reader until the server first writes it', () => {
		expect(controlDoc.read(new Y.Doc())).toBeNull();
	});

	it('refuses to guess at a document of another schema version', () => {
		const doc = new Y.Doc();
		controlDoc.write(doc, initial('live', agenda));
		doc.getMap('workshop').set('schemaVersion', controlDoc.CONTROL_SCHEMA_VERSION + 1);
		expect(controlDoc.read(doc)).toBeNull();
	});

	it('writes only what changed, so an unchanged state sends nothing', () => {
		const doc = new Y.Doc();
		const state = initial('live', agenda);
		controlDoc.write(doc, state);
		const updates: Uint8Array[] = [];
		doc.on('update', (update: Uint8Array) => updates.push(update));
		// The same values built in another key order are still the same values.
		controlDoc.write(doc, JSON.parse(JSON.stringify({ ...state, timer: { ...state.timer } })));
		expect(updates).toHaveLength(0);
		controlDoc.write(doc, after(state, { type: 'goto', activityId: WALL }));
		expect(updates).toHaveLength(1);
		expect(controlDoc.read(doc)?.currentActivityId).toBe(WALL);
	});

	it('drops the boards and results that left the state', () => {
		const doc = new Y.Doc();
		controlDoc.write(doc, initial('live', agenda));
		controlDoc.write(doc, initial('live', []));
		expect(controlDoc.read(doc)?.boards).toEqual({});
		expect([...doc.getMap('boards').keys()]).toEqual([]);
	});

	it('keeps only plain JSON in the document, never the caller’s objects', () => {
		const doc = new Y.Doc();
		const state = initial('live', agenda);
		controlDoc.write(doc, state);
		state.agenda[0]!.title = 'cambiato dopo';
		expect(controlDoc.read(doc)?.agenda[0]?.title).toBe('Muro delle idee');
	});
});
