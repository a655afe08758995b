import * as decoding from 'lib0/decoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { parseDocName } from '../../domain/collab/doc-name';
import type { Journal, JournalEntry } from './journal';
import { MESSAGE_SYNC, SYNC_STEP_2 } from './protocol';
import { Room } from './room';

const BOARD = parseDocName('board:6f1c2a52-3c1e-4d8e-9d55-0a6f4c1b2e3d')!;

/** A journal that only records what it is given. */
function recordingJournal() {
	const entries: JournalEntry[] = [];
	return {
		entries,
		journal: { append: (e: JournalEntry) => entries.push(e) } as unknown as Journal
	};
}

function storedBoard(notes: number): Uint8Array {
	const doc = new Y.Doc();
	for (let i = 0; i < notes; i++) doc.getMap('notes').set(`p:${i}`, { text: `note ${i}` });
	return Y.encodeStateAsUpdate(doc);
}

/** The note keys in a sync step 2 frame, as a stock client would read them. */
function notesIn(frame: Uint8Array): string[] {
	const decoder = decoding.createDecoder(frame);
	expect(decoding.readVarUint(decoder)).toBe(MESSAGE_SYNC);
	expect(decoding.readVarUint(decoder)).toBe(SYNC_STEP_2);
	const copy = new Y.Doc();
	Y.applyUpdate(copy, decoding.readVarUint8Array(decoder));
	return [...copy.getMap('notes').keys()];
}

const rooms: Room[] = [];
afterEach(() => rooms.splice(0).forEach((room) => room.destroy()));
function roomOf(stored: Uint8Array[]) {
	const { entries, journal } = recordingJournal();
	const room = new Room(BOARD, journal);
	rooms.push(room);
	room.restore(stored, new Map(), 0);
	return { room, entries };
}

describe('a room loaded from the database', () => {
	it('hands a fresh client the stored snapshot itself, without decoding it', () => {
		const snapshot = storedBoard(50);
		const { room } = roomOf([snapshot]);
		expect(room.fullState()).toBe(snapshot);
		expect(room.decoded).toBe(false);
	});

	it('decodes when the document is first needed, and journals nothing for it', () => {
		const { room, entries } = roomOf([storedBoard(50)]);
		expect(room.doc.getMap('notes').size).toBe(50);
		expect(room.decoded).toBe(true);
		expect(entries).toEqual([]);
	});

	it('runs what waited for the decoded document once, in order', () => {
		const { room } = roomOf([storedBoard(3)]);
		const seen: number[] = [];
		room.whenDecoded(() => seen.push(room.doc.getMap('notes').size));
		room.whenDecoded(() => seen.push(-1));
		expect(seen).toEqual([]);
		void room.doc;
		expect(seen).toEqual([3, -1]);
		room.whenDecoded(() => seen.push(0));
		expect(seen).toEqual([3, -1, 0]);
	});

	it('decodes on its own shortly after loading', async () => {
		const { room } = roomOf([storedBoard(3)]);
		await expect.poll(() => room.decoded, { timeout: 2000 }).toBe(true);
	});

	it('leaves a preloaded document undecoded until its first member joins, then decodes it soon', async () => {
		const { room } = roomOf([storedBoard(3)]);
		room.keepWarm(Date.now() + 60_000);
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(room.decoded).toBe(false);
		room.join({ send: () => {}, writer: 'server', releasePresence: () => {} });
		await expect.poll(() => room.decoded, { timeout: 2000 }).toBe(true);
	});

	it('encodes the state again after a change, and only then', () => {
		const snapshot = storedBoard(5);
		const { room, entries } = roomOf([snapshot]);
		room.transact((doc) => doc.getMap('notes').set('p:new', { text: 'new' }), {
			source: 'server',
			reason: 'test'
		});
		const state = room.fullState();
		expect(state).not.toBe(snapshot);
		expect(room.fullState()).toBe(state);
		const copy = new Y.Doc();
		Y.applyUpdate(copy, state);
		expect(copy.getMap('notes').size).toBe(6);
		expect(entries).toHaveLength(1);
	});

	it('frames the full state for a fresh client once, and frames it again after any change', () => {
		const { room } = roomOf([storedBoard(5)]);
		const frame = room.fullSyncFrame();
		expect(room.fullSyncFrame()).toBe(frame);
		expect(notesIn(frame)).toHaveLength(5);
		room.transact((doc) => doc.getMap('notes').set('p:late', { text: 'late' }), {
			source: 'server',
			reason: 'test'
		});
		const after = room.fullSyncFrame();
		expect(after).not.toBe(frame);
		expect(notesIn(after)).toContain('p:late');
		expect(notesIn(after)).toHaveLength(6);
	});

	it('merges a journal tail after the snapshot into the full state', () => {
		const doc = new Y.Doc();
		doc.getMap('notes').set('p:1', { text: 'one' });
		const snapshot = Y.encodeStateAsUpdate(doc);
		const before = Y.encodeStateVector(doc);
		doc.getMap('notes').set('p:2', { text: 'two' });
		const tail = Y.encodeStateAsUpdate(doc, before);
		const { room } = roomOf([snapshot, tail]);
		const copy = new Y.Doc();
		Y.applyUpdate(copy, room.fullState());
		expect([...copy.getMap('notes').keys()].sort()).toEqual(['p:1', 'p:2']);
	});
});
