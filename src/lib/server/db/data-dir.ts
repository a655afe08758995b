import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A problem with DATA_DIR that the operator must fix; its message is meant to be printed as is. */
export class DataDirError extends Error {
	override name = 'DataDirError';
}

const LOCK_FILE = 'piazza.lock';

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
 * Creates DATA_DIR if needed and takes an exclusive lock on it. PGlite is a single-process
 * database: a second process opening the same folder would corrupt it, so it must refuse to start.
 * Returns the function that releases the lock.
 */
export function lockDataDir(dataDir: string): () => void {
	try {
		fs.mkdirSync(dataDir, { recursive: true });
	} catch (error) {
		throw new DataDirError(
			`Cannot create the data folder ${dataDir}: ${(error as Error).message}. Set DATA_DIR to a writable folder.`
		);
	}
	const lockPath = path.join(dataDir, LOCK_FILE);
	const mine = `${process.pid}@${os.hostname()}`;
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			fs.writeFileSync(lockPath, mine, { flag: 'wx' });
			return () => {
				try {
					if (fs.readFileSync(lockPath, 'utf8') === mine) fs.unlinkSync(lockPath);
				} catch {
					// Already gone: nothing to release.
				}
			};
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
				throw new DataDirError(
					`Cannot write in the data folder ${dataDir}: ${(error as Error).message}.`
				);
			}
		}
		const holder = fs.readFileSync(lockPath, 'utf8').trim();
		const [pidText, host] = holder.split('@');
		const pid = Number(pidText);
		if (host === os.hostname() && Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
			throw new DataDirError(
				`The data folder ${dataDir} is in use by another Piazza process (pid ${pid}). ` +
					'Stop it first, or give this one its own DATA_DIR.'
			);
		}
		if (host !== os.hostname()) {
			throw new DataDirError(
				`The data folder ${dataDir} is locked by a Piazza process on ${host}. ` +
					`If that machine no longer runs it, delete ${lockPath}.`
			);
		}
		// A stale lock left by a process that died (kill -9): take it over.
		fs.unlinkSync(lockPath);
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
