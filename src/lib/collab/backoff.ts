/**
 * Delay before reconnect attempt `attempt` (0 = first): exponential up to `capMs`, with "equal
 * jitter" — at least half the step, at most the whole — so that a room of phones that lost the
 * server at the same moment (a deploy) does not come back in lockstep (RELIABILITY.md 42).
 */
export function reconnectDelay(
	attempt: number,
	random: () => number = Math.random,
	baseMs = 500,
	capMs = 30_000
): number {
	const step = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 16));
	return Math.round(step / 2 + random() * (step / 2));
}
