import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	authorOfKey,
	holdsNotes,
	mirrorPlan,
	readHeld,
	readResidentNotes,
	releasesAll
} from './held';

const A = '0b7c2a4e-5d1f-4c3a-9e8b-1a2b3c4d5e6f';
const B = '7d3e9f10-2b4c-4a6d-8e0f-123456789abc';

function note(authorId: string, text: string, createdAt: number) {
	return { authorId, authorName: 'Maria', text, section: null, colour: 'yellow', createdAt };
}

describe('held notes', () => {
	it('holds notes while private mode or pre-moderation is on', () => {
		expect(holdsNotes({ privateMode: false, premoderation: false })).toBe(false);
		expect(holdsNotes({ privateMode: true, premoderation: false })).toBe(true);
		expect(holdsNotes({ privateMode: false, premoderation: true })).toBe(true);
	});

	it('releases everything only when the last of the two is turned off', () => {
		const both = { privateMode: true, premoderation: true };
		expect(releasesAll(both, { privateMode: false, premoderation: true })).toBe(false);
		expect(releasesAll({ privateMode: true, premoderation: false }, both)).toBe(false);
		expect(
			releasesAll(
				{ privateMode: false, premoderation: true },
				{ privateMode: false, premoderation: false }
			)
		).toBe(true);
	});

	it('reads the held notes oldest first, leaving out what is not a note', () => {
		const doc = new Y.Doc();
		const notes = doc.getMap('notes');
		notes.set(`${A}:secondnote`, note(A, 'dopo', 2));
		notes.set(`${B}:firstnote1`, note(B, 'prima', 1));
		notes.set(`${A}:forgedkey1`, note(B, 'chiave di un altro', 3));
		notes.set(`${A}:notanote12`, 'testo');
		expect(readHeld(doc).map((h) => [h.key, h.note.text])).toEqual([
			[`${B}:firstnote1`, 'prima'],
			[`${A}:secondnote`, 'dopo']
		]);
	});

	it('tells the author of a key', () => {
		expect(authorOfKey(`${A}:abcdefgh`)).toBe(A);
		expect(authorOfKey('nokey')).toBeNull();
	});

	it('plans a mirror that sets new and changed notes and drops only the author’s gone ones', () => {
		const inbox = new Map<string, unknown>([
			[`${A}:same000001`, note(A, 'uguale', 1)],
			[`${A}:changed001`, note(A, 'nuovo testo', 2)],
			[`${A}:added00001`, note(A, 'aggiunta', 3)]
		]);
		const held = new Map<string, unknown>([
			[`${A}:same000001`, note(A, 'uguale', 1)],
			[`${A}:changed001`, note(A, 'vecchio testo', 2)],
			[`${A}:deleted001`, note(A, 'cancellata', 4)],
			[`${B}:other00001`, note(B, 'di un altro', 5)]
		]);
		const plan = mirrorPlan(inbox, held, A);
		expect(plan.set.map(([key]) => key)).toEqual([`${A}:changed001`, `${A}:added00001`]);
		expect(plan.remove).toEqual([`${A}:deleted001`]);
	});

	it('shows a resident their held notes beside the board’s, and a released one once', () => {
		const board = new Y.Doc();
		const inbox = new Y.Doc();
		board.getMap('notes').set(`${B}:othernote`, note(B, 'di Luca', 1));
		board.getMap('notes').set(`${B}:hiddennote`, note(B, 'nascosta', 2));
		board.getMap('moderation').set(`${B}:hiddennote`, { hidden: true, reason: 'fuori tema' });
		inbox.getMap('notes').set(`${A}:waitingone`, note(A, 'in attesa', 3));
		inbox.getMap('notes').set(`${A}:hiddenheld`, note(A, 'nascosta in attesa', 4));
		board.getMap('moderation').set(`${A}:hiddenheld`, { hidden: true, reason: 'offensiva' });
		const view = () =>
			readResidentNotes(board, inbox, A).map((n) => [n.key, n.held, n.hidden?.reason ?? null]);
		expect(view()).toEqual([
			[`${B}:othernote`, false, null],
			[`${A}:waitingone`, true, null],
			[`${A}:hiddenheld`, true, 'offensiva']
		]);
		// Released: in the board, still in the inbox for a moment — shown once, from the board.
		board.getMap('notes').set(`${A}:waitingone`, note(A, 'in attesa', 3));
		expect(view().filter(([key]) => key === `${A}:waitingone`)).toEqual([
			[`${A}:waitingone`, false, null]
		]);
	});
});
