import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { BoardPhase } from '../db/schema/index';
import type { JournalEntry, Writer } from './journal';
import type { Bus } from './pubsub';
import type { Room } from './room';

/**
 * What Piazza instances sharing a Redis tell each other about live documents (README, "Several
 * instances"). Every instance serves its own sockets from its own copy of a document; the copies
 * are kept equal by passing on what each instance accepted:
 *
 * - one channel per loaded document (`<prefix>:doc:<name>`): the updates this instance accepted
 *   (clients' after update-check, the server's own), its sockets' presence, and the state-vector
 *   exchange by which a copy catches up (when it loads, and when Redis returns after an outage);
 * - one channel for all instances (`<prefix>:instances`): heartbeats, which say how far each
 *   instance has stored what it accepted, the board facts rooms keep besides their Y.Doc
 *   (phase, pre-moderation), and the sessions ended on one instance, whose sockets on the others
 *   must close now rather than at their periodic re-check.
 *
 * Persistence is done once, by the instance that accepted an update: a receiver applies it with a
 * `peer` origin, which the room fans out and never journals. PostgreSQL stays the source of truth:
 * a copy loads from it, and what copies exchange is only what the database may not have yet.
 *
 * The gap this leaves, and how it is closed: an instance killed between accepting an update and
 * storing it (within COLLAB_FLUSH_MS) had already passed it on, so its clients, reconnecting to
 * another instance, find the update there and do not send it again (y-websocket only sends what
 * the server lacks). So a receiver keeps every update it got until the heartbeats of its sender say
 * it is stored; when the sender falls silent (DEAD_AFTER_MS) or says goodbye with updates still
 * unstored, the receiver journals them itself. A duplicate row (two survivors, or a sender that
 * stored but died before saying so) is harmless: applying a Yjs update twice changes nothing.
 */

/** How often an instance says it is alive, and how far it has stored. */
const HEARTBEAT_MS = 1_000;
/** Silence after which an instance is taken for dead and its unstored updates journaled here. */
const DEAD_AFTER_MS = 5_000;

const UPDATE = 0;
const PRESENCE = 1;
const HELLO = 2;
const ANSWER = 3;
const CATCH_UP = 4;
const HEARTBEAT = 10;
const PHASE = 11;
const PREMODERATION = 12;
const BYE = 13;
const SESSIONS_ENDED = 14;

/** What peers need of the live-document server. */
export interface PeerHost {
	room(docName: string): Room | undefined;
	/** Stores an update on behalf of an instance that died before storing it. */
	journal(entry: JournalEntry): void;
	/** Highest sequence number of this instance's journal that is stored (see Journal). */
	storedSeq(): number;
	/** Highest sequence number this instance's journal gave out. */
	lastSeq(): number;
	/** A board fact changed on another instance: applied here, not passed on again. */
	boardPhase(boardId: string, phase: BoardPhase): void;
	boardPremoderation(boardId: string, on: boolean): void;
	/** Sessions ended on another instance (sign-out, revocation, erasure): close their sockets. */
	sessionsEnded(sessionIds: string[]): void;
}

interface Peer {
	lastHeard: number;
	storedSeq: number;
	/** Updates received from it and not yet stored by it, in the order it sent them. */
	unconfirmed: { seq: number; entry: JournalEntry }[];
}

/** An update that holds nothing (Yjs encodes "no structs, no deletes" as two zero bytes). */
function isEmptyUpdate(update: Uint8Array): boolean {
	return update.byteLength <= 2 && update.every((byte) => byte === 0);
}

export class Peers {
	private readonly peers = new Map<string, Peer>();
	private readonly timer: ReturnType<typeof setInterval>;
	/** Since when Redis is up (peers' silence means nothing while we cannot hear them). */
	private hearingSince = Date.now();
	/** Figures for /healthz. */
	readonly stats = { received: 0, journaledForPeers: 0 };

	constructor(
		private readonly bus: Bus,
		private readonly prefix: string,
		private readonly host: PeerHost,
		private readonly log: (line: string) => void = (line) => console.warn(line)
	) {
		bus.onMessage((channel, message) => this.receive(channel, message));
		bus.onReconnect(() => this.resynchronise());
		void bus.subscribe(this.instancesChannel);
		this.timer = setInterval(() => this.tick(), HEARTBEAT_MS);
		this.timer.unref();
	}

	private get instancesChannel() {
		return `${this.prefix}:instances`;
	}

	private channel(docName: string) {
		return `${this.prefix}:doc:${docName}`;
	}

	/** How many other instances were heard from lately. */
	get count(): number {
		return this.peers.size;
	}

