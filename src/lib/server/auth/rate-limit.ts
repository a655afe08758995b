import { RateLimiterMemory } from 'rate-limiter-flexible';

/**
 * Counts failures per key within a window and says how long a key must wait once it has used them
 * all. Only failures count, so legitimate traffic from a shared address is never slowed down.
 */
export interface FailureCounter {
	/** Seconds until the key may try again, or 0 when it is not blocked. */
	retryAfter(key: string): Promise<number>;
	/** Records one failure for the key. Resolves to true when this failure used up the allowance. */
	fail(key: string): Promise<boolean>;
	/** Forgets the key's failures (after a success that proves good faith, e.g. a sign-in). */
	reset(key: string): Promise<void>;
}

export function failureCounter(allowed: number, windowSeconds: number): FailureCounter {
	const limiter = new RateLimiterMemory({ points: allowed, duration: windowSeconds });
	return {
		async retryAfter(key) {
			const state = await limiter.get(key);
			if (!state || state.consumedPoints < allowed) return 0;
			return Math.max(1, Math.ceil(state.msBeforeNext / 1000));
		},
		async fail(key) {
			const state = await limiter.penalty(key, 1);
			return state.consumedPoints === allowed;
		},
		async reset(key) {
			await limiter.delete(key);
		}
	};
}

/** Counts every event (not only failures): a flood guard with a ceiling far above real use. */
export interface EventCounter {
	/** Records one event; resolves to the seconds to wait when over the ceiling, else 0. */
	take(key: string): Promise<number>;
}

export function eventCounter(allowed: number, windowSeconds: number): EventCounter {
	const limiter = new RateLimiterMemory({ points: allowed, duration: windowSeconds });
	return {
		async take(key) {
			try {
				await limiter.consume(key, 1);
				return 0;
			} catch (rejection) {
				if (rejection instanceof Error) throw rejection;
				const ms = (rejection as { msBeforeNext: number }).msBeforeNext;
				return Math.max(1, Math.ceil(ms / 1000));
			}
		}
	};
}
