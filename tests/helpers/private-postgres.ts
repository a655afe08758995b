import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * A PostgreSQL cluster of the test's own, in a temporary folder on a free port, that the test may
 * stop and start at will: the machine's shared PostgreSQL serves other people and is never touched.
 */
export interface PrivatePostgres {
	/** Admin URL (user postgres, trust authentication). */
	url: string;
	/** A real stop (fast: open connections are cut), then a start after `downMs`. */
	restart(downMs: number): Promise<void>;
	/** Stops the cluster and deletes its folder; safe to call twice or after a failed start. */
	dispose(): Promise<void>;
}

const run = promisify(execFile);

/** The newest installed PostgreSQL's bin folder holding initdb and pg_ctl, or null. */
function binDir(): string | null {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return null;
	const versions = fs
		.readdirSync(root)
		.filter((v) => /^\d+$/.test(v))
		.sort((a, b) => Number(b) - Number(a));
	for (const version of versions) {
		const bin = path.join(root, version, 'bin');
		if (['initdb', 'pg_ctl', 'postgres'].every((f) => fs.existsSync(path.join(bin, f)))) return bin;
	}
	return null;
}

/** PostgreSQL refuses to run as root: as root, its commands run as the `postgres` user. */
const asRoot = process.getuid?.() === 0;

/** Why a private cluster cannot be started here, or null when it can. */
export function privatePostgresUnavailable(): string | null {
	if (!binDir()) return 'no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql';
	if (asRoot && !fs.existsSync('/usr/sbin/runuser') && !fs.existsSync('/sbin/runuser')) {
		return 'running as root without runuser to start PostgreSQL as the postgres user';
	}
	return null;
}

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
	const bin = binDir();
	if (!bin) throw new Error(privatePostgresUnavailable()!);
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'piazza-pg-'));
	const dataDir = path.join(root, 'data');
	const logFile = path.join(root, 'postgres.log');
	if (asRoot) {
		const { stdout } = await run('id', ['-u', 'postgres']);
		const { stdout: group } = await run('id', ['-g', 'postgres']);
		fs.chownSync(root, Number(stdout.trim()), Number(group.trim()));
	}
	const pg = (command: string, args: string[]) =>
		asRoot
			? run('runuser', ['-u', 'postgres', '--', path.join(bin, command), ...args])
			: run(path.join(bin, command), args);
	const port = await freePort();
	// The socket goes in our own folder: the shared cluster's /var/run/postgresql is not ours.
	const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1`;
	const ctl = async (args: string[]) => {
		try {
			await pg('pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '60', ...args]);
		} catch (error) {
			const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').slice(-2000) : '';
			throw new Error(`pg_ctl ${args[0]} failed: ${(error as Error).message}\n${log}`);
		}
	};
	let running = false;
	const dispose = async () => {
		if (running) await ctl(['-m', 'immediate', 'stop']).catch(() => {});
		running = false;
		fs.rmSync(root, { recursive: true, force: true });
	};
	try {
		await pg('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync']);
		await ctl(['-o', options, 'start']);
		running = true;
	} catch (error) {
		await dispose();
		throw error;
	}
	return {
		url: `postgres://postgres@127.0.0.1:${port}/postgres`,
		async restart(downMs) {
			await ctl(['-m', 'fast', 'stop']);
			running = false;
			await new Promise((resolve) => setTimeout(resolve, downMs));
			await ctl(['-o', options, 'start']);
			running = true;
		},
		dispose
	};
}
