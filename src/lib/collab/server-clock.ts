/**
 * The offset between this device's clock and the server's, so that every screen shows the
 * workshop timer (a server end time) in step even when a phone's clock is minutes off.
 * Measured once per page from `GET /api/time`, halving the round trip (NTP's simple estimate);
 * until it answers, the offset is 0.
 */

export interface ClockSample {
	/** Local time just before the request. */
	sentAt: number;
	/** Server time in the answer. */
	serverNow: number;
	/** Local time when the answer arrived. */
	receivedAt: number;
}

/** Milliseconds to add to the local clock to read the server's. */
export function offsetOf(sample: ClockSample): number {
	const midpoint = sample.sentAt + (sample.receivedAt - sample.sentAt) / 2;
	return Math.round(sample.serverNow - midpoint);
}

let measured: Promise<number> | null = null;

/** The offset, measured at most once per page load (best of three round trips). */
export function serverOffset(fetcher: typeof fetch = fetch): Promise<number> {
	measured ??= (async () => {
		let best: { rtt: number; offset: number } | null = null;
		for (let i = 0; i < 3; i++) {
			try {
				const sentAt = Date.now();
				const response = await fetcher('/api/time', { cache: 'no-store' });
				const receivedAt = Date.now();
				const body = (await response.json()) as { now?: unknown };
				if (typeof body.now !== 'number') continue;
				const rtt = receivedAt - sentAt;
				if (!best || rtt < best.rtt)
					best = { rtt, offset: offsetOf({ sentAt, serverNow: body.now, receivedAt }) };
			} catch {
				// Offline: the local clock is the best guess.
			}
		}
		return best?.offset ?? 0;
	})();
	return measured;
}