	/** Starts hearing a document's channel: before it is loaded, so nothing falls in between. */
	join(docName: string): Promise<void> {
		return this.bus.subscribe(this.channel(docName));
	}

	/** Stops hearing a document that was unloaded. */
	leave(docName: string) {
		this.bus.unsubscribe(this.channel(docName));
	}

	/**
	 * Asks the instances that have the document loaded for what this copy lacks (they answer with
	 * it, and with their state vector, so that they get what they lack in turn).
	 */
	hello(room: Room) {
		this.send(room.name.name, HELLO, (e) =>
			encoding.writeVarUint8Array(e, Y.encodeStateVector(room.doc))
		);
	}

	/** Passes on an update this instance accepted and journaled under `seq`. */
	accepted(docName: string, entry: JournalEntry, seq: number) {
		this.send(docName, UPDATE, (e) => {
			encoding.writeVarUint(e, seq);
			encoding.writeVarString(e, entry.writer);
			writeNumbers(e, entry.newClients);
			encoding.writeVarUint8Array(e, entry.update);
		});
	}

	/** Passes on presence changes of this instance's sockets (already stamped from sessions). */
	presence(room: Room, clients: number[]) {
		this.send(room.name.name, PRESENCE, (e) =>
			encoding.writeVarUint8Array(
				e,
				awarenessProtocol.encodeAwarenessUpdate(room.awareness, clients)
			)
		);
	}

	boardPhase(boardId: string, phase: BoardPhase) {
		this.sendInstances(PHASE, (e) => {
			encoding.writeVarString(e, boardId);
			encoding.writeVarString(e, phase);
		});
	}

	boardPremoderation(boardId: string, on: boolean) {
		this.sendInstances(PREMODERATION, (e) => {
			encoding.writeVarString(e, boardId);
			encoding.writeVarUint(e, on ? 1 : 0);
		});
	}

	/**
	 * Tells the other instances that a session ended here. Ids ended in one go (an erasure ends a
	 * whole workshop's) leave in one message, at the end of the current task.
	 */
	sessionEnded(sessionId: string) {
		this.endedSessions.push(sessionId);
		if (this.endedSessions.length > 1) return;
		queueMicrotask(() => {
			const ids = this.endedSessions.splice(0);
			this.sendInstances(SESSIONS_ENDED, (e) => {
				encoding.writeVarUint(e, ids.length);
				for (const id of ids) encoding.writeVarString(e, id);
			});
		});
	}

	private readonly endedSessions: string[] = [];

	/** Last words at shutdown, after everything accepted was stored. */
	bye() {
		this.sendInstances(BYE, (e) => encoding.writeVarUint(e, this.host.storedSeq()));
	}

	stop() {
		clearInterval(this.timer);
	}

	private send(docName: string, kind: number, write: (e: encoding.Encoder) => void) {
		if (this.bus.status() !== 'ok') return;
		const e = encoding.createEncoder();
		encoding.writeVarString(e, this.bus.instanceId);
		encoding.writeVarUint(e, kind);
		write(e);
		this.bus.publish(this.channel(docName), encoding.toUint8Array(e));
	}

	private sendInstances(kind: number, write: (e: encoding.Encoder) => void) {
		if (this.bus.status() !== 'ok') return;
		const e = encoding.createEncoder();
		encoding.writeVarString(e, this.bus.instanceId);
		encoding.writeVarUint(e, kind);
		write(e);
		this.bus.publish(this.instancesChannel, encoding.toUint8Array(e));
	}

	/** Redis is back (or there for the first time): every loaded copy catches up with the others. */
	private resynchronise() {
		this.hearingSince = Date.now();
		for (const peer of this.peers.values()) peer.lastHeard = Date.now();
		this.sendInstances(HEARTBEAT, (e) => encoding.writeVarUint(e, this.host.storedSeq()));
		this.onResynchronise();
	}

	/** Set by the server: says hello for every loaded document. */
	onResynchronise: () => void = () => {};

	private tick() {
		if (this.bus.status() !== 'ok') return;
		this.sendInstances(HEARTBEAT, (e) => encoding.writeVarUint(e, this.host.storedSeq()));
		const now = Date.now();
		if (now - this.hearingSince < DEAD_AFTER_MS) return;
		for (const [id, peer] of this.peers) {
			if (now - peer.lastHeard < DEAD_AFTER_MS) continue;
			this.bury(id, peer, `silent for ${now - peer.lastHeard} ms`);
		}
	}

