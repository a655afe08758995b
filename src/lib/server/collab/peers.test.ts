import * as decoding from 'lib0/decoding';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { parseDocName } from '../../domain/collab/doc-name';
import type { Journal, JournalEntry } from './journal';
import { Peers } from './peers';
import type { Bus } from './pubsub';
import { Room } from './room';

/** Redis pub/sub in memory: every bus of a hub hears what the others publish, while it is up. */
function hub() {
	const buses: {
		bus: Bus;
		channels: Set<string>;
		handlers: ((c: string, m: Uint8Array) => void)[];
	}[] = [];
	let up = true;
	/** Messages published on each channel, for tests that count them. */
	const published = new Map<string, number>();
	return {
		published,
		bus(): Bus {
			const entry = {
				channels: new Set<string>(),
				handlers: [] as ((c: string, m: Uint8Array) => void)[],
				bus: null as unknown as Bus
			};
			entry.bus = {
				instanceId: `instance-${buses.length}`,
				status: () => (up ? 'ok' : 'down'),
				subscribe: async (channel) => void entry.channels.add(channel),
				unsubscribe: (channel) => void entry.channels.delete(channel),
				publish(channel, message) {
					if (!up) return;
					published.set(channel, (published.get(channel) ?? 0) + 1);
					for (const other of buses) {
						if (other.channels.has(channel)) for (const fn of other.handlers) fn(channel, message);
					}
				},
				onMessage: (fn) => void entry.handlers.push(fn),
				onReconnect: () => {},
				close: async () => {}
			};
			buses.push(entry);
			return entry.bus;
		},
		setUp(value: boolean) {
			up = value;
		}
	};
}

const BOARD = parseDocName('board:00000000-0000-4000-8000-000000000001')!;

/** One Piazza instance: a journal that stores when told to, its rooms, and its peers. */
function instance(bus: Bus) {
	const journaled: JournalEntry[] = [];
	const journaledForPeers: JournalEntry[] = [];
	let seq = 0;
	let stored = 0;
	const journal = {
		append(entry: JournalEntry) {
			journaled.push(entry);
			return ++seq;
		}
	} as unknown as Journal;
	const rooms = new Map<string, Room>();
	const ended: string[] = [];
	const peers = new Peers(
		bus,
		'test',
		{
			room: (name) => rooms.get(name),
			journal: (entry) => void journaledForPeers.push(entry),
			storedSeq: () => stored,
			lastSeq: () => seq,
			boardPhase: () => {},
			boardPremoderation: () => {},
			sessionsEnded: (ids) => void ended.push(...ids)
		},
		() => {}
	);
	return {
		peers,
		/** Sessions this instance heard were ended on another. */
		ended,
		journaled,
		journaledForPeers,
		/** Everything appended so far is now in the database. */
		store: () => (stored = seq),
		async open(room = new Room(BOARD, journal)) {
			await peers.join(BOARD.name);
			room.onAccepted = (entry, n) => peers.accepted(BOARD.name, entry, n);
			room.onLocalPresence = (clients) => peers.presence(room, clients);
			rooms.set(BOARD.name, room);
			peers.hello(room);
			return room;
		}
	};
}

function note(room: Room, key: string, text: string) {
	room.transact((doc) => doc.getMap('notes').set(key, { text }), {
		source: 'server',
		reason: 'test'
	});
}

const texts = (room: Room) => Object.fromEntries(room.doc.getMap('notes').entries());

