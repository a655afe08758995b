import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type * as Y from 'yjs';
import { holdsNotes } from '../../domain/board/held';
import { decide } from '../../domain/collab/admission';
import type { Admission } from '../../domain/collab/admission';
import { parseDocName } from '../../domain/collab/doc-name';
import type { DocName } from '../../domain/collab/doc-name';
import * as controlDoc from '../../domain/workshop/control-doc';
import * as sessions from '../auth/sessions';
import type { BoardPhase } from '../db/schema/index';
import type { Runtime } from '../runtime';
import * as controlState from '../workshops/control-state';
import * as access from './access';
import type { Visitor } from './access';
import { Batcher } from './batch';
import { Connection } from './connection';
import type { ConnectionHooks } from './connection';
import { HeldNotes } from './held-notes';
import { Journal } from './journal';
import type { JournalHealth } from './journal';
import { Peers } from './peers';
import { redisBus } from './pubsub';
import type { Bus } from './pubsub';
import { CLOSE, decodeClientMessage } from './protocol';
import { Room } from './room';
import {
	ServerWebSocket,
	answerUpgrade,
	completeHandshake,
	destroyOnError,
	prepareFrame,
	refuseUpgrade,
	warmUp as warmUpSockets
} from './websocket';

export const COLLAB_PREFIX = '/collab/';

/** How often idle documents are looked at for unloading, and sockets pinged. */
const MAINTENANCE_MS = 1_000;
const PING_MS = 30_000;
/**
 * A session's validity and its rights on a document, once read from the database, admit more
 * sockets of that session for this long: a phone opens a board and its workshop's control at once,
 * a room reconnects all together. Open sockets are re-checked on their own (COLLAB_RECHECK_MS).
 */
const ADMISSION_CACHE_MS = 5_000;
/**
 * After a restart (a deploy in the middle of a workshop, a crash) every phone of a live board
 * reconnects within seconds. The documents written to in the last RECENT_MS are loaded before the
 * server listens, at most PRELOAD_MAX of them within PRELOAD_BUDGET_MS, and kept loaded for
 * PRELOAD_GRACE_MS even while nobody is back yet.
 */
const RECENT_MS = 15 * 60_000;
const PRELOAD_MAX = 50;
const PRELOAD_BUDGET_MS = 3_000;
const PRELOAD_GRACE_MS = 60_000;
/** Most bytes of preloaded documents' full states framed ahead for fresh clients (see preload). */
const PREPARED_FRAMES_MAX_BYTES = 16 * 1024 * 1024;
/** Most sessions read ahead at start (see readAhead). */
const READ_AHEAD_MAX = 2_000;

interface Cached<T> {
	at: number;
	value: Promise<T>;
}

export interface CollabHealth extends JournalHealth {
	documents: number;
	connections: number;
	/** Frames refused as malformed since start (RELIABILITY.md 1-5). */
	malformed: number;
	/** Writes refused with "permission denied" since start. */
	denied: number;
	/** Sockets closed for a limit (size, rate) since start. */
	closedForLimit: number;
	/** With REDIS_URL only: other instances heard from lately (see peers.ts). */
	peers?: number;
	/** With REDIS_URL only: updates of instances that died unstored, stored by this one. */
	storedForPeers?: number;
}

class CapacityError extends Error {}

/**
 * The live-document server (DESIGN.md §3): authorises sockets before the upgrade completes, keeps
 * one Room per loaded document, stores every accepted update through the Journal, and unloads
 * documents nobody uses once they are stored. Free of SvelteKit, so the production entry and the
 * Vite dev server share it.
 */
