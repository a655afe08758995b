import { randomUUID } from 'node:crypto';
import { now, sleep } from '../lib/clock';
import type { Context, Measurement, Scenario } from '../lib/scenario';
import type { ServerKind } from '../lib/wire';

const STALL_MS = 3_000;
const MAX_WAIT_MS = 30_000;

/**
 * A room joining at once: every client opens its socket at the same moment, asks for the board
 * and announces its presence (awareness) as a provider does on open; everyone watches for
 * everyone else's presence.
 */
export function presence(clients: number): Scenario {
	return {
		name: 'presence',
		title: `presence: ${clients} clients join at once and announce themselves`,
		definition:
			`presence: for each client j, spread time = (the latest moment at which another of the ` +
			`${clients} clients first received j's presence) − (the moment j sent it, right after its ` +
			`socket opened); p50/p99 over all j whose presence reached all ${clients - 1} others ` +
			`within ${MAX_WAIT_MS / 1000} s (the others are counted as incomplete); frames = every ` +
			'frame a client received from its socket opening until all presence had spread.',
		boards: 1,
		clients,
		metrics: [
			{ key: 'p50', label: 'presence spread p50, ms', digits: 1 },
			{ key: 'p99', label: 'presence spread p99, ms', digits: 1, target: '≤0.8×' },
			{ key: 'incomplete', label: 'presences that did not reach everyone', digits: 0 },
			{ key: 'frames', label: `frames per client (N = ${clients})`, digits: 1 },
			{ key: 'connectP50', label: 'socket → synced p50, ms', digits: 1, info: true },
			{ key: 'connectP99', label: 'socket → synced p99, ms', digits: 1, info: true },
			{ key: 'maxFrames', label: 'frames, most for one client', digits: 0, info: true },
			{ key: 'kibPerClient', label: 'KiB received per client', digits: 1, info: true }
		],
		async measure(context: Context, kind: ServerKind): Promise<Measurement> {
			const server = await context.start(kind);
			const { sessions } = context.piazza;
			try {
				const docName = `board:${kind === 'piazza' ? context.piazza.takeBoard() : randomUUID()}`;
				const targets = Array.from({ length: clients }, (_, i) =>
					server.target(
						docName,
						kind === 'piazza' ? sessions[i % sessions.length]!.token : undefined
					)
				);
				// Every worker gets the same start moment, far enough ahead to receive its command.
				await context.pool.open('presence', targets, { startAt: now() + 500 });
				const started = now();
				let complete = 0;
				let lastChange = now();
				while (now() - started < MAX_WAIT_MS && now() - lastChange < STALL_MS) {
					const seen = seenCounts(await context.pool.reports(), clients);
					const full = seen.filter((n) => n >= clients - 1).length;
					if (full === clients) break;
					if (full !== complete) {
						complete = full;
						lastChange = now();
					}
					await sleep(200);
				}
				const reports = await context.pool.reports();
				const seenBy = seenCounts(reports, clients);
				const spreads: number[] = [];
				for (let j = 0; j < clients; j++) {
					if (seenBy[j]! < clients - 1) continue;
					const announced = reports.find((r) => r.announcedAt[j] !== undefined)!.announcedAt[j]!;
					const last = Math.max(...reports.map((r) => r.lastSeenAt[j] ?? 0));
					spreads.push(last - announced);
				}
				spreads.sort((a, b) => a - b);
				const frames = reports.flatMap((r) => r.framesPerClient);
				const connect = reports.flatMap((r) => r.connectMs).sort((a, b) => a - b);
				const bytes = reports.reduce((sum, r) => sum + r.bytes, 0);
				return {
					p50: rank(spreads, 0.5),
					p99: rank(spreads, 0.99),
					incomplete: clients - spreads.length,
					frames: frames.reduce((a, b) => a + b, 0) / clients,
					connectP50: rank(connect, 0.5),
					connectP99: rank(connect, 0.99),
					maxFrames: Math.max(...frames),
					kibPerClient: bytes / clients / 1024
				};
			} finally {
				await context.pool.close();
				await server.stop();
			}
		}
	};
}

/** How many observers saw each client's presence, over all workers. */
function seenCounts(reports: { seenBy: Record<number, number> }[], clients: number): number[] {
	const counts = new Array<number>(clients).fill(0);
	for (const report of reports) {
		for (const [subject, n] of Object.entries(report.seenBy)) {
			counts[Number(subject)] = (counts[Number(subject)] ?? 0) + n;
		}
	}
	return counts;
}

/** Nearest-rank quantile of sorted values. */
function rank(sorted: number[], q: number): number {
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}
