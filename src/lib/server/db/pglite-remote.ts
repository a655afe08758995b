import { Worker } from 'node:worker_threads';
import type { QueryOptions, Results } from '@electric-sql/pglite';
import { fromThreadError } from './pglite-thread';
import type {
	PgliteThreadOptions,
	ThreadQueryOptions,
	ThreadRequest,
	ThreadResponse
} from './pglite-thread';

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };
type Body<R> = R extends unknown ? Omit<R, 'id'> : never;

/** The part of PGlite's query interface Drizzle's PGlite driver and Piazza use. */
export interface PgliteQueries {
	query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
	exec(sql: string): Promise<Results[]>;
}

export interface RemoteTransaction extends PgliteQueries {
	rollback(): Promise<void>;
	readonly closed: boolean;
}

/**
 * The thread's JavaScript only passes messages: every object it makes is garbage within a query.
 * A small young generation collects it often instead of letting tens of MB pile up between
 * collections (it showed as ~20 KB of RSS per idle socket in the benchmark).
 */
const YOUNG_GENERATION_MB = 2;

/** Sample value a parser must hand back unchanged to be replaced by "leave it as text". */
const PROBE = '2026-01-01 00:00:00+00';

/**
 * Parser functions cannot cross to the thread. Drizzle passes only identity parsers (dates and
 * intervals stay PostgreSQL text, it maps them itself): those become `rawTypes`. Anything else is
 * refused loudly rather than silently parsed differently.
 */
function threadOptions(options: QueryOptions | undefined): ThreadQueryOptions {
	if (!options) return {};
	if (options.serializers || options.blob || options.onNotice || options.paramTypes) {
		throw new Error('PGlite thread: only rowMode and identity parsers are supported.');
	}
	const rawTypes = Object.entries(options.parsers ?? {}).map(([type, parse]) => {
		if (parse(PROBE, Number(type)) !== PROBE) {
			throw new Error(`PGlite thread: the parser of type ${type} is not an identity.`);
		}
		return Number(type);
	});
	return { rowMode: options.rowMode, rawTypes };
}

/**
 * Embedded PGlite on a worker thread, looking to Drizzle like a PGlite client: `query`, `exec`,
 * `transaction`, `close`. Requests are answered in the order the thread finishes them; PGlite
 * itself runs one statement at a time and holds other queries while a transaction is open, exactly
 * as it does in-process.
 */
export class PgliteRemote implements PgliteQueries {
	private readonly pending = new Map<number, Pending>();
	private nextId = 1;
	private failure: Error | null = null;

	private constructor(private readonly worker: Worker) {
		worker.on('message', (message: ThreadResponse) => {
			if ('ready' in message) return;
			const pending = this.pending.get(message.id);
			if (!pending) return;
			this.pending.delete(message.id);
			if (message.ok) pending.resolve(message.value);
			else pending.reject(fromThreadError(message.error));
		});
		const fail = (error: Error) => {
			this.failure ??= error;
			for (const pending of this.pending.values()) pending.reject(this.failure);
			this.pending.clear();
		};
		worker.on('error', (error) =>
			fail(new Error(`The embedded database stopped: ${error.message}`, { cause: error }))
		);
		worker.on('exit', (code) => fail(new Error(`The embedded database stopped (exit ${code}).`)));
	}

	/** Starts the thread and resolves once its database is open. */
	static async start(script: string | URL, options: PgliteThreadOptions): Promise<PgliteRemote> {
		const worker = new Worker(script, {
			workerData: options,
			resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB }
		});
		let onMessage!: (message: ThreadResponse) => void;
		let onError!: (error: Error) => void;
		let onExit!: (code: number) => void;
		const ready = await new Promise<ThreadResponse>((resolve, reject) => {
			onMessage = resolve;
			onError = reject;
			onExit = (code) =>
				reject(new Error(`The embedded database thread ended at start (exit ${code}).`));
			worker.on('message', onMessage).on('error', onError).on('exit', onExit);
		}).finally(() => {
			worker.off('message', onMessage).off('error', onError).off('exit', onExit);
		});
		if (!('ready' in ready) || !ready.ready) {
			await worker.terminate();
			throw fromThreadError('error' in ready ? ready.error : { message: 'unexpected message' });
		}
		return new PgliteRemote(worker);
	}

	private call<T>(request: Body<ThreadRequest>): Promise<T> {
		if (this.failure) return Promise.reject(this.failure);
		const id = this.nextId++;
		return new Promise<T>((resolve, reject) => {
			this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
			this.worker.postMessage({ ...request, id });
		});
	}

	private queries(tx: number | null): PgliteQueries {
		return {
			query: async <T>(sql: string, params: unknown[] = [], options?: QueryOptions) =>
				this.call<Results<T>>({ op: 'query', tx, sql, params, options: threadOptions(options) }),
			exec: (sql: string) => this.call<Results[]>({ op: 'exec', tx, sql })
		};
	}

	query<T>(sql: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> {
		return this.queries(null).query<T>(sql, params, options);
	}

	exec(sql: string): Promise<Results[]> {
		return this.queries(null).exec(sql);
	}

	/** Runs `fn` in a transaction held open on the thread: committed if it resolves, else rolled back. */
	async transaction<T>(fn: (tx: RemoteTransaction) => Promise<T>): Promise<T> {
		const id = await this.call<number>({ op: 'begin' });
		let closed = false;
		const end = async (commit: boolean) => {
			if (closed) return;
			closed = true;
			await this.call({ op: 'end', tx: id, commit });
		};
		const tx: RemoteTransaction = {
			...this.queries(id),
			rollback: () => end(false),
			get closed() {
				return closed;
			}
		};
		let result: T;
		try {
			result = await fn(tx);
		} catch (error) {
			await end(false).catch(() => {});
			throw error;
		}
		await end(true);
		return result;
	}

	async close(): Promise<void> {
		if (this.failure) return;
		await this.call({ op: 'close' });
		await this.worker.terminate();
	}
}