	/** An instance is gone: what it accepted and did not store is stored here. */
	private bury(id: string, peer: Peer, why: string) {
		this.peers.delete(id);
		if (peer.unconfirmed.length === 0) return;
		this.log(
			`[piazza] instance ${id} is gone (${why}) with ${peer.unconfirmed.length} updates it may ` +
				'not have stored: storing them here.'
		);
		for (const { entry } of peer.unconfirmed) this.host.journal(entry);
		this.stats.journaledForPeers += peer.unconfirmed.length;
	}

	private peer(id: string): Peer {
		let peer = this.peers.get(id);
		if (!peer) {
			peer = { lastHeard: Date.now(), storedSeq: 0, unconfirmed: [] };
			this.peers.set(id, peer);
		}
		peer.lastHeard = Date.now();
		return peer;
	}

	/** The sender has stored everything up to `seq`: forget what we kept for that case. */
	private confirmed(peer: Peer, seq: number) {
		if (seq <= peer.storedSeq) return;
		peer.storedSeq = seq;
		let kept = 0;
		while (kept < peer.unconfirmed.length && peer.unconfirmed[kept]!.seq <= seq) kept++;
		if (kept > 0) peer.unconfirmed.splice(0, kept);
	}

	private keep(peer: Peer, seq: number, entry: JournalEntry) {
		if (seq > peer.storedSeq) peer.unconfirmed.push({ seq, entry });
	}

	private receive(channel: string, message: Uint8Array) {
		try {
			const d = decoding.createDecoder(message);
			const sender = decoding.readVarString(d);
			if (sender === this.bus.instanceId) return; // our own echo
			const kind = decoding.readVarUint(d);
			this.stats.received++;
			const peer = this.peer(sender);
			if (channel === this.instancesChannel) return this.receiveInstance(peer, sender, kind, d);
			const docName = channel.slice(`${this.prefix}:doc:`.length);
			// A document still loading here catches up with its hello once loaded.
			const room = this.host.room(docName);
			if (kind === UPDATE) {
				const seq = decoding.readVarUint(d);
				const writer = decoding.readVarString(d);
				const newClients = readNumbers(d);
				const update = decoding.readVarUint8Array(d);
				// Kept even when the document is not loaded here: the copy is for the sender's death.
				this.keep(peer, seq, { docName, update, writer, newClients });
				if (room) this.arrive(room, update, writer, newClients);
				return;
			}
			if (!room) return;
			// In the order they came: what arrived before is in the copy before this is handled.
			this.applyArrived();
			switch (kind) {
				case PRESENCE:
					room.applyPeerPresence(decoding.readVarUint8Array(d));
					return;
				case HELLO: {
					const theirs = decoding.readVarUint8Array(d);
					const diff = Y.encodeStateAsUpdate(room.doc, theirs);
					const present = [...room.awareness.getStates().keys()];
					this.send(docName, ANSWER, (e) => {
						encoding.writeVarString(e, sender);
						encoding.writeVarUint(e, this.host.lastSeq());
						writeBindings(e, room, diff);
						encoding.writeVarUint8Array(e, diff);
						encoding.writeVarUint8Array(e, Y.encodeStateVector(room.doc));
						encoding.writeVarUint8Array(
							e,
							awarenessProtocol.encodeAwarenessUpdate(room.awareness, present)
						);
					});
					return;
				}
				case ANSWER: {
					const to = decoding.readVarString(d);
					if (to !== this.bus.instanceId) return;
					const seq = decoding.readVarUint(d);
					const bindings = readBindings(d);
					const diff = decoding.readVarUint8Array(d);
					const theirs = decoding.readVarUint8Array(d);
					const presence = decoding.readVarUint8Array(d);
					this.caughtUp(peer, room, seq, bindings, diff);
					room.applyPeerPresence(presence);
					// What they lack of ours, for them (and anyone else listening) to apply.
					const ours = Y.encodeStateAsUpdate(room.doc, theirs);
					if (isEmptyUpdate(ours)) return;
					this.send(docName, CATCH_UP, (e) => {
						encoding.writeVarUint(e, this.host.lastSeq());
						writeBindings(e, room, ours);
						encoding.writeVarUint8Array(e, ours);
					});
					return;
				}
				case CATCH_UP: {
					const seq = decoding.readVarUint(d);
					const bindings = readBindings(d);
					this.caughtUp(peer, room, seq, bindings, decoding.readVarUint8Array(d));
					return;
				}
			}
		} catch (error) {
			// Only Piazza instances publish here; a message we cannot read is a version mismatch.
			this.log(`[piazza] ignored an unreadable message on ${channel}: ${(error as Error).message}`);
		}
	}