export class CollabServer {
	private readonly rooms = new Map<string, Room>();
	private readonly loading = new Map<string, Promise<Room>>();
	private readonly socketsBySession = new Map<string, number>();
	/** Every open connection and its socket. */
	private readonly open = new Map<Connection, ServerWebSocket>();
	private readonly hooks: ConnectionHooks;
	private readonly journal: Journal;
	/** With REDIS_URL: the other instances sharing live documents (peers.ts); else null. */
	private readonly bus: Bus | null;
	private readonly peers: Peers | null;
	private readonly maintenance: ReturnType<typeof setInterval>;
	private readonly rechecks: ReturnType<typeof setInterval>;
	private connections = 0;
	/** Sessions and rights read for recent sockets (see ADMISSION_CACHE_MS). */
	private readonly visitors = new Map<string, Cached<Visitor | null>>();
	private readonly decisions = new Map<string, Cached<access.Decision>>();
	/**
	 * Sessions and their rights on the documents preloaded at start, read ahead for their recent
	 * writers (see readAhead), by `<session id> <document>`. Each entry still needs its token's
	 * secret checked, and lives as long as the other admission caches.
	 */
	private readonly readAheads = new Map<string, { at: number; row: access.AdmissionRow }>();
	/** A session and its rights on a document in one read, batched under bursts (by token). */
	private readonly admissionReads = new Batcher<
		string,
		{ token: string; name: DocName },
		Admission
	>((requests) => this.readAdmissions(requests));
	/** Reads of sessions and rights, batched under bursts. */
	private readonly sessionReads = new Batcher<string, string, Visitor | null>((tokens) =>
		visitorsOf([...tokens.keys()], this.runtime)
	);
	private readonly decisionReads = new Batcher<
		string,
		{ visitor: Visitor; name: DocName },
		access.Decision
	>(async (requests) => {
		const byDocument = new Map<string, { name: DocName; entries: [string, Visitor][] }>();
		for (const [key, { visitor, name }] of requests) {
			const group = byDocument.get(name.name) ?? { name, entries: [] };
			group.entries.push([key, visitor]);
			byDocument.set(name.name, group);
		}
		const decided = new Map<string, access.Decision>();
		for (const { name, entries } of byDocument.values()) {
			const decisions = await access.decideMany(
				this.runtime.database.db,
				entries.map(([, visitor]) => visitor),
				name
			);
			entries.forEach(([key], i) => decided.set(key, decisions[i]!));
		}
		return decided;
	});
	/** Open sockets' sessions, re-checked together: a room connected at once is due at once. */
	private readonly activeReads = new Batcher<string, string, boolean>(async (ids) => {
		const active = await sessions.activeAmong(this.runtime.database.db, [...ids.keys()]);
		return new Map([...ids.keys()].map((id) => [id, active.has(id)]));
	});
	/** How many times the admission caches forgot a session (see `admission`). */
	private forgets = 0;
	private stats = { malformed: 0, denied: 0, closedForLimit: 0 };
	private closing = false;
	/** Residents' notes held back by private mode or pre-moderation (mirror, release). */
	readonly held: HeldNotes = new HeldNotes(this, async (boardId) => {
		const board = await access.boardFacts(this.runtime.database.db, boardId);
		return board ? holdsNotes(board) : null;
	});

	constructor(private readonly runtime: Runtime) {
		const limits = runtime.config.collab;
		const { redisUrl, redisPrefix } = runtime.config;
		this.journal = new Journal(runtime.database.db, limits.flushMs, undefined, redisUrl !== null);
		this.bus = redisUrl ? redisBus(redisUrl) : null;
		this.peers = this.bus
			? new Peers(this.bus, redisPrefix, {
					room: (docName) => this.rooms.get(docName),
					journal: (entry) => void this.journal.append(entry),
					storedSeq: () => this.journal.storedSeq,
					lastSeq: () => this.journal.lastSeq,
					boardPhase: (boardId, phase) => this.applyBoardPhase(boardId, phase),
					boardPremoderation: (boardId, on) => this.applyBoardPremoderation(boardId, on),
					sessionsEnded: (ids) => {
						for (const id of ids) this.sessionEnded(id);
					}
				})
			: null;
		if (this.peers) {
			const peers = this.peers;
			// Redis back after an outage: every loaded copy catches up with the others' (and they
			// with it): each side sends what the other's state vector lacks.
			peers.onResynchronise = () => {
				for (const room of this.rooms.values()) room.whenDecoded(() => peers.hello(room));
				void this.rereadBoards();
				// Security: sessions ended on other instances while Redis was away were not heard
				// of: every open socket is re-checked now (batched), not at its COLLAB_RECHECK_MS.
				for (const connection of this.open.keys()) connection.recheckDue = 0;
			};
		}
		this.hooks = {
			recheckMs: limits.recheckMs,
			recheck: (connection) => this.recheck(connection),
			onClose: (connection) => this.forget(connection),
			count: (kind) => {
				if (kind === 'malformed') this.stats.malformed++;
				else if (kind === 'denied') this.stats.denied++;
				else this.stats.closedForLimit++;
			}
		};
		this.maintenance = setInterval(() => void this.maintain(), MAINTENANCE_MS);
		this.maintenance.unref();
		this.rechecks = setInterval(
			() => this.sweepRechecks(),
			Math.min(MAINTENANCE_MS, Math.max(50, limits.recheckMs / 4))
		);
		this.rechecks.unref();
		const pinger = setInterval(() => this.ping(), PING_MS);
		pinger.unref();
		const stopListening = sessions.onSessionEnded((id) => {
			this.sessionEnded(id);
			// Security: its sockets on the other instances close within a second too.
			this.peers?.sessionEnded(id);
		});
		runtime.onStop(async () => {
			stopListening();
			clearInterval(pinger);
			await this.close();
		});
	}