describe('peers: instances sharing live documents', () => {
	beforeEach(() => {
		vi.useFakeTimers();
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	it('applies what another instance accepted without storing it a second time', async () => {
		const network = hub();
		const [a, b] = [instance(network.bus()), instance(network.bus())];
		const [roomA, roomB] = [await a.open(), await b.open()];
		note(roomA, 'k1', 'from a');
		// Applied once the message is handled (a microtask, see Peers.arrive), with no timer.
		await Promise.resolve();
		expect(texts(roomB)).toEqual({ k1: { text: 'from a' } });
		expect(a.journaled).toHaveLength(1);
		expect(b.journaled).toHaveLength(0);
	});

	it('applies the updates that arrive together from another instance as one change, fanned out as one frame', async () => {
		const network = hub();
		const [a, b] = [instance(network.bus()), instance(network.bus())];
		const [roomA, roomB] = [await a.open(), await b.open()];
		const frames: Uint8Array[] = [];
		roomB.join({ writer: 'participant:p', send: (f) => void frames.push(f), releasePresence() {} });
		const changes: unknown[] = [];
		roomB.doc.on('update', (_update: Uint8Array, origin: unknown) => changes.push(origin));
		// Three edits accepted on A in one task reach B as three messages in one read.
		note(roomA, 'k1', 'one');
		note(roomA, 'k2', 'two');
		note(roomA, 'k3', 'three');
		expect(changes).toEqual([]);
		await Promise.resolve();
		expect(changes).toHaveLength(1);
		expect(changes[0]).toMatchObject({ source: 'peer' });
		expect(Object.keys(texts(roomB)).sort()).toEqual(['k1', 'k2', 'k3']);
		// Each one is still kept for A's death, as sent.
		a.peers.stop();
		vi.advanceTimersByTime(6_000);
		expect(b.journaledForPeers).toHaveLength(3);
		// One sync-update frame to B's members (after the turn's fan-out), holding all three.
		vi.runAllTicks();
		await vi.runOnlyPendingTimersAsync();
		const updates = frames.filter((f) => f[0] === 0 && f[1] === 2);
		expect(updates).toHaveLength(1);
		const replay = new Y.Doc();
		const d = decoding.createDecoder(updates[0]!);
		decoding.readVarUint(d);
		decoding.readVarUint(d);
		Y.applyUpdate(replay, decoding.readVarUint8Array(d));
		expect(Object.keys(replay.getMap('notes').toJSON()).sort()).toEqual(['k1', 'k2', 'k3']);
	});

	it('catches a copy up when it loads, both ways, by state vectors', async () => {
		const network = hub();
		const [a, b] = [instance(network.bus()), instance(network.bus())];
		const roomA = await a.open();
		note(roomA, 'k1', 'before b loaded');
		// B's copy has something A never heard of (written while Redis was away).
		network.setUp(false);
		const roomB = new Room(BOARD, { append: () => 0 } as unknown as Journal);
		note(roomB, 'k2', 'only in b');
		network.setUp(true);
		await b.open(roomB);
		expect(texts(roomB)).toEqual(texts(roomA));
		expect(Object.keys(texts(roomA)).sort()).toEqual(['k1', 'k2']);
	});

	it('stores what a silent instance accepted and never said it stored, and nothing it did', async () => {
		const network = hub();
		const [a, b] = [instance(network.bus()), instance(network.bus())];
		const [roomA] = [await a.open(), await b.open()];
		note(roomA, 'k1', 'stored in time');
		a.store();
		vi.advanceTimersByTime(1_000); // A's heartbeat: everything up to k1 is stored
		note(roomA, 'k2', 'accepted, never stored');
		// A dies: no more heartbeats.
		a.peers.stop();
		vi.advanceTimersByTime(6_000);
		expect(b.journaledForPeers).toHaveLength(1);
		// The database then holds what A stored, and what B stored for it.
		const replay = new Y.Doc();
		for (const entry of [a.journaled[0]!, ...b.journaledForPeers])
			Y.applyUpdate(replay, entry.update);
		expect(replay.getMap('notes').get('k2')).toEqual({ text: 'accepted, never stored' });
		expect(replay.getMap('notes').get('k1')).toEqual({ text: 'stored in time' });
		expect(b.peers.count).toBe(0);
	});

	it('forgets what an instance kept for a sender whose heartbeat says it is stored', async () => {
		const network = hub();
		const [a, b] = [instance(network.bus()), instance(network.bus())];
		const [roomA] = [await a.open(), await b.open()];
		note(roomA, 'k1', 'one');
		note(roomA, 'k2', 'two');
		a.store();
		vi.advanceTimersByTime(1_000);
		a.peers.bye();
		a.peers.stop();
		vi.advanceTimersByTime(6_000);
		expect(b.journaledForPeers).toEqual([]);
	});

	it('passes on the presence of one instance’s phones to the other’s', async () => {
		const network = hub();
		const [a, b] = [instance(network.bus()), instance(network.bus())];
		const [roomA, roomB] = [await a.open(), await b.open()];
		const update = new Y.Doc();
		const phone = new Awareness(update);
		phone.setLocalState({ user: { id: 'participant:x', name: 'Ada', role: 'participant' } });
		applyAwarenessUpdate(
			roomA.awareness,
			encodeAwarenessUpdate(phone, [update.clientID]),
			'socket'
		);
		expect(roomB.awareness.getStates().get(update.clientID)).toMatchObject({
			user: { id: 'participant:x' }
		});
		phone.destroy();
	});

	it('tells the other instances, in one message, of the sessions ended together here', async () => {
		const network = hub();
		const [a, b, c] = [instance(network.bus()), instance(network.bus()), instance(network.bus())];
		const before = network.published.get('test:instances') ?? 0;
		a.peers.sessionEnded('session-1');
		a.peers.sessionEnded('session-2');
		await Promise.resolve();
		expect(network.published.get('test:instances')).toBe(before + 1);
		expect(b.ended).toEqual(['session-1', 'session-2']);
		expect(c.ended).toEqual(['session-1', 'session-2']);
		// Its own echo is not news to the instance that ended them.
		expect(a.ended).toEqual([]);
		a.peers.sessionEnded('session-3');
		await Promise.resolve();
		expect(b.ended).toEqual(['session-1', 'session-2', 'session-3']);
	});
});
