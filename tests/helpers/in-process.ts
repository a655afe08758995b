import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { createUpgradeHandler } from '../../src/lib/server/collab/upgrade';
import { readConfig } from '../../src/lib/server/config';
import type { DatabaseKind } from '../../src/lib/server/db/client';
import { seedDemo } from '../../src/lib/server/demo/seed';
import { startRuntime } from '../../src/lib/server/runtime';
import type { Runtime } from '../../src/lib/server/runtime';
import { createPostgresDatabase, databaseKinds } from './db';

/**
 * The server's runtime started inside the test process (not the built server), for tests that
 * call server services directly, on a database of its own with the demo seeded. The runtime is a
 * process-wide singleton (it reads `process.env`), so a file runs one at a time, on the last
 * database kind the suite was asked for.
 */
export const inProcessKind: DatabaseKind = databaseKinds[databaseKinds.length - 1]!;

export interface InProcess {
	runtime: Runtime;
	/** `http://127.0.0.1:<port>` of the live-document server when `sockets` was asked, else ''. */
	url: string;
	/** Closes the sockets, stops the runtime and removes the database. */
	stop(): Promise<void>;
}

export interface InProcessOptions {
	/** Also listen on port 0 for live-document sockets (the production upgrade handler). */
	sockets?: boolean;
	/** More environment for the runtime; COLLAB_FLUSH_MS is 10 unless given. */
	env?: Record<string, string>;
}

export async function startInProcess(
	kind: DatabaseKind,
	options: InProcessOptions = {}
): Promise<InProcess> {
	const env: Record<string, string> = { COLLAB_FLUSH_MS: '10', ...options.env };
	let removeDatabase: () => Promise<void>;
	if (kind === 'postgres') {
		const pg = await createPostgresDatabase();
		env.DATABASE_URL = pg.url;
		removeDatabase = pg.drop;
	} else {
		const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'piazza-in-process-'));
		fs.cpSync(inject('pgliteTemplateDir'), dataDir, { recursive: true });
		env.DATA_DIR = dataDir;
		removeDatabase = async () => fs.rmSync(dataDir, { recursive: true, force: true });
	}
	Object.assign(process.env, env);

	let runtime: Runtime | undefined;
	let server: http.Server | undefined;
	const stop = async () => {
		if (server) {
			server.closeAllConnections();
			await new Promise((resolve) => server!.close(resolve));
		}
		await runtime?.stop();
		await removeDatabase();
	};
	try {
		runtime = await startRuntime(
			readConfig(process.env, { migrationsFolder: path.resolve('drizzle') })
		);
		await seedDemo(runtime.database.db);
		let url = '';
		if (options.sockets) {
			const onUpgrade = createUpgradeHandler();
			const listening = http.createServer((_req, res) => res.end());
			server = listening;
			listening.on('upgrade', (req, socket, head) => {
				if (!onUpgrade(req, socket, head)) socket.destroy();
			});
			await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
			url = `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
		}
		return { runtime, url, stop };
	} catch (error) {
		// A start cut short leaves no database behind.
		await stop().catch(() => {});
		throw error;
	}
}
