// The rate limits' shared store (src/lib/server/auth/rate-limit.ts) on the machine's Redis: two
// stores stand for two instances. The servers' side is in scale-out-limits.test.ts.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
	eventCounter,
	failureCounter,
	sharedRecentKeys,
	sharedStore
} from '../../src/lib/server/auth/rate-limit';
import type { SharedStore } from '../../src/lib/server/auth/rate-limit';
import { REDIS_URL, freePort, redisAnswers } from '../helpers/redis';

const missing = (await redisAnswers(REDIS_URL)) ? null : `no Redis answers at ${REDIS_URL}`;
if (missing) console.warn(`[rate-limit-redis] skipped: ${missing}`);

describe.skipIf(missing !== null)('rate limits shared through Redis', () => {
	const stores: SharedStore[] = [];
	/** Two instances' stores under one prefix of their own. */
	const twoInstances = async (url = REDIS_URL) => {
		const prefix = `piazza-test-${randomBytes(6).toString('hex')}`;
		const pair = [sharedStore(url, prefix), sharedStore(url, prefix)] as const;
		stores.push(...pair);
		if (url === REDIS_URL) {
			await expect.poll(() => pair.every((s) => s.redis.status === 'ready')).toBe(true);
		}
		return pair;
	};
	afterEach(async () => {
		for (const store of stores.splice(0)) {
			const keys = await store.redis.keys(`${store.prefix}:*`).catch(() => []);
			if (keys.length > 0) await store.redis.del(...keys).catch(() => {});
			await store.close();
		}
	});

	it('spends a failure allowance once over two instances, and forgets it on both at a reset', async () => {
		const [a, b] = await twoInstances();
		const onA = failureCounter(3, 60, { store: a, name: 'sign-in' });
		const onB = failureCounter(3, 60, { store: b, name: 'sign-in' });
		expect(await onA.fail('ada')).toBe(false);
		expect(await onB.fail('ada')).toBe(false);
		expect(await onA.retryAfter('ada')).toBe(0);
		// The third failure, on either instance, is the one that uses the allowance up.
		expect(await onB.fail('ada')).toBe(true);
		expect(await onA.retryAfter('ada')).toBeGreaterThan(0);
		expect(await onB.retryAfter('ada')).toBeGreaterThan(0);
		expect(await onA.retryAfter('bruno')).toBe(0);
		await onB.reset('ada');
		expect(await onA.retryAfter('ada')).toBe(0);
	});

	it('keeps counters of different names apart', async () => {
		const [a, b] = await twoInstances();
		const votes = eventCounter(1, 60, { store: a, name: 'votes' });
		const exports = eventCounter(1, 60, { store: b, name: 'exports' });
		expect(await votes.take('k')).toBe(0);
		expect(await exports.take('k')).toBe(0);
		expect(await votes.take('k')).toBeGreaterThan(0);
	});

	it('shares recent keys between instances, bounded to the most recent `maxKeys`', async () => {
		const [a, b] = await twoInstances();
		const onA = sharedRecentKeys(900, 3, { store: a, name: 'joined' });
		const onB = sharedRecentKeys(900, 3, { store: b, name: 'joined' });
		// A third instance that remembers nothing itself: it knows only what Redis holds.
		const asked = sharedRecentKeys(900, 3, { store: b, name: 'joined' });
		await onA.remember('code-1');
		expect(await onB.has('code-1')).toBe(true);
		expect(await onB.has('code-2')).toBe(false);
		for (const key of ['code-2', 'code-3', 'code-4']) await onB.remember(key);
		// Four remembered, three kept: the earliest went.
		expect(await b.redis.zcard(`${b.prefix}:recent:joined`)).toBe(3);
		expect(await asked.has('code-1')).toBe(false);
		expect(await asked.has('code-4')).toBe(true);
		// A key remembered again moves to the back of the queue.
		await onA.remember('code-2');
		await onA.remember('code-5');
		expect(await asked.has('code-2')).toBe(true);
		expect(await asked.has('code-3')).toBe(false);
		// Redis expires the whole set once its last key is due.
		const ttl = await b.redis.pttl(`${b.prefix}:recent:joined`);
		expect(ttl).toBeGreaterThan(0);
		expect(ttl).toBeLessThanOrEqual(900_000);
	});

	it('forgets a recent key once its time has passed, by Redis’s clock', async () => {
		const [a, b] = await twoInstances();
		const onA = sharedRecentKeys(1, 10, { store: a, name: 'audited' });
		const onB = sharedRecentKeys(1, 10, { store: b, name: 'audited' });
		await onA.remember('ada@example.org 10.0.0.1');
		expect(await onB.has('ada@example.org 10.0.0.1')).toBe(true);
		await expect
			.poll(() => onB.has('ada@example.org 10.0.0.1'), { timeout: 5_000, interval: 200 })
			.toBe(false);
	});

	it('limits each instance on its own, in memory, when Redis cannot be reached', async () => {
		const nobody = `redis://127.0.0.1:${await freePort()}`;
		const [a, b] = await twoInstances(nobody);
		const onA = failureCounter(2, 60, { store: a, name: 'sign-in' });
		const onB = failureCounter(2, 60, { store: b, name: 'sign-in' });
		expect(await onA.fail('ada')).toBe(false);
		expect(await onA.fail('ada')).toBe(true);
		expect(await onA.retryAfter('ada')).toBeGreaterThan(0);
		// The other instance never heard of those failures: its own allowance is whole.
		expect(await onB.retryAfter('ada')).toBe(0);
		const taps = eventCounter(1, 60, { store: a, name: 'votes' });
		expect(await taps.take('s')).toBe(0);
		expect(await taps.take('s')).toBeGreaterThan(0);
		const recent = sharedRecentKeys(900, 10, { store: a, name: 'joined' });
		await recent.remember('code-1');
		expect(await recent.has('code-1')).toBe(true);
		expect(await recent.has('code-2')).toBe(false);
	});
});
