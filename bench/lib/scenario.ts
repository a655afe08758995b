import type { PiazzaSetup } from './piazza';
import type { RunningServer } from './servers';
import type { ServerKind } from './wire';
import type { WorkerPool } from './workers';

/** One line of the table. */
export interface Metric {
	key: string;
	label: string;
	/** Lower is better for every compared metric; `info` lines are shown without a ratio. */
	info?: boolean;
	/** The budget for Piazza / best peer, as the issue states it (printed, not enforced). */
	target?: string;
	/** Digits after the decimal point. */
	digits?: number;
}

export type Measurement = Record<string, number>;

export interface Context {
	pool: WorkerPool;
	piazza: PiazzaSetup;
	quick: boolean;
	/** Where idle-memory writes heap snapshots (before/after), or null. */
	heapSnapshots: string | null;
	/** Starts a fresh server of `kind` (Piazza with its prepared data and raised limits). */
	start(kind: ServerKind, options?: { inspect?: boolean }): Promise<RunningServer>;
	/** The main process's event-loop delay since the last reset (ms). */
	loopDelay(): { p99: number; max: number };
	resetLoopDelay(): void;
	log(line: string): void;
}

export interface Scenario {
	name: string;
	title: string;
	/** Printed under the table: what exactly was measured. */
	definition: string;
	metrics: Metric[];
	/** How many fresh Piazza boards one measurement uses. */
	boards: number;
	/** How many Piazza sessions (distinct participants) it wants at most. */
	clients: number;
	measure(context: Context, kind: ServerKind): Promise<Measurement>;
}
