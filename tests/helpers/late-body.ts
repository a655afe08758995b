import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A proxy in front of `target` that passes every response's headers on at once and holds each
 * HTML page's body back for `holdMs`: what a slow mobile network does to a page whose headers
 * name things to fetch (a Link header). Everything else passes straight through.
 */
export async function lateBodyProxy(
	target: string,
	holdMs: number
): Promise<{ url: string; close: () => Promise<void> }> {
	const upstream = new URL(target);
	const server = http.createServer((request, response) => {
		const forward = http.request(
			new URL(request.url ?? '/', upstream),
			{ method: request.method, headers: { ...request.headers, host: upstream.host } },
			(answer) => {
				response.writeHead(answer.statusCode ?? 502, answer.headers);
				response.flushHeaders();
				const isPage = (answer.headers['content-type'] ?? '').startsWith('text/html');
				if (!isPage) {
					answer.pipe(response);
					return;
				}
				const body: Buffer[] = [];
				answer.on('data', (chunk: Buffer) => body.push(chunk));
				answer.on('end', () => setTimeout(() => response.end(Buffer.concat(body)), holdMs));
			}
		);
		forward.on('error', () => response.destroy());
		request.pipe(forward);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
}
