import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * The server side of RFC 6455, as much of it as live documents need: binary messages, fragments,
 * ping/pong and the closing handshake, without extensions.
 *
 * Why not `ws`: a live document sends one message to hundreds of sockets at once, and most sockets
 * sit idle for a whole workshop. `ws` frames every message again for every socket and gives each
 * socket two stream objects of its own (about 10 KB per idle connection here, against about 6 KB
 * for the bare TCP socket). Here a frame is built once and the same bytes are written to every
 * socket, and an idle connection costs its TCP socket and one small object. The tests drive it with
 * the stock `ws` client and with Chromium.
 */

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export const OPCODE = {
	continuation: 0x0,
	text: 0x1,
	binary: 0x2,
	close: 0x8,
	ping: 0x9,
	pong: 0xa
} as const;

/** Close codes of the protocol itself (RFC 6455 §7.4.1). */
export const WS_CLOSE = {
	normal: 1000,
	protocolError: 1002,
	noStatus: 1005,
	abnormal: 1006,
	tooBig: 1009
} as const;

/** How long a closing socket waits for the peer before it is cut. */
const CLOSE_TIMEOUT_MS = 2_000;

/** What a socket tells its owner. */
export interface WebSocketEvents {
	onMessage(data: Uint8Array, binary: boolean): void;
	/** Once, when the TCP connection is gone; `code` is the one received (or 1006). */
	onClose(code: number, reason: string): void;
}

/**
 * The socket's listeners are shared functions that find their ServerWebSocket through this key:
 * hundreds of idle sockets then cost no closures of their own.
 */
const OWNER = Symbol('piazza.websocket');
type OwnedSocket = Socket & { [OWNER]?: ServerWebSocket };

function onData(this: OwnedSocket, chunk: Buffer) {
	this[OWNER]?.receive(chunk);
}
function onSocketClose(this: OwnedSocket) {
	this[OWNER]?.socketClosed();
}
function onEnd(this: OwnedSocket) {
	// The peer will send nothing more: finish our side too.
	if (!this.destroyed) this.end();
}
function destroySelf(this: Duplex) {
	this.destroy();
}

/** A socket that fails (a reset, a broken pipe) is simply gone; from the upgrade on. */
export function destroyOnError(socket: Duplex) {
	socket.on('error', destroySelf);
}

/**
 * Checks an upgrade request and answers it with `101 Switching Protocols`. On a request that is
 * not a WebSocket handshake it answers `400` and returns false.
 */
export function completeHandshake(req: IncomingMessage, socket: Duplex): boolean {
	const key = req.headers['sec-websocket-key'];
	const valid =
		req.method === 'GET' &&
		req.headers.upgrade?.toLowerCase() === 'websocket' &&
		req.headers['sec-websocket-version'] === '13' &&
		typeof key === 'string' &&
		/^[A-Za-z0-9+/]{22}==$/.test(key);
	if (!valid) {
		endSoon(
			socket,
			'HTTP/1.1 400 Bad Request\r\nConnection: close\r\nSec-WebSocket-Version: 13\r\n' +
				'Content-Length: 0\r\n\r\n'
		);
		return false;
	}
	const accept = createHash('sha1')
		.update(key + GUID)
		.digest('base64');
	socket.write(
		'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
			`Sec-WebSocket-Accept: ${accept}\r\n\r\n`
	);
	return true;
}

/**
 * Refuses a socket with a close code the client can read (a browser shows no HTTP status of a
 * failed handshake, only a close code): the handshake completes, then a close frame ends it.
 */
export function refuseUpgrade(req: IncomingMessage, socket: Duplex, code: number, reason: string) {
	if (socket.destroyed || !completeHandshake(req, socket)) return;
	endSoon(socket, closeFrame(code, reason));
}

