import { describe, expect, it } from 'vitest';
import { reconnectDelay } from './backoff';

describe('reconnectDelay', () => {
	it('grows exponentially to a cap, between half and the whole step', () => {
		expect(reconnectDelay(0, () => 0)).toBe(250);
		expect(reconnectDelay(0, () => 1)).toBe(500);
		expect(reconnectDelay(3, () => 0)).toBe(2000);
		expect(reconnectDelay(3, () => 1)).toBe(4000);
		expect(reconnectDelay(50, () => 1)).toBe(30_000);
		expect(reconnectDelay(50, () => 0)).toBe(15_000);
	});

	it('spreads a crowd out', () => {
		const delays = new Set(Array.from({ length: 100 }, () => reconnectDelay(4)));
		expect(delays.size).toBeGreaterThan(50);
	});
});