	/**
	 * Runs every query of a socket's path once, on nothing: after a restart the first phones to
	 * reconnect would otherwise pay for cold database caches and unoptimised code (tens of ms each).
	 * Then loads the recently written documents and reads ahead their writers' sessions.
	 */
	async warmUp() {
		const db = this.runtime.database.db;
		const nobody = '00000000-0000-4000-8000-000000000000';
		const board = parseDocName(`board:${nobody}`)!;
		await this.readAdmissions(
			new Map([['', { token: `${'a'.repeat(24)}.${'a'.repeat(24)}`, name: board }]])
		);
		await sessions.validate(db, `${'a'.repeat(24)}.${'a'.repeat(24)}`, this.lifetimes());
		await access.decide(db, { sessionId: nobody, user: null, residentId: nobody }, board);
		await access.boardFacts(db, nobody);
		await sessions.activeAmong(db, ['a'.repeat(24)]);
		await this.journal.load(board.name);
		warmUpSockets();
		// A fresh client's sync step 1, decoded once.
		decodeClientMessage(new Uint8Array([0, 0, 1, 0]));
		const recent = await this.preload();
		await this.readAhead(recent);
	}

	/**
	 * After a restart the first sockets are the phones of the rooms that were live: the writers of
	 * the documents just preloaded. Their sessions and rights on those documents are read here, one
	 * query per document, so that those sockets need no database read at all. Security: nothing is
	 * admitted yet. A socket's token must still match the stored hash (constant time), the session
	 * must not have expired since, an ended session is forgotten at once (onSessionEnded), and an
	 * entry lives no longer than the admission caches (ADMISSION_CACHE_MS). Sessions that would
	 * slide their expiry or belong to a disabled account are left to the ordinary read.
	 */
	private async readAhead(documents: { name: DocName; writers: string[] }[]) {
		const started = Date.now();
		let read = 0;
		for (const { name, writers } of documents) {
			if (writers.length === 0 || read >= READ_AHEAD_MAX) continue;
			if (Date.now() - started > PRELOAD_BUDGET_MS) break;
			const rows = await access.factsOf(
				this.runtime.database.db,
				{ writers },
				name,
				this.lifetimes(),
				READ_AHEAD_MAX - read
			);
			const at = Date.now();
			for (const row of rows) {
				if (row.session.slides || (row.session.userId && row.session.disabledAt)) continue;
				this.readAheads.set(`${row.session.id} ${name.name}`, { at, row });
				read++;
			}
		}
	}

	/** Session lifetimes, for the reads that slide them. */
	private lifetimes(): sessions.Lifetimes {
		return {
			staff: this.runtime.config.sessions.staffDays,
			participant: this.runtime.config.sessions.participantDays
		};
	}

	/** Loads the documents written to recently (see RECENT_MS); returns them with their writers. */
	async preload(): Promise<{ name: DocName; writers: string[] }[]> {
		const started = Date.now();
		// Never more than half the document places: sockets must still find room for the others.
		const most = Math.min(PRELOAD_MAX, Math.floor(this.runtime.config.collab.maxDocuments / 2));
		if (most === 0) return [];
		const recent = await this.journal.recentlyWritten(started - RECENT_MS, most);
		const loaded: { name: DocName; writers: string[] }[] = [];
		let prepared = 0;
		for (const { docName, writers } of recent) {
			const name = parseDocName(docName);
			if (!name || this.rooms.has(name.name)) continue;
			if (Date.now() - started > PRELOAD_BUDGET_MS) break;
			try {
				const room = await this.room(name);
				room.keepWarm(Date.now() + PRELOAD_GRACE_MS);
				loaded.push({ name, writers });
				// A phone coming back with nothing (a new tab, cleared storage) gets the state as it
				// was stored: framed now, not on its path. Bounded: the frames live until the first
				// change, and twice the stored bytes of many boards is not worth holding.
				if (room.fullStateKnown && prepared + room.bytes <= PREPARED_FRAMES_MAX_BYTES) {
					prepared += room.bytes;
					prepareFrame(room.fullSyncFrame());
				}
			} catch (error) {
				// A document that cannot be loaded now is loaded by its first socket, or refused then.
				console.warn(
					`[piazza] live documents: could not preload ${docName}: ${(error as Error).message}`
				);
			}
		}
		return loaded;
	}

	health(): CollabHealth {
		return {
			...this.journal.health(),
			documents: this.rooms.size,
			connections: this.connections,
			malformed: this.stats.malformed,
			denied: this.stats.denied,
			closedForLimit: this.stats.closedForLimit,
			...(this.peers
				? { peers: this.peers.count, storedForPeers: this.peers.stats.journaledForPeers }
				: {})
		};
	}

