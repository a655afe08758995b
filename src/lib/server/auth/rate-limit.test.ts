import { describe, expect, it } from 'vitest';
import { eventCounter, failureCounter, recentKeys } from './rate-limit';

describe('failureCounter', () => {
	it('lets a key through until its failures are used up, then asks it to wait', async () => {
		const counter = failureCounter(3, 60);
		expect(await counter.retryAfter('a')).toBe(0);
		expect(await counter.fail('a')).toBe(false);
		expect(await counter.fail('a')).toBe(false);
		expect(await counter.retryAfter('a')).toBe(0);
		expect(await counter.fail('a')).toBe(true);
		const wait = await counter.retryAfter('a');
		expect(wait).toBeGreaterThan(0);
		expect(wait).toBeLessThanOrEqual(60);
	});

	it('keeps keys apart and forgets a key on reset', async () => {
		const counter = failureCounter(1, 60);
		await counter.fail('a');
		expect(await counter.retryAfter('a')).toBeGreaterThan(0);
		expect(await counter.retryAfter('b')).toBe(0);
		await counter.reset('a');
		expect(await counter.retryAfter('a')).toBe(0);
	});
});

describe('eventCounter', () => {
	it('accepts events up to the ceiling and refuses the next one', async () => {
		const counter = eventCounter(2, 60);
		expect(await counter.take('w')).toBe(0);
		expect(await counter.take('w')).toBe(0);
		expect(await counter.take('w')).toBeGreaterThan(0);
		expect(await counter.take('other')).toBe(0);
	});
});

describe('recentKeys', () => {
	it('remembers a key until its time is up, and remembering it again starts its time afresh', async () => {
		let clock = 0;
		const memory = recentKeys(900, 100, () => clock);
		expect(await memory.has('10.0.0.9 CASA42')).toBe(false);
		await memory.remember('10.0.0.9 CASA42');
		clock = 899_999;
		expect(await memory.has('10.0.0.9 CASA42')).toBe(true);
		expect(await memory.has('10.0.0.9 VERDE7')).toBe(false);
		clock = 900_000;
		expect(await memory.has('10.0.0.9 CASA42')).toBe(false);

		await memory.remember('10.0.0.9 CASA42');
		clock = 1_500_000;
		await memory.remember('10.0.0.9 CASA42');
		clock = 1_500_000 + 899_999;
		expect(await memory.has('10.0.0.9 CASA42')).toBe(true);
		clock = 1_500_000 + 900_000;
		expect(await memory.has('10.0.0.9 CASA42')).toBe(false);
	});

	it('keeps at most its maximum, forgetting the least recently remembered first', async () => {
		const memory = recentKeys(900, 2, () => 0);
		await memory.remember('a');
		await memory.remember('b');
		await memory.remember('a');
		await memory.remember('c');
		expect(await memory.has('a')).toBe(true);
		expect(await memory.has('b')).toBe(false);
		expect(await memory.has('c')).toBe(true);
	});
});
