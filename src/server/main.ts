// Piazza's production entry: one Node process, one port, serving SvelteKit pages and endpoints
// (adapter-node's handler) and the WebSocket upgrades of live documents.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { collabServer, existingCollabServer } from '../lib/server/collab/server';
import { createUpgradeHandler } from '../lib/server/collab/upgrade';
import { ConfigError, readConfig } from '../lib/server/config';
import { DataDirError } from '../lib/server/db/data-dir';
import { DEMO_ACCOUNTS, DEMO_JOIN_CODE, DEMO_PASSWORD, seedDemo } from '../lib/server/demo/seed';
import { useClientDirectory } from '../lib/server/locale-chunks';
import { startRuntime } from '../lib/server/runtime';
import type { Runtime } from '../lib/server/runtime';

const here = path.dirname(fileURLToPath(import.meta.url));
useClientDirectory(path.join(here, 'client'));
const demo = process.argv.includes('--demo');

function fail(message: string): never {
	console.error(`\nPiazza cannot start: ${message}\n`);
	process.exit(1);
}

let runtime: Runtime;
try {
	const config = readConfig(process.env, {
		migrationsFolder: path.join(here, '..', 'drizzle'),
		pgliteWorker: path.join(here, 'pglite-worker.js')
	});
	runtime = await startRuntime(config);
} catch (error) {
	if (error instanceof ConfigError || error instanceof DataDirError) fail(error.message);
	throw error;
}

if (demo) {
	const { created } = await seedDemo(runtime.database.db, { history: true });
	console.log(created ? 'Demo data created.' : 'Demo data already present: left unchanged.');
}

// adapter-node assumes https when neither ORIGIN nor PROTOCOL_HEADER is set, which breaks the CSRF
// check and Secure cookies on a plain-http start. This server terminates plain http itself, so it
// states the protocol in a header it always overwrites (a client cannot smuggle its own value).
const PROTOCOL_HEADER = 'x-piazza-protocol';
const stampProtocol = !process.env.ORIGIN && !process.env.PROTOCOL_HEADER;
if (stampProtocol) process.env.PROTOCOL_HEADER = PROTOCOL_HEADER;

// Imported only now: SvelteKit's init hook then finds the runtime started with this entry's config.
const { handler } = await import(/* @vite-ignore */ path.join(here, 'handler.js'));

const onRequest: http.RequestListener = (req, res) => {
	if (stampProtocol) req.headers[PROTOCOL_HEADER] = 'http';
	handler(req, res, () => {
		res.statusCode = 404;
		res.end();
	});
};

// Ready before the first socket and the first request: after a restart, phones reconnect and
// reload all at once, and would otherwise queue behind cold caches and module loading.
await collabServer(runtime).warmUp();
await warmPages(onRequest);

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';
const onUpgrade = createUpgradeHandler();
const server = http.createServer(onRequest);
server.on('upgrade', (req, socket, head) => {
	if (!onUpgrade(req, socket, head)) socket.destroy();
});
server.on('error', (error: NodeJS.ErrnoException) => {
	if (error.code === 'EADDRINUSE') fail(`port ${port} is already in use. Set PORT to a free one.`);
	if (error.code === 'EACCES') fail(`port ${port} needs privileges. Set PORT to 1024 or above.`);
	if (error.code === 'EADDRNOTAVAIL') fail(`HOST ${host} is not an address of this machine.`);
	fail(`the server could not listen on ${host}:${port} (${error.message}).`);
});

server.listen(port, host, () => {
	const address = server.address();
	const actualPort = typeof address === 'object' && address ? address.port : port;
	const shownHost = ['0.0.0.0', '::', ''].includes(host) ? 'localhost' : host;
	const url =
		process.env.ORIGIN ??
		`http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${actualPort}`;
	const db =
		runtime.database.kind === 'pglite'
			? `embedded PGlite in ${runtime.config.dataDir}`
			: 'PostgreSQL (DATABASE_URL)';
	console.log(`Piazza is listening on ${url} (port ${actualPort}, ${db})`);
	if (demo) {
		console.log(`\n  Residents join at ${url}/j/${DEMO_JOIN_CODE}  (code ${DEMO_JOIN_CODE})`);
		console.log(`  Staff sign in at  ${url}/staff/sign-in  with password "${DEMO_PASSWORD}":`);
		for (const a of DEMO_ACCOUNTS) console.log(`    ${a.role.padEnd(12)} ${a.email}`);
		console.log('');
	}
});

/**
 * SvelteKit initialises and loads a route's modules on its first request (tens of ms). Two
 * requests on a private loopback port pay that before the public one opens.
 */
async function warmPages(listener: http.RequestListener) {
	const probe = http.createServer(listener);
	await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
	const { port } = probe.address() as AddressInfo;
	try {
		for (const page of ['/healthz', '/']) {
			await fetch(`http://127.0.0.1:${port}${page}`).then((response) => response.arrayBuffer());
		}
	} catch {
		// Only a warm-up: the real requests will report whatever is wrong.
	} finally {
		probe.closeAllConnections();
		await new Promise((resolve) => probe.close(resolve));
	}
}

/** Longest a shutdown waits for requests in flight before cutting them. */
const DRAIN_MS = 5_000;

let stopping = false;
async function shutdown(signal: string) {
	if (stopping) return;
	stopping = true;
	console.log(`${signal} received: finishing requests in flight, then closing.`);
	// Stop accepting, let requests in flight finish (idle keep-alive sockets go now), and only then
	// close the database under them.
	const closed = new Promise((resolve) => server.close(resolve));
	server.closeIdleConnections();
	existingCollabServer()?.goingAway();
	const drained = await Promise.race([
		closed.then(() => true),
		new Promise((resolve) => setTimeout(resolve, DRAIN_MS, false))
	]);
	if (!drained) server.closeAllConnections();
	await runtime.stop();
	process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
