import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkPgliteDir, lockDataDir } from './data-dir';

const TIMING = { heartbeatMs: 20, staleMs: 1_000 };
const releases: (() => void)[] = [];
afterEach(() => releases.splice(0).forEach((release) => release()));

function folder() {
	return fs.mkdtempSync(path.join(os.tmpdir(), 'piazza-lock-'));
}

/** A lock file as another process would have left it, touched `ageMs` ago. */
function leftBehind(dir: string, holder: string, ageMs = 0) {
	const file = path.join(dir, 'piazza.lock');
	fs.writeFileSync(file, holder);
	const when = new Date(Date.now() - ageMs);
	fs.utimesSync(file, when, when);
}

describe('lockDataDir', () => {
	it('creates the folder, locks it, and refuses a second lock until released', () => {
		const dir = path.join(folder(), 'nested', 'data');
		const release = lockDataDir(dir, TIMING);
		expect(fs.existsSync(path.join(dir, 'piazza.lock'))).toBe(true);
		expect(() => lockDataDir(dir, TIMING)).toThrow(/in use by another Piazza process/);
		release();
		releases.push(lockDataDir(dir, TIMING));
	});

	it('keeps its lock fresh while it holds it', async () => {
		const dir = folder();
		releases.push(lockDataDir(dir, TIMING));
		const file = path.join(dir, 'piazza.lock');
		const old = new Date(Date.now() - 60_000);
		fs.utimesSync(file, old, old);
		await expect.poll(() => Date.now() - fs.statSync(file).mtimeMs).toBeLessThan(500);
	});

	it('refuses a fresh lock of a live process on this machine', () => {
		const dir = folder();
		leftBehind(dir, `${process.ppid}@${os.hostname()}@x`);
		expect(() => lockDataDir(dir, TIMING)).toThrow(`pid ${process.ppid}`);
	});

	it('takes over the lock of a dead process, or of its own pid after a restart', () => {
		const dead = folder();
		leftBehind(dead, `999999999@${os.hostname()}@x`);
		releases.push(lockDataDir(dead, TIMING));
		expect(fs.readFileSync(path.join(dead, 'piazza.lock'), 'utf8')).toMatch(`${process.pid}@`);
		const restarted = folder();
		leftBehind(restarted, `${process.pid}@${os.hostname()}@earlier`);
		releases.push(lockDataDir(restarted, TIMING));
		expect(fs.readFileSync(path.join(restarted, 'piazza.lock'), 'utf8')).not.toMatch(/@earlier$/);
	});

	it('respects a fresh lock from another host, and takes over one nobody keeps alive', () => {
		const fresh = folder();
		leftBehind(fresh, '42@other-host@x');
		expect(() => lockDataDir(fresh, TIMING)).toThrow(/in use by a Piazza process on other-host/);
		const abandoned = folder();
		leftBehind(abandoned, '42@other-host@x', 5_000);
		releases.push(lockDataDir(abandoned, TIMING));
		expect(fs.readFileSync(path.join(abandoned, 'piazza.lock'), 'utf8')).toMatch(`${process.pid}@`);
	});

	it('says so when the folder cannot be created', () => {
		const file = path.join(folder(), 'a-file');
		fs.writeFileSync(file, '');
		expect(() => lockDataDir(path.join(file, 'data'), TIMING)).toThrow(
			/Cannot create the data folder/
		);
	});
});

describe('checkPgliteDir', () => {
	it('accepts a missing or empty folder and refuses one that is not a database', () => {
		const dir = folder();
		expect(() => checkPgliteDir(path.join(dir, 'missing'))).not.toThrow();
		expect(() => checkPgliteDir(dir)).not.toThrow();
		fs.writeFileSync(path.join(dir, 'notes.txt'), 'hello');
		expect(() => checkPgliteDir(dir)).toThrow(/is not a Piazza database/);
	});
});