/** Answers an upgrade request with a plain HTTP status (e.g. `403 Forbidden`) and ends it. */
export function answerUpgrade(socket: Duplex, status: string) {
	endSoon(socket, `HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Sends the last bytes, reads (and drops) whatever the peer still sends, and cuts it soon. */
function endSoon(socket: Duplex, last: string | Uint8Array) {
	socket.end(last);
	// Unread, the peer's end would never be noticed and the socket would linger half-closed.
	socket.resume();
	setTimeout(() => socket.destroy(), CLOSE_TIMEOUT_MS).unref();
}

/** A frame as the server sends it: final, unmasked. */
export function encodeFrame(opcode: number, payload: Uint8Array): Buffer {
	const length = payload.byteLength;
	const headerLength = length < 126 ? 2 : length < 0x10000 ? 4 : 10;
	const frame = Buffer.allocUnsafe(headerLength + length);
	frame[0] = 0x80 | opcode;
	if (length < 126) {
		frame[1] = length;
	} else if (length < 0x10000) {
		frame[1] = 126;
		frame.writeUInt16BE(length, 2);
	} else {
		frame[1] = 127;
		frame.writeUInt32BE(Math.floor(length / 0x1_0000_0000), 2);
		frame.writeUInt32BE(length >>> 0, 6);
	}
	frame.set(payload, headerLength);
	return frame;
}

/**
 * The framed bytes of each message recently sent, so that a message broadcast to a whole room is
 * framed once. Keyed weakly by the message itself: it lives as long as someone holds the message.
 */
const framed = new WeakMap<Uint8Array, Buffer>();

function binaryFrameOf(message: Uint8Array): Buffer {
	let frame = framed.get(message);
	if (!frame) {
		frame = encodeFrame(OPCODE.binary, message);
		framed.set(message, frame);
	}
	return frame;
}

/**
 * Frames `message` now, ahead of its first send (kept while the message lives): the full state a
 * preloaded document will send its first fresh client, a few hundred KB to copy.
 */
export function prepareFrame(message: Uint8Array) {
	binaryFrameOf(message);
}

/**
 * Runs the handshake's hashing and the framing once, at start: the first socket after a restart
 * would otherwise pay for loading the SHA-1 digest and compiling this code.
 */
export function warmUp() {
	createHash('sha1').update(`dGhlIHNhbXBsZSBub25jZQ==${GUID}`).digest('base64');
	encodeFrame(OPCODE.binary, new Uint8Array(200));
	closeFrame(1000, '');
}

/** A close frame with its code and (at most 123 bytes of) reason. */
export function closeFrame(code: number, reason: string): Buffer {
	return encodeFrame(OPCODE.close, closePayload(code, reason));
}

function closePayload(code: number, reason: string): Buffer {
	// A reason is at most 123 bytes (control frames carry 125).
	let text = Buffer.from(reason, 'utf8');
	if (text.byteLength > 123) text = text.subarray(0, 123);
	const payload = Buffer.allocUnsafe(2 + text.byteLength);
	payload.writeUInt16BE(code, 0);
	text.copy(payload, 2);
	return payload;
}

export class ServerWebSocket {
	/** Received bytes not yet parsed into a whole frame. */
	private chunks: Buffer[] = [];
	private buffered = 0;
	/** Fragments of a message still arriving. */
	private fragments: Buffer[] | null = null;
	private fragmentsLength = 0;
	private fragmentsBinary = true;
	private closeSent = false;
	private closed = false;
	/** The peer broke the protocol: nothing more it sends can be parsed. */
	private broken = false;
	private closeTimer: ReturnType<typeof setTimeout> | null = null;
	private receivedCode: number = WS_CLOSE.abnormal;
	private receivedReason = '';
	/** Whether a pong (or any frame) came since the last ping. */
	alive = true;

	/** Who hears the messages and the close; set before `start`. */
	events: WebSocketEvents | null = null;

	constructor(
		private readonly socket: Socket,
		private readonly maxPayload: number
	) {
		socket.setNoDelay(true);
		socket.setTimeout(0);
		(socket as OwnedSocket)[OWNER] = this;
		socket.on('data', onData);
		socket.on('close', onSocketClose);
		socket.on('end', onEnd);
	}

	/** Starts with the bytes that came with the upgrade request. */
	start(head: Buffer) {
		if (head.byteLength > 0) this.receive(head);
	}

	/** Bytes written to the socket and not yet handed to the kernel. */
	bufferedAmount(): number {
		return this.socket.writableLength;
	}

	get isOpen(): boolean {
		return !this.closeSent && !this.closed;
	}

	/** Sends one binary message; the same message sent to many sockets is framed once. */
	send(message: Uint8Array) {
		if (!this.isOpen) return;
		this.socket.write(binaryFrameOf(message));
	}

	ping() {
		if (!this.isOpen) return;
		this.alive = false;
		this.socket.write(encodeFrame(OPCODE.ping, EMPTY));
	}

	/** Starts the closing handshake; the TCP connection ends when the peer answers, or soon after. */
	close(code: number, reason = '') {
		if (this.closeSent || this.closed) return;
		this.closeSent = true;
		this.socket.write(closeFrame(code, reason));
		this.closeTimer = setTimeout(() => this.socket.destroy(), CLOSE_TIMEOUT_MS);
		this.closeTimer.unref();
	}

	/** Cuts the connection at once (a dead peer). */
	terminate() {
		this.socket.destroy();
	}

	/** The TCP connection is gone (called by the socket's listener). */
	socketClosed() {
		if (this.closed) return;
		this.closed = true;
		if (this.closeTimer) clearTimeout(this.closeTimer);
		this.chunks = [];
		this.fragments = null;
		this.events?.onClose(this.receivedCode, this.receivedReason);
	}

	private fail(code: number, reason: string) {
		this.close(code, reason);
		this.broken = true;
		this.chunks = [];
		this.buffered = 0;
		this.socket.end();
	}

	/** Bytes from the peer (called by the socket's listener). */
	receive(chunk: Buffer) {
		if (this.closed || this.broken) return;
		this.chunks.push(chunk);
		this.buffered += chunk.byteLength;
		while (this.buffered >= 2 && !this.closed && !this.broken) {
			const head = this.peek(Math.min(this.buffered, 14));
			const first = head[0]!;
			const second = head[1]!;
			const fin = (first & 0x80) !== 0;
			const opcode = first & 0x0f;
			if ((first & 0x70) !== 0) return this.fail(WS_CLOSE.protocolError, 'reserved bits set');
			if ((second & 0x80) === 0) return this.fail(WS_CLOSE.protocolError, 'unmasked frame');
			let length = second & 0x7f;
			let headerLength = 6;
			if (length === 126) {
				if (head.byteLength < 4) return;
				length = head.readUInt16BE(2);
				headerLength = 8;
			} else if (length === 127) {
				if (head.byteLength < 10) return;
				const high = head.readUInt32BE(2);
				// Beyond 2^53 a length cannot even be represented; beyond the limit it is refused anyway.
				if (high > 0x1f_ffff) return this.fail(WS_CLOSE.tooBig, 'message too big');
				length = high * 0x1_0000_0000 + head.readUInt32BE(6);
				headerLength = 14;
			}
			const control = opcode >= 0x8;
			if (control && (!fin || length > 125)) {
				return this.fail(WS_CLOSE.protocolError, 'bad control frame');
			}
			if (!control && length + this.fragmentsLength > this.maxPayload) {
				return this.fail(WS_CLOSE.tooBig, 'message too big');
			}
			if (this.buffered < headerLength + length) return;
			const frame = this.take(headerLength + length);
			const payload = frame.subarray(headerLength);
			unmask(payload, frame, headerLength - 4);
			this.alive = true;
			this.onFrame(fin, opcode, payload);
		}
	}

	private onFrame(fin: boolean, opcode: number, payload: Buffer) {
		switch (opcode) {
			case OPCODE.text:
			case OPCODE.binary:
				if (this.fragments) return this.fail(WS_CLOSE.protocolError, 'expected a continuation');
				if (fin) return this.deliver(payload, opcode === OPCODE.binary);
				this.fragments = [payload];
				this.fragmentsLength = payload.byteLength;
				this.fragmentsBinary = opcode === OPCODE.binary;
				return;
			case OPCODE.continuation: {
				if (!this.fragments) return this.fail(WS_CLOSE.protocolError, 'unexpected continuation');
				this.fragments.push(payload);
				this.fragmentsLength += payload.byteLength;
				if (!fin) return;
				const whole = Buffer.concat(this.fragments, this.fragmentsLength);
				this.fragments = null;
				this.fragmentsLength = 0;
				return this.deliver(whole, this.fragmentsBinary);
			}
			case OPCODE.ping:
				if (this.isOpen) this.socket.write(encodeFrame(OPCODE.pong, payload));
				return;
			case OPCODE.pong:
				return; // `alive` is set by any frame
			case OPCODE.close:
				return this.onClose(payload);
			default:
				return this.fail(WS_CLOSE.protocolError, 'unknown opcode');
		}
	}

	private deliver(data: Buffer, binary: boolean) {
		if (this.closeSent) return; // after our close, the peer's data is not wanted
		this.events?.onMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), binary);
	}

	private onClose(payload: Buffer) {
		if (payload.byteLength >= 2) {
			this.receivedCode = payload.readUInt16BE(0);
			this.receivedReason = payload.subarray(2).toString('utf8');
		} else {
			this.receivedCode = WS_CLOSE.noStatus;
		}
		if (!this.closeSent) {
			// Echo the code, as the protocol asks, then end the TCP connection from our side.
			this.closeSent = true;
			const echo = payload.byteLength >= 2 ? payload.subarray(0, 2) : Buffer.alloc(0);
			this.socket.write(encodeFrame(OPCODE.close, echo));
		}
		this.socket.end();
		this.closeTimer ??= setTimeout(() => this.socket.destroy(), CLOSE_TIMEOUT_MS);
		this.closeTimer.unref();
	}

	/** The first `n` buffered bytes, without consuming them (n ≤ 14: copies only a header). */
	private peek(n: number): Buffer {
		const first = this.chunks[0]!;
		if (first.byteLength >= n) return first;
		const out = Buffer.allocUnsafe(n);
		let offset = 0;
		for (const chunk of this.chunks) {
			const part = Math.min(chunk.byteLength, n - offset);
			chunk.copy(out, offset, 0, part);
			offset += part;
			if (offset === n) break;
		}
		return out;
	}

	/** Consumes the first `n` buffered bytes: a view when they lie in one chunk, else one copy. */
	private take(n: number): Buffer {
		this.buffered -= n;
		const first = this.chunks[0]!;
		if (first.byteLength === n) {
			this.chunks.shift();
			return first;
		}
		if (first.byteLength > n) {
			this.chunks[0] = first.subarray(n);
			return first.subarray(0, n);
		}
		const out = Buffer.allocUnsafe(n);
		let offset = 0;
		while (offset < n) {
			const chunk = this.chunks[0]!;
			const part = Math.min(chunk.byteLength, n - offset);
			chunk.copy(out, offset, 0, part);
			offset += part;
			if (part === chunk.byteLength) this.chunks.shift();
			else this.chunks[0] = chunk.subarray(part);
		}
		return out;
	}
}

const EMPTY = new Uint8Array(0);

/** Client frames are masked with 4 bytes that precede the payload (RFC 6455 §5.3). */
function unmask(payload: Buffer, frame: Buffer, maskOffset: number) {
	const m0 = frame[maskOffset]!;
	const m1 = frame[maskOffset + 1]!;
	const m2 = frame[maskOffset + 2]!;
	const m3 = frame[maskOffset + 3]!;
	const length = payload.byteLength;
	let i = 0;
	for (; i + 3 < length; i += 4) {
		payload[i] = payload[i]! ^ m0;
		payload[i + 1] = payload[i + 1]! ^ m1;
		payload[i + 2] = payload[i + 2]! ^ m2;
		payload[i + 3] = payload[i + 3]! ^ m3;
	}
	const mask = [m0, m1, m2, m3];
	for (; i < length; i++) payload[i] = payload[i]! ^ mask[i & 3]!;
}
