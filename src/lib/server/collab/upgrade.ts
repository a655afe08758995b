import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { readConfig } from '../config';
import { startRuntime } from '../runtime';
import { COLLAB_PREFIX, collabServer } from './server';

export { COLLAB_PREFIX };

/**
 * The HTTP `upgrade` listener shared by the production entry and the Vite dev plugin: it takes
 * `/collab/*` and returns false for any other path, so Vite's HMR socket is left alone.
 */
export function createUpgradeHandler() {
	return function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
		if (!req.url?.startsWith(COLLAB_PREFIX)) return false;
		// In `vite dev` the first request may be a socket: start (or join) the runtime here too.
		startRuntime(() => readConfig(process.env)).then(
			(runtime) => collabServer(runtime).handleUpgrade(req, socket, head),
			() => socket.destroy()
		);
		return true;
	};
}
