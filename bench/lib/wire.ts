import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** The three servers a run compares. */
export const SERVER_KINDS = ['piazza', 'y-websocket-server', 'hocuspocus'] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

/** Where one client connects: the socket address, the document, and Piazza's session cookie. */
export interface Target {
	kind: ServerKind;
	url: string;
	docName: string;
	/** Cookie value (`piazza_session`), Piazza only. */
	cookie?: string;
}

/** y-websocket message types (y-protocols), which Hocuspocus shares and extends. */
export const MESSAGE = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const;
/** Hocuspocus only: the answer to a sync step 1 (a step 1 the client need not answer again). */
const HOCUSPOCUS_SYNC_REPLY = 4;
export const SYNC = { step1: 0, step2: 1, update: 2 } as const;

/** A received frame, decoded just far enough for a light client. */
export interface Decoded {
	type: number;
	/** Sync sub-type for sync frames. */
	sync?: number;
	/** The varUint8Array that follows (sync payload or awareness update). */
	payload?: Uint8Array;
	/** A write refused with the protocol's "permission denied" (auth message). */
	denied?: boolean;
}

/**
 * Frames in the y-websocket protocol and in Hocuspocus's variant of it, which puts the document
 * name (a varString) before every message and wants an auth message before anything else.
 */
export interface Wire {
	hello(): Uint8Array[];
	encode(write: (encoder: encoding.Encoder) => void): Uint8Array;
	decode(frame: Uint8Array): Decoded | null;
}

export function wireFor(target: Target): Wire {
	const prefixed = target.kind === 'hocuspocus';
	return {
		hello() {
			if (!prefixed) return [];
			// Auth, sub-type token, an empty token: the server has no onAuthenticate hook.
			return [
				this.encode((e) => {
					encoding.writeVarUint(e, MESSAGE.auth);
					encoding.writeVarUint(e, 0);
					encoding.writeVarString(e, '');
				})
			];
		},
		encode(write) {
			const encoder = encoding.createEncoder();
			if (prefixed) encoding.writeVarString(encoder, target.docName);
			write(encoder);
			return encoding.toUint8Array(encoder);
		},
		decode(frame) {
			try {
				const decoder = decoding.createDecoder(frame);
				if (prefixed) decoding.readVarString(decoder);
				let type = decoding.readVarUint(decoder);
				if (type === HOCUSPOCUS_SYNC_REPLY) type = MESSAGE.sync;
				if (type === MESSAGE.sync) {
					const sync = decoding.readVarUint(decoder);
					return { type, sync, payload: decoding.readVarUint8Array(decoder) };
				}
				if (type === MESSAGE.awareness) {
					return { type, payload: decoding.readVarUint8Array(decoder) };
				}
				if (type === MESSAGE.auth) {
					// y-protocols: 0 is permission denied; Hocuspocus: 1 is, 2 is "authenticated".
					const sub = decoding.readVarUint(decoder);
					return { type, denied: prefixed ? sub === 1 : sub === 0 };
				}
				return { type };
			} catch {
				return null;
			}
		}
	};
}

export function syncStep1(wire: Wire, stateVector: Uint8Array): Uint8Array {
	return wire.encode((e) => {
		encoding.writeVarUint(e, MESSAGE.sync);
		encoding.writeVarUint(e, SYNC.step1);
		encoding.writeVarUint8Array(e, stateVector);
	});
}

export function syncUpdate(wire: Wire, update: Uint8Array): Uint8Array {
	return wire.encode((e) => {
		encoding.writeVarUint(e, MESSAGE.sync);
		encoding.writeVarUint(e, SYNC.update);
		encoding.writeVarUint8Array(e, update);
	});
}

export function awareness(wire: Wire, update: Uint8Array): Uint8Array {
	return wire.encode((e) => {
		encoding.writeVarUint(e, MESSAGE.awareness);
		encoding.writeVarUint8Array(e, update);
	});
}

/** One presence entry in the y-protocols awareness encoding. */
export function awarenessUpdate(clientId: number, clock: number, state: unknown): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 1);
	encoding.writeVarUint(encoder, clientId);
	encoding.writeVarUint(encoder, clock);
	encoding.writeVarString(encoder, JSON.stringify(state));
	return encoding.toUint8Array(encoder);
}

/** The entries of an awareness update (client id and state). */
export function readAwareness(update: Uint8Array): { clientId: number; state: unknown }[] {
	const decoder = decoding.createDecoder(update);
	const count = decoding.readVarUint(decoder);
	const entries: { clientId: number; state: unknown }[] = [];
	for (let i = 0; i < count; i++) {
		const clientId = decoding.readVarUint(decoder);
		decoding.readVarUint(decoder);
		entries.push({ clientId, state: JSON.parse(decoding.readVarString(decoder)) });
	}
	return entries;
}
