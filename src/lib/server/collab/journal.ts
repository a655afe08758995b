import { and, asc, desc, eq, gt, isNotNull, lte, max, sql } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Database } from '../db/client';
import { innermostMessage } from '../db/data-dir';
import { storageFailureOf } from '../db/errors';
import type { StorageFailure } from '../db/errors';
import { collabClients, collabDocuments, collabUpdates } from '../db/schema/index';

/**
 * The durable side of live documents: every accepted update is appended to `collab_updates` in
 * small batches (at most `flushMs` after it was accepted), with its author; history is folded into
 * a snapshot by `compact()`. While the database is down, writes wait in memory, in order, and are
 * retried with backoff; nothing accepted is dropped.
 */

/** Who wrote an update: `user:<uuid>`, `participant:<uuid>` or `server`. */
export type Writer = string;

export interface JournalEntry {
	docName: string;
	update: Uint8Array;
	writer: Writer;
	/** Yjs client ids this writer used for the first time in this document. */
	newClients: number[];
}

export interface StoredDocument {
	/** Updates to apply, in order: the snapshot first (when there is one), then the journal. */
	updates: Uint8Array[];
	/** Client id → writer bindings. */
	clients: Map<number, Writer>;
	/** Total bytes loaded (for the document size cap). */
	bytes: number;
}

export interface JournalHealth {
	/** Entries accepted but not yet stored. */
	queued: number;
	/** Since when storing has been failing (ms since the epoch), or null. */
	failingSince: number | null;
	/** Why the last attempt failed (disk full, database unreachable, other), or null. */
	failure: StorageFailure | null;
}

const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 5_000;
/** Rows per INSERT: a burst after an outage is written in a few statements, not one giant one. */
const BATCH_ROWS = 500;
/** Newest journal rows looked at to find the documents written to recently. */
const RECENT_ROWS = 5_000;

function authorColumns(writer: Writer) {
	if (writer.startsWith('user:'))
		return { authorUserId: writer.slice(5), authorParticipantId: null };
	if (writer.startsWith('participant:')) {
		return { authorUserId: null, authorParticipantId: writer.slice(12) };
	}
	return { authorUserId: null, authorParticipantId: null };
}

export class Journal {
	private queue: (JournalEntry & { seq: number })[] = [];
	/**
	 * Every appended entry gets the next sequence number; `storedSeq` is the highest one stored
	 * (entries are stored in order). Other instances keep what they received from this one until
	 * its heartbeat's `storedSeq` passes it (peers.ts).
	 */
	private seq = 0;
	private stored = 0;
	private timer: ReturnType<typeof setTimeout> | null = null;
	/** Every database operation runs after the previous one: flushes and compactions never interleave. */
	private chain: Promise<unknown> = Promise.resolve();
	private failingSince: number | null = null;
	private failure: StorageFailure | null = null;
	private retryMs = RETRY_MIN_MS;
	private closed = false;

	constructor(
		private readonly db: Database,
		private readonly flushMs: number,
		private readonly log: (line: string) => void = (line) => console.warn(line),
		/**
		 * Whether other instances write the same documents (REDIS_URL): compaction then folds
		 * what the database holds, not this instance's copy alone (see `compact`).
		 */
		private readonly shared = false
	) {}

	/**
	 * Accepts an update for storage; it is written within `flushMs` (or as soon as the database is
	 * back). Returns its sequence number.
	 */
	append(entry: JournalEntry): number {
		const seq = ++this.seq;
		this.queue.push({ ...entry, seq });
		this.schedule(this.failingSince === null ? this.flushMs : this.retryMs);
		return seq;
	}

	/** The last sequence number given out. */
	get lastSeq(): number {
		return this.seq;
	}

	/** The highest sequence number stored: every entry up to it is in the database. */
	get storedSeq(): number {
		return this.queue.length === 0 ? this.seq : this.stored;
	}

	health(): JournalHealth {
		return { queued: this.queue.length, failingSince: this.failingSince, failure: this.failure };
	}

	/** Entries of one document still waiting to be stored. */
	queuedFor(docName: string): JournalEntry[] {
		return this.queue.filter((e) => e.docName === docName);
	}

	private schedule(delayMs: number) {
		if (this.timer || this.closed) return;
		this.timer = setTimeout(() => {
			this.timer = null;
			void this.flush();
		}, delayMs);
	}

	/** Writes what is queued now. Resolves when it is stored, or when this attempt failed. */
	flush(): Promise<boolean> {
		const run = this.chain.then(() => this.writeQueued());
		this.chain = run.catch(() => {});
		return run;
	}

