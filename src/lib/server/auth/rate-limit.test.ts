import { describe, expect, it } from 'vitest';
import { eventCounter, failureCounter } from './rate-limit';

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
