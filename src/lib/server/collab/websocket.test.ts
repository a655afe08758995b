import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ServerWebSocket, completeHandshake, destroyOnError, refuseUpgrade } from './websocket';

/**
 * The server side of RFC 6455 against the stock `ws` client, and against raw sockets for what a
 * well-behaved client never sends. The test server echoes every message back, marked binary or
 * text, and closes with a code when asked to by a message "close:<code>".
 */
const MAX_PAYLOAD = 256 * 1024;
let server: http.Server;
let url: string;
let port: number;
const serverCloses: { code: number; reason: string }[] = [];

beforeAll(async () => {
	server = http.createServer((_req, res) => res.end());
	server.on('upgrade', (req, socket: Socket, head: Buffer) => {
		if (req.url === '/refuse') {
			refuseUpgrade(req, socket, 4403, 'not allowed');
			return;
		}
		if (!completeHandshake(req, socket)) return;
		destroyOnError(socket);
		const ws = new ServerWebSocket(socket, MAX_PAYLOAD);
		ws.events = {
			onMessage: (data, binary) => {
				const text = Buffer.from(data).toString('utf8');
				if (!binary && text.startsWith('close:')) return ws.close(Number(text.slice(6)), 'asked');
				ws.send(binary ? data.slice() : new TextEncoder().encode(`text:${text}`));
			},
			onClose: (code, reason) => serverCloses.push({ code, reason })
		};
		ws.start(head);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	port = (server.address() as AddressInfo).port;
	url = `ws://127.0.0.1:${port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

function open(path = '/'): Promise<WebSocket> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(url + path);
		ws.binaryType = 'nodebuffer';
		ws.once('open', () => resolve(ws));
		ws.once('error', reject);
	});
}
const nextMessage = (ws: WebSocket) =>
	new Promise<Buffer>((resolve) => ws.once('message', (data: Buffer) => resolve(data)));
const closeOf = (ws: WebSocket) =>
	new Promise<{ code: number; reason: string }>((resolve) =>
		ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))
	);

/** A raw TCP connection that has done the handshake; resolves with what the server sent after it. */
async function rawSocket(): Promise<{
	socket: net.Socket;
	received: () => Buffer;
	ended: Promise<void>;
}> {
	const socket = net.connect(port, '127.0.0.1');
	let data = Buffer.alloc(0);
	socket.on('data', (chunk) => (data = Buffer.concat([data, chunk])));
	const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
	await new Promise((resolve) => socket.once('connect', resolve));
	socket.write(
		'GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
			`Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`
	);
	while (!data.includes('\r\n\r\n')) await new Promise((r) => setTimeout(r, 5));
	const headerEnd = data.indexOf('\r\n\r\n') + 4;
	return { socket, received: () => data.subarray(headerEnd), ended };
}

/** A client frame with the given first byte, masked (or not), as raw bytes. */
function clientFrame(first: number, payload: Buffer, masked = true): Buffer {
	const mask = randomBytes(4);
	const header = Buffer.from([first, (masked ? 0x80 : 0) | payload.byteLength]);
	const body = Buffer.from(payload.map((b, i) => (masked ? b ^ mask[i % 4]! : b)));
	return Buffer.concat(masked ? [header, mask, body] : [header, body]);
}

function closeCodeIn(bytes: Buffer): number | null {
	const at = bytes.findIndex((b, i) => b === 0x88 && i + 3 < bytes.byteLength);
	return at < 0 ? null : bytes.readUInt16BE(at + 2);
}

describe('the live-document WebSocket server', () => {
	it('echoes binary messages of every length class: 7-bit, 16-bit and 64-bit lengths', async () => {
		const ws = await open();
		for (const size of [0, 1, 125, 126, 65_535, 65_536, 200_000]) {
			const payload = randomBytes(size);
			const reply = nextMessage(ws);
			ws.send(payload);
			expect(Buffer.compare(await reply, payload)).toBe(0);
		}
		ws.close();
	});

	it('joins a fragmented message', async () => {
		const ws = await open();
		const reply = nextMessage(ws);
		ws.send(Buffer.from('frag'), { binary: true, fin: false });
		ws.send(Buffer.from('ment'), { binary: true, fin: false });
		ws.send(Buffer.from('ed'), { binary: true, fin: true });
		expect((await reply).toString()).toBe('fragmented');
		ws.close();
	});

	it('parses frames that arrive one byte at a time', async () => {
		const { socket, received } = await rawSocket();
		const frame = clientFrame(0x82, Buffer.from('slowly'));
		for (const byte of frame) {
			socket.write(Buffer.from([byte]));
			await new Promise((r) => setTimeout(r, 1));
		}
		while (received().byteLength < 8) await new Promise((r) => setTimeout(r, 5));
		expect(received().subarray(2).toString()).toBe('slowly');
		socket.destroy();
	});

	it('answers a ping with a pong carrying the same bytes', async () => {
		const ws = await open();
		const pong = new Promise<Buffer>((resolve) => ws.once('pong', resolve));
		ws.ping(Buffer.from('are you there'));
		expect((await pong).toString()).toBe('are you there');
		ws.close();
	});

	it('tells text frames from binary ones', async () => {
		const ws = await open();
		const reply = nextMessage(ws);
		ws.send('hello');
		expect((await reply).toString()).toBe('text:hello');
		ws.close();
	});

	it('closes with the code and reason the server chose', async () => {
		const ws = await open();
		const closed = closeOf(ws);
		ws.send('close:4429');
		expect(await closed).toEqual({ code: 4429, reason: 'asked' });
	});

	it('completes the closing handshake a client starts, and reports its code', async () => {
		const ws = await open();
		const closed = closeOf(ws);
		ws.close(4000, 'bye');
		expect((await closed).code).toBe(4000);
		await expect.poll(() => serverCloses.at(-1)).toEqual({ code: 4000, reason: 'bye' });
	});

	it('refuses before any message with a close frame the client can read', async () => {
		const ws = new WebSocket(`${url}/refuse`);
		expect(await closeOf(ws)).toEqual({ code: 4403, reason: 'not allowed' });
	});

	it('cuts a message above the limit with 1009 before buffering it', async () => {
		const ws = await open();
		const closed = closeOf(ws);
		ws.send(Buffer.alloc(MAX_PAYLOAD + 1));
		expect((await closed).code).toBe(1009);
	});

	it('counts fragments against the limit too', async () => {
		const ws = await open();
		const closed = closeOf(ws);
		ws.send(Buffer.alloc(MAX_PAYLOAD / 2), { binary: true, fin: false });
		ws.send(Buffer.alloc(MAX_PAYLOAD / 2 + 1), { binary: true, fin: true });
		expect((await closed).code).toBe(1009);
	});

	it.each([
		['an unmasked frame', clientFrame(0x82, Buffer.from('x'), false)],
		['reserved bits', clientFrame(0xc2, Buffer.from('x'))],
		['an unknown opcode', clientFrame(0x83, Buffer.from('x'))],
		['a fragmented ping', clientFrame(0x09, Buffer.from('x'))],
		['a continuation out of nowhere', clientFrame(0x80, Buffer.from('x'))]
	])('closes with 1002 on %s and ends the connection', async (_name, frame) => {
		const { socket, received, ended } = await rawSocket();
		socket.write(frame);
		await ended;
		expect(closeCodeIn(received())).toBe(1002);
	});

	it('answers a request that is not a WebSocket handshake with 400', async () => {
		const status = await new Promise<number>((resolve) => {
			const req = http.request({
				port,
				host: '127.0.0.1',
				agent: false,
				headers: { connection: 'upgrade', upgrade: 'websocket' }
			});
			req.on('response', (res) => {
				resolve(res.statusCode!);
				req.destroy();
			});
			req.on('upgrade', () => resolve(101));
			req.end();
		});
		expect(status).toBe(400);
	});
});
