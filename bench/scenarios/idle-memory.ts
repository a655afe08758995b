import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sleep } from '../lib/clock';
import type { Context, Measurement, Scenario } from '../lib/scenario';
import type { ServerKind } from '../lib/wire';

const BEFORE_MS = 3_000;
/** Clients that open and close a socket first, so one-time costs (code, caches) are not counted. */
const WARM_UP_CLIENTS = 5;
const SETTLE_MS = 5_000;
const SETTLE_AFTER_GC_MS = 2_500;

/** Memory per idle connection: many synced, silent sockets spread over a few boards. */
export function idleMemory(connections: number, boards: number): Scenario {
	return {
		name: 'idle-memory',
		title: `memory: ${connections} idle connections over ${boards} boards`,
		definition:
			`idle-memory: (server RSS ${SETTLE_MS / 1000} s after the last of ${connections} clients ` +
			`synced − server RSS before they connected) / ${connections}. "Before" is taken after ` +
			`${WARM_UP_CLIENTS} warm-up clients synced on another board and left, and ${BEFORE_MS / 1000} s ` +
			'of quiet; each reading follows two full GCs forced through the V8 inspector and ' +
			`${SETTLE_AFTER_GC_MS / 1000} s of quiet. ` +
			`RSS is VmRSS (/proc/<pid>/status); it includes the ${boards} loaded (empty) boards. JS heap ` +
			'= V8 usedSize (Runtime.getHeapUsage) at the same two moments: what is left is native memory ' +
			'(socket buffers, WASM such as PGlite, allocator slack).',
		boards: boards + 1,
		clients: connections,
		metrics: [
			{
				key: 'perConnectionKiB',
				label: 'RSS per idle connection, KiB',
				digits: 1,
				target: '≤0.75×'
			},
			{
				key: 'heapPerConnectionKiB',
				label: 'JS heap per idle connection, KiB',
				digits: 1,
				info: true
			},
			{ key: 'baseMiB', label: 'RSS before connections, MiB', digits: 1, info: true },
			{ key: 'loadedMiB', label: 'RSS with connections, MiB', digits: 1, info: true },
			{ key: 'closed', label: 'sockets closed by server', digits: 0, info: true }
		],
		async measure(context: Context, kind: ServerKind): Promise<Measurement> {
			const server = await context.start(kind, { inspect: true });
			/** Memory after a full garbage collection (forced through the inspector) and a second to settle. */
			// Twice, then quiet: V8 gives freed pages back to the system some time after a collection,
			// and a reading taken too early counts memory that is already free.
			const snapshot = async (moment: 'before' | 'after') => {
				await server.inspector!.collectGarbage();
				await sleep(500);
				await server.inspector!.collectGarbage();
				await sleep(SETTLE_AFTER_GC_MS);
				const reading = { rss: server.rssBytes(), heap: await server.inspector!.heapUsed() };
				if (context.heapSnapshots) {
					fs.mkdirSync(context.heapSnapshots, { recursive: true });
					await server.inspector!.writeHeapSnapshot(
						path.join(context.heapSnapshots, `${kind}-${server.pid}-${moment}.heapsnapshot`)
					);
				}
				return reading;
			};
			const { sessions } = context.piazza;
			try {
				const fresh = () =>
					`board:${kind === 'piazza' ? context.piazza.takeBoard() : randomUUID()}`;
				const names = Array.from({ length: boards }, fresh);
				const warmUp = fresh();
				await context.pool.open(
					'idle',
					Array.from({ length: WARM_UP_CLIENTS }, (_, i) =>
						server.target(warmUp, kind === 'piazza' ? sessions[i]!.token : undefined)
					)
				);
				await context.pool.close();
				await sleep(BEFORE_MS);
				const before = await snapshot('before');
				const targets = Array.from({ length: connections }, (_, i) =>
					server.target(
						names[i % boards]!,
						kind === 'piazza' ? sessions[i % sessions.length]!.token : undefined
					)
				);
				await context.pool.open('idle', targets, { parallel: 25 });
				await sleep(SETTLE_MS);
				const after = await snapshot('after');
				const reports = await context.pool.reports();
				return {
					perConnectionKiB: (after.rss - before.rss) / connections / 1024,
					heapPerConnectionKiB: (after.heap - before.heap) / connections / 1024,
					baseMiB: before.rss / 1024 / 1024,
					loadedMiB: after.rss / 1024 / 1024,
					closed: reports.reduce((sum, r) => sum + r.closed, 0)
				};
			} finally {
				await context.pool.close();
				await server.stop();
			}
		}
	};
}
