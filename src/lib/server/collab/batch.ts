/** Most keys one read asks for (a bound on the statement's parameters). */
const MAX_BATCH = 500;
/** A read that follows another this closely is part of a burst... */
const BURST_MS = 50;
/** ...and waits this long first, so that the sockets arriving meanwhile share it. */
const GATHER_MS = 10;

/**
 * Loads what is asked for in batches: whatever arrives while a read runs (or within the same turn
 * of the event loop, or a few ms after a read in a burst) is read together next. At rest a request
 * waits for nothing; in a burst (a room reconnecting at once after a restart) one database read
 * serves dozens of sockets.
 */
export class Batcher<K, R, V> {
	private waiting = new Map<K, { request: R; callers: Caller<V>[] }>();
	private running = false;
	private scheduled = false;
	private lastRead = -Infinity;

	constructor(private readonly load: (requests: Map<K, R>) => Promise<Map<K, V>>) {}

	get(key: K, request: R): Promise<V> {
		return new Promise<V>((resolve, reject) => {
			const entry = this.waiting.get(key);
			if (entry) entry.callers.push({ resolve, reject });
			else this.waiting.set(key, { request, callers: [{ resolve, reject }] });
			this.schedule();
		});
	}

	private schedule() {
		if (this.running || this.scheduled) return;
		this.scheduled = true;
		const go = () => {
			this.scheduled = false;
			void this.run();
		};
		// At rest a request is read at once; in a burst (an embedded database blocks the event loop
		// while it reads, so arrivals queue up behind each read) waiting a little gathers them.
		if (performance.now() - this.lastRead < BURST_MS) setTimeout(go, GATHER_MS);
		else setImmediate(go);
	}

	private async run() {
		if (this.running || this.waiting.size === 0) return;
		const batch = new Map<K, { request: R; callers: Caller<V>[] }>();
		for (const [key, entry] of this.waiting) {
			if (batch.size === MAX_BATCH) break;
			batch.set(key, entry);
			this.waiting.delete(key);
		}
		this.running = true;
		try {
			const values = await this.load(new Map([...batch].map(([k, e]) => [k, e.request])));
			for (const [key, { callers }] of batch) {
				for (const caller of callers) caller.resolve(values.get(key) as V);
			}
		} catch (error) {
			for (const { callers } of batch.values()) for (const caller of callers) caller.reject(error);
		} finally {
			this.running = false;
			this.lastRead = performance.now();
			if (this.waiting.size > 0) this.schedule();
		}
	}
}

interface Caller<V> {
	resolve(value: V): void;
	reject(error: unknown): void;
}
