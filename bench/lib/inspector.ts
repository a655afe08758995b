import fs from 'node:fs';
import WebSocket from 'ws';

/**
 * A minimal client of a server process's V8 inspector (started with `--inspect=127.0.0.1:0`), so
 * the harness can force a garbage collection and read the JS heap of any of the three servers
 * without changing their code.
 */
export class Inspector {
	private nextId = 1;
	private readonly pending = new Map<number, (result: unknown) => void>();
	private chunks: string[] | null = null;

	private constructor(private readonly socket: WebSocket) {
		socket.on('message', (data: Buffer) => {
			const message = JSON.parse(data.toString()) as {
				id?: number;
				result?: unknown;
				method?: string;
				params?: { chunk: string };
			};
			if (message.method === 'HeapProfiler.addHeapSnapshotChunk') {
				this.chunks?.push(message.params!.chunk);
			}
			if (message.id !== undefined) this.pending.get(message.id)?.(message.result);
			if (message.id !== undefined) this.pending.delete(message.id);
		});
	}

	static async connect(url: string): Promise<Inspector> {
		const socket = new WebSocket(url);
		await new Promise<void>((resolve, reject) => {
			socket.once('open', () => resolve());
			socket.once('error', reject);
		});
		return new Inspector(socket);
	}

	private call<T>(method: string): Promise<T> {
		const id = this.nextId++;
		return new Promise<T>((resolve) => {
			this.pending.set(id, resolve as (result: unknown) => void);
			this.socket.send(JSON.stringify({ id, method }));
		});
	}

	async collectGarbage() {
		await this.call('HeapProfiler.collectGarbage');
	}

	/** Bytes of the JS heap in use. */
	async heapUsed(): Promise<number> {
		return (await this.call<{ usedSize: number }>('Runtime.getHeapUsage')).usedSize;
	}

	/** Writes a heap snapshot (open it in Chrome DevTools, Memory tab, to compare two). */
	async writeHeapSnapshot(file: string) {
		this.chunks = [];
		await this.call('HeapProfiler.takeHeapSnapshot');
		fs.writeFileSync(file, this.chunks.join(''));
		this.chunks = null;
	}

	close() {
		this.socket.terminate();
	}
}
