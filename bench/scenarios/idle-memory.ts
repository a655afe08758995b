import { randomUUID } from 'node:crypto';
import { sleep } from '../lib/clock';
import type { Context, Measurement, Scenario } from '../lib/scenario';
import type { ServerKind } from '../lib/wire';

const BEFORE_MS = 2_000;
/** Clients that open and close a socket first, so one-time costs (code, caches) are not counted. */
const WARM_UP_CLIENTS = 5;
const SETTLE_MS = 5_000;

/** Memory per idle connection: many synced, silent sockets spread over a few boards. */
export function idleMemory(connections: number, boards: number): Scenario {
	return {
		name: 'idle-memory',
		title: `memory: ${connections} idle connections over ${boards} boards`,
		definition:
			`idle-memory: (server RSS ${SETTLE_MS / 1000} s after the last of ${connections} clients ` +
			`synced − server RSS ${BEFORE_MS / 1000} s after the fresh server started listening) / ` +
			`${connections}, the "before" taken after ${WARM_UP_CLIENTS} warm-up clients synced on another ` +
			`board and left; RSS is VmRSS of the server process (/proc/<pid>/status), no GC forced, so ` +
			`it includes the ${boards} loaded (empty) boards and whatever the sockets left to collect.`,
		boards: boards + 1,
		clients: connections,
		metrics: [
			{
				key: 'perConnectionKiB',
				label: 'RSS per idle connection, KiB',
				digits: 1,
				target: '≤0.75×'
			},
			{ key: 'baseMiB', label: 'RSS before connections, MiB', digits: 1, info: true },
			{ key: 'loadedMiB', label: 'RSS with connections, MiB', digits: 1, info: true },
			{ key: 'closed', label: 'sockets closed by server', digits: 0, info: true }
		],
		async measure(context: Context, kind: ServerKind): Promise<Measurement> {
			const server = await context.start(kind);
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
				const before = server.rssBytes();
				const targets = Array.from({ length: connections }, (_, i) =>
					server.target(
						names[i % boards]!,
						kind === 'piazza' ? sessions[i % sessions.length]!.token : undefined
					)
				);
				await context.pool.open('idle', targets, { parallel: 25 });
				await sleep(SETTLE_MS);
				const after = server.rssBytes();
				const reports = await context.pool.reports();
				return {
					perConnectionKiB: (after - before) / connections / 1024,
					baseMiB: before / 1024 / 1024,
					loadedMiB: after / 1024 / 1024,
					closed: reports.reduce((sum, r) => sum + r.closed, 0)
				};
			} finally {
				await context.pool.close();
				await server.stop();
			}
		}
	};
}
