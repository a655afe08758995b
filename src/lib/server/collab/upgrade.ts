import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

export const COLLAB_PREFIX = '/collab/';

/**
 * Returns the HTTP upgrade listener shared by the production entry and the Vite dev plugin. It
 * answers `/collab/*` and returns false for any other path, so Vite's HMR socket is untouched.
 * The live-document server (next milestone) plugs in here; until then every document is unknown.
 */
export function createUpgradeHandler() {
	return function onUpgrade(req: IncomingMessage, socket: Duplex, _head: Buffer): boolean {
		const url = req.url ?? '';
		if (!url.startsWith(COLLAB_PREFIX)) return false;
		socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
		return true;
	};
}
