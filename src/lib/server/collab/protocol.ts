import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as authProtocol from 'y-protocols/auth';

/**
 * The y-websocket wire protocol, as the stock `WebsocketProvider` speaks it: each frame is a
 * varUint message type followed by its payload.
 */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

/** Sync sub-messages (y-protocols/sync). */
export const SYNC_STEP_1 = 0;
export const SYNC_STEP_2 = 1;
export const SYNC_UPDATE = 2;

/** Close codes (DESIGN.md §4). 4400-4499 tell the stock client not to reconnect. */
export const CLOSE = {
	malformed: 4400,
	noSession: 4401,
	forbidden: 4403,
	noSuchDocument: 4404,
	tooLarge: 4413,
	rate: 4429,
	/** The server is shutting down: reconnect (outside 4400-4499 on purpose). */
	goingAway: 1001
} as const;

/** A frame the client sent, decoded just far enough to route it; null when it is malformed. */
export type ClientMessage =
	| { type: 'sync-step-1'; stateVector: Uint8Array }
	| {
			type: 'sync-update';
			update: Uint8Array;
			/** Sync step 2: the client's whole answer to our state vector, not one edit of its own. */
			fullState: boolean;
	  }
	| { type: 'awareness'; update: Uint8Array }
	| { type: 'query-awareness' }
	| { type: 'auth' };

/**
 * Decodes one client frame. Every length is read from the frame itself and lib0 refuses to read
 * past its end, so a lying varint fails fast instead of allocating; anything unexpected (unknown
 * types, trailing bytes, truncated varints) is malformed.
 */
export function decodeClientMessage(frame: Uint8Array): ClientMessage | null {
	try {
		const decoder = decoding.createDecoder(frame);
		const type = decoding.readVarUint(decoder);
		let message: ClientMessage;
		switch (type) {
			case MESSAGE_SYNC: {
				const sub = decoding.readVarUint(decoder);
				const payload = decoding.readVarUint8Array(decoder);
				if (sub === SYNC_STEP_1) message = { type: 'sync-step-1', stateVector: payload };
				else if (sub === SYNC_STEP_2 || sub === SYNC_UPDATE) {
					message = { type: 'sync-update', update: payload, fullState: sub === SYNC_STEP_2 };
				} else return null;
				break;
			}
			case MESSAGE_AWARENESS:
				message = { type: 'awareness', update: decoding.readVarUint8Array(decoder) };
				break;
			case MESSAGE_QUERY_AWARENESS:
				message = { type: 'query-awareness' };
				break;
			case MESSAGE_AUTH:
				// Clients have nothing to say here: a well-formed auth message (y-protocols/auth: a
				// varUint kind and a reason) is tolerated and ignored; anything else is malformed.
				decoding.readVarUint(decoder);
				decoding.readVarString(decoder);
				message = { type: 'auth' };
				break;
			default:
				return null;
		}
		return decoding.hasContent(decoder) ? null : message;
	} catch {
		return null;
	}
}

function encodeSync(sub: number, payload: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	encoding.writeVarUint(encoder, sub);
	encoding.writeVarUint8Array(encoder, payload);
	return encoding.toUint8Array(encoder);
}

export const encodeSyncStep1 = (stateVector: Uint8Array) => encodeSync(SYNC_STEP_1, stateVector);
export const encodeSyncStep2 = (update: Uint8Array) => encodeSync(SYNC_STEP_2, update);
export const encodeSyncUpdate = (update: Uint8Array) => encodeSync(SYNC_UPDATE, update);

export function encodeAwareness(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}

/** The protocol's "permission denied" (y-protocols/auth): the write was dropped, the socket stays. */
export function encodePermissionDenied(reason: string): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_AUTH);
	authProtocol.writePermissionDenied(encoder, reason);
	return encoding.toUint8Array(encoder);
}

/** One entry of an awareness update: a client's presence state at a clock (null = gone). */
export interface AwarenessEntry {
	clientId: number;
	clock: number;
	state: Record<string, unknown> | null;
}

/** Decodes an awareness update, or null when it is malformed (or a state is not an object). */
export function decodeAwarenessUpdate(
	update: Uint8Array,
	maxEntries: number
): AwarenessEntry[] | null {
	try {
		const decoder = decoding.createDecoder(update);
		const count = decoding.readVarUint(decoder);
		if (count > maxEntries) return null;
		const entries: AwarenessEntry[] = [];
		for (let i = 0; i < count; i++) {
			const clientId = decoding.readVarUint(decoder);
			const clock = decoding.readVarUint(decoder);
			const state = JSON.parse(decoding.readVarString(decoder)) as unknown;
			if (state !== null && (typeof state !== 'object' || Array.isArray(state))) return null;
			entries.push({ clientId, clock, state: state as Record<string, unknown> | null });
		}
		return decoding.hasContent(decoder) ? null : entries;
	} catch {
		return null;
	}
}

export function encodeAwarenessUpdate(entries: AwarenessEntry[]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, entries.length);
	for (const entry of entries) {
		encoding.writeVarUint(encoder, entry.clientId);
		encoding.writeVarUint(encoder, entry.clock);
		encoding.writeVarString(encoder, JSON.stringify(entry.state));
	}
	return encoding.toUint8Array(encoder);
}