	/**
	 * Queues an update another instance accepted, to be applied with the others that arrive in the
	 * same task. Redis delivers what one read of its socket holds in one go (a burst of edits, or
	 * what piled up while this process was busy): applied one by one, each would be its own Yjs
	 * transaction, encoded again for the fan-out, and the room would then decode and merge them all
	 * once more into one frame. Applied together they make one transaction and one update, already
	 * the frame's. No timer: the queue is applied in a microtask, once the read is handled.
	 */
	private arrive(room: Room, update: Uint8Array, writer: Writer, newClients: number[]) {
		let batch = this.arriving.get(room.name.name);
		if (!batch) {
			batch = { room, updates: [], bindings: [] };
			this.arriving.set(room.name.name, batch);
			if (this.arriving.size === 1) queueMicrotask(() => this.applyArrived());
		}
		batch.updates.push(update);
		for (const client of newClients) batch.bindings.push([client, writer]);
	}

	/** Updates received and not yet applied, by document (see `arrive`). */
	private readonly arriving = new Map<
		string,
		{ room: Room; updates: Uint8Array[]; bindings: [number, Writer][] }
	>();

	private applyArrived() {
		if (this.arriving.size === 0) return;
		const batches = [...this.arriving.values()];
		this.arriving.clear();
		for (const { room, updates, bindings } of batches) {
			// Unloaded meanwhile: its next copy loads them from the database or a hello.
			if (this.host.room(room.name.name) !== room) continue;
			room.applyPeerUpdates(updates, bindings);
		}
	}

	/**
	 * Applies what a peer sent to catch this copy up. Its sender may not have stored all of it yet
	 * (`seq`: the last sequence number the sender had given out), so it is kept like an update.
	 */
	private caughtUp(
		peer: Peer,
		room: Room,
		seq: number,
		bindings: [number, Writer][],
		diff: Uint8Array
	) {
		if (isEmptyUpdate(diff)) return;
		// Stored for a dead sender as the server's: one catch-up mixes several writers' edits.
		this.keep(peer, seq, {
			docName: room.name.name,
			update: diff,
			writer: 'server',
			newClients: []
		});
		room.applyPeerUpdates([diff], bindings);
	}

	private receiveInstance(peer: Peer, sender: string, kind: number, d: decoding.Decoder) {
		switch (kind) {
			case HEARTBEAT:
				this.confirmed(peer, decoding.readVarUint(d));
				return;
			case BYE:
				this.confirmed(peer, decoding.readVarUint(d));
				this.bury(sender, peer, 'it shut down');
				return;
			case PHASE: {
				const boardId = decoding.readVarString(d);
				const phase = decoding.readVarString(d) as BoardPhase;
				this.host.boardPhase(boardId, phase);
				return;
			}
			case PREMODERATION: {
				const boardId = decoding.readVarString(d);
				this.host.boardPremoderation(boardId, decoding.readVarUint(d) === 1);
				return;
			}
			case SESSIONS_ENDED: {
				const count = decoding.readVarUint(d);
				const ids: string[] = [];
				for (let i = 0; i < count; i++) ids.push(decoding.readVarString(d));
				this.host.sessionsEnded(ids);
				return;
			}
		}
	}
}

function writeNumbers(e: encoding.Encoder, numbers: number[]) {
	encoding.writeVarUint(e, numbers.length);
	for (const n of numbers) encoding.writeVarUint(e, n);
}

function readNumbers(d: decoding.Decoder): number[] {
	const count = decoding.readVarUint(d);
	const numbers: number[] = [];
	for (let i = 0; i < count; i++) numbers.push(decoding.readVarUint(d));
	return numbers;
}

/**
 * The client-id bindings of the clients an update carries: a copy that learns those edits must
 * also refuse its own sockets' writes under their ids (update-check.ts).
 */
function writeBindings(e: encoding.Encoder, room: Room, update: Uint8Array) {
	const clients = [...Y.decodeStateVector(Y.encodeStateVectorFromUpdate(update)).keys()];
	const known = clients.flatMap((c) => {
		const writer = room.clientOwners.get(c);
		return writer ? [[c, writer] as const] : [];
	});
	encoding.writeVarUint(e, known.length);
	for (const [client, writer] of known) {
		encoding.writeVarUint(e, client);
		encoding.writeVarString(e, writer);
	}
}

function readBindings(d: decoding.Decoder): [number, Writer][] {
	const count = decoding.readVarUint(d);
	const bindings: [number, Writer][] = [];
	for (let i = 0; i < count; i++) {
		const client = decoding.readVarUint(d);
		bindings.push([client, decoding.readVarString(d)]);
	}
	return bindings;
}