	/**
	 * Board phases and pre-moderation changed on other instances while Redis was away never
	 * reached this one: read them again from SQL rather than wait for each socket's recheck.
	 */
	private async rereadBoards() {
		const db = this.runtime.database.db;
		for (const room of [...this.rooms.values()]) {
			if (room.name.kind !== 'board' && room.name.kind !== 'inbox') continue;
			try {
				const board = await access.boardFacts(db, room.name.id);
				if (!board) continue;
				room.phase = board.phase;
				if (room.name.kind === 'board') room.premoderated = board.premoderation;
			} catch {
				// The database is away too: each socket's recheck reads them once it is back.
				return;
			}
		}
	}

	/** `'ok'` / `'down'` when REDIS_URL is set, else null (one process: nothing to say). */
	redisStatus(): 'ok' | 'down' | null {
		return this.bus?.status() ?? null;
	}

	/**
	 * Applies a change made by the server (phase changes, vote tallies): stored and broadcast exactly
	 * like a client's. Loads the document if nobody has it open.
	 */
	async transact(docName: string, fn: (doc: Y.Doc) => void, reason = 'server change') {
		const name = parseDocName(docName);
		if (!name) throw new Error(`Not a live document name: ${docName}`);
		const room = await this.room(name);
		room.transact(fn, { source: 'server', reason });
	}

	/**
	 * Reads a document as the server holds it now (loading it if nobody has it open), for decisions
	 * that depend on its content: does this note exist, is it hidden. `fn` must not change the doc.
	 */
	async read<T>(docName: string, fn: (doc: Y.Doc) => T): Promise<T> {
		const name = parseDocName(docName);
		if (!name) throw new Error(`Not a live document name: ${docName}`);
		const room = await this.room(name);
		return fn(room.doc);
	}

	/**
	 * Stores everything accepted so far and folds the named documents' journals into snapshots now,
	 * rather than when they are next idle or busy. Erasure needs it: a deleted note's text lives on in
	 * the journal rows written before the delete until they are folded into a snapshot of the
	 * (garbage-collected) state, which holds no deleted content. Throws when the database refuses.
	 */
	async compactNow(docNames: readonly string[]): Promise<void> {
		if (!(await this.journal.drain(10_000))) {
			throw new Error('Live documents could not be stored; compaction is left for later.');
		}
		for (const docName of docNames) {
			const name = parseDocName(docName);
			if (!name) throw new Error(`Not a live document name: ${docName}`);
			const room = await this.room(name);
			const before = room.updatesSinceCompaction;
			if (!(await this.journal.compact(room.name.name, () => room.state()))) {
				throw new Error(`Could not compact ${docName}.`);
			}
			room.updatesSinceCompaction = Math.max(0, room.updatesSinceCompaction - before);
		}
	}

	/**
	 * Keeps a loaded board's phase current (residents write only while it is open), inboxes too,
	 * here and in the other instances.
	 */
	setBoardPhase(boardId: string, phase: BoardPhase) {
		this.applyBoardPhase(boardId, phase);
		this.peers?.boardPhase(boardId, phase);
	}

	private applyBoardPhase(boardId: string, phase: BoardPhase) {
		for (const room of this.rooms.values()) {
			if (room.name.id === boardId && (room.name.kind === 'board' || room.name.kind === 'inbox')) {
				room.phase = phase;
			}
		}
	}

	/** Keeps a loaded board's pre-moderation current (no new resident note lands in it while on). */
	setBoardPremoderation(boardId: string, on: boolean) {
		this.applyBoardPremoderation(boardId, on);
		this.peers?.boardPremoderation(boardId, on);
	}

	private applyBoardPremoderation(boardId: string, on: boolean) {
		const room = this.rooms.get(`board:${boardId}`);
		if (room) room.premoderated = on;
	}

