// Entry of the thread that owns embedded PGlite (see pglite-thread.ts for why it has a thread).
// Built to build/pglite-worker.js next to the server; the event loop talks to it through
// pglite-remote.ts.
import v8 from 'node:v8';
import vm from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import type { Transaction } from '@electric-sql/pglite';
import { byteaCodec } from './bytea';
import { toThreadError } from './pglite-thread';
import type {
	PgliteThreadOptions,
	ThreadQueryOptions,
	ThreadRequest,
	ThreadResponse
} from './pglite-thread';

const port = parentPort!;
const options = workerData as PgliteThreadOptions;

interface OpenTransaction {
	tx: Transaction;
	/** Settles PGlite's transaction callback: resolve commits, reject rolls back. */
	finish: (commit: boolean) => void;
	/** PGlite's transaction promise: settled once COMMIT or ROLLBACK ran. */
	done: Promise<unknown>;
}

/** Thrown into PGlite's transaction callback to make it roll back; never reaches a caller. */
const ROLLBACK = Symbol('rollback');

/**
 * This thread's JavaScript only carries queries and results: what it allocates is garbage a moment
 * later, but V8 collects a quiet isolate lazily, so after a burst (a room of phones reconnecting)
 * megabytes of it would stay resident. Once the thread has been idle for IDLE_GC_MS it collects
 * them; the pause is on this thread, never on the server's event loop.
 *
 * Twice: with a 2 MB young generation, results in flight are promoted and die in old space, and
 * one collection frees them but leaves their pages committed (measured after 1,000 sockets joined:
 * old space 17.5 MiB for 10.2 MiB live). The second one evacuates those pages and gives them back
 * (12 MiB for 10), about 5 KiB of RSS per idle socket in the benchmark.
 */
const IDLE_GC_MS = 2_000;
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;
let idleTimer: ReturnType<typeof setTimeout> | null = null;
function busy() {
	if (idleTimer) clearTimeout(idleTimer);
	idleTimer = setTimeout(() => {
		idleTimer = null;
		collectGarbage();
		collectGarbage();
	}, IDLE_GC_MS);
	idleTimer.unref();
}

const transactions = new Map<number, OpenTransaction>();
let nextTransaction = 1;

function reply(message: ThreadResponse) {
	port.postMessage(message);
}

function queryOptions(options: ThreadQueryOptions) {
	const raw = (value: string) => value;
	return {
		rowMode: options.rowMode,
		parsers: Object.fromEntries((options.rawTypes ?? []).map((type) => [type, raw]))
	};
}

async function main() {
	let pg: PGlite;
	try {
		pg = await PGlite.create({ dataDir: options.dataDir, ...byteaCodec });
	} catch (error) {
		reply({ id: 0, ready: false, error: toThreadError(error) });
		return;
	}

	const target = (tx: number | null) => {
		if (tx === null) return pg;
		const open = transactions.get(tx);
		if (!open) throw new Error(`Transaction ${tx} is not open.`);
		return open.tx;
	};

	const begin = () =>
		new Promise<number>((resolveBegin, rejectBegin) => {
			const id = nextTransaction++;
			const done = pg.transaction(
				(tx) =>
					new Promise((resolve, reject) => {
						transactions.set(id, {
							tx,
							finish: (commit) => (commit ? resolve(undefined) : reject(ROLLBACK)),
							done
						});
						resolveBegin(id);
					})
			);
			// A BEGIN that fails rejects here before the callback ran.
			done.catch((error) => {
				if (!transactions.has(id)) rejectBegin(error);
			});
		});

	const end = async (id: number, commit: boolean) => {
		const open = transactions.get(id);
		if (!open) throw new Error(`Transaction ${id} is not open.`);
		open.finish(commit);
		try {
			await open.done;
		} catch (error) {
			if (error !== ROLLBACK) throw error;
		} finally {
			transactions.delete(id);
		}
		return null;
	};

	const handle = async (request: ThreadRequest) => {
		switch (request.op) {
			case 'query':
				return target(request.tx).query(request.sql, request.params, queryOptions(request.options));
			case 'exec':
				return target(request.tx).exec(request.sql);
			case 'begin':
				return begin();
			case 'end':
				return end(request.tx, request.commit);
			case 'close':
				await pg.close();
				return null;
		}
	};

	port.on('message', (request: ThreadRequest) => {
		busy();
		handle(request).then(
			(value) => {
				reply({ id: request.id, ok: true, value: value as never });
				if (request.op === 'close') port.close();
			},
			(error) => reply({ id: request.id, ok: false, error: toThreadError(error) })
		);
	});
	reply({ id: 0, ready: true });
}

void main();
