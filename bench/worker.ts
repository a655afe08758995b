// `build/bench/worker.js`: a process holding many light clients for the harness, so that the
// receiving side is spread over several processes and is not what a measurement measures.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { scanMarkers } from './lib/board';
import { LightClient, openMany } from './lib/client';
import { now } from './lib/clock';
import * as histogram from './lib/histogram';
import type { Command, Reply, WorkerReport } from './lib/messages';
import { MESSAGE, awareness, awarenessUpdate, readAwareness } from './lib/wire';

let clients: LightClient[] = [];
let latency = histogram.create();
let received = 0;
let presence = {
	lastSeenAt: {} as Record<number, number>,
	seenBy: {} as Record<number, number>,
	announcedAt: {} as Record<number, number>
};
const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();

async function open(command: Extract<Command, { cmd: 'open' }>) {
	const { targets, firstIndex } = command;
	if (command.mode === 'receive') {
		const maxSeq = command.maxSeq!;
		clients = await openMany(
			targets.length,
			(i) => {
				const seen = new Uint8Array(command.writers! * maxSeq);
				return new LightClient(targets[i]!, {
					onFrame: (frame, at) =>
						scanMarkers(frame, (writer, seq, sentAt) => {
							const slot = writer * maxSeq + seq;
							if (seq >= maxSeq || seen[slot]) return;
							seen[slot] = 1;
							received++;
							histogram.record(latency, at - sentAt);
						})
				});
			},
			command.parallel
		);
		return;
	}
	if (command.mode === 'idle') {
		clients = await openMany(targets.length, (i) => new LightClient(targets[i]!), command.parallel);
		return;
	}
	// Presence: everyone at once, as a room does when the facilitator says "join now".
	await new Promise((resolve) => setTimeout(resolve, Math.max(0, command.startAt! - now())));
	clients = targets.map((target, i) => {
		const self = firstIndex + i;
		const seen = new Set<number>();
		const clientId = 1 + Math.floor(Math.random() * 0x7ffffffe);
		return new LightClient(target, {
			firstFrames: (wire) => {
				const at = now();
				presence.announcedAt[self] = at;
				return [
					awareness(
						wire,
						awarenessUpdate(clientId, 1, { bench: self, user: { name: `bench-${self}` } })
					)
				];
			},
			onMessage: (message, at) => {
				if (message.type !== MESSAGE.awareness || !message.payload) return;
				for (const entry of readAwareness(message.payload)) {
					const subject = (entry.state as { bench?: unknown } | null)?.bench;
					if (typeof subject !== 'number' || subject === self || seen.has(subject)) continue;
					seen.add(subject);
					presence.seenBy[subject] = (presence.seenBy[subject] ?? 0) + 1;
					presence.lastSeenAt[subject] = Math.max(presence.lastSeenAt[subject] ?? 0, at);
				}
			}
		});
	});
	await Promise.all(clients.map((c) => c.synced));
}

function report(): WorkerReport {
	return {
		latency,
		received,
		frames: clients.reduce((sum, c) => sum + c.framesReceived, 0),
		bytes: clients.reduce((sum, c) => sum + c.bytesReceived, 0),
		closed: clients.filter((c) => c.closed).length,
		closeCodes: [...new Set(clients.filter((c) => c.closed).map((c) => c.closed!.code))],
		framesPerClient: clients.map((c) => c.framesReceived),
		connectMs: clients.map((c) => (c.syncedAt === null ? NaN : c.syncedAt - c.startedAt)),
		...presence,
		loopDelay: {
			p50: loop.percentile(50) / 1e6,
			p99: loop.percentile(99) / 1e6,
			max: loop.max / 1e6
		}
	};
}

async function handle(command: Command): Promise<unknown> {
	switch (command.cmd) {
		case 'open':
			return open(command);
		case 'arm':
			latency = histogram.create();
			received = 0;
			for (const c of clients) {
				c.framesReceived = 0;
				c.bytesReceived = 0;
			}
			loop.reset();
			return;
		case 'count':
			return received;
		case 'report':
			return report();
		case 'close':
			await Promise.all(clients.map((c) => c.close()));
			clients = [];
			latency = histogram.create();
			received = 0;
			presence = { lastSeenAt: {}, seenBy: {}, announcedAt: {} };
			return;
	}
}

process.on('message', (message: { id: number; command: Command }) => {
	handle(message.command).then(
		(value) => process.send!({ id: message.id, ok: true, value } satisfies Reply),
		(error: Error) =>
			process.send!({ id: message.id, ok: false, error: error.message } satisfies Reply)
	);
});
process.on('disconnect', () => process.exit(0));
