// Reference server 2: @hocuspocus/server 3.4.4 with no extensions (in memory, no persistence),
// its defaults otherwise, on a port the harness chooses.
import { Server } from '@hocuspocus/server';

const server = new Server({
	port: Number(process.env.PORT ?? 0),
	address: '127.0.0.1',
	quiet: true,
	stopOnSignals: true
});
await server.listen();
const address = server.httpServer.address();
console.log(`listening on port ${typeof address === 'object' && address ? address.port : '?'}`);
