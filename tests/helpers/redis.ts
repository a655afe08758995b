// Redis for the scale-out tests: the machine's (REDIS_URL, default 127.0.0.1:6379), and private
// `redis-server`s that a test may stop and start again.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import net from 'node:net';
import { Redis } from 'ioredis';
import { health } from './board-edits';
import type { RunningServer } from './server';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Whether a Redis answers at `url` within a second. */
export async function redisAnswers(url: string): Promise<boolean> {
	const probe = new Redis(url, {
		lazyConnect: true,
		maxRetriesPerRequest: 0,
		retryStrategy: () => null,
		connectTimeout: 1_000
	});
	probe.on('error', () => {});
	try {
		await probe.connect();
		return (await probe.ping()) === 'PONG';
	} catch {
		return false;
	} finally {
		probe.disconnect();
	}
}

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = net.createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const { port } = probe.address() as net.AddressInfo;
			probe.close(() => resolve(port));
		});
	});
}

/** A private `redis-server` that keeps nothing on disk, to stop and start again. */
export async function privateRedis(port: number): Promise<{ url: string; stop(): Promise<void> }> {
	const child: ChildProcess = spawn(
		'redis-server',
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
		{ stdio: ['ignore', 'pipe', 'pipe'] }
	);
	let output = '';
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(
			() => reject(new Error(`redis-server did not start:\n${output}`)),
			10_000
		);
		child.stdout!.on('data', (chunk) => {
			output += chunk;
			if (output.includes('Ready to accept connections')) {
				clearTimeout(timer);
				resolve();
			}
		});
		child.once('exit', (code) => reject(new Error(`redis-server exited ${code}:\n${output}`)));
	});
	return {
		url: `redis://127.0.0.1:${port}`,
		async stop() {
			if (child.exitCode !== null || child.signalCode !== null) return;
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGKILL');
			await exited;
		}
	};
}

/** What `GET /healthz` says of Redis and of the other instances. */
export async function redisHealth(server: RunningServer) {
	const { body } = await health(server.url);
	const full = body as { redis?: string; collab?: { peers?: number; storedForPeers?: number } };
	return {
		redis: full.redis,
		peers: full.collab?.peers,
		storedForPeers: full.collab?.storedForPeers
	};
}
