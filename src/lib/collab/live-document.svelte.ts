import * as decoding from 'lib0/decoding';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { reconnectDelay } from './backoff';

/**
 * A live document in the browser: a stock y-websocket provider with the connection state as
 * Svelte 5 state, our own reconnect (backoff with jitter, immediately when the phone is back
 * online), the server's refusals read from their close codes (DESIGN.md §4) instead of retried in
 * a loop, and — for documents a person writes in — a local IndexedDB copy, so edits made without
 * a connection survive a reload and merge when the connection returns.
 */

export type LiveState = 'connecting' | 'synced' | 'offline' | 'refused';

/** Why the server refused the socket, from its close code; the UI says it in the person's words. */
export type Refusal = 'session' | 'forbidden' | 'missing' | 'too-large' | 'rate' | 'malformed';

const REFUSALS: Record<number, Refusal> = {
	4400: 'malformed',
	4401: 'session',
	4403: 'forbidden',
	4404: 'missing',
	4413: 'too-large',
	4429: 'rate'
};

export interface LiveDocumentOptions {
	/** Keep a local copy in IndexedDB (documents the person writes in). */
	keepOffline?: boolean;
	/** Server base, default `ws(s)://<this host>/collab`. */
	url?: string;
}

export class LiveDocument {
	state = $state<LiveState>('connecting');
	refusal = $state<Refusal | null>(null);
	/** The server's reason for the last write it refused ("permission denied"), if any. */
	lastDenied = $state<string | null>(null);

	readonly doc = new Y.Doc();
	readonly provider: WebsocketProvider;
	private readonly local: IndexeddbPersistence | null;
	private attempt = 0;
	private retry: ReturnType<typeof setTimeout> | null = null;
	private destroyed = false;
	private readonly goOnline = () => this.reconnectNow();
	private readonly goOffline = () => {
		this.provider.disconnect();
		this.state = 'offline';
	};

	constructor(
		readonly name: string,
		options: LiveDocumentOptions = {}
	) {
		const url =
			options.url ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/collab`;
		this.provider = new WebsocketProvider(url, name, this.doc, {
			connect: false,
			disableBc: true,
			// Reconnecting is ours: with jitter, and never after a refusal.
			shouldReconnect: () => false
		});
		this.provider.messageHandlers[2] = (_encoder, decoder) => {
			if (decoding.readVarUint(decoder) === 0) this.lastDenied = decoding.readVarString(decoder);
		};
		this.provider.on('sync', (synced: boolean) => {
			if (!synced) return;
			this.state = 'synced';
			this.attempt = 0;
		});
		this.provider.on('connection-close', (event: CloseEvent | null) => this.onClose(event));
		this.provider.on('connection-error', () => {
			if (this.state !== 'refused') this.state = 'offline';
		});
		window.addEventListener('online', this.goOnline);
		window.addEventListener('offline', this.goOffline);

		this.local = options.keepOffline ? new IndexeddbPersistence(`piazza:${name}`, this.doc) : null;
		// Local edits first, so that they are part of the first exchange with the server.
		if (this.local) void this.local.whenSynced.then(() => this.open());
		else this.open();
	}

	get awareness() {
		return this.provider.awareness;
	}

	private open() {
		if (this.destroyed) return;
		if (!navigator.onLine) {
			this.state = 'offline';
			return;
		}
		this.state = 'connecting';
		this.provider.connect();
	}

	private onClose(event: CloseEvent | null) {
		if (this.destroyed || !event) return;
		const refusal = REFUSALS[event.code];
		if (refusal) {
			this.state = 'refused';
			this.refusal = refusal;
			return;
		}
		this.state = 'offline';
		this.schedule();
	}

	private schedule() {
		if (this.retry || this.destroyed) return;
		this.retry = setTimeout(() => {
			this.retry = null;
			this.attempt++;
			this.open();
		}, reconnectDelay(this.attempt));
	}

	/** Tries now (the phone is back online, or the person asked to). */
	reconnectNow() {
		if (this.destroyed || this.state === 'refused') return;
		if (this.retry) clearTimeout(this.retry);
		this.retry = null;
		this.attempt = 0;
		this.open();
	}

	destroy() {
		this.destroyed = true;
		if (this.retry) clearTimeout(this.retry);
		window.removeEventListener('online', this.goOnline);
		window.removeEventListener('offline', this.goOffline);
		this.provider.destroy();
		void this.local?.destroy();
		this.doc.destroy();
	}
}
