import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Inspector } from './inspector';
import { cpuSeconds, rssBytes } from './proc';
import type { ServerKind, Target } from './wire';

/** One server under test, in its own child process. */
export interface RunningServer {
	kind: ServerKind;
	pid: number;
	port: number;
	/** Where a client opens `docName`. */
	target(docName: string, cookie?: string): Target;
	cpuSeconds(): number;
	rssBytes(): number;
	output(): string;
	/** The process's V8 inspector, when launched with `inspect`. */
	inspector: Inspector | null;
	stop(): Promise<void>;
}

export interface LaunchOptions {
	/** Piazza: its environment (data folder or DATABASE_URL, raised limits). */
	env?: Record<string, string>;
	/** Options for node itself (e.g. `--cpu-prof`). */
	nodeArgs?: string[];
	/** Open the V8 inspector on loopback (to force GC and read the heap: memory measurements). */
	inspect?: boolean;
}

/** The bundled entries sit next to this file's bundle (build/bench/). */
export function benchFile(name: string): string {
	return path.join(path.dirname(process.argv[1]!), name);
}

function command(kind: ServerKind): string[] {
	switch (kind) {
		case 'piazza':
			return [path.resolve('build/server.js'), '--demo'];
		case 'y-websocket-server':
			return [benchFile('server-y-websocket.js')];
		case 'hocuspocus':
			return [benchFile('server-hocuspocus.js')];
	}
}

export async function launch(
	kind: ServerKind,
	options: LaunchOptions = {}
): Promise<RunningServer> {
	const child: ChildProcess = spawn(
		process.execPath,
		[
			...(options.nodeArgs ?? []),
			...(options.inspect ? ['--inspect=127.0.0.1:0'] : []),
			...command(kind)
		],
		{
			env: {
				PATH: process.env.PATH ?? '',
				HOME: process.env.HOME ?? '',
				NODE_ENV: 'production',
				PORT: '0',
				HOST: '127.0.0.1',
				...options.env
			},
			stdio: ['ignore', 'pipe', 'pipe']
		}
	);
	let output = '';
	child.stdout!.on('data', (chunk) => (output += chunk));
	child.stderr!.on('data', (chunk) => (output += chunk));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const port = await new Promise<number>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`${kind} did not start:\n${output}`)), 60_000);
		const look = () => {
			const match = /listening on .*?port (\d+)/.exec(output);
			if (match) {
				clearTimeout(timer);
				child.stdout!.off('data', look);
				resolve(Number(match[1]));
			}
		};
		child.stdout!.on('data', look);
		void exited.then(() => {
			clearTimeout(timer);
			reject(new Error(`${kind} exited before listening:\n${output}`));
		});
	});
	const pid = child.pid!;
	const inspectorUrl = /Debugger listening on (ws:\/\/\S+)/.exec(output)?.[1];
	const inspector = inspectorUrl ? await Inspector.connect(inspectorUrl) : null;
	return {
		kind,
		pid,
		port,
		target(docName, cookie) {
			const base = `ws://127.0.0.1:${port}`;
			if (kind === 'piazza') return { kind, url: `${base}/collab/${docName}`, docName, cookie };
			if (kind === 'y-websocket-server') return { kind, url: `${base}/${docName}`, docName };
			// Hocuspocus takes the document name from each frame, not from the address.
			return { kind, url: base, docName };
		},
		cpuSeconds: () => cpuSeconds(pid),
		rssBytes: () => rssBytes(pid),
		output: () => output,
		inspector,
		async stop() {
			inspector?.close();
			if (child.exitCode !== null || child.signalCode !== null) return;
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
			await exited;
			clearTimeout(timer);
		}
	};
}
