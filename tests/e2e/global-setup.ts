import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from '../helpers/server';

/**
 * Starts the production server once for the whole end-to-end run, on a free port, with the demo
 * data set in a fresh embedded database. Tests reach it through the `baseURL` fixture.
 */
export default async function globalSetup() {
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'piazza-e2e-'));
	const server = await startServer({ dataDir, demo: true, timeout: 90_000 });
	process.env.PIAZZA_E2E_URL = server.url;
	return async () => {
		await server.stop();
		fs.rmSync(dataDir, { recursive: true, force: true });
	};
}