	private async writeQueued(): Promise<boolean> {
		if (this.queue.length === 0) return true;
		const batch = this.queue.slice(0, BATCH_ROWS);
		try {
			const rows = batch.map((e) => ({
				docName: e.docName,
				update: e.update,
				size: e.update.byteLength,
				origin: e.writer === 'server' ? ('server' as const) : ('client' as const),
				...authorColumns(e.writer)
			}));
			const bindings = batch.flatMap((e) =>
				e.newClients.map((clientId) => ({ docName: e.docName, clientId, author: e.writer }))
			);
			if (bindings.length === 0) {
				await this.db.insert(collabUpdates).values(rows);
			} else {
				// A client's first update is stored with the binding of its client id, or not at all:
				// one statement (a data-modifying WITH) rather than a transaction's three round trips.
				const bound = this.db
					.$with('bound')
					.as(
						this.db
							.insert(collabClients)
							.values(bindings)
							.onConflictDoNothing()
							.returning({ clientId: collabClients.clientId })
					);
				await this.db.with(bound).insert(collabUpdates).values(rows);
			}
		} catch (error) {
			const failure = storageFailureOf(error);
			if (this.failingSince === null || failure !== this.failure) {
				this.failingSince ??= Date.now();
				this.log(
					`[piazza] live documents: storing updates failed (${failure}: ${innermostMessage(error)}); ` +
						'keeping them in memory and retrying.'
				);
			}
			this.failure = failure;
			this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
			this.schedule(this.retryMs);
			return false;
		}
		this.queue.splice(0, batch.length);
		this.stored = batch[batch.length - 1]!.seq;
		if (this.failingSince !== null) {
			this.log(
				`[piazza] live documents: storing works again after ${Date.now() - this.failingSince} ms.`
			);
			this.failingSince = null;
			this.failure = null;
			this.retryMs = RETRY_MIN_MS;
		}
		if (this.queue.length > 0) this.schedule(0);
		return true;
	}

	/**
	 * Documents written to since `since` (ms since the epoch), most recent first, at most `limit`,
	 * each with who wrote it in that time: the ones phones are likely to reopen right after a
	 * restart, and whose. Reads only the newest journal rows (by primary key), so it stays cheap
	 * however long the history is.
	 */
	async recentlyWritten(
		since: number,
		limit: number
	): Promise<{ docName: string; writers: Writer[] }[]> {
		const rows = await this.db
			.select({
				docName: collabUpdates.docName,
				createdAt: collabUpdates.createdAt,
				userId: collabUpdates.authorUserId,
				participantId: collabUpdates.authorParticipantId
			})
			.from(collabUpdates)
			.orderBy(desc(collabUpdates.id))
			.limit(RECENT_ROWS);
		const writers = new Map<string, Set<Writer>>();
		for (const row of rows) {
			if (row.createdAt.getTime() < since) break;
			let theirs = writers.get(row.docName);
			if (!theirs) {
				if (writers.size >= limit) continue;
				writers.set(row.docName, (theirs = new Set()));
			}
			if (row.userId) theirs.add(`user:${row.userId}`);
			if (row.participantId) theirs.add(`participant:${row.participantId}`);
		}
		return [...writers].map(([docName, theirs]) => ({ docName, writers: [...theirs] }));
	}

	/** The stored state of a document: its snapshot and the journal after it, plus queued entries. */
	load(docName: string): Promise<StoredDocument> {
		const run = this.chain.then(async () => {
			const [snapshot] = await this.db
				.select()
				.from(collabDocuments)
				.where(eq(collabDocuments.name, docName));
			const rows = await this.db
				.select({ update: collabUpdates.update })
				.from(collabUpdates)
				.where(
					and(
						eq(collabUpdates.docName, docName),
						gt(collabUpdates.id, snapshot?.snapshotUpdateId ?? 0),
						isNotNull(collabUpdates.update)
					)
				)
				.orderBy(asc(collabUpdates.id));
			const bindings = await this.db
				.select({ clientId: collabClients.clientId, author: collabClients.author })
				.from(collabClients)
				.where(eq(collabClients.docName, docName));
			const updates = [
				...(snapshot ? [snapshot.snapshot] : []),
				...rows.map((r) => r.update!),
				...this.queuedFor(docName).map((e) => e.update)
			];
			const clients = new Map(bindings.map((b) => [b.clientId, b.author]));
			for (const e of this.queuedFor(docName)) {
				for (const c of e.newClients) clients.set(c, e.writer);
			}
			return {
				updates,
				clients,
				bytes: updates.reduce((sum, u) => sum + u.byteLength, 0)
			};
		});
		this.chain = run.catch(() => {});
		return run;
	}

