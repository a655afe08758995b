// Reference server 1: @y/websocket-server 0.1.1 as its own bin wires it (in memory, no
// persistence), on a port the harness chooses. The document name is the request path.
import http from 'node:http';
import { setupWSConnection } from '@y/websocket-server/utils';
import { WebSocketServer } from 'ws';

const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws, req) => setupWSConnection(ws, req));
const server = http.createServer((_req, res) => res.end('okay'));
server.on('upgrade', (req, socket, head) => {
	wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
	const address = server.address();
	console.log(`listening on port ${typeof address === 'object' && address ? address.port : '?'}`);
});
process.on('SIGTERM', () => process.exit(0));
