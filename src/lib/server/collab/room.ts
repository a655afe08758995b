import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { HELD_ROOT } from '../../domain/board/held';
import { BOARD_ROOTS, BOARD_SCHEMA_VERSION } from '../../domain/board/schema';
import { PROPOSAL_TEXT_FIELD } from '../../domain/collab/doc-name';
import type { DocName } from '../../domain/collab/doc-name';
import type { BoardPhase } from '../db/schema/index';
import type { Journal, JournalEntry, Writer } from './journal';
import { encodeAwareness, encodeSyncStep2, encodeSyncUpdate } from './protocol';
import type { WriteRules } from './update-check';

/**
 * Where a change came from, carried as the Yjs transaction origin (STYLE.md rule 5), so that the
 * journal records its author and presence can be cleaned up per connection.
 */
export type ChangeOrigin =
	| { source: 'user'; writer: Writer; newClients: number[] }
	| { source: 'server'; reason: string }
	/**
	 * Accepted, checked and journaled by another instance (peers.ts): fanned out here, never
	 * journaled again. `bindings` are the client ids it carries and their writers.
	 */
	| { source: 'peer'; bindings: [number, Writer][] };

/** What a room needs to know of a connection. */
export interface Member {
	send(frame: Uint8Array): void;
	/** Who is behind it (`user:<id>` / `participant:<id>`). */
	readonly writer: string;
	/** Stops speaking for a presence id (its owner reconnected on another socket). */
	releasePresence(clientId: number): void;
}

/** Root types each kind of document may be written in, and how (see update-check.ts). */
export function rulesFor(doc: DocName): WriteRules | null {
	// Only the server writes control documents and a board's held notes.
	if (doc.kind === 'control' || doc.kind === 'held') return null;
	// A resident's waiting notes: the board's `notes` alone, checked as on the board.
	if (doc.kind === 'inbox')
		return { roots: new Set([HELD_ROOT]), nested: false, content: 'json-values' };
	if (doc.kind === 'proposal') {
		return { roots: new Set([PROPOSAL_TEXT_FIELD]), nested: true, content: 'rich-text' };
	}
	return { roots: new Set(BOARD_ROOTS), nested: false, content: 'json-values' };
}

/**
 * One loaded live document: its Y.Doc and presence, the connections on it, and the bindings of
 * Yjs client ids to writers. Changes are fanned out once per event-loop turn: all updates of a
 * turn are merged into one frame and the same bytes go to every member (N writers must not cost
 * N × members frames).
 */
export class Room {
	private readonly ydoc = new Y.Doc({ gc: true });
	/** Stored updates not yet decoded into the document (see `restore`). */
	private unapplied: Uint8Array[] = [];
	private waitingForDecode: (() => void)[] = [];
	private decodeTimer: ReturnType<typeof setTimeout> | null = null;
	/** The whole state as one update, while it is known without encoding it again. */
	private fullStateCache: Uint8Array | null = null;
	/** That state framed as sync step 2 for a fresh client, built once until the next change. */
	private fullSyncFrameCache: Uint8Array | null = null;
	readonly awareness: awarenessProtocol.Awareness;
	readonly members = new Set<Member>();
	readonly clientOwners = new Map<number, Writer>();
	/** Approximate stored size: what was loaded plus what was accepted since. */
	bytes = 0;
	/** The board's phase (boards and inboxes), kept current by the server's phase changes. */
	phase: BoardPhase | null = null;
	/** Boards: whether pre-moderation is on (residents' new notes go to their inbox, not here). */
	premoderated = false;
	/** Called after a client's change was applied (inboxes: the server mirrors or releases it). */
	onClientChange: (() => void) | null = null;
	/** Called for every change made here (a client's or the server's), once journaled as `seq`. */
	onAccepted: ((entry: JournalEntry, seq: number) => void) | null = null;
	/** Called when presence changed here (this instance's sockets), not when a peer's did. */
	onLocalPresence: ((clients: number[]) => void) | null = null;
	/** Updates accepted since the last compaction. */
	updatesSinceCompaction = 0;
	/** When the last member left (for unloading). */
	emptySince: number | null = Date.now();
	/** Kept loaded until then even when empty (ms since the epoch): see CollabServer.preload. */
	keepUntil = 0;
	/** Decode the stored state only once someone joins (preloaded documents). */
	private decodeOnJoin = false;
	/** Which member announced which presence client id: nobody may speak for another. */
	readonly presenceOwners = new Map<number, Member>();

	private outgoingUpdates: Uint8Array[] = [];
	private outgoingPresence = new Set<number>();
	private fanOutScheduled = false;

