import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';

/**
 * Where the counters of several instances meet (README, "Several instances"): with REDIS_URL every
 * instance counts in the same Redis keys, so that an allowance is spent once across all of them,
 * not once per instance. While Redis is away each counter falls back to its own memory (the
 * library's `insuranceLimiter`): each instance then limits on its own, as one process does, rather
 * than not at all. What was counted in memory during the outage is not carried back to Redis.
 */
export interface SharedStore {
	readonly redis: Redis;
	/** REDIS_PREFIX: several Piazzas (or test runs) may share one Redis. */
	readonly prefix: string;
	close(): Promise<void>;
}

/** A counter in a shared store, under its own name (`<prefix>:limit:<name>:<key>`). */
export interface Shared {
	store: SharedStore;
	name: string;
}

/** Longest a limit waits for Redis before it answers from memory: a hung Redis must not hang sign-in. */
const REDIS_COMMAND_TIMEOUT_MS = 1_000;

export function sharedStore(url: string, prefix: string): SharedStore {
	const redis = new Redis(url, {
		// Fail at once while Redis is away instead of queueing: the memory fallback answers.
		enableOfflineQueue: false,
		maxRetriesPerRequest: 0,
		commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
		retryStrategy: (times: number) => Math.min(100 * 2 ** Math.min(times, 6), 2_000),
		connectionName: 'piazza-limits'
	});
	// Every failed reconnection is reported; the live-document bus already says Redis is away.
	redis.on('error', () => {});
	return {
		redis,
		prefix,
		async close() {
			await redis.quit().catch(() => redis.disconnect());
		}
	};
}

/** The counter's limiter: in memory alone, or in Redis with memory as its insurance. */
function limiter(points: number, duration: number, shared?: Shared): RateLimiterAbstract {
	const memory = new RateLimiterMemory({ points, duration });
	if (!shared) return memory;
	return new RateLimiterRedis({
		storeClient: shared.store.redis,
		keyPrefix: `${shared.store.prefix}:limit:${shared.name}`,
		points,
		duration,
		// Not even tried while the connection is down: straight to memory, no timeout to wait.
		rejectIfRedisNotReady: true,
		insuranceLimiter: memory
	});
}

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

export function failureCounter(
	allowed: number,
	windowSeconds: number,
	shared?: Shared
): FailureCounter {
	const counter = limiter(allowed, windowSeconds, shared);
	return {
		async retryAfter(key) {
			const state = await counter.get(key);
			if (!state || state.consumedPoints < allowed) return 0;
			return Math.max(1, Math.ceil(state.msBeforeNext / 1000));
		},
		async fail(key) {
			const state = await counter.penalty(key, 1);
			// Exactly one failure reaches the allowance, on whichever instance it happens.
			return state.consumedPoints === allowed;
		},
		async reset(key) {
			await counter.delete(key);
		}
	};
}

/** Counts every event (not only failures): a flood guard with a ceiling far above real use. */
export interface EventCounter {
	/** Records one event; resolves to the seconds to wait when over the ceiling, else 0. */
	take(key: string): Promise<number>;
}

export function eventCounter(
	allowed: number,
	windowSeconds: number,
	shared?: Shared
): EventCounter {
	const counter = limiter(allowed, windowSeconds, shared);
	return {
		async take(key) {
			try {
				await counter.consume(key, 1);
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
 * stays bounded whatever arrives. In memory, or shared through Redis (`sharedRecentKeys`).
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

/**
 * Remembers a key in a sorted set scored by its expiry, by Redis's clock (instances' clocks may
 * differ): expired members are dropped first, and beyond `max` the earliest to expire go, so the
 * set stays bounded like the memory version. KEYS[1] set; ARGV key, ttl ms, max.
 */
const REMEMBER_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(tonumber(ARGV[3]) + 1))
redis.call('PEXPIRE', KEYS[1], ttl)
return 1
`;

/** 1 when the key is in the set and not expired (by Redis's clock), else 0. */
const RECALL_SCRIPT = `
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not score then return 0 end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if tonumber(score) > now then return 1 end
return 0
`;

/**
 * `recentKeys` shared by every instance (`<prefix>:recent:<name>`, one bounded sorted set). Each
 * instance also remembers in its own memory, and answers from it while Redis is away: a key is
 * recent when Redis or this instance's memory says so (both only ever grant leniency: a room
 * rejoining its own code, an audit line not repeated).
 */
export function sharedRecentKeys(ttlSeconds: number, maxKeys: number, shared: Shared): RecentKeys {
	const memory = recentKeys(ttlSeconds, maxKeys);
	const { redis, prefix } = shared.store;
	const set = `${prefix}:recent:${shared.name}`;
	const ready = () => redis.status === 'ready';
	return {
		async remember(key) {
			await memory.remember(key);
			if (!ready()) return;
			await redis
				.eval(REMEMBER_SCRIPT, 1, set, key, String(ttlSeconds * 1000), String(maxKeys))
				.catch(() => {});
		},
		async has(key) {
			if (await memory.has(key)) return true;
			if (!ready()) return false;
			try {
				return (await redis.eval(RECALL_SCRIPT, 1, set, key)) === 1;
			} catch {
				return false;
			}
		}
	};
}
