import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Author } from './board';
import { launch, benchFile } from './servers';

/**
 * Piazza's limits, raised for the run through their documented variables (README, "Limits"):
 * the harness opens hundreds of sockets per session and from one address, which the defaults
 * rightly refuse from a real room. Everything else keeps its default.
 */
export const RAISED_LIMITS: Record<string, string> = {
	COLLAB_CONNECTIONS_PER_SESSION: '100000',
	COLLAB_MESSAGES_PER_SECOND: '100000',
	COLLAB_MAX_DOCUMENTS: '100000',
	// The reference servers never drop a slow reader; neither should Piazza in a benchmark.
	COLLAB_MAX_SEND_BUFFER_BYTES: String(1024 * 1024 * 1024),
	JOINS_PER_WORKSHOP_PER_MINUTE: '1000000',
	JOINS_PER_WORKSHOP_PER_ADDRESS_PER_MINUTE: '1000000'
};

export interface Session extends Author {
	/** The `piazza_session` cookie value. */
	token: string;
}

export interface PiazzaSetup {
	/** The server's environment: database and raised limits. */
	env: Record<string, string>;
	sessions: Session[];
	/** The demo workshop (CASA42) everyone joined. */
	workshopId: string;
	/** A board nobody has used yet (each measurement starts from an empty document). */
	takeBoard(): string;
	cleanup(): void;
}

const run = promisify(execFile);

/**
 * Prepares Piazza's data once per run: the migrated database with the demo workshop (CASA42) and
 * `boards` fresh open boards (bench/seed.ts), then `sessions` residents who join CASA42 through
 * the real API, as phones do. Their sessions are reused by every later start of the server.
 */
export async function prepare(options: {
	boards: number;
	sessions: number;
	databaseUrl?: string;
}): Promise<PiazzaSetup> {
	const dataDir = options.databaseUrl
		? null
		: fs.mkdtempSync(path.join(os.tmpdir(), 'piazza-bench-'));
	const env: Record<string, string> = {
		...RAISED_LIMITS,
		// `PIAZZA_PGLITE_THREAD=off npm run bench` compares with PGlite on the event loop.
		...(process.env.PIAZZA_PGLITE_THREAD
			? { PIAZZA_PGLITE_THREAD: process.env.PIAZZA_PGLITE_THREAD }
			: {}),
		...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : { DATA_DIR: dataDir! })
	};
	const { stdout } = await run(process.execPath, [benchFile('seed.js'), String(options.boards)], {
		env: { PATH: process.env.PATH ?? '', ...env },
		maxBuffer: 64 * 1024 * 1024
	});
	const seeded = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
		workshopId: string;
		boardIds: string[];
	};
	const boards = [...seeded.boardIds];

	const server = await launch('piazza', { env });
	const sessions: Session[] = [];
	try {
		let next = 0;
		const lane = async () => {
			while (next < options.sessions) {
				const index = next++;
				sessions[index] = await join(server.port, `bench-${index}`);
			}
		};
		await Promise.all(Array.from({ length: 8 }, lane));
	} finally {
		await server.stop();
	}
	return {
		env,
		sessions,
		workshopId: seeded.workshopId,
		takeBoard() {
			const board = boards.shift();
			if (!board) throw new Error('no fresh board left: seed more');
			return board;
		},
		cleanup() {
			if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

/** POST /api/workshops/CASA42/join (DESIGN.md §4): a participant and its session cookie. */
async function join(port: number, name: string): Promise<Session> {
	const response = await fetch(`http://127.0.0.1:${port}/api/workshops/CASA42/join`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ name })
	});
	if (!response.ok) throw new Error(`join ${name}: ${response.status} ${await response.text()}`);
	const body = (await response.json()) as { participantId: string };
	const cookie = response.headers
		.getSetCookie()
		.map((c) => /^piazza_session=([^;]+)/.exec(c)?.[1])
		.find(Boolean);
	if (!cookie) throw new Error(`join ${name}: no session cookie`);
	return { participantId: body.participantId, name, token: cookie };
}
