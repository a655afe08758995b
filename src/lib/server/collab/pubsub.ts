import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

/**
 * How several Piazza processes talk to each other (README, "Several instances"): publish-subscribe
 * on named channels, bytes in and out. The live-document server does not know whether there is a
 * Redis behind it: one process alone gets `noBus()`, which delivers nothing and subscribes to
 * nothing, so single-process Piazza runs exactly as before.
 *
 * Pub/sub (not streams, not keys) on purpose: nothing is kept in Redis. PostgreSQL is the only
 * source of truth; what a process misses while Redis is away it asks its peers for when Redis
 * returns (peers.ts), and what they never had is in the database.
 */
export interface Bus {
	/** This process's id, different at every start: peers drop their own echoes by it. */
	readonly instanceId: string;
	/** `'ok'` / `'down'` with Redis; null for a process alone (healthz then says nothing of Redis). */
	status(): 'ok' | 'down' | null;
	/** Starts receiving a channel; resolves once Redis confirmed (or at once while it is away). */
	subscribe(channel: string): Promise<void>;
	unsubscribe(channel: string): void;
	/**
	 * Sends to every process subscribed to the channel, this one included (it drops its own).
	 * Never queued while Redis is away: a stale backlog replayed on return would only repeat what
	 * the resynchronisation sends anyway.
	 */
	publish(channel: string, message: Uint8Array): void;
	onMessage(fn: (channel: string, message: Uint8Array) => void): void;
	/** Called when Redis is reachable again after being away (not at the first connection). */
	onReconnect(fn: () => void): void;
	close(): Promise<void>;
}

/** A process alone: nobody to tell, nothing to hear. */
export function noBus(): Bus {
	return {
		instanceId: randomUUID(),
		status: () => null,
		subscribe: () => Promise.resolve(),
		unsubscribe: () => {},
		publish: () => {},
		onMessage: () => {},
		onReconnect: () => {},
		close: () => Promise.resolve()
	};
}

/** Longest a subscription waits for Redis's confirmation before the document loads anyway. */
const SUBSCRIBE_WAIT_MS = 1_000;

/**
 * Redis pub/sub through ioredis: one connection to publish and one to subscribe (a subscribing
 * connection may do nothing else). Both reconnect forever with a capped backoff; ioredis
 * re-subscribes the subscriber's channels itself.
 */
export function redisBus(
	url: string,
	log: (line: string) => void = (line) => console.warn(line)
): Bus {
	const instanceId = randomUUID();
	const options = {
		// Fail fast while Redis is away instead of queueing: the process keeps serving its own
		// clients and catches up with its peers when Redis returns (see `publish`).
		enableOfflineQueue: false,
		maxRetriesPerRequest: 0,
		retryStrategy: (times: number) => Math.min(100 * 2 ** Math.min(times, 6), 2_000),
		lazyConnect: false
	};
	const publisher = new Redis(url, { ...options, connectionName: `piazza-pub-${instanceId}` });
	// Channels are re-subscribed here on every (re)connection, from our own list: ioredis's own
	// re-subscription misses a SUBSCRIBE that failed while Redis was away.
	const subscriber = new Redis(url, {
		...options,
		autoResubscribe: false,
		connectionName: `piazza-sub-${instanceId}`
	});
	const channels = new Set<string>();
	// Ready only once the channels are subscribed again: peers answer what we ask on return.
	let subscribed = false;
	subscriber.on('ready', () => {
		const again = channels.size > 0 ? subscriber.subscribe(...channels) : Promise.resolve();
		void again.then(
			() => {
				subscribed = subscriber.status === 'ready';
				refresh();
			},
			() => {}
		);
	});
	subscriber.on('close', () => (subscribed = false));
	const handlers: ((channel: string, message: Uint8Array) => void)[] = [];
	const reconnects: (() => void)[] = [];
	let up = false;
	let wasUp = false;
	let downSince: number | null = Date.now();

	const refresh = () => {
		const now = publisher.status === 'ready' && subscribed && subscriber.status === 'ready';
		if (now === up) return;
		up = now;
		if (up) {
			if (wasUp) {
				log(
					`[piazza] Redis is back after ${Date.now() - (downSince ?? Date.now())} ms: ` +
						'resynchronising live documents with the other instances.'
				);
			}
			// Also at the first connection: documents may have loaded while Redis was not there yet.
			for (const fn of reconnects) fn();
			wasUp = true;
			downSince = null;
		} else {
			downSince = Date.now();
			log(
				'[piazza] Redis is unreachable: live documents are served to this instance’s own ' +
					'clients only until it returns (/healthz says "redis":"down").'
			);
		}
	};
	publisher.on('ready', refresh);
	for (const connection of [publisher, subscriber]) {
		connection.on('close', refresh);
		connection.on('end', refresh);
		// ioredis reports every failed attempt; `refresh` says it once.
		connection.on('error', () => {});
	}
	const startup = setTimeout(() => {
		if (!wasUp) {
			log(
				'[piazza] Redis at REDIS_URL does not answer: serving this instance’s own clients ' +
					'until it does (/healthz says "redis":"down").'
			);
		}
	}, 2_000);
	startup.unref();
	subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => {
		const name = channel.toString();
		for (const fn of handlers) fn(name, message);
	});

	return {
		instanceId,
		status: () => (up ? 'ok' : 'down'),
		async subscribe(channel) {
			channels.add(channel);
			if (subscriber.status !== 'ready') return; // subscribed on return (see above)
			const done = subscriber.subscribe(channel).catch(() => {});
			let timer: ReturnType<typeof setTimeout> | undefined;
			await Promise.race([
				done,
				new Promise((resolve) => (timer = setTimeout(resolve, SUBSCRIBE_WAIT_MS)))
			]);
			clearTimeout(timer);
		},
		unsubscribe(channel) {
			channels.delete(channel);
			if (subscriber.status === 'ready') subscriber.unsubscribe(channel).catch(() => {});
		},
		publish(channel, message) {
			if (!up) return;
			// A view of the bytes, not a copy: ioredis writes them to the socket as they are.
			publisher
				.publish(channel, Buffer.from(message.buffer, message.byteOffset, message.byteLength))
				.catch(() => {});
		},
		onMessage: (fn) => void handlers.push(fn),
		onReconnect: (fn) => void reconnects.push(fn),
		async close() {
			clearTimeout(startup);
			await Promise.all([publisher, subscriber].map((c) => c.quit().catch(() => c.disconnect())));
		}
	};
}
