// `build/bench/probe-cold-load.js`: a probe, not the benchmark. Writes the cold-load board once
// (2,000 notes, one update each), then restarts Piazza N times and times the first socket after
// each start (connect → sync step 2), to see where the first socket's time goes. Prints every
// reading and the median; the server's own output is shown with `--verbose`.
//
//   npm run build && node scripts/build-bench.js && node build/bench/probe-cold-load.js [N] [--verbose]
import * as Y from 'yjs';
import { addNote } from './lib/board';
import { LightClient } from './lib/client';
import * as piazzaData from './lib/piazza';
import { launch } from './lib/servers';
import { syncUpdate } from './lib/wire';

const NOTES = 2_000;
const restarts = Number(process.argv.find((arg) => /^\d+$/.test(arg)) ?? '7');
const verbose = process.argv.includes('--verbose');

const setup = await piazzaData.prepare({ boards: 1, sessions: 1 });
try {
	const session = setup.sessions[0]!;
	const docName = `board:${setup.takeBoard()}`;
	const start = () => launch('piazza', { env: setup.env });

	let server = await start();
	const writer = new LightClient(server.target(docName, session.token));
	await writer.synced;
	const doc = new Y.Doc();
	doc.on('update', (update: Uint8Array) => writer.send(syncUpdate(writer.wire, update)));
	for (let i = 0; i < NOTES; i++) {
		addNote(doc, session, `nota ${i}`, Date.now());
		if (i % 100 === 99) await new Promise((resolve) => setImmediate(resolve));
	}
	await writer.roundTrip();
	await writer.close();
	await server.stop();

	const times: number[] = [];
	for (let i = 0; i < restarts; i++) {
		server = await start();
		const reader = new LightClient(server.target(docName, session.token));
		await reader.synced;
		const ms = reader.syncedAt! - reader.startedAt;
		times.push(ms);
		await reader.close();
		// A second socket on the same, now warm, server.
		const again = new LightClient(server.target(docName, session.token));
		await again.synced;
		const warmMs = again.syncedAt! - again.startedAt;
		await again.close();
		await server.stop();

		console.log(
			`restart ${i + 1}: first socket ${ms.toFixed(1)} ms, second ${warmMs.toFixed(1)} ms`
		);
		if (verbose) console.log(server.output());
	}
	const sorted = [...times].sort((a, b) => a - b);
	console.log(`median first socket: ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms`);
} finally {
	setup.cleanup();
}
