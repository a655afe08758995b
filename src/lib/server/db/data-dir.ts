import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A problem with where Piazza keeps its data (the data folder, or the database server) that the
 * operator must fix; its message is a sentence meant to be printed as is.
 */
export class DataDirError extends Error {
	override name = 'DataDirError';
}

const LOCK_FILE = 'piazza.lock';

export interface LockTiming {
	/** How often the holder touches the lock file to show it is alive. */
	heartbeatMs: number;
	/** A lock file untouched for this long belongs to a process that is gone. */
	staleMs: number;
}

const DEFAULT_TIMING: LockTiming = { heartbeatMs: 5_000, staleMs: 30_000 };

/** Lock files this process holds: its own pid on them means "in use", not "left by a restart". */
const held = new Set<string>();

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: the process exists but belongs to someone else.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * Whether a lock left in the folder can be taken over. Its holder keeps touching it, so a file
 * nobody touched for `staleMs` is dead whatever it says (kill -9, a container recreated under a new
 * host name). On the same host a dead pid, or our own pid (a restarted container often gets the
 * same one), is dead at once.
 */
function isStale(lockPath: string, holder: string, touchedAt: number, timing: LockTiming) {
	if (held.has(lockPath)) return false;
	if (Date.now() - touchedAt > timing.staleMs) return true;
	const [pidText, host] = holder.split('@');
	const pid = Number(pidText);
	if (host !== os.hostname() || !Number.isInteger(pid) || pid <= 0) return false;
	return pid === process.pid || !isAlive(pid);
}

/**
 * Creates DATA_DIR if needed and takes an exclusive lock on it. PGlite is a single-process
 * database: a second process opening the same folder would corrupt it, so it must refuse to start.
 * Returns the function that releases the lock.
 */
export function lockDataDir(dataDir: string, timing: LockTiming = DEFAULT_TIMING): () => void {
	try {
		fs.mkdirSync(dataDir, { recursive: true });
	} catch (error) {
		throw new DataDirError(
			`Cannot create the data folder ${dataDir}: ${(error as Error).message}. Set DATA_DIR to a writable folder.`
		);
	}
	const lockPath = path.join(dataDir, LOCK_FILE);
	// The random part tells this process from an earlier one that had the same pid.
	const mine = `${process.pid}@${os.hostname()}@${Math.random().toString(36).slice(2)}`;
	for (let attempt = 0; attempt < 3; attempt++) {
		try {
			fs.writeFileSync(lockPath, mine, { flag: 'wx' });
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
				throw new DataDirError(
					`Cannot write in the data folder ${dataDir}: ${(error as Error).message}.`
				);
			}
			let holder: string;
			let touchedAt: number;
			try {
				holder = fs.readFileSync(lockPath, 'utf8').trim();
				touchedAt = fs.statSync(lockPath).mtimeMs;
			} catch {
				continue; // released while we looked: try again
			}
			if (!isStale(lockPath, holder, touchedAt, timing)) {
				const [pid, host] = holder.split('@');
				throw new DataDirError(
					host === os.hostname()
						? `The data folder ${dataDir} is in use by another Piazza process (pid ${pid}). ` +
								'Stop it first, or give this one its own DATA_DIR.'
						: `The data folder ${dataDir} is in use by a Piazza process on ${host}. ` +
								'Stop it first, or give this one its own DATA_DIR.'
				);
			}
			fs.rmSync(lockPath, { force: true });
			continue;
		}
		const heartbeat = setInterval(() => {
			try {
				const now = new Date();
				fs.utimesSync(lockPath, now, now);
			} catch {
				// The folder went away: the next start will say so.
			}
		}, timing.heartbeatMs);
		heartbeat.unref();
		held.add(lockPath);
		return () => {
			clearInterval(heartbeat);
			held.delete(lockPath);
			try {
				if (fs.readFileSync(lockPath, 'utf8') === mine) fs.unlinkSync(lockPath);
			} catch {
				// Already gone: nothing to release.
			}
		};
	}
	throw new DataDirError(`Could not lock the data folder ${dataDir}.`);
}

/**
 * Checks that an existing PGlite folder looks like a database before PGlite touches it, so a wrong
 * or damaged folder gives a sentence instead of a WebAssembly stack trace.
 */
export function checkPgliteDir(pgDir: string) {
	if (!fs.existsSync(pgDir)) return;
	const entries = fs.readdirSync(pgDir);
	if (entries.length === 0) return;
	if (!entries.includes('PG_VERSION')) {
		throw new DataDirError(
			`The folder ${pgDir} is not a Piazza database (no PG_VERSION file). ` +
				'Move it away, or point DATA_DIR at another folder.'
		);
	}
}

/** The most specific reason behind an error (drivers wrap the server's message in `cause`). */
export function innermostMessage(error: unknown): string {
	let current = error;
	while (current instanceof Error && current.cause instanceof Error) current = current.cause;
	return current instanceof Error ? current.message : String(current);
}
