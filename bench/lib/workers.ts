import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import type { Command, Reply, WorkerReport } from './messages';
import { benchFile } from './servers';
import type { Target } from './wire';

/** The client worker processes (bench/worker.ts), driven by request and reply over IPC. */
export class WorkerPool {
	private readonly children: ChildProcess[];
	private readonly pending = new Map<
		number,
		{ resolve(v: unknown): void; reject(e: Error): void }
	>();
	private nextId = 1;

	constructor(readonly size: number) {
		this.children = Array.from({ length: size }, () => {
			const child = fork(benchFile('worker.js'), [], {
				stdio: ['ignore', 'inherit', 'inherit', 'ipc']
			});
			child.on('message', (reply: Reply) => {
				const waiting = this.pending.get(reply.id);
				if (!waiting) return;
				this.pending.delete(reply.id);
				if (reply.ok) waiting.resolve(reply.value);
				else waiting.reject(new Error(reply.error));
			});
			return child;
		});
	}

	private ask<T>(child: ChildProcess, command: Command): Promise<T> {
		const id = this.nextId++;
		return new Promise<T>((resolve, reject) => {
			this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
			child.send({ id, command });
		});
	}

	all<T>(command: Command): Promise<T[]> {
		return Promise.all(this.children.map((child) => this.ask<T>(child, command)));
	}

	/** Spreads `targets` over the workers, in contiguous slices. */
	async open(
		mode: 'receive' | 'idle' | 'presence',
		targets: Target[],
		extra: Partial<Extract<Command, { cmd: 'open' }>> = {}
	) {
		const per = Math.ceil(targets.length / this.size);
		await Promise.all(
			this.children.map((child, w) =>
				this.ask(child, {
					cmd: 'open',
					mode,
					targets: targets.slice(w * per, (w + 1) * per),
					firstIndex: w * per,
					...extra
				})
			)
		);
	}

	async received(): Promise<number> {
		return (await this.all<number>({ cmd: 'count' })).reduce((a, b) => a + b, 0);
	}

	reports(): Promise<WorkerReport[]> {
		return this.all<WorkerReport>({ cmd: 'report' });
	}

	async close() {
		await this.all({ cmd: 'close' });
	}

	stop() {
		for (const child of this.children) child.disconnect();
	}
}
