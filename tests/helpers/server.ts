import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface RunningServer {
	/** Base URL, e.g. http://127.0.0.1:41234 */
	url: string;
	port: number;
	process: ChildProcess;
	/** Everything the server printed so far. */
	output(): string;
	/** SIGTERM and wait for exit. */
	stop(): Promise<void>;
	/**
	 * SIGKILL (a crash, `kill -9`) and wait for exit: no shutdown step runs, the PGlite lock file
	 * stays behind. The data folder is kept for a restart; `stop()` still cleans up.
	 */
	kill(): Promise<void>;
}

export interface ServerOptions {
	/** Pass --demo (demo data set). */
	demo?: boolean;
	/** DATABASE_URL for PostgreSQL; otherwise PGlite in `dataDir`. */
	databaseUrl?: string;
	/** DATA_DIR for PGlite. When absent, a fresh copy of `templateDir` (or an empty folder). */
	dataDir?: string;
	/** A migrated DATA_DIR to copy, skipping PGlite's slow first start. */
	templateDir?: string;
	env?: Record<string, string>;
	/** Milliseconds to wait for "listening". */
	timeout?: number;
	/** Port to listen on; default 0 (any free one). */
	port?: number;
}

/** Starts the real production entry (`build/server.js`) on port 0 (or `port`) and waits until it listens. */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
	const entry = path.resolve('build/server.js');
	if (!fs.existsSync(entry))
		throw new Error('build/server.js is missing: run `npm run build` first.');
	let dataDir = options.dataDir;
	let ownDataDir = false;
	if (!options.databaseUrl && !dataDir) {
		dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'piazza-server-'));
		ownDataDir = true;
		if (options.templateDir) fs.cpSync(options.templateDir, dataDir, { recursive: true });
	}
	const env: Record<string, string> = {
		PATH: process.env.PATH ?? '',
		HOME: process.env.HOME ?? '',
		PORT: String(options.port ?? 0),
		HOST: '127.0.0.1',
		...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : { DATA_DIR: dataDir! }),
		...options.env
	};
	const child = spawn(process.execPath, [entry, ...(options.demo ? ['--demo'] : [])], {
		env,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout!.on('data', (chunk) => (output += chunk));
	child.stderr!.on('data', (chunk) => (output += chunk));

	const port = await new Promise<number>((resolve, reject) => {
		const timer = setTimeout(
			() => reject(new Error(`server did not start in time:\n${output}`)),
			options.timeout ?? 60_000
		);
		const onData = () => {
			const match = /listening on \S+ \(port (\d+)/.exec(output);
			if (match) {
				clearTimeout(timer);
				resolve(Number(match[1]));
			}
		};
		child.stdout!.on('data', onData);
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`server exited with code ${code} before listening:\n${output}`));
		});
	});

	const signal = async (name: NodeJS.Signals) => {
		if (child.exitCode !== null || child.signalCode !== null) return;
		const exited = new Promise((r) => child.once('exit', r));
		child.kill(name);
		await exited;
	};
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		process: child,
		output: () => output,
		async stop() {
			await signal('SIGTERM');
			if (ownDataDir) fs.rmSync(dataDir!, { recursive: true, force: true });
		},
		kill: () => signal('SIGKILL')
	};
}
