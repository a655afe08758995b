import type { Counts } from './histogram';
import type { Target } from './wire';

/** What the harness asks of a client worker (bench/worker.ts). */
export type Command =
	| {
			cmd: 'open';
			/**
			 * receive: count and time note markers (fan-out); idle: sync and stay quiet (memory);
			 * presence: announce presence at `startAt` and note when others' presence arrives.
			 */
			mode: 'receive' | 'idle' | 'presence';
			targets: Target[];
			/** Global index of targets[0] (presence identifies clients by it). */
			firstIndex: number;
			/** receive: writers and the most edits one writer sends (sizes the dedup bitmaps). */
			writers?: number;
			maxSeq?: number;
			/** presence: when every worker's clients open their sockets (cross-process clock). */
			startAt?: number;
			/** Handshakes in flight at once (receive, idle). */
			parallel?: number;
	  }
	| { cmd: 'arm' }
	| { cmd: 'count' }
	| { cmd: 'report' }
	| { cmd: 'close' };

export interface WorkerReport {
	/** Delivery latency of note markers, ms. */
	latency: Counts;
	/** Distinct (receiver, edit) pairs seen. */
	received: number;
	frames: number;
	bytes: number;
	/** Clients whose socket the server closed. */
	closed: number;
	closeCodes: number[];
	/** Per local client: socket created → sync step 2, ms (NaN if never synced). */
	connectMs: number[];
	/** Presence: per local client, frames received. */
	framesPerClient: number[];
	/** Presence: subject global index → latest time a local observer first saw it (0 = none). */
	lastSeenAt: Record<number, number>;
	/** Presence: subject global index → how many local observers saw it. */
	seenBy: Record<number, number>;
	/** Presence: local subject global index → when it announced itself. */
	announcedAt: Record<number, number>;
	/** Event-loop delay of this worker since `arm`, ms. */
	loopDelay: { p50: number; p99: number; max: number };
}

export type Reply =
	{ id: number; ok: true; value?: unknown } | { id: number; ok: false; error: string };