	/** The HTTP upgrade listener: true when the request was ours (a /collab/ path). */
	handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
		if (!req.url?.startsWith(COLLAB_PREFIX)) return false;
		destroyOnError(socket);
		void this.accept(req, socket, head).catch((error) => {
			console.error(`[piazza] live documents: upgrade failed: ${(error as Error).message}`);
			refuseUpgrade(req, socket, 1011, 'server error');
		});
		return true;
	}

	private async accept(req: IncomingMessage, socket: Duplex, head: Buffer) {
		if (this.closing) return refuseUpgrade(req, socket, CLOSE.goingAway, 'server restarting');
		// Cross-site WebSocket hijacking: a page elsewhere must not ride a resident's cookie.
		if (!originAllowed(req)) return answerUpgrade(socket, '403 Forbidden');
		const { config } = this.runtime;
		const token = sessionToken(req);
		if (!token) return refuseUpgrade(req, socket, CLOSE.noSession, 'no session');
		const raw = req.url!.slice(COLLAB_PREFIX.length).split('?')[0]!;
		const name = parseDocName(raw);
		if (!name) {
			// No session says 4401 before a bad name says 4404.
			const visitor = await this.visitor(token);
			if (!visitor) return refuseUpgrade(req, socket, CLOSE.noSession, 'no session');
			return refuseUpgrade(req, socket, CLOSE.noSuchDocument, 'no such document');
		}
		const { admission, readAhead } = await this.admission(token, name);
		if (!admission.visitor) return refuseUpgrade(req, socket, CLOSE.noSession, 'no session');
		const { visitor, decision } = admission;
		if (!decision.ok) {
			return decision.refused === 'not-found'
				? refuseUpgrade(req, socket, CLOSE.noSuchDocument, 'no such document')
				: refuseUpgrade(req, socket, CLOSE.forbidden, 'not allowed');
		}
		const open = this.socketsBySession.get(visitor.sessionId) ?? 0;
		if (open >= config.collab.connectionsPerSession) {
			return refuseUpgrade(req, socket, CLOSE.rate, 'too many connections');
		}
		// The place is taken now, before the document loads: the same session's other upgrades
		// waiting for that load must see it, or they all pass the check above at once.
		this.socketsBySession.set(visitor.sessionId, open + 1);
		let room: Room;
		try {
			room = await this.room(name);
		} catch (error) {
			this.releaseSession(visitor.sessionId);
			if (error instanceof CapacityError) {
				return refuseUpgrade(req, socket, CLOSE.rate, 'too many documents open');
			}
			throw error;
		}
		// A socket that went away while the document loaded gives its place back.
		if (socket.destroyed || !completeHandshake(req, socket)) {
			return this.releaseSession(visitor.sessionId);
		}
		this.connections++;
		// Frames up to twice the limit reach our own check (close 4413 with a reason the client
		// can show); larger ones are cut by the socket layer itself (1009) before being buffered.
		const ws = new ServerWebSocket(socket as Socket, config.collab.maxMessageBytes * 2);
		const connection = new Connection(ws, room, decision.grant, visitor, config.collab, this.hooks);
		ws.events = connection;
		this.open.set(connection, ws);
		connection.start();
		ws.start(head);
		// Security: what was read ahead at start is confirmed by a read right after this socket
		// synced (off its path), so that a session ended elsewhere since (another instance, the
		// CLI) loses the socket at the next sweep, not after COLLAB_RECHECK_MS.
		if (readAhead) connection.recheckDue = Date.now();
	}

	/** Reads a connection's session and rights again (DESIGN.md §3: "on every write"). */
	private async recheck(connection: Connection) {
		const { visitor, room } = connection;
		// What ends this socket must also refuse the next upgrade, not admit it from the cache.
		if (!(await this.activeReads.get(visitor.sessionId, visitor.sessionId))) {
			this.forgetAdmission(visitor.sessionId, true);
			return CLOSE.noSession;
		}
		// Read afresh (not through the admission cache), batched with the sockets due alongside.
		const again = await this.decisionReads.get(`${visitor.sessionId} ${room.name.name}`, {
			visitor,
			name: room.name
		});
		if (!again.ok) {
			this.forgetAdmission(visitor.sessionId, false);
			return CLOSE.forbidden;
		}
		if (room.name.kind === 'board' || room.name.kind === 'inbox') room.phase = again.phase;
		return again.grant;
	}

	/** Drops what the admission caches hold for a session that ended, or that lost rights. */
	private forgetAdmission(sessionId: string, ended: boolean) {
		this.forgets++;
		// Tokens are `<session id>.<secret>`.
		if (ended) {
			for (const token of this.visitors.keys()) {
				if (token.startsWith(`${sessionId}.`)) this.visitors.delete(token);
			}
			// Security: the session's open sockets are checked at the next sweep (about a second),
			// not after COLLAB_RECHECK_MS: an erased resident's phone must stop writing now.
			const now = Date.now();
			for (const connection of this.open.keys()) {
				if (connection.visitor.sessionId === sessionId) connection.recheckDue = now;
			}
		}
		for (const key of this.decisions.keys()) {
			if (key.startsWith(`${sessionId} `)) this.decisions.delete(key);
		}
		for (const key of this.readAheads.keys()) {
			if (key.startsWith(`${sessionId} `)) this.readAheads.delete(key);
		}
	}

	/** Once per connection, when it leaves its room. */
	private forget(connection: Connection) {
		this.open.delete(connection);
		this.connections--;
		this.releaseSession(connection.visitor.sessionId);
	}

	/** Gives back one of a session's socket places. */
	private releaseSession(sessionId: string) {
		const left = (this.socketsBySession.get(sessionId) ?? 1) - 1;
		if (left > 0) this.socketsBySession.set(sessionId, left);
		else this.socketsBySession.delete(sessionId);
	}

	/** A session ended here or on another instance: forgotten, and its sockets closed soon. */
	private sessionEnded(sessionId: string) {
		this.forgetAdmission(sessionId, true);
		this.recheckSoon(sessionId);
	}

	/**
	 * Security: a session ended in this process or, with REDIS_URL, on another instance (sign-out,
	 * password change, an admin's revocation, an erasure) has its sockets re-checked at the next
	 * sweep, so they close with 4401 within a second or so, not after up to COLLAB_RECHECK_MS.
	 * Sessions ended by another process without a live-document server (the CLI), or while Redis
	 * was away, still wait for their re-check (or for Redis's return, see onResynchronise).
	 */
	private recheckSoon(sessionId: string) {
		for (const connection of this.open.keys()) {
			// Also when a re-check is under way: it may have read the session before it ended.
			if (connection.visitor.sessionId === sessionId) connection.recheckDue = 0;
		}
	}

	/** Starts the rechecks that are due. */
	private sweepRechecks() {
		const now = Date.now();
		for (const connection of this.open.keys()) {
			if (connection.recheckDue <= now) void connection.recheck();
		}
	}

	/**
	 * A socket's session and its rights on `name`: from the admission caches when both were read
	 * less than ADMISSION_CACHE_MS ago, else from what was read ahead at start, else in one read.
	 */
	private async admission(
		token: string,
		name: DocName
	): Promise<{ admission: Admission; readAhead: boolean }> {
		const now = Date.now();
		const known = this.visitors.get(token);
		if (known && now - known.at < ADMISSION_CACHE_MS) {
			const visitor = await known.value;
			const admission: Admission = visitor
				? { visitor, decision: await this.decision(visitor, name) }
				: { visitor: null };
			return { admission, readAhead: false };
		}
		const ahead = this.fromReadAhead(token, name, now);
		const forgets = this.forgets;
		const admission =
			ahead ?? (await this.admissionReads.get(`${token} ${name.name}`, { token, name }));
		// A session ended while this read ran must not come back into the caches with its result.
		if (admission.visitor && this.forgets === forgets) {
			// Unknown tokens are not remembered: guessing must not fill memory.
			const at = Date.now();
			this.visitors.set(token, { at, value: Promise.resolve(admission.visitor) });
			this.decisions.set(`${admission.visitor.sessionId} ${name.name}`, {
				at,
				value: Promise.resolve(admission.decision)
			});
		}
		return { admission, readAhead: ahead !== null };
	}

	/** What was read ahead at start for this token's session and document, if it still holds. */
	private fromReadAhead(token: string, name: DocName, now: number): Admission | null {
		const parsed = sessions.parseToken(token);
		if (!parsed) return null;
		const ahead = this.readAheads.get(`${parsed.id} ${name.name}`);
		if (!ahead || now - ahead.at >= ADMISSION_CACHE_MS) return null;
		// Security: the secret is checked as a read would check it. A wrong one goes on to the
		// ordinary read (and is refused there), so a guess learns nothing from this path.
		if (!sessions.secretMatches(parsed.secret, ahead.row.session.secretHash)) return null;
		return decide(access.admissionFacts(ahead.row.session, ahead.row.document), name, now);
	}

	/** Sessions and rights for a batch of (token, document) pairs: one query per document. */
	private async readAdmissions(
		requests: Map<string, { token: string; name: DocName }>
	): Promise<Map<string, Admission>> {
		const db = this.runtime.database.db;
		const byDocument = new Map<string, { name: DocName; keys: string[] }>();
		for (const [key, { name }] of requests) {
			const group = byDocument.get(name.name) ?? { name, keys: [] };
			group.keys.push(key);
			byDocument.set(name.name, group);
		}
		const admitted = new Map<string, Admission>();
		for (const { name, keys } of byDocument.values()) {
			const ids = keys.flatMap((key) => {
				const parsed = sessions.parseToken(requests.get(key)!.token);
				return parsed ? [parsed.id] : [];
			});
			const rows = await access.factsOf(db, { ids }, name, this.lifetimes(), ids.length);
			const byId = new Map(rows.map((row) => [row.session.id, row]));
			for (const key of keys) {
				const parsed = sessions.parseToken(requests.get(key)!.token);
				const row = parsed && byId.get(parsed.id);
				// Security: constant-time comparison of the secret's hash; then a disabled account
				// ends the session, and a session past half its life slides forward (sessions.ts).
				const session =
					row && sessions.secretMatches(parsed.secret, row.session.secretHash)
						? await sessions.settle(db, row.session, this.lifetimes())
						: null;
				admitted.set(
					key,
					decide(access.admissionFacts(session, row?.document ?? null), name, Date.now())
				);
			}
		}
		return admitted;
	}

	/** The session behind a token, read at most once per ADMISSION_CACHE_MS (and once at a time). */
	private visitor(token: string): Promise<Visitor | null> {
		// Unknown tokens are not remembered: guessing must not fill memory.
		return admitted(this.visitors, token, () => this.sessionReads.get(token, token), Boolean);
	}

	/** What a session may do on a document, read at most once per ADMISSION_CACHE_MS. */
	private decision(visitor: Visitor, name: DocName): Promise<access.Decision> {
		const key = `${visitor.sessionId} ${name.name}`;
		return admitted(this.decisions, key, () => this.decisionReads.get(key, { visitor, name }));
	}

	/** The loaded room of a document, loading it (once) if needed. */
	private async room(name: DocName): Promise<Room> {
		const loaded = this.rooms.get(name.name);
		if (loaded) return loaded;
		const pending = this.loading.get(name.name);
		if (pending) return pending;
		if (this.rooms.size + this.loading.size >= this.runtime.config.collab.maxDocuments) {
			throw new CapacityError();
		}
		const load = (async () => {
			const db = this.runtime.database.db;
			// Heard before it is read: what other instances accept from now on reaches this copy,
			// and what they accepted before (stored or not yet) comes with the hello below.
			await this.peers?.join(name.name);
			const stored = await this.journal.load(name.name);
			const room = new Room(name, this.journal);
			if (this.peers) {
				const peers = this.peers;
				room.onAccepted = (entry, seq) => peers.accepted(name.name, entry, seq);
				room.onLocalPresence = (clients) => peers.presence(room, clients);
			}
			room.restore(stored.updates, stored.clients, stored.bytes);
			if (name.kind === 'board') {
				const board = await access.boardFacts(db, name.id);
				room.phase = board?.phase ?? null;
				room.premoderated = board?.premoderation ?? false;
				if (board) room.whenDecoded(() => room.initialiseBoard(board));
			}
			if (name.kind === 'inbox') {
				const board = await access.boardFacts(db, name.id);
				room.phase = board?.phase ?? null;
				const participantId = name.participantId!;
				// Every accepted write of the resident is mirrored into `held:`, or moved into the board.
				room.onClientChange = () => void this.held.inboxChanged(name.id, participantId);
			}
			// A control document is written only after an action has been stored in SQL. Seeding it
			// here, on its first load, rather than at the first action, means the phones that open it
			// before the facilitator does anything already see the agenda and the boards' phases.
			// Only a document never written is seeded: afterwards every action rewrites it from SQL.
			if (name.kind === 'control' && stored.updates.length === 0) {
				const state = await controlState.load(db, name.id);
				if (state) {
					room.transact((doc) => controlDoc.write(doc, state), {
						source: 'server',
						reason: 'seed control'
					});
				}
			}
			this.rooms.set(name.name, room);
			// Once decoded: a preloaded document stays undecoded until someone joins (see keepWarm).
			if (this.peers) {
				const peers = this.peers;
				room.whenDecoded(() => peers.hello(room));
			}
			// Puts right what a crash may have cut short, and moves notes the board no longer holds.
			if (name.kind === 'inbox') void this.held.inboxChanged(name.id, name.participantId!);
			return room;
		})();
		this.loading.set(name.name, load);
		try {
			return await load;
		} catch (error) {
			if (!this.rooms.has(name.name)) this.peers?.leave(name.name);
			throw error;
		} finally {
			this.loading.delete(name.name);
		}
	}

	/** Compacts busy documents and unloads idle ones once everything they hold is stored. */
	private async maintain() {
		const { idleUnloadMs, compactEvery } = this.runtime.config.collab;
		const now = Date.now();
		for (const cache of [this.visitors, this.decisions, this.readAheads] as Map<
			string,
			{ at: number }
		>[]) {
			for (const [key, entry] of cache) if (now - entry.at >= ADMISSION_CACHE_MS) cache.delete(key);
		}
		for (const room of [...this.rooms.values()]) {
			const idle =
				room.emptySince !== null && now - room.emptySince >= idleUnloadMs && now >= room.keepUntil;
			if (!idle && room.updatesSinceCompaction < compactEvery) continue;
			if (this.journal.queuedFor(room.name.name).length > 0) continue; // not stored yet
			if (room.updatesSinceCompaction > 0) {
				const before = room.updatesSinceCompaction;
				if (!(await this.journal.compact(room.name.name, () => room.state()))) continue;
				room.updatesSinceCompaction -= before;
			}
			if (idle && room.members.size === 0 && this.rooms.get(room.name.name) === room) {
				this.rooms.delete(room.name.name);
				this.peers?.leave(room.name.name);
				room.destroy();
			}
		}
	}

	/** Drops sockets that did not answer the last ping (a dead phone, a half-open TCP connection). */
	private ping() {
		for (const ws of this.open.values()) {
			if (ws.alive) ws.ping();
			else ws.terminate();
		}
	}

	/** First step of a shutdown: no new sockets, open ones told to come back later (1001). */
	goingAway() {
		this.closing = true;
		for (const ws of this.open.values()) ws.close(CLOSE.goingAway, 'server restarting');
	}

	/** Graceful shutdown: sockets told to come back later, every accepted update stored. */
	async close() {
		this.goingAway();
		clearInterval(this.maintenance);
		clearInterval(this.rechecks);
		await this.journal.close(10_000);
		// Everything accepted here is stored: the others may forget what they kept for our death.
		this.peers?.bye();
		this.peers?.stop();
		for (const room of this.rooms.values()) {
			if (room.updatesSinceCompaction > 0)
				await this.journal.compact(room.name.name, () => room.state());
			room.destroy();
		}
		this.rooms.clear();
		await this.bus?.close();
	}
}

