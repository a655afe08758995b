import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Grant, Visitor } from './access';
import {
	CLOSE,
	decodeAwarenessUpdate,
	decodeClientMessage,
	encodeAwareness,
	encodeAwarenessUpdate,
	encodePermissionDenied,
	encodeSyncStep1,
	encodeSyncStep2
} from './protocol';
import type { AwarenessEntry } from './protocol';
import { rulesFor } from './room';
import type { Member, Room } from './room';
import { checkUpdate, ownShare } from './update-check';
import type { WebSocketEvents } from './websocket';

/**
 * The minimal socket a connection needs (STYLE.md rule 6): the `ws` adapter lives in server.ts,
 * so this core can be driven by anything that moves bytes.
 */
export interface CollabSocket {
	send(frame: Uint8Array): void;
	close(code: number, reason: string): void;
	/** Bytes queued for sending and not yet on the wire. */
	bufferedAmount(): number;
}

export interface ConnectionLimits {
	/** Largest frame accepted (close 4413 above). */
	maxMessageBytes: number;
	/** Frames per second a connection may send (close 4429 above). */
	messagesPerSecond: number;
	/** Presence changes relayed per second per connection; more are merged, not relayed one by one. */
	awarenessPerSecond: number;
	/** Largest presence state (close 4413 above); never relayed. */
	maxAwarenessBytes: number;
	/** Largest document (writes that would grow it further are refused). */
	maxDocumentBytes: number;
	/** Send buffer beyond which a reader is too slow and is dropped (1013, try again later). */
	maxSendBufferBytes: number;
}

/** What the server does for its connections: one object shared by all of them. */
export interface ConnectionHooks {
	/** Re-reads the session and the grant: a new grant, or the close code that ends the socket. */
	recheck(connection: Connection): Promise<Grant | typeof CLOSE.noSession | typeof CLOSE.forbidden>;
	/** Milliseconds between rechecks. */
	recheckMs: number;
	onClose(connection: Connection): void;
	/** Counts refused and malformed input (exposed in /healthz). */
	count(kind: 'malformed' | 'denied' | 'closed-for-limit'): void;
}

/** A presence state as the server stamped it (see `presence`). */
type Stamped = { user?: { id?: string } } | null;

/** Presence ids one connection may speak for (a provider uses one; a few tabs' worth is plenty). */
const MAX_PRESENCE_IDS = 4;

/** A stable, readable colour for a writer, so everyone sees the same person in the same colour. */
const COLOURS = [
	'#0b5563',
	'#b42318',
	'#6d28d9',
	'#15803d',
	'#b45309',
	'#be185d',
	'#1d4ed8',
	'#4d7c0f'
];
function colourOf(writer: string): string {
	let hash = 0;
	for (const char of writer) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
	return COLOURS[hash % COLOURS.length]!;
}

/** The state vector of a client that holds nothing (a varUint count of 0). */
function isEmptyStateVector(stateVector: Uint8Array): boolean {
	return stateVector.byteLength === 1 && stateVector[0] === 0;
}

/**
 * One socket on one document. Most sockets sit idle for a whole workshop, so a connection keeps
 * no timers and no closures of its own: presence bookkeeping is made when presence comes, and the
 * server sweeps `recheckDue` for all connections at once.
 */
export class Connection implements Member, WebSocketEvents {
	private presenceIds: Set<number> | null = null;
	private pendingPresence: Map<number, AwarenessEntry> | null = null;
	private presenceTimer: ReturnType<typeof setTimeout> | null = null;
	private lastPresenceAt = 0;
	private windowStart = Date.now();
	private framesInWindow = 0;
	/** When the session and rights are next read again (ms since the epoch). */
	recheckDue = Infinity;
	private closed = false;
	/** Whether the client has answered our sync step 1 (sent what it holds that we lack). */
	private answeredSync = false;

	constructor(
		private readonly socket: CollabSocket,
		readonly room: Room,
		private grant: Grant,
		/** Whose socket this is: the server's own business (session id, for its counts). */
		readonly visitor: Visitor,
		private readonly limits: ConnectionLimits,
		private readonly hooks: ConnectionHooks
	) {}