	constructor(
		readonly name: DocName,
		private readonly journal: Journal
	) {
		this.awareness = new awarenessProtocol.Awareness(this.ydoc);
		// The server has no presence of its own.
		this.awareness.setLocalState(null);
		this.ydoc.on('update', (update: Uint8Array, origin: unknown) => this.onUpdate(update, origin));
		this.awareness.on(
			'update',
			(
				{ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
				origin: unknown
			) => {
				const changed = [...added, ...updated, ...removed];
				for (const id of changed) this.outgoingPresence.add(id);
				this.scheduleFanOut();
				if (origin !== PEER) this.onLocalPresence?.(changed);
			}
		);
	}

	/**
	 * Takes what the database holds, without journaling it again. Decoding a stored board of a few
	 * thousand notes takes tens of milliseconds; phones reconnecting after a restart only need its
	 * bytes. So the stored state is kept as it is and decoded when something first needs the
	 * document (a write, a returning client's diff, presence is not one), or shortly after loading;
	 * until then a fresh client is sent the stored snapshot itself.
	 */
	restore(updates: Uint8Array[], clients: Map<number, Writer>, bytes: number) {
		for (const [client, writer] of clients) this.clientOwners.set(client, writer);
		this.bytes = bytes;
		if (updates.length === 0) return;
		this.unapplied = updates;
		// A snapshot with no journal after it is exactly the document's state.
		if (updates.length === 1) this.fullStateCache = updates[0]!;
		this.decodeTimer = setTimeout(() => this.decode(), DECODE_AFTER_MS);
		this.decodeTimer.unref();
	}

	/** The document, decoded from what was stored if it is not yet. */
	get doc(): Y.Doc {
		if (this.unapplied.length > 0) this.decode();
		return this.ydoc;
	}

	get decoded(): boolean {
		return this.unapplied.length === 0;
	}

	/**
	 * Keeps a preloaded document loaded until `until`, and leaves its stored state undecoded until
	 * its first member joins: decoding a few dozen preloaded boards at start would hold the event
	 * loop just when their phones reconnect.
	 */
	keepWarm(until: number) {
		this.keepUntil = until;
		if (this.decodeTimer && this.members.size === 0) {
			clearTimeout(this.decodeTimer);
			this.decodeTimer = null;
			this.decodeOnJoin = true;
		}
	}

	/** Runs `fn` once the stored state is decoded (at once if it is). */
	whenDecoded(fn: () => void) {
		if (this.decoded) fn();
		else this.waitingForDecode.push(fn);
	}

	private decode() {
		if (this.decodeTimer) clearTimeout(this.decodeTimer);
		this.decodeTimer = null;
		const updates = this.unapplied;
		if (updates.length === 0) return;
		this.unapplied = [];
		Y.transact(
			this.ydoc,
			() => {
				for (const update of updates) Y.applyUpdate(this.ydoc, update);
			},
			RESTORING
		);
		const waiting = this.waitingForDecode;
		this.waitingForDecode = [];
		for (const fn of waiting) fn();
	}

	/**
	 * The whole state as one update, for a client that has nothing yet: encoded once and reused
	 * until the next change (a room reconnecting after a Wi-Fi drop asks for it fifty times).
	 */
	fullState(): Uint8Array {
		return (this.fullStateCache ??= Y.encodeStateAsUpdate(this.doc));
	}

	/** Whether `fullState()` is at hand without decoding or encoding the document. */
	get fullStateKnown(): boolean {
		return this.fullStateCache !== null;
	}

	/**
	 * `fullState()` framed as sync step 2: the answer to a client that has nothing (an empty state
	 * vector). Framing copies the whole state, a few hundred KB for a big board, so it is done once
	 * and the same bytes go to every fresh client until the next change.
	 */
	fullSyncFrame(): Uint8Array {
		return (this.fullSyncFrameCache ??= encodeSyncStep2(this.fullState()));
	}

	/** Gives a new board its schema version, kind and prompt (once, from the server). */
	initialiseBoard(seed: { kind: string; prompt: string }) {
		const meta = this.doc.getMap('meta');
		if (meta.has('schemaVersion')) return;
		this.transact(
			() => {
				meta.set('schemaVersion', BOARD_SCHEMA_VERSION);
				meta.set('kind', seed.kind);
				meta.set('prompt', seed.prompt);
			},
			{ source: 'server', reason: 'initialise board' }
		);
	}

	/** A change made by the server: journaled and broadcast like a client's (DESIGN.md §3). */
	transact(fn: (doc: Y.Doc) => void, origin: ChangeOrigin) {
		Y.transact(this.doc, () => fn(this.doc), origin);
	}

	/**
	 * Applies updates another instance accepted (peers.ts), all in one transaction: one update
	 * event, one update to fan out, however many arrived together.
	 */
	applyPeerUpdates(updates: Uint8Array[], bindings: [number, Writer][]) {
		const doc = this.doc;
		Y.transact(
			doc,
			() => {
				for (const update of updates) Y.applyUpdate(doc, update);
			},
			{ source: 'peer', bindings } satisfies ChangeOrigin
		);
	}

	/** Applies presence of another instance's sockets (stamped there from their sessions). */
	applyPeerPresence(update: Uint8Array) {
		awarenessProtocol.applyAwarenessUpdate(this.awareness, update, PEER);
	}

	private onUpdate(update: Uint8Array, origin: unknown) {
		if (origin === RESTORING) return;
		// Any change makes both cached encodings of the whole state stale.
		this.fullStateCache = null;
		this.fullSyncFrameCache = null;
		const change = origin as ChangeOrigin | null;
		if (change?.source === 'peer') {
			// Its accepting instance journaled it: here it is only bound and fanned out.
			for (const [client, writer] of change.bindings) {
				if (!this.clientOwners.has(client)) this.clientOwners.set(client, writer);
			}
			this.bytes += update.byteLength;
			this.outgoingUpdates.push(update);
			this.scheduleFanOut();
			return;
		}
		let writer: Writer = 'server';
		let newClients: number[] = [];
		if (change && change.source === 'user') {
			writer = change.writer;
			newClients = change.newClients;
		} else if (!this.clientOwners.has(this.doc.clientID)) {
			// The server's own client id, bound so that no client can write under it.
			newClients = [this.doc.clientID];
		}
		for (const client of newClients) this.clientOwners.set(client, writer);
		this.bytes += update.byteLength;
		this.updatesSinceCompaction++;
		const entry = { docName: this.name.name, update, writer, newClients };
		const seq = this.journal.append(entry);
		this.onAccepted?.(entry, seq);
		this.outgoingUpdates.push(update);
		this.scheduleFanOut();
		if (change?.source === 'user') this.onClientChange?.();
	}

	private scheduleFanOut() {
		if (this.fanOutScheduled) return;
		this.fanOutScheduled = true;
		setImmediate(() => this.fanOut());
	}

	private fanOut() {
		this.fanOutScheduled = false;
		if (this.outgoingUpdates.length > 0) {
			const merged =
				this.outgoingUpdates.length === 1
					? this.outgoingUpdates[0]!
					: Y.mergeUpdates(this.outgoingUpdates);
			this.outgoingUpdates = [];
			this.broadcast(encodeSyncUpdate(merged));
		}
		if (this.outgoingPresence.size > 0) {
			const clients = [...this.outgoingPresence];
			this.outgoingPresence.clear();
			this.broadcast(
				encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients))
			);
		}
	}

	private broadcast(frame: Uint8Array) {
		for (const member of this.members) member.send(frame);
	}

	join(member: Member) {
		this.members.add(member);
		this.emptySince = null;
		if (this.decodeOnJoin) {
			this.decodeOnJoin = false;
			if (!this.decoded && !this.decodeTimer) {
				this.decodeTimer = setTimeout(() => this.decode(), DECODE_AFTER_MS);
				this.decodeTimer.unref();
			}
		}
	}

	leave(member: Member, presenceClients: number[]) {
		this.members.delete(member);
		// Only what this member still speaks for: a reconnected socket may have taken an id over.
		const gone = presenceClients.filter((client) => this.presenceOwners.get(client) === member);
		for (const client of gone) this.presenceOwners.delete(client);
		if (gone.length > 0) {
			awarenessProtocol.removeAwarenessStates(this.awareness, gone, 'left');
		}
		if (this.members.size === 0) this.emptySince = Date.now();
	}

	/** The full state, for compaction. */
	state(): Uint8Array {
		return Y.encodeStateAsUpdate(this.doc);
	}

	destroy() {
		if (this.decodeTimer) clearTimeout(this.decodeTimer);
		this.awareness.destroy();
		this.ydoc.destroy();
	}
}

/** Stored state not asked for sooner is decoded this long after loading, off the first client's path. */
const DECODE_AFTER_MS = 100;

/** Transaction origin of a document being restored from the database. */
const RESTORING = Symbol('restoring');

/** Origin of presence received from another instance (not passed on again). */
const PEER = Symbol('peer');