/**
 * What `cache` holds for `key` if it is younger than ADMISSION_CACHE_MS, else what `read` gives
 * (kept while in flight, so that a burst reads once). A failed read, or a value `keep` rejects, is
 * not remembered.
 */
function admitted<T>(
	cache: Map<string, Cached<T>>,
	key: string,
	read: () => Promise<T>,
	keep: (value: T) => boolean = () => true
): Promise<T> {
	const now = Date.now();
	const known = cache.get(key);
	if (known && now - known.at < ADMISSION_CACHE_MS) return known.value;
	const entry = { at: now, value: read() };
	cache.set(key, entry);
	const forget = () => {
		if (cache.get(key) === entry) cache.delete(key);
	};
	entry.value.then((value) => keep(value) || forget(), forget);
	return entry.value;
}

/** The session token in the request's cookie, if any. */
function sessionToken(req: IncomingMessage): string | null {
	const prefix = `${sessions.COOKIE_NAME}=`;
	for (const cookie of req.headers.cookie?.split(';') ?? []) {
		const trimmed = cookie.trim();
		if (trimmed.startsWith(prefix)) return trimmed.slice(prefix.length);
	}
	return null;
}

/** The sessions behind tokens (null for an unknown or ended one). */
async function visitorsOf(
	tokens: string[],
	runtime: Runtime
): Promise<Map<string, Visitor | null>> {
	const found = await sessions.validateMany(runtime.database.db, tokens, {
		staff: runtime.config.sessions.staffDays,
		participant: runtime.config.sessions.participantDays
	});
	return new Map(
		[...found].map(([token, session]) => [
			token,
			session && { sessionId: session.id, user: session.user, residentId: session.residentId }
		])
	);
}