	/** Joins the room and opens the y-websocket handshake: our state vector, then current presence. */
	start() {
		this.room.join(this);
		// Our state vector needs the decoded document: a fresh client does not wait for it.
		this.room.whenDecoded(() => this.send(encodeSyncStep1(Y.encodeStateVector(this.room.doc))));
		const present = [...this.room.awareness.getStates().keys()];
		if (present.length > 0) {
			this.send(
				encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.room.awareness, present))
			);
		}
		this.scheduleRecheck();
	}

	get writer() {
		return this.grant.writer;
	}

	releasePresence(clientId: number) {
		this.presenceIds?.delete(clientId);
	}

	onMessage(data: Uint8Array, binary: boolean) {
		if (binary) return this.receive(data);
		this.hooks.count('malformed');
		this.close(CLOSE.malformed, 'text frames are not part of the protocol');
	}

	onClose() {
		this.disposeAfterSocketClose();
	}

	send(frame: Uint8Array) {
		if (this.closed) return;
		if (this.socket.bufferedAmount() > this.limits.maxSendBufferBytes) {
			// A reader that does not keep up must not make the server hold an ever-growing buffer.
			this.close(1013, 'too slow: reconnect later');
			return;
		}
		this.socket.send(frame);
	}

	close(code: number, reason: string) {
		if (this.closed) return;
		this.closed = true;
		if (code === CLOSE.rate || code === CLOSE.tooLarge) this.hooks.count('closed-for-limit');
		this.socket.close(code, reason);
		this.dispose();
	}

	/** The socket went away (closed by the peer, or after our close). */
	disposeAfterSocketClose() {
		this.closed = true;
		this.dispose();
	}

	private dispose() {
		if (this.presenceTimer) clearTimeout(this.presenceTimer);
		this.presenceTimer = null;
		this.recheckDue = Infinity;
		if (this.room.members.has(this)) {
			this.room.leave(this, [...(this.presenceIds ?? [])]);
			this.hooks.onClose(this);
		}
	}

	/** One frame from the client. */
	receive(frame: Uint8Array) {
		if (this.closed) return;
		if (frame.byteLength > this.limits.maxMessageBytes) {
			this.close(CLOSE.tooLarge, 'message too large');
			return;
		}
		const now = Date.now();
		if (now - this.windowStart >= 1000) {
			this.windowStart = now;
			this.framesInWindow = 0;
		}
		if (++this.framesInWindow > this.limits.messagesPerSecond) {
			this.close(CLOSE.rate, 'too many messages');
			return;
		}
		const message = decodeClientMessage(frame);
		if (!message) {
			this.hooks.count('malformed');
			this.close(CLOSE.malformed, 'malformed message');
			return;
		}
		switch (message.type) {
			case 'sync-step-1': {
				// A fresh client (nothing held yet) gets the room's ready-made frame.
				if (isEmptyStateVector(message.stateVector)) {
					this.send(this.room.fullSyncFrame());
					return;
				}
				let diff: Uint8Array;
				try {
					diff = Y.encodeStateAsUpdate(this.room.doc, message.stateVector);
				} catch {
					this.hooks.count('malformed');
					this.close(CLOSE.malformed, 'malformed state vector');
					return;
				}
				this.send(encodeSyncStep2(diff));
				return;
			}
			case 'sync-update':
				this.write(message.update, message.fullState);
				return;
			case 'awareness':
				this.presence(message.update);
				return;
			case 'query-awareness': {
				const present = [...this.room.awareness.getStates().keys()];
				this.send(
					encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.room.awareness, present))
				);
				return;
			}
			case 'auth':
				return;
		}
	}

	private deny(reason: string) {
		this.hooks.count('denied');
		this.send(encodePermissionDenied(reason));
	}

	private write(update: Uint8Array, fullState = false) {
		if (fullState) this.answeredSync = true;
		// A client that only reads still answers our sync step 1 with an empty update (exactly
		// [0, 0]): not a write. Shorter is not an update at all and goes on to be called malformed.
		if (update.byteLength === 2 && update[0] === 0 && update[1] === 0) return;
		const rules = this.grant.mode === 'read' ? null : rulesFor(this.room.name);
		if (!rules) {
			this.deny('read-only document');
			return;
		}
		if (this.grant.mode === 'own-notes') {
			if (this.room.phase !== 'open') {
				this.deny('the board is locked');
				return;
			}
			rules.ownNotes = {
				authorId: this.grant.participantId!,
				authorName: this.grant.identity.name,
				existingOnly: this.room.name.kind === 'board' && this.room.premoderated
			};
		}
		if (this.room.bytes + update.byteLength > this.limits.maxDocumentBytes) {
			this.deny('the document is full');
			return;
		}
		let result = checkUpdate(
			this.room.doc,
			update,
			this.grant.writer,
			this.room.clientOwners,
			rules
		);
		if (!result.ok && !result.malformed && fullState) {
			// Others' edits the server lost, handed back with this writer's own: take its share.
			const share = ownShare(
				this.room.doc,
				update,
				this.grant.writer,
				this.room.clientOwners,
				rules
			);
			if (share) {
				update = share.update;
				result = { ok: true, empty: false, newClients: share.newClients };
			}
		}
		if (!result.ok && result.behind && !this.answeredSync) {
			// A client back from offline may send a new edit before its answer to our sync step 1,
			// which carries the edits this one builds on, and this one too: nothing to refuse.
			return;
		}
		if (!result.ok) {
			if (result.malformed) {
				this.hooks.count('malformed');
				this.close(CLOSE.malformed, result.reason);
			} else {
				this.deny(result.reason);
			}
			return;
		}
		if (result.empty) return;
		try {
			Y.applyUpdate(this.room.doc, update, {
				source: 'user',
				writer: this.grant.writer,
				newClients: result.newClients
			});
		} catch {
			// Decoding passed the check, integration did not: the update is broken beyond our checks.
			this.hooks.count('malformed');
			this.close(CLOSE.malformed, 'update could not be applied');
		}
	}

	private presence(update: Uint8Array) {
		if (update.byteLength > this.limits.maxAwarenessBytes) {
			this.close(CLOSE.tooLarge, 'presence too large');
			return;
		}
		const entries = decodeAwarenessUpdate(update, MAX_PRESENCE_IDS);
		if (!entries) {
			this.hooks.count('malformed');
			this.close(CLOSE.malformed, 'malformed presence');
			return;
		}
		for (const entry of entries) {
			// Stock clients relay everyone's presence back to the server, unchanged: such an echo
			// (not newer than what the server holds) is ignored, not taken as a claim.
			const known = this.room.awareness.meta.get(entry.clientId);
			if (known && entry.clock <= known.clock) continue;
			const owner = this.room.presenceOwners.get(entry.clientId);
			if (owner && owner !== this) {
				if (owner.writer !== this.grant.writer) {
					// A newer state for a client id someone else speaks for: a hijack attempt.
					this.close(CLOSE.forbidden, 'presence of another connection');
					return;
				}
				// The same person back on a new socket before the old one is gone: hand it over.
				owner.releasePresence(entry.clientId);
				this.room.presenceOwners.delete(entry.clientId);
			} else if (!owner) {
				// A presence id no socket here speaks for may be one of another instance's sockets
				// (peers.ts): its stamped writer says whose it is.
				const shown = (this.room.awareness.getStates().get(entry.clientId) as Stamped | undefined)
					?.user?.id;
				if (shown !== undefined && shown !== this.grant.writer) {
					this.close(CLOSE.forbidden, 'presence of another connection');
					return;
				}
			}
			if (this.room.presenceOwners.get(entry.clientId) !== this) {
				this.presenceIds ??= new Set();
				if (this.presenceIds.size >= MAX_PRESENCE_IDS) {
					this.close(CLOSE.forbidden, 'too many presence ids');
					return;
				}
				this.presenceIds.add(entry.clientId);
				this.room.presenceOwners.set(entry.clientId, this);
			}
			// Shown names come from the session, never from the client (outline#13804). The writer
			// id lets screens count a person with two tabs once (domain/workshop/presence).
			const state =
				entry.state === null
					? null
					: {
							...entry.state,
							user: {
								id: this.grant.writer,
								name: this.grant.identity.name,
								role: this.grant.identity.role,
								color: colourOf(this.grant.writer)
							}
						};
			(this.pendingPresence ??= new Map()).set(entry.clientId, { ...entry, state });
		}
		this.schedulePresence();
	}

	/** Relays presence at most `awarenessPerSecond` times a second, always the latest state. */
	private schedulePresence() {
		if (this.presenceTimer) return;
		const gap = 1000 / this.limits.awarenessPerSecond;
		const wait = Math.max(0, this.lastPresenceAt + gap - Date.now());
		this.presenceTimer = setTimeout(() => {
			this.presenceTimer = null;
			this.lastPresenceAt = Date.now();
			const entries = [...(this.pendingPresence?.values() ?? [])];
			this.pendingPresence = null;
			if (entries.length > 0 && !this.closed) {
				awarenessProtocol.applyAwarenessUpdate(
					this.room.awareness,
					encodeAwarenessUpdate(entries),
					this
				);
			}
		}, wait);
	}

	private scheduleRecheck() {
		// Jitter spreads the rechecks of a room that connected at once.
		this.recheckDue = Date.now() + this.hooks.recheckMs * (0.8 + Math.random() * 0.4);
	}

	/** Reads the session and rights again (the server calls it once `recheckDue` has passed). */
	async recheck() {
		if (this.closed) return;
		this.recheckDue = Infinity; // not again while this one runs
		let result: Awaited<ReturnType<ConnectionHooks['recheck']>>;
		try {
			result = await this.hooks.recheck(this);
		} catch {
			// The database is unreachable: keep the socket (nothing is decided on stale facts).
			this.scheduleRecheckUnlessAsked();
			return;
		}
		if (result === CLOSE.noSession) this.close(CLOSE.noSession, 'session ended');
		else if (result === CLOSE.forbidden) this.close(CLOSE.forbidden, 'no longer allowed');
		else {
			this.grant = result;
			this.scheduleRecheckUnlessAsked();
		}
	}

	/**
	 * Security: a recheck asked for while this one ran (its session ended meanwhile, here or on
	 * another instance) stands: this one may have read the session just before it ended, and must
	 * not push the next read COLLAB_RECHECK_MS away.
	 */
	private scheduleRecheckUnlessAsked() {
		if (this.recheckDue === Infinity) this.scheduleRecheck();
	}
}