	/**
	 * Folds the stored journal of a document into a snapshot. `state` is read when the compaction
	 * runs, after every write queued before it: every stored row was applied to the document before
	 * it was queued, so the state then contains all of them (reading it earlier could miss an update
	 * that a flush still stores before us). The journal rows stay, without their bytes, as the audit
	 * trail. Resolves to false when the database refused (it is then simply tried later).
	 *
	 * With other instances (`shared`), that reasoning fails: their rows reach the database before
	 * they reach this copy. The snapshot is then the stored snapshot, the stored rows and this
	 * copy's state merged, so that it holds every row it replaces whatever this copy has seen; and
	 * two instances compacting the same document take turns on a transaction-scoped advisory lock,
	 * so that the later one reads the earlier one's snapshot instead of overwriting it with less.
	 */
	compact(docName: string, state: () => Uint8Array): Promise<boolean> {
		const run = this.chain.then(async () => {
			const own = state();
			try {
				await this.db.transaction(async (tx) => {
					if (this.shared) {
						await tx.execute(
							sql`select pg_advisory_xact_lock(hashtext(${`piazza:compact:${docName}`}))`
						);
					}
					const [{ last } = { last: null }] = await tx
						.select({ last: max(collabUpdates.id) })
						.from(collabUpdates)
						.where(and(eq(collabUpdates.docName, docName), isNotNull(collabUpdates.update)));
					if (last === null) return;
					const snapshot = this.shared ? await merged(tx, docName, Number(last), own) : own;
					await tx
						.insert(collabDocuments)
						.values({ name: docName, snapshot, snapshotUpdateId: Number(last) })
						.onConflictDoUpdate({
							target: collabDocuments.name,
							set: { snapshot, snapshotUpdateId: Number(last), updatedAt: sql`now()` }
						});
					await tx
						.update(collabUpdates)
						.set({ update: null })
						.where(and(eq(collabUpdates.docName, docName), lte(collabUpdates.id, Number(last))));
				});
				return true;
			} catch (error) {
				this.log(
					`[piazza] live documents: compacting ${docName} failed (${innermostMessage(error)}).`
				);
				return false;
			}
		});
		this.chain = run.catch(() => {});
		return run;
	}

	/** Stores everything queued, retrying until it is stored or `timeoutMs` has passed. */
	async drain(timeoutMs: number): Promise<boolean> {
		const deadline = Date.now() + timeoutMs;
		while (this.queue.length > 0 && Date.now() < deadline) {
			if (!(await this.flush())) {
				await new Promise((resolve) => setTimeout(resolve, Math.min(this.retryMs, 500)));
			}
		}
		return this.queue.length === 0;
	}

	/** Stops timers after a last drain. */
	async close(timeoutMs: number): Promise<boolean> {
		const drained = await this.drain(timeoutMs);
		this.closed = true;
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
		if (!drained) {
			this.log(
				`[piazza] live documents: ${this.queue.length} updates could not be stored at shutdown.`
			);
		}
		return drained;
	}
}

/**
 * A document's stored snapshot, its stored rows up to `last` and `own` (a live copy's state), as
 * one update: applied to a fresh document, so that overlapping parts count once.
 */
async function merged(
	tx: Parameters<Parameters<Database['transaction']>[0]>[0],
	docName: string,
	last: number,
	own: Uint8Array
): Promise<Uint8Array> {
	const [stored] = await tx
		.select({ snapshot: collabDocuments.snapshot })
		.from(collabDocuments)
		.where(eq(collabDocuments.name, docName));
	const rows = await tx
		.select({ update: collabUpdates.update })
		.from(collabUpdates)
		.where(
			and(
				eq(collabUpdates.docName, docName),
				lte(collabUpdates.id, last),
				isNotNull(collabUpdates.update)
			)
		)
		.orderBy(asc(collabUpdates.id));
	const doc = new Y.Doc({ gc: true });
	try {
		Y.transact(doc, () => {
			if (stored) Y.applyUpdate(doc, stored.snapshot);
			for (const row of rows) Y.applyUpdate(doc, row.update!);
			Y.applyUpdate(doc, own);
		});
		return Y.encodeStateAsUpdate(doc);
	} finally {
		doc.destroy();
	}
}