/**
 * Browsers always send Origin on a WebSocket handshake; it must be this app's. Clients without one
 * (scripts, tests) cannot carry a victim's cookie, so they are judged by their session alone.
 */
function originAllowed(req: IncomingMessage): boolean {
	const origin = req.headers.origin;
	if (!origin) return true;
	const configured = process.env.ORIGIN;
	try {
		if (configured) return new URL(origin).origin === new URL(configured).origin;
		const hostHeader = process.env.HOST_HEADER?.toLowerCase();
		const host = (hostHeader && req.headers[hostHeader]) || req.headers.host;
		return new URL(origin).host === host;
	} catch {
		return false;
	}
}

const KEY = Symbol.for('piazza.collab');
type Slot = { runtime?: Runtime; server?: CollabServer };
const slot: Slot = ((globalThis as Record<symbol, Slot>)[KEY] ??= {});

/**
 * The live-document server of this process. Like the runtime it is shared through `globalThis`:
 * the Vite plugin and SvelteKit's bundle load separate copies of this module.
 */
export function collabServer(runtime: Runtime): CollabServer {
	if (slot.runtime !== runtime || !slot.server) {
		slot.runtime = runtime;
		slot.server = new CollabServer(runtime);
	}
	return slot.server;
}

/** The live-document server if it has been started (for /healthz), else null. */
export function existingCollabServer(): CollabServer | null {
	return slot.server ?? null;
}
