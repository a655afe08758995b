import WebSocket from 'ws';
import { now } from './clock';
import { MESSAGE, SYNC, syncStep1, wireFor } from './wire';
import type { Decoded, Target, Wire } from './wire';

/** The state vector of an empty document: "send me everything". */
const EMPTY_STATE_VECTOR = new Uint8Array([0]);

export interface ClientOptions {
	/** Called with every frame's raw bytes (after the client is synced, unless `early`). */
	onFrame?: (frame: Buffer, at: number) => void;
	/** Called with every decoded frame (costs a decode per frame: only for light traffic). */
	onMessage?: (message: Decoded, at: number) => void;
	/** Frames to send as soon as the socket opens, after the protocol's hello. */
	firstFrames?: (wire: Wire) => Uint8Array[];
	/** Whether to ask for the document (sync step 1) on open; default true. */
	sync?: boolean;
}

/**
 * A light client: a raw `ws` socket speaking just enough of the protocol to sync and to watch
 * frames go by, without a WebsocketProvider or a Y.Doc, so one process can hold hundreds.
 */
export class LightClient {
	readonly wire: Wire;
	readonly socket: WebSocket;
	readonly startedAt = now();
	/** When sync step 2 arrived (ms, cross-process clock), or null. */
	syncedAt: number | null = null;
	framesReceived = 0;
	bytesReceived = 0;
	/** Bytes received up to and including sync step 2. */
	bytesToSync = 0;
	denied = 0;
	closed: { code: number; reason: string } | null = null;
	/** Resolves when synced, rejects if the socket ends first. */
	readonly synced: Promise<Uint8Array>;
	private readonly step2Waiters: ((payload: Uint8Array) => void)[] = [];

	constructor(
		readonly target: Target,
		private readonly options: ClientOptions = {}
	) {
		this.wire = wireFor(target);
		const headers: Record<string, string> = {};
		if (target.cookie) headers.cookie = `piazza_session=${target.cookie}`;
		this.socket = new WebSocket(target.url, { headers, perMessageDeflate: false });
		this.socket.binaryType = 'nodebuffer';
		this.synced = new Promise<Uint8Array>((resolve, reject) => {
			this.socket.on('open', () => {
				for (const frame of this.wire.hello()) this.socket.send(frame);
				if (options.sync !== false) this.socket.send(syncStep1(this.wire, EMPTY_STATE_VECTOR));
				for (const frame of options.firstFrames?.(this.wire) ?? []) this.socket.send(frame);
			});
			this.socket.on('message', (data: Buffer) => {
				const at = now();
				this.framesReceived++;
				this.bytesReceived += data.byteLength;
				if (this.syncedAt === null || this.options.onMessage || this.step2Waiters.length > 0) {
					const message = this.wire.decode(data);
					if (message?.denied) this.denied++;
					if (this.syncedAt === null) this.bytesToSync += data.byteLength;
					if (message?.type === MESSAGE.sync && message.sync === SYNC.step2) {
						if (this.syncedAt === null) {
							this.syncedAt = at;
							resolve(message.payload!);
						} else this.step2Waiters.shift()?.(message.payload!);
					}
					if (message) this.options.onMessage?.(message, at);
				}
				this.options.onFrame?.(data, at);
			});
			this.socket.on('close', (code, reason) => {
				this.closed = { code, reason: reason.toString() };
				reject(new Error(`closed ${code} ${reason.toString()} before sync`));
			});
			this.socket.on('error', (error) => reject(error));
		});
		// Rejections after sync are read from `closed`; never an unhandled rejection.
		this.synced.catch(() => {});
	}

	/**
	 * Asks for the whole document again: as the server handles a socket's frames in order, the
	 * answer also says that everything sent before it was taken in.
	 */
	roundTrip(): Promise<Uint8Array> {
		return new Promise((resolve) => {
			this.step2Waiters.push(resolve);
			this.send(syncStep1(this.wire, EMPTY_STATE_VECTOR));
		});
	}

	send(frame: Uint8Array) {
		if (this.socket.readyState === WebSocket.OPEN) this.socket.send(frame);
	}

	close() {
		if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
		return new Promise<void>((resolve) => {
			this.socket.once('close', () => resolve());
			this.socket.terminate();
		});
	}
}

/** Opens `count` clients with at most `parallel` handshakes in flight, and waits until all synced. */
export async function openMany(
	count: number,
	make: (index: number) => LightClient,
	parallel = 50
): Promise<LightClient[]> {
	const clients: LightClient[] = new Array(count);
	let next = 0;
	async function lane() {
		while (next < count) {
			const index = next++;
			const client = make(index);
			clients[index] = client;
			await client.synced;
		}
	}
	await Promise.all(Array.from({ length: Math.min(parallel, count) }, lane));
	return clients;
}
