import { RateLimiterMemory } from 'rate-limiter-flexible';

/**
 * Counts failures per key within a window and says how long a key must wait once it has used them
 * all. Only failures count, so successes from a shared address cost it nothing; but once its
 * failures are used up the key waits, whoever is asking behind it, unless the caller lets a request
 * through itself (joins do, for codes that already joined from that address: see `recentKeys`).
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

/**
 * Keys seen recently, e.g. "this address joined this code": each is forgotten `ttlSeconds` after it
 * was last remembered, and beyond `maxKeys` the least recently remembered go first, so the memory
 * stays bounded whatever arrives. Process-wide and in memory, like the counters.
 */
export interface RecentKeys {
	remember(key: string): Promise<void>;
	/** True when the key was remembered less than `ttlSeconds` ago and not pushed out since. */
	has(key: string): Promise<boolean>;
}

export function recentKeys(
	ttlSeconds: number,
	maxKeys: number,
	now: () => number = Date.now
): RecentKeys {
	// A Map keeps insertion order and a key is re-inserted whenever it is remembered, so the first
	// entries are always the oldest: expiry and eviction only ever look at the front.
	const expiries = new Map<string, number>();
	const dropExpired = (time: number) => {
		for (const [key, expiry] of expiries) {
			if (expiry > time) break;
			expiries.delete(key);
		}
	};
	return {
		async remember(key) {
			const time = now();
			dropExpired(time);
			expiries.delete(key);
			expiries.set(key, time + ttlSeconds * 1000);
			while (expiries.size > maxKeys) {
				expiries.delete(expiries.keys().next().value!);
			}
		},
		async has(key) {
			const expiry = expiries.get(key);
			return expiry !== undefined && expiry > now();
		}
	};
}
