import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import { addNote, lookAlikeAuthor, noteText } from '../lib/board';
import type { Author } from '../lib/board';
import { LightClient, openMany } from '../lib/client';
import { now, sleep } from '../lib/clock';
import * as histogram from '../lib/histogram';
import type { Context, Measurement, Scenario } from '../lib/scenario';
import { MESSAGE, syncUpdate } from '../lib/wire';
import type { ServerKind } from '../lib/wire';

export interface FanOutShape {
	name: string;
	receivers: number;
	writers: number;
	/** Edits per second per writer. */
	rate: number;
	seconds: number;
	/** Targets per metric key (the budgets). */
	targets: Partial<Record<'p99' | 'lost' | 'cpu', string>>;
}

/** How long receivers may keep receiving after the last edit before the rest counts as lost. */
const DRAIN_STALL_MS = 3_000;
// Saturated servers (the peers in the stress line on two cores) need tens of seconds to catch up:
// what arrives late is slow, not lost.
const DRAIN_MAX_MS = 120_000;

/**
 * Fan-out on one board: `writers` residents each add `rate` notes a second for `seconds`, and
 * `receivers` other clients on the board (in the worker processes) receive them. Each note's
 * text carries its writer's send time; a receiver times it when the frame holding it arrives.
 */
export function fanOut(shape: FanOutShape): Scenario {
	const edits = shape.rate * shape.seconds;
	return {
		name: shape.name,
		title: `fan-out: ${shape.receivers} receivers, ${shape.writers} writers × ${shape.rate}/s × ${shape.seconds} s`,
		definition:
			`${shape.name}: latency = receive time in the receiving process − send time written in the note ` +
			'(performance.timeOrigin + now() in both processes), over every (receiver, edit) pair; ' +
			`lost = edits sent × ${shape.receivers} − distinct (receiver, edit) pairs seen within ` +
			`${DRAIN_STALL_MS / 1000} s of the last arrival (${DRAIN_MAX_MS / 1000} s at most after the last edit); server CPU = utime + stime of the server ` +
			'process from the first edit until delivery ended.',
		boards: 1,
		clients: shape.receivers + shape.writers,
		metrics: [
			{ key: 'p50', label: 'p50 delivery, ms', digits: 1 },
			{ key: 'p99', label: 'p99 delivery, ms', digits: 1, target: shape.targets.p99 },
			{ key: 'lost', label: 'lost edits', digits: 0, target: shape.targets.lost },
			{ key: 'cpu', label: 'server CPU, s', digits: 2, target: shape.targets.cpu },
			{ key: 'drainS', label: 'last delivery after last edit, s', digits: 1, info: true },
			{ key: 'frames', label: 'frames per receiver', digits: 0, info: true },
			{ key: 'closed', label: 'sockets closed by server', digits: 0, info: true },
			{ key: 'harnessP99', label: 'harness loop delay p99, ms', digits: 1, info: true },
			{ key: 'workersP99', label: 'workers loop delay p99 (worst), ms', digits: 1, info: true }
		],
		async measure(context: Context, kind: ServerKind): Promise<Measurement> {
			const server = await context.start(kind);
			const { sessions } = context.piazza;
			const writers: LightClient[] = [];
			try {
				const docName = `board:${kind === 'piazza' ? context.piazza.takeBoard() : randomUUID()}`;
				const cookie = (i: number) =>
					kind === 'piazza' ? sessions[i % sessions.length]!.token : undefined;
				const authors: Author[] = Array.from({ length: shape.writers }, (_, i) =>
					kind === 'piazza' ? sessions[i % sessions.length]! : lookAlikeAuthor(i)
				);
				const receivers = Array.from({ length: shape.receivers }, (_, i) =>
					server.target(docName, cookie(shape.writers + i))
				);
				await context.pool.open('receive', receivers, {
					writers: shape.writers,
					maxSeq: edits + 1,
					parallel: 25
				});
				let denied = 0;
				writers.push(
					...(await openMany(
						shape.writers,
						(i) =>
							new LightClient(server.target(docName, cookie(i)), {
								// Piazza refuses a write with an auth frame; a refused edit must not pass unseen.
								onFrame: (frame) => {
									if (kind !== 'hocuspocus' && frame[0] === MESSAGE.auth) denied++;
								}
							})
					))
				);
				await sleep(1000);
				await context.pool.all({ cmd: 'arm' });
				context.resetLoopDelay();
				const cpuBefore = server.cpuSeconds();
				const sent = await write(writers, authors, shape);
				const expected = sent * shape.receivers;
				const drainS = (await drain(context, expected)) / 1000;
				const cpu = server.cpuSeconds() - cpuBefore;
				const reports = await context.pool.reports();
				const harness = context.loopDelay();
				const latency = histogram.create();
				for (const r of reports) histogram.merge(latency, r.latency);
				const received = reports.reduce((sum, r) => sum + r.received, 0);
				const closed = reports.reduce((sum, r) => sum + r.closed, 0);
				if (denied > 0) context.log(`  ${kind}: ${denied} edits refused (permission denied)`);
				if (closed > 0) {
					const codes = [...new Set(reports.flatMap((r) => r.closeCodes))].join(', ');
					context.log(`  ${kind}: ${closed} receivers closed by the server (codes ${codes})`);
				}
				return {
					p50: histogram.quantile(latency, 0.5),
					p99: histogram.quantile(latency, 0.99),
					lost: expected - received,
					cpu,
					drainS,
					frames: reports.reduce((sum, r) => sum + r.frames, 0) / shape.receivers,
					closed,
					harnessP99: harness.p99,
					workersP99: Math.max(...reports.map((r) => r.loopDelay.p99))
				};
			} finally {
				await Promise.all(writers.map((w) => w.close()));
				await context.pool.close();
				await server.stop();
			}
		}
	};
}

/**
 * Each writer adds a note every 1/rate s, the writers spread evenly over that period, on a
 * schedule that does not drift: a late tick is sent at once and the next keeps its own time.
 */
export async function write(
	writers: LightClient[],
	authors: Author[],
	shape: Pick<FanOutShape, 'rate' | 'seconds'>
) {
	const period = 1000 / shape.rate;
	const count = shape.rate * shape.seconds;
	const start = now() + 50;
	let sent = 0;
	await Promise.all(
		writers.map(async (client, w) => {
			const doc = new Y.Doc();
			doc.on('update', (update: Uint8Array) => client.send(syncUpdate(client.wire, update)));
			for (let seq = 0; seq < count; seq++) {
				const due = start + (w / writers.length) * period + seq * period;
				const wait = due - now();
				if (wait > 0) await sleep(wait);
				const sentAt = now();
				addNote(doc, authors[w]!, noteText(w, seq, sentAt), Date.now());
				sent++;
			}
			doc.destroy();
		})
	);
	return sent;
}

/**
 * Waits until every expected reception arrived, or arrivals stalled; returns how long after the
 * last edit the last arrival came (ms, to the 100 ms of polling).
 */
export async function drain(context: Pick<Context, 'pool'>, expected: number): Promise<number> {
	const started = now();
	let last = -1;
	let lastChange = now();
	while (now() - started < DRAIN_MAX_MS) {
		const received = await context.pool.received();
		if (received >= expected) return now() - started;
		if (received !== last) {
			last = received;
			lastChange = now();
		} else if (now() - lastChange > DRAIN_STALL_MS) break;
		await sleep(100);
	}
	return lastChange - started;
}
